import Foundation
import SutureConfig
import SutureDelivery
import SutureEngine
import SutureModel
import SutureStore
import SutureTestSupport
import SutureX12
import Testing

/// A receipt against a supplier's order tells that supplier (docs/stock.md, "The supplier
/// hears about receipts"): an X12 861 through its exchange folder and a signed webhook to its
/// portal, once per receipt.
@Suite struct ReceivingAdviceTests {
    @Test func aShortReceiptSendsTheSupplierOne861AndItsPortalOneSignedAdvice() async throws {
        try await WebhookSink.with { portal in
        try await SupplierExchangeTests.withExchange(adjust: { configuration in
            configuration.systems.append(SystemSettings(
                name: "acme-portal", connection: .webhook(WebhookSettings(url: portal.url, secret: "whsec_c2VjcmV0LWtleQ==", supplier: "ACME")),
                delivery: PipelineHarness.fastDelivery(maxAttempts: 5)))
        }) { harness, exchange in
            let order = #"{"number":"PO-861","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"12","unit":"BX","unitPrice":"45.50"}]}"#
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: order).status == 201)
            let receipt = #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"7788","quantity":"10","unit":"BX","lot":"LOT4711","expiry":"2030-01-31","purchaseOrder":"PO-861","poLine":1}"#
            _ = try await StockLedgerTests.apply(receipt, key: "rcv-861", harness)

            // One 861 in the exchange's out/: 10 BX received on line 1, 2 BX short (condition 02).
            let out = exchange.appendingPathComponent("out")
            func advices() -> [String] { SupplierExchangeTests.files(out).filter { $0.hasPrefix("861-PO-861-") } }
            #expect(await eventually { advices().count == 1 })
            let file = out.appendingPathComponent(try #require(advices().first))
            let parsed = X12Parser.parse([UInt8](try Data(contentsOf: file)))
            #expect(parsed.errors.isEmpty, "\(parsed.errors)")
            let advice = try #require(parsed.documents.first)
            #expect(advice.type == .receivingAdvice)
            #expect(advice.purchaseOrder == "PO-861")
            let line = try #require(advice.lines.first)
            #expect(line.line == "1")
            #expect(line.quantity == "10")
            #expect(line.unit == "BX")
            #expect(line.quantities == [X12QuantityReport(qualifier: "02", quantity: "2", unit: "BX")])
            #expect(line.productIDs.contains(X12ProductID("IN", "GLOVE-M")))
            #expect(line.productIDs.contains(X12ProductID("LT", "LOT4711")))
            // pyx12 reads it (PyPI's independent X12 reader).
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("scripts/check-x12-with-pyx12.py").path
            let checked = try await ChildProcess.python([script, file.path])
            #expect(checked.status == 0, "pyx12: \(checked.stdout)\(checked.stderr)")

            // The portal heard it once, signed, as receipt.advice.
            #expect(await eventually { portal.received().count == 1 })
            let posted = try JSONValue.parse(try #require(portal.received().first).body)
            #expect(posted["type"]?.stringValue == "receipt.advice")
            #expect(posted["data"]?["short"]?.stringValue == "2")
            #expect(posted["data"]?["received"]?.stringValue == "10")
            #expect(portal.received().first?.headers.keys.contains { $0.lowercased() == "webhook-signature" } == true)

            // The same receipt again (same key) is the same event: no second advice, once all is delivered.
            #expect(try await harness.post(receipt, key: "rcv-861").status == 200)
            #expect(await eventually {
                let deliveries = (try? await harness.hub.store.deliveries(source: .purchaseOrder("PO-861"))) ?? []
                return !deliveries.isEmpty && deliveries.allSatisfy { $0.status == .delivered }
            })
            #expect(advices().count == 1)
            #expect(portal.received().count == 1)
        }
        }
    }
}
