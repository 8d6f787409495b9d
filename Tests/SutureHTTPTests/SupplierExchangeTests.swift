import Foundation
import SutureConfig
import SutureEngine
import SutureModel
import SutureStore
import SutureDelivery
import SutureSupplierSimulator
import SutureX12
import Testing
import SutureDevTools
import SutureProcurement

/// The `supplier-x12` file exchange against the supplier simulator, over a real folder:
/// 850s out, answers in, acknowledgments both ways, archive and error, process-once.
@Suite struct SupplierExchangeTests {
    /// A hub whose supplier `acme` (supplier ACME, interchange id ACMEMEDICAL) trades through a
    /// fresh exchange folder; `adjust` changes the rest of the configuration.
    static func withExchange(adjust: @escaping (inout SutureConfiguration) -> Void = { _ in },
                             _ body: (PipelineHarness, URL) async throws -> Void) async throws {
        let exchange = FileManager.default.temporaryDirectory.appendingPathComponent("suture-exchange-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: exchange) }
        try await PipelineHarness.with(adjust: { configuration in
            configuration.systems.append(SystemSettings(
                name: "acme",
                connection: .supplierX12(SupplierX12Settings(interchangeID: "ACMEMEDICAL", exchange: exchange.path, senderID: "SUTUREHUB",
                                                             pollInterval: .milliseconds(50))),
                delivery: PipelineHarness.fastDelivery(maxAttempts: 5)))
            adjust(&configuration)
        }) { harness in
            _ = try await harness.hub.store.putSupplier(Supplier(id: "ACME", name: "Acme Medical", interchangeID: "ACMEMEDICAL"))
            try await body(harness, exchange)
        }
    }

    static func files(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    static let order = #"{"number":"PO-9001","supplier":"ACME","shipTo":"MAIN-OR-STORE","orderedAt":"2026-05-18T10:00:00Z","lines":[{"line":1,"item":"GLOVE-M","quantity":"10","unit":"BX","unitPrice":"45.50"},{"line":2,"item":"GLOVE-M","quantity":"2","unit":"CS","unitPrice":"455"}]}"#

    @Test func anOrderGoesOutAsAn850AndTheSuppliersAnswersMoveItsLinesOnce() async throws {
        try await Self.withExchange { harness, exchange in
            let out = exchange.appendingPathComponent("out")
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: Self.order).status == 201)

            // The 850 lands in out/, complete, with our ids and the order's lines.
            #expect(await eventually { Self.files(out).contains { $0.hasPrefix("850-PO-9001-") } })
            let name = try #require(Self.files(out).first { $0.hasPrefix("850-PO-9001-") })
            let written = X12Parser.parse([UInt8](try Data(contentsOf: out.appendingPathComponent(name))))
            #expect(written.errors.isEmpty)
            #expect(written.interchange?.sender.trimmingCharacters(in: .whitespaces) == "SUTUREHUB")
            #expect(written.interchange?.receiver.trimmingCharacters(in: .whitespaces) == "ACMEMEDICAL")
            let purchaseOrder = try #require(written.documents.first)
            #expect(purchaseOrder.set == "850")
            #expect(purchaseOrder.number == "PO-9001")
            #expect(purchaseOrder.lines.map(\.buyerPart) == ["GLOVE-M", "GLOVE-M"])
            #expect(purchaseOrder.lines.map(\.unit) == ["BX", "CA"], "a case is CA in X12")

            // The supplier acknowledges, backorders line 2, ships and invoices.
            let simulator = SupplierSimulator(configuration: SupplierSimulatorConfiguration(
                exchange: exchange, scenario: .backorderLine, affectedLine: 2, supplierID: "ACMEMEDICAL", receiverID: "SUTUREHUB"))
            let answers = try simulator.processPendingOrders()
            #expect(answers.count == 1)
            let inbox = exchange.appendingPathComponent("in")
            #expect(await eventually { Self.files(inbox).isEmpty && Self.files(exchange.appendingPathComponent("archive")).count >= 4 })

            // Each answer was acknowledged in out/ with a 997 (004010).
            #expect(Self.files(out).filter { $0.hasPrefix("997-") }.count >= 3)
            let order = try await harness.hub.request("GET", "/v1/purchase-orders/PO-9001", token: harness.token).json()
            let lines = try #require(order["lines"] as? [[String: Any]])
            #expect(lines[0]["acknowledged"] as? String == "10")
            #expect(lines[0]["shipped"] as? String == "10")
            #expect(lines[1]["backordered"] as? String != "0")
            #expect((order["appliedDocuments"] as? [String])?.contains { $0.hasPrefix("997:") && $0.hasSuffix(":accepted") } == true,
                    "the supplier's 997 marked our 850 accepted")
            #expect(try await harness.hub.store.exceptions(ExceptionFilter(type: .backorder), limit: 5, before: nil).count == 1)
            // The 810 came before any goods: it is held as a quantity mismatch, nothing posted to AP.
            let invoices = try await harness.hub.store.documents(.invoice, reference: "PO-9001")
            #expect(invoices.count == 1)
            #expect(invoices.first?.status == "exception")

            // The same file again (a crash between applying and moving it) is only moved.
            let archived = try #require(Self.files(exchange.appendingPathComponent("archive")).first { !$0.hasPrefix("997") })
            try FileManager.default.copyItem(at: exchange.appendingPathComponent("archive/\(archived)"), to: inbox.appendingPathComponent("again.x12"))
            let acknowledgmentsBefore = Self.files(out).filter { $0.hasPrefix("997-") }.count
            #expect(await eventually { Self.files(inbox).isEmpty })
            #expect(Self.files(out).filter { $0.hasPrefix("997-") }.count == acknowledgmentsBefore, "not acknowledged twice")
            #expect(try await harness.hub.store.exceptions(ExceptionFilter(type: .backorder), limit: 5, before: nil).count == 1)

            // A file that is no interchange goes to error/ with an invalid-document exception.
            try Data("this is not X12".utf8).write(to: inbox.appendingPathComponent("garbage.x12"))
            #expect(await eventually { Self.files(exchange.appendingPathComponent("error")) == ["garbage.x12"] })
            let invalid = try await harness.hub.store.exceptions(ExceptionFilter(type: .invalidDocument), limit: 5, before: nil)
            #expect(invalid.contains { $0.summary.contains("garbage.x12") })
        }
    }

    @Test func aBrokenInterchangeIsRejectedWithAnAcknowledgmentAndGoesToError() async throws {
        try await Self.withExchange { harness, exchange in
            // An 855 whose SE count is wrong: the 997 rejects the set.
            let acknowledgment = X12Document(set: "855", control: "0001", number: "SO-1", purchaseOrder: "PO-9001", date: "20260518",
                                             purpose: "00", typeCode: "AC",
                                             lines: [X12LineItem(line: "1", quantity: "10", unit: "BX", buyerPart: "GLOVE-M", status: "IA")])
            var text = try X12Writer(version: .v004010).write([acknowledgment], parties: X12EnvelopeParties(sender: "ACMEMEDICAL", receiver: "SUTUREHUB"),
                                                             control: X12ControlNumbers(interchange: 5, group: 5, firstSet: 1),
                                                             timestamp: X12Timestamp(date: "20260518", time: "1015"))
            let seRange = try #require(text.range(of: #"SE\*\d+\*"#, options: .regularExpression))
            text.replaceSubrange(seRange, with: "SE*99*")
            let inbox = exchange.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: inbox.appendingPathComponent("bad-855.x12"))
            #expect(await eventually { Self.files(exchange.appendingPathComponent("error")) == ["bad-855.x12"] })
            let acks = Self.files(exchange.appendingPathComponent("out")).filter { $0.hasPrefix("997-") }
            #expect(acks.count == 1)
            let ack = X12Parser.parse([UInt8](try Data(contentsOf: exchange.appendingPathComponent("out/\(acks[0])"))))
            #expect(ack.documents.first?.acknowledgment?.groupStatus == "R")
            #expect(ack.interchange?.receiver.trimmingCharacters(in: .whitespaces) == "ACMEMEDICAL", "addressed back to the sender")
            #expect(try await harness.hub.store.exceptions(ExceptionFilter(type: .invalidDocument), limit: 5, before: nil).count == 1)
        }
    }

    @Test func twoNodesPollingOneFolderReadEachFileOnce() async throws {
        let exchange = FileManager.default.temporaryDirectory.appendingPathComponent("suture-exchange-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: exchange) }
        var configuration = SutureConfiguration()
        configuration.systems = [SystemSettings(name: "acme", connection: .supplierX12(SupplierX12Settings(
            interchangeID: "ACMEMEDICAL", exchange: exchange.path, pollInterval: .milliseconds(5))))]
        try await TestHub.with(configuration: configuration) { first in
            try await TestHub.with(configuration: configuration) { second in
                let inbox = exchange.appendingPathComponent("in")
                try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
                let names = (1...20).map { "846-\($0).x12" }
                for (index, name) in names.enumerated() {
                    let text = X12SampleInterchanges.inventoryAdvice(version: .v004010).replacingOccurrences(of: "INV-ADV-1", with: "INV-ADV-\(index)")
                    // Written aside and renamed in, as a partner's agent does.
                    try Data(text.utf8).write(to: inbox.appendingPathComponent(".\(name).part"))
                    try FileManager.default.moveItem(at: inbox.appendingPathComponent(".\(name).part"), to: inbox.appendingPathComponent(name))
                }
                #expect(await eventually { Self.files(exchange.appendingPathComponent("archive")).count == 20 })
                #expect(Self.files(inbox).isEmpty)
                #expect(Self.files(exchange.appendingPathComponent("out")).filter { $0.hasPrefix("997-") }.count == 20, "one acknowledgment per file")
                var byFirst = 0
                for name in names {
                    let records = try await first.store.documents(.exchangeFile, reference: name).count
                        + second.store.documents(.exchangeFile, reference: name).count
                    #expect(records == 1, "\(name) was processed \(records) times")
                    byFirst += try await first.store.documents(.exchangeFile, reference: name).count
                }
                print("exchange: the first node read \(byFirst) of 20 files, the second \(20 - byFirst)")
            }
        }
    }
}
