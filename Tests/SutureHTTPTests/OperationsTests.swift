import Foundation
import SutureConfig
import SutureDelivery
import SutureEngine
import SutureERPSimulator
import SutureModel
import SutureStore
import Testing

/// The dashboard's figures, bulk replay and the retry preview, against a real hub and
/// the ERP simulator over loopback.
@Suite struct OperationsTests {
    static func dashboard(_ harness: PipelineHarness) async throws -> JSONValue {
        let response = try await harness.hub.request("GET", "/v1/dashboard", token: harness.token)
        #expect(response.status == 200, "\(response.text)")
        return try JSONValue.parse(response.text)
    }

    static func erp(_ dashboard: JSONValue) -> JSONValue? {
        dashboard["systems"]?.arrayValue?.first { $0["name"]?.stringValue == "erp" }
    }

    @Test func dashboardFiguresAreWhatTheScenarioSetUp() async throws {
        // Given an ERP that answers every call 503 (its circuit opens, receipts wait), a
        // receipt counted as delayed after 300 ms, and unmapped items overdue at once.
        try await PipelineHarness.with(faults: ERPFaults(down: true, downMode: .serviceUnavailable), adjust: { configuration in
            configuration.systems[1].delivery.retry = RetrySettings(maxAttempts: 1000, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100))
            configuration.operations.delayedReceiptAfter = .milliseconds(300)
            configuration.operations.exceptionSLA[.unmappedItem] = .milliseconds(1)
        }) { harness in
            // When 3 receipts wait for the ERP, 2 receipts name an item no crosswalk knows,
            // an order waits for its acknowledgment and 2 invoices arrive before any goods.
            for index in 0..<3 {
                #expect(try await harness.post(PipelineHarness.receipt(), key: "wait-\(index)").status == 202)
            }
            for index in 0..<2 {
                #expect(try await harness.post(PipelineHarness.receipt(item: "9999"), key: "unmapped-\(index)").status == 202)
            }
            try await OrderFlowTests.seedSupplier(harness)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: OrderFlowTests.order).status == 201)
            let awaiting = OrderFlowTests.order.replacingOccurrences(of: "PO-7001", with: "PO-7002")
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: awaiting).status == 201)
            for number in ["INV-1", "INV-2"] {
                let invoice = try await harness.hub.request("POST", "/v1/invoices", token: harness.token,
                                                            json: OrderFlowTests.invoice(number: number, price: "45.50"))
                #expect(invoice.status == 202, "\(invoice.text)")
            }
            // Then the dashboard shows exactly that, once the receipts are older than 300 ms.
            let settled = await eventually {
                guard let dashboard = try? await Self.dashboard(harness) else { return false }
                return Self.erp(dashboard)?["circuit"]?.stringValue == "open" && dashboard["business"]?["delayedReceipts"]?.numberText == "5"
                    && dashboard["business"]?["openExceptions"]?["byType"]?["unmapped-item"]?.numberText == "2"
            }
            #expect(settled)
            let dashboard = try await Self.dashboard(harness)
            let erp = try #require(Self.erp(dashboard))
            #expect(erp["state"]?.stringValue == "down")
            #expect(erp["kind"]?.stringValue == "erp-http")
            // The receipts and the orders' statuses wait for the ERP: the backlog is what the
            // outbox lists (read twice around the figure, as probes of the half-open circuit
            // and the newest order status taking the place of an older one move it).
            func listed() async throws -> Int {
                var count = 0
                for status in ["pending", "in-flight"] {
                    let page = try JSONValue.parse(try await harness.hub.request("GET", "/v1/deliveries?status=\(status)&system=erp&limit=500",
                                                                                  token: harness.token).text)
                    count += page["items"]?.arrayValue?.count ?? 0
                }
                return count
            }
            var backlogAgrees = false
            var seen: [String] = []
            for _ in 0..<50 where !backlogAgrees {
                let before = try await listed()
                let figure = Self.erp(try await Self.dashboard(harness))?["backlog"]?.numberText
                let after = try await listed()
                seen.append("\(before)/\(figure ?? "-")/\(after)")
                backlogAgrees = before == after && figure == String(before) && before >= 3
            }
            #expect(backlogAgrees, "outbox/dashboard/outbox: \(seen)")
            #expect(erp["delivered1h"]?.numberText == "0")
            #expect((Int(erp["failed1h"]?.numberText ?? "") ?? 0) >= 3, "the circuit opened after 3 failed attempts")
            #expect(erp["failureRate1h"]?.numberText == "100")
            let business = try #require(dashboard["business"])
            #expect(business["delayedReceipts"]?.numberText == "5", "3 waiting for the ERP and 2 held for a mapping")
            #expect(business["unmatchedInvoices"]?.numberText == "2")
            #expect(business["ordersAwaitingAcknowledgment"]?.numberText == "1", "PO-7002; PO-7001 is invoiced")
            #expect(business["stockBelowPar"]?.numberText == "0")
            let exceptions = try #require(business["openExceptions"])
            let byType = exceptions["byType"]?.objectMembers ?? []
            let total = byType.reduce(0) { $0 + (Int($1.1.numberText ?? "") ?? 0) }
            #expect(exceptions["total"]?.numberText == String(total))
            #expect(exceptions["byAge"]?["under1h"]?.numberText == String(total))
            #expect(exceptions["byAge"]?["over24h"]?.numberText == "0")
            #expect(exceptions["overdue"]?.numberText == "2", "only the unmapped items are past their 1 ms SLA")
            #expect(dashboard["pipeline"]?["accepted1h"]?.numberText == "5")
            #expect(dashboard["pipeline"]?["inboxBacklog"]?.numberText == "0")
            #expect(dashboard["pipeline"]?["deliveredPerMinute"]?.arrayValue?.count == 60)
            // The queue filters agree with the figures: overdue, oldest first.
            let overdue = try JSONValue.parse(try await harness.hub.request("GET", "/v1/exceptions?overdue=true&order=oldest", token: harness.token).text)
            #expect(overdue["items"]?.arrayValue?.count == 2)
            #expect(overdue["items"]?.arrayValue?.allSatisfy { $0["overdue"] == .bool(true) && $0["type"]?.stringValue == "unmapped-item" } == true)
            let sequence = overdue["items"]?.arrayValue?.compactMap { $0["createdAt"]?.stringValue } ?? []
            #expect(sequence == sequence.sorted())
        }
    }

    @Test func theDashboardNeedsAReadScope() async throws {
        try await TestHub.with { hub in
            let reader = try await hub.token(scopes: ["orders:read"])
            let writer = try await hub.token(scopes: ["events:write"])
            #expect(try await hub.request("GET", "/v1/dashboard", token: reader).status == 200)
            let refused = try await hub.request("GET", "/v1/dashboard", token: writer)
            #expect(refused.status == 403)
            #expect(refused.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test func aDryRunAfterAMappingFixShowsEachChangeAndTheReplayDeliversEachOnce() async throws {
        // Given an ERP that refuses the unit code BOX, and two receipts it rejected.
        try await PipelineHarness.with(faults: ERPFaults(mismatchedUnits: ["BOX"])) { harness in
            for index in 0..<2 {
                #expect(try await harness.post(PipelineHarness.receipt(), key: "uom-\(index)").status == 202)
            }
            #expect(await eventually {
                let page = try? JSONValue.parse(try await harness.hub.request("GET", "/v1/deliveries?status=rejected", token: harness.token).text)
                return page?["items"]?.arrayValue?.count == 2
            })
            // When a person maps the ERP's item to cases, and asks for a dry run.
            let fix = try await harness.hub.request("PUT", "/v1/systems/erp/crosswalk/items/ERP-100234", token: harness.token,
                                                    json: #"{"id":"GLOVE-M","unit":"CS"}"#)
            #expect(fix.status == 200)
            let dryRun = try JSONValue.parse(try await harness.hub.request("POST", "/v1/deliveries:replay", token: harness.token,
                                                                            json: #"{"filter":{"status":"rejected","system":"erp"},"dryRun":true}"#).text)
            // Then every rejected delivery is listed with what changed, and nothing moved.
            #expect(dryRun["matched"]?.numberText == "2")
            #expect(dryRun["replayed"]?.numberText == "0")
            for delivery in dryRun["deliveries"]?.arrayValue ?? [] {
                let changes = delivery["changes"]?.arrayValue ?? []
                let unit = changes.first { $0["path"]?.stringValue == "lines[0].unit" }
                #expect(unit?["from"]?.stringValue == "BOX" && unit?["to"]?.stringValue == "CS", "\(delivery.serialized())")
                let quantity = changes.first { $0["path"]?.stringValue == "lines[0].quantity" }
                #expect(quantity?["from"]?.stringValue == "20" && quantity?["to"]?.stringValue == "2")
                #expect(delivery["status"]?.stringValue == "rejected")
            }
            let stillRejected = try JSONValue.parse(try await harness.hub.request("GET", "/v1/deliveries?status=rejected", token: harness.token).text)
            #expect(stillRejected["items"]?.arrayValue?.count == 2)
            #expect(await harness.erp.ledger.summary().postings == 0)

            // When the replay runs for real: each is delivered exactly once.
            let replay = try JSONValue.parse(try await harness.hub.request("POST", "/v1/deliveries:replay", token: harness.token,
                                                                            json: #"{"filter":{"status":"rejected","system":"erp"}}"#).text)
            #expect(replay["matched"]?.numberText == "2")
            #expect(replay["replayed"]?.numberText == "2")
            #expect(await eventually { await harness.erp.ledger.summary().postings == 2 })
            #expect(await eventually {
                let page = try? JSONValue.parse(try await harness.hub.request("GET", "/v1/deliveries?status=delivered", token: harness.token).text)
                return page?["items"]?.arrayValue?.count == 2
            })
            #expect(await harness.erp.ledger.duplicates().isEmpty)
            let again = try JSONValue.parse(try await harness.hub.request("POST", "/v1/deliveries:replay", token: harness.token,
                                                                           json: #"{"filter":{"status":"rejected"}}"#).text)
            #expect(again["matched"]?.numberText == "0")
            #expect(await harness.erp.ledger.summary().postings == 2)
        }
    }

    @Test func bulkReplayRefusesBadFiltersAndNeedsExceptionsWrite() async throws {
        try await PipelineHarness.with { harness in
            let bad = try await harness.hub.request("POST", "/v1/deliveries:replay", token: harness.token,
                                                    json: #"{"filter":{"status":"delivered"},"dryRun":true}"#)
            #expect(bad.status == 400)
            #expect(bad.text.contains("filter.status"))
            let missing = try await harness.hub.request("POST", "/v1/deliveries:replay", token: harness.token, json: #"{"dryRun":true}"#)
            #expect(missing.status == 400)
            let reader = try await harness.hub.token(scopes: ["events:read"])
            #expect(try await harness.hub.request("POST", "/v1/deliveries:replay", token: reader,
                                                  json: #"{"filter":{"status":"dead"},"dryRun":true}"#).status == 403)
        }
    }

    @Test func theRetryPreviewShowsTheBodyARetryWouldNowSend() async throws {
        try await PipelineHarness.with(faults: ERPFaults(mismatchedUnits: ["BOX"])) { harness in
            #expect(try await harness.post(PipelineHarness.receipt(), key: "preview").status == 202)
            var exceptionID: String?
            #expect(await eventually {
                let page = try? JSONValue.parse(try await harness.hub.request("GET", "/v1/exceptions?status=open&type=rejected-by-destination",
                                                                               token: harness.token).text)
                exceptionID = page?["items"]?.arrayValue?.first?["id"]?.stringValue
                return exceptionID != nil
            })
            let id = try #require(exceptionID)
            let before = try JSONValue.parse(try await harness.hub.request("GET", "/v1/exceptions/\(id)/preview", token: harness.token).text)
            #expect(before["deliveries"]?.arrayValue?.first?["changes"]?.arrayValue?.isEmpty == true, "nothing fixed yet: the same body")
            _ = try await harness.hub.request("PUT", "/v1/systems/erp/crosswalk/items/ERP-100234", token: harness.token,
                                              json: #"{"id":"GLOVE-M","unit":"CS"}"#)
            let after = try JSONValue.parse(try await harness.hub.request("GET", "/v1/exceptions/\(id)/preview", token: harness.token).text)
            let delivery = try #require(after["deliveries"]?.arrayValue?.first)
            #expect(delivery["body"]?["lines"]?.arrayValue?.first?["unit"]?.stringValue == "CS")
            #expect(delivery["idempotencyKey"]?.stringValue?.hasSuffix(".r1") == true)
            #expect(delivery["changes"]?.arrayValue?.contains { $0["path"]?.stringValue == "lines[0].unit" } == true)
            #expect(await harness.erp.ledger.summary().postings == 0, "a preview sends nothing")
        }
    }
}
