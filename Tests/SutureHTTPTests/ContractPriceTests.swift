import Foundation
import SutureConfig
import SutureERPSimulator
import SutureProcurement
import SutureModel
import SutureStore
import SutureSupplierSimulator
import Testing

/// Contract prices (docs/master-data.md, "Contract prices"): set through the API or by the
/// supplier's 832, in force by day, and checked on purchase-order and invoice lines.
@Suite struct ContractPriceTests {
    static func price(_ response: TestResponse) throws -> Decimal? {
        (try JSONValue.parse(response.text))["price"]?.stringValue.flatMap(ExactDecimal.parse)
    }

    @Test func aPriceSetThroughTheAPIIsInForceByDayAuditedAndChecked() async throws {
        try await PipelineHarness.with { harness in
            let hub = harness.hub
            _ = try await hub.store.putSupplier(Supplier(id: "ACME", name: "Acme Medical"))
            let path = "/v1/suppliers/ACME/prices/GLOVE-M"
            let first = #"{"unit":"BX","price":"45.50","currency":"USD","validFrom":"2026-01-01","validTo":"2026-06-30"}"#
            let created = try await hub.request("PUT", path, token: harness.token, json: first)
            #expect(created.status == 201, "\(created.text)")
            #expect(try await hub.request("PUT", path, token: harness.token, json: first).status == 200)
            let second = #"{"unit":"CS","price":"470","currency":"USD","validFrom":"2026-07-01"}"#
            #expect(try await hub.request("PUT", path, token: harness.token, json: second).status == 200)

            // Each day has the price of its period; a day before both has none.
            #expect(try Self.price(try await hub.request("GET", "\(path)?on=2026-03-01", token: harness.token)) == Decimal(string: "45.50"))
            let july = try JSONValue.parse(try await hub.request("GET", "\(path)?on=2026-08-01", token: harness.token).text)
            #expect(july["unit"] == .string("CS"))
            #expect(july["validTo"] == .null)
            #expect(july["source"] == .string("api"))
            #expect(try await hub.request("GET", "\(path)?on=2025-12-31", token: harness.token).status == 404)
            let all = try JSONValue.parse(try await hub.request("GET", "/v1/suppliers/ACME/prices", token: harness.token).text)
            #expect(all["prices"]?.arrayValue?.map { $0["validFrom"]?.stringValue ?? "" } == ["2026-01-01", "2026-07-01"])
            let inForce = try JSONValue.parse(try await hub.request("GET", "/v1/suppliers/ACME/prices?on=2026-03-01", token: harness.token).text)
            #expect(inForce["prices"]?.arrayValue?.count == 1)

            // Two changes, two audit entries; the identical PUT none.
            let entries = try await GovernanceTests.audit(harness, "action=price.put")
            #expect(entries.count == 2)
            #expect(entries.first?["target"] == .string("supplier:ACME/prices/GLOVE-M"))

            // Refusals name what to fix.
            let wrongUnit = try await hub.request("PUT", path, token: harness.token, json: #"{"unit":"PL","price":"1","validFrom":"2026-01-01"}"#)
            #expect(wrongUnit.status == 422)
            #expect(wrongUnit.text.contains("comes in"), "\(wrongUnit.text)")
            let backwards = try await hub.request("PUT", path, token: harness.token,
                                                  json: #"{"unit":"BX","price":"1","validFrom":"2026-05-01","validTo":"2026-04-30"}"#)
            #expect(backwards.status == 422)
            #expect(backwards.text.contains("validTo"))
            let negative = try await hub.request("PUT", path, token: harness.token, json: #"{"unit":"BX","price":"-1","validFrom":"2026-01-01"}"#)
            #expect(negative.status == 400)
            let badDay = try await hub.request("PUT", path, token: harness.token, json: #"{"unit":"BX","price":"1","validFrom":"2026-02-30"}"#)
            #expect(badDay.status == 400)
            #expect(badDay.text.contains("validFrom"))
            #expect(try await hub.request("PUT", "/v1/suppliers/NOBODY/prices/GLOVE-M", token: harness.token, json: first).status == 404)
            #expect(try await hub.request("PUT", "/v1/suppliers/ACME/prices/NO-ITEM", token: harness.token, json: first).status == 404)
            #expect(try await hub.request("GET", "\(path)?on=tomorrow", token: harness.token).status == 400)
            let stored = try JSONValue.parse(try await hub.request("GET", "/v1/suppliers/ACME/prices", token: harness.token).text)
            #expect(stored["prices"]?.arrayValue?.count == 2, "refused writes stored nothing")

            // The ERP's item master shows a price: compared, in the ERP's unit (boxes), with the
            // contract price in force today; the same price written otherwise is no difference.
            let today = ContractPrice.day(of: Date())
            let current = #"{"unit":"CS","price":"455","validFrom":"\#(today)"}"#
            #expect(try await hub.request("PUT", path, token: harness.token, json: current).status == 200)
            let snapshot = { (price: String) in #"[{"code":"ERP-100234","price":"\#(price)"}]"# }
            let drifted = try JSONValue.parse(try await hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token,
                                                                    json: snapshot("47.00")).text)
            let difference = try #require(drifted["differences"]?.arrayValue?.first)
            #expect(drifted["differences"]?.arrayValue?.count == 1)
            #expect(difference["field"] == .string("price"))
            #expect(difference["system"] == .string("47.00"))
            #expect(difference["canonical"] == .string("45.50"), "455 a case of 10 boxes is 45.50 a box")
            let agreeing = try JSONValue.parse(try await hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token,
                                                                     json: snapshot("45.5")).text)
            #expect(agreeing["differences"]?.arrayValue?.isEmpty == true, "\(agreeing)")
        }
    }

    @Test func anX832FromTheSupplierSetsContractPricesAndOrdersAndInvoicesOverThemOpenPriceVariancesNamingIt() async throws {
        try await SupplierExchangeTests.withExchange(adjust: { configuration in
            configuration.matching.pricePercent = 2
            configuration.matching.priceAbsolute = Decimal(string: "0.50")!
        }) { harness, exchange in
            let hub = harness.hub
            let simulator = SupplierSimulator(configuration: SupplierSimulatorConfiguration(
                exchange: exchange, supplierID: "ACMEMEDICAL", receiverID: "SUTUREHUB"))

            // The supplier's catalog: gloves at 45.50 a box from 2026-01-01, and a part Suture does not know.
            _ = try simulator.sendPriceCatalog([
                SupplierCatalogEntry(vendorPart: "ABC-123", buyerPart: "GLOVE-M", unit: "BX", price: "45.50"),
                SupplierCatalogEntry(vendorPart: "NOPE-1", unit: "BX", price: "1.00"),
            ], number: "CAT-2026", effective: "20260101")
            let path = "/v1/suppliers/ACME/prices/GLOVE-M?on=2026-05-10"
            #expect(await eventually { (try? await hub.request("GET", path, token: harness.token).status) == 200 })
            let price = try JSONValue.parse(try await hub.request("GET", path, token: harness.token).text)
            #expect(price["price"]?.stringValue.flatMap(ExactDecimal.parse) == Decimal(string: "45.50"))
            #expect(price["source"] == .string("832 CAT-2026"))
            #expect(price["validFrom"] == .string("2026-01-01"))
            let refused = try await hub.store.exceptions(ExceptionFilter(type: .invalidDocument), limit: 5, before: nil)
            #expect(refused.count == 1)
            #expect(refused.first?.summary.contains("NOPE-1") == true, "\(refused.map(\.summary))")
            #expect(try await GovernanceTests.audit(harness, "action=price.catalog").first?["actor"] == .string("system:acme"))

            // A line without a price takes the contract's; one 3 % over it opens a price variance naming it.
            let unpriced = #"{"number":"PO-8001","supplier":"ACME","shipTo":"MAIN-OR-STORE","orderedAt":"2026-05-10T09:00:00Z","lines":[{"line":1,"item":"GLOVE-M","quantity":"10","unit":"BX"}]}"#
            #expect(try await hub.request("POST", "/v1/purchase-orders", token: harness.token, json: unpriced).status == 201)
            let filled = try JSONValue.parse(try await hub.request("GET", "/v1/purchase-orders/PO-8001", token: harness.token).text)
            #expect(filled["lines"]?.arrayValue?.first?["unitPrice"]?.stringValue.flatMap(ExactDecimal.parse) == Decimal(string: "45.50"))
            #expect(try await hub.request("POST", "/v1/purchase-orders", token: harness.token, json: unpriced).status == 200, "the same request again")
            let over = unpriced.replacingOccurrences(of: "PO-8001", with: "PO-8002").replacingOccurrences(of: #""unit":"BX"}"#, with: #""unit":"BX","unitPrice":"46.87"}"#)
            #expect(try await hub.request("POST", "/v1/purchase-orders", token: harness.token, json: over).status == 201)
            let orderVariance = try await hub.store.exceptions(ExceptionFilter(type: .priceVariance), limit: 5, before: nil)
            #expect(orderVariance.count == 1)
            #expect(orderVariance.first?.document == "purchase-order:PO-8002")
            #expect(orderVariance.first?.summary.contains("contract price 45.50 USD per BX of supplier ACME") == true, "\(orderVariance.map(\.summary))")
            #expect(orderVariance.first?.summary.contains("832 CAT-2026") == true)

            // Goods arrive (a case of 10 boxes) and the invoice charges the order's own price: it
            // matches the order, but is 3 % over the contract.
            let receipt = try #require(try await harness.post(OrderFlowTests.scan(order: "PO-8002"), key: "recv-8002").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(receipt)) == 1 })
            let invoice = try await hub.request("POST", "/v1/invoices", token: harness.token,
                                                json: OrderFlowTests.invoice(number: "INV-8002", price: "46.87", order: "PO-8002"))
            #expect(invoice.status == 202, "\(invoice.text)")
            let body = try JSONValue.parse(invoice.text)
            #expect(body["status"] == .string("exception"))
            let discrepancy = try #require(body["lines"]?.arrayValue?.first?["match"]?["discrepancies"]?.arrayValue?.first)
            #expect(discrepancy["kind"] == .string("contract-price"))
            #expect(discrepancy["contract"]?["source"] == .string("832 CAT-2026"))
            #expect(body["lines"]?.arrayValue?.first?["match"]?["discrepancies"]?.arrayValue?.count == 1, "the order's own price matched")
            let invoiceVariance = try #require(try await hub.store.exceptions(ExceptionFilter(type: .priceVariance), limit: 5, before: nil)
                .first { $0.document == "invoice:INV-8002" })
            #expect(invoiceVariance.summary.contains("contract price 45.50 USD per BX"), "\(invoiceVariance.summary)")
            // Nothing was queued for AP: once the outbox is empty, the ledger holds no posting.
            #expect(await harness.settled())
            #expect(await harness.erp.ledger.count(of: .apInvoice("INV-8002")) == 0, "nothing posted to AP")

            // The same catalog again changes nothing: no second catalog audit entry. A file moves
            // to archive/ after the transaction that records its outcome.
            let archive = exchange.appendingPathComponent("archive")
            let archived = { ((try? FileManager.default.contentsOfDirectory(atPath: archive.path)) ?? []).filter { !$0.hasPrefix(".") }.count }
            let archivedBefore = archived()
            _ = try simulator.sendPriceCatalog([SupplierCatalogEntry(vendorPart: "ABC-123", buyerPart: "GLOVE-M", unit: "BX", price: "45.50")],
                                               number: "CAT-2026", effective: "20260101")
            #expect(await eventually { archived() == archivedBefore + 1 })
            #expect(try await GovernanceTests.audit(harness, "action=price.catalog").count == 1)
        }
    }
}
