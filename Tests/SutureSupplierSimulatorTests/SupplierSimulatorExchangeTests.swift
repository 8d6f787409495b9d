import Foundation
import Testing
import SutureX12
@testable import SutureSupplierSimulator

/// The simulator over a real exchange folder: what appears in `in/`, what moves out of `out/`, and restarts.
struct SupplierSimulatorExchangeTests {
    func simulator(_ exchange: URL, _ kind: SupplierScenarioKind = .acceptAll) -> SupplierSimulator {
        SupplierSimulator(configuration: SupplierSimulatorConfiguration(
            exchange: exchange, scenario: kind, affectedLine: 2, seed: 7, now: SupplierOrderFixtures.fixedClock
        ))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var kind: SupplierScenarioKind
        var version: X12Version
        var statuses: [String]
        var shipped: [String]
        var total: String
        var testDescription: String { "\(kind.rawValue) \(version.rawValue)" }
    }

    static let cases: [Case] = [
        Case(kind: .acceptAll, version: .v004010, statuses: ["IA", "IA", "IA"], shipped: ["10", "4", "1"], total: "603.00"),
        Case(kind: .backorderLine, version: .v005010, statuses: ["IA", "IB", "IA"], shipped: ["10", "1"], total: "555.00"),
        Case(kind: .substituteItem, version: .v004010, statuses: ["IA", "IS", "IA"], shipped: ["10", "4", "1"], total: "603.00"),
        Case(kind: .changePrice, version: .v005010, statuses: ["IA", "IP", "IA"], shipped: ["10", "4", "1"], total: "607.80"),
        Case(kind: .shipShort, version: .v004010, statuses: ["IA", "IA", "IA"], shipped: ["10", "2", "1"], total: "579.00"),
    ]

    @Test(arguments: cases)
    func orderIsAcknowledgedThenAnsweredWith855And856And810(_ expected: Case) throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        try SupplierOrderFixtures.place(try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order()], version: expected.version), named: "po-1001.edi", in: exchange)

        let answers = try simulator(exchange, expected.kind).processPendingOrders()

        #expect(answers.map(\.outcome) == [.answered])
        #expect(answers.first?.purchaseOrders == ["PO1001"])
        let files = try SupplierOrderFixtures.answers(in: exchange)
        let ackSet = expected.version == .v004010 ? "997" : "999"
        #expect(files.map { $0.result.documents.first?.set } == [ackSet, "855", "856", "810"])
        #expect(files.allSatisfy { $0.result.valid }, "\(files.flatMap { $0.result.errors })")
        #expect(files.allSatisfy { $0.result.interchange?.sender == "ACMEMEDICAL" && $0.result.interchange?.receiver == "SUTUREHUB" })

        let acknowledgment = try #require(files[0].result.documents.first?.acknowledgment)
        #expect(acknowledgment.groupStatus == "A")
        #expect(acknowledgment.sets.map(\.status) == ["A"])
        #expect(files[1].result.documents[0].lines.map(\.status) == expected.statuses)
        let shipNotice = files[2].result.documents[0]
        #expect(shipNotice.purchaseOrder == "PO1001")
        #expect(shipNotice.lines.compactMap(\.quantity) == expected.shipped)
        #expect(shipNotice.lines.allSatisfy { $0.lot?.hasPrefix("L") == true && $0.expiry != nil })
        #expect(files[3].result.documents[0].total == expected.total)

        let processed = exchange.appendingPathComponent("out/processed/po-1001.edi")
        #expect(FileManager.default.fileExists(atPath: processed.path))
        #expect(try SupplierOrderFixtures.answers(in: exchange).count == 4)
    }

    @Test func restartedSimulatorAnswersNothingTwiceAndKeepsCountingControlNumbers() throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        try SupplierOrderFixtures.place(try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order("PO1")]), named: "po-1.edi", in: exchange)
        _ = try simulator(exchange).processPendingOrders()
        let firstControls = try SupplierOrderFixtures.answers(in: exchange).compactMap { $0.result.interchange?.control }

        // A new process over the same folder: nothing new in out/, so nothing new in in/.
        #expect(try simulator(exchange).processPendingOrders().isEmpty)
        #expect(try SupplierOrderFixtures.answers(in: exchange).count == 4)

        try SupplierOrderFixtures.place(try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order("PO2")], control: 2), named: "po-2.edi", in: exchange)
        let answers = try simulator(exchange).processPendingOrders()
        #expect(answers.map(\.source) == ["po-2.edi"])
        let allControls = try SupplierOrderFixtures.answers(in: exchange).compactMap { $0.result.interchange?.control }
        #expect(firstControls == ["000000001", "000000002", "000000003", "000000004"])
        #expect(allControls == (1...8).map { String(format: "%09d", $0) })
    }

    @Test func anInterchangeReceivedBeforeIsSetAsideUnansweredAsAPartnersDuplicateCheckDoes() throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        let order = try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order("PO1")])
        try SupplierOrderFixtures.place(order, named: "po-1.edi", in: exchange)
        #expect(try simulator(exchange).processPendingOrders().map(\.outcome) == [.answered])
        // The same interchange again (a resend after a crash), under the same name and another:
        // no second answer, each set aside in out/duplicate/.
        try SupplierOrderFixtures.place(order, named: "po-1.edi", in: exchange)
        try SupplierOrderFixtures.place(order, named: "po-1-again.edi", in: exchange)
        #expect(try simulator(exchange).processPendingOrders().map(\.outcome) == [.duplicate, .duplicate])
        #expect(try SupplierOrderFixtures.answers(in: exchange).count == 4)
        let setAside = try FileManager.default.contentsOfDirectory(atPath: exchange.appendingPathComponent("out/duplicate").path).sorted()
        #expect(setAside == ["po-1-again.edi", "po-1.edi"])
        // Another control number is a new interchange, answered.
        try SupplierOrderFixtures.place(try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order("PO1")], control: 2), named: "po-1.edi", in: exchange)
        #expect(try simulator(exchange).processPendingOrders().map(\.outcome) == [.answered])
    }

    @Test func malformedOrderGetsARejectingAcknowledgmentAndMovesToRejected() throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        let valid = try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order()])
        // SE01 no longer counts the set's segments.
        let broken = valid.replacingOccurrences(of: "SE*", with: "SE*99", options: [], range: nil)
        try SupplierOrderFixtures.place(broken, named: "broken.x12", in: exchange)

        let answers = try simulator(exchange).processPendingOrders()

        #expect(answers.map(\.outcome) == [.rejected])
        #expect(answers.first?.purchaseOrders == [])
        let files = try SupplierOrderFixtures.answers(in: exchange)
        #expect(files.map { $0.result.documents.first?.set } == ["997"])
        let acknowledgment = try #require(files.first?.result.documents.first?.acknowledgment)
        #expect(acknowledgment.sets.map(\.status) == ["R"])
        #expect(FileManager.default.fileExists(atPath: exchange.appendingPathComponent("out/rejected/broken.x12").path))
        #expect(!FileManager.default.fileExists(atPath: exchange.appendingPathComponent("out/broken.x12").path))
    }

    @Test func unreadableFileIsSetAsideWithoutAnswer() throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        try SupplierOrderFixtures.place("this is not X12", named: "junk.edi", in: exchange)
        #expect(try simulator(exchange).processPendingOrders().map(\.outcome) == [.unreadable])
        #expect(try SupplierOrderFixtures.answers(in: exchange).isEmpty)
        #expect(FileManager.default.fileExists(atPath: exchange.appendingPathComponent("out/rejected/junk.edi").path))
    }

    @Test(arguments: [".po-1.edi", "po-1.edi.tmp", "po-1.tmp", "notes.txt"])
    func incompleteOrHiddenFilesAreLeftAlone(_ name: String) throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        try SupplierOrderFixtures.place(try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order()]), named: name, in: exchange)
        #expect(try simulator(exchange).processPendingOrders().isEmpty)
        #expect(FileManager.default.fileExists(atPath: exchange.appendingPathComponent("out/\(name)").path))
    }

    @Test func acknowledgmentsFromTheHubAreConsumedWithoutAnswer() throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        let order = X12Parser.parse(try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order()]))
        let ack = try X12Acknowledger.acknowledge(order, timestamp: X12Timestamp(date: "20260518", time: "1016"))
        try SupplierOrderFixtures.place(ack.text, named: "997-1.x12", in: exchange)
        #expect(try simulator(exchange).processPendingOrders().map(\.outcome) == [.acknowledgmentsOnly])
        #expect(try SupplierOrderFixtures.answers(in: exchange).isEmpty)
    }

    @Test func answersStagedBeforeACrashArePublishedOnceTheirOrderWasArchived() throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        let directory = SupplierExchangeDirectory(root: exchange)
        try directory.prepare()
        // The crash came after the order moved to processed/ and before its answers were renamed into in/.
        try directory.stage("ISA...", named: "000000001-997-po-1.x12", for: "po-1.edi")
        try Data("order".utf8).write(to: directory.processed.appendingPathComponent("po-1.edi"))
        // And before the move for another order: its staging is discarded, the order stays pending.
        try directory.stage("ISA...", named: "000000002-997-po-2.x12", for: "po-2.edi")

        try directory.recover()

        let published = try FileManager.default.contentsOfDirectory(atPath: directory.inbox.path).filter { !$0.hasPrefix(".") }
        #expect(published == ["000000001-997-po-1.x12"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.staging.path).isEmpty)
    }

    @Test func runStopsWhenItsTaskIsCancelled() async throws {
        let exchange = try SupplierOrderFixtures.exchange()
        defer { try? FileManager.default.removeItem(at: exchange) }
        try SupplierOrderFixtures.place(try SupplierOrderFixtures.interchange([SupplierOrderFixtures.order()]), named: "po-1.edi", in: exchange)
        let simulator = simulator(exchange)
        let task = Task { try await simulator.run(pollInterval: .milliseconds(10)) }
        for _ in 0..<200 where try SupplierOrderFixtures.answers(in: exchange).count < 4 {
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        try await task.value
        #expect(try SupplierOrderFixtures.answers(in: exchange).count == 4)
    }
}
