import Foundation
import SutureConfig
import SutureEngine
import SutureERPSimulator
import SutureModel
import SutureStore
import SutureStoreSQLite
import Testing

/// Retention (docs/governance.md, "Retention"): finished history goes and the store gives
/// the space back; unfinished work stays and can still be finished; the audit chain still
/// verifies. Runs on SQLite and, in the suite's second pass, on PostgreSQL.
@Suite struct RetentionTests {
    @Test func pruningDeletesFinishedHistoryGivesSpaceBackAndLeavesUnfinishedWorkWorkable() async throws {
        // Given an ERP that refuses the unit BOX (so each receipt opens an exception) and an
        // analytics webhook nobody answers (so each receipt's delivery there stays pending).
        try await PipelineHarness.with(faults: ERPFaults(mismatchedUnits: ["BOX"]), adjust: { configuration in
            var slow = PipelineHarness.fastDelivery(maxAttempts: 50)
            slow.retry = RetrySettings(maxAttempts: 50, initialBackoff: .seconds(3600), maxBackoff: .seconds(3600))
            configuration.systems.append(SystemSettings(name: "analytics", connection: .webhook(WebhookSettings(url: "http://127.0.0.1:9/events", secret: "s")),
                                                        delivery: slow))
            configuration.routes = [RouteSettings(types: ["receipt"], to: ["erp", "analytics"])]
        }) { harness in
            let hub = harness.hub
            // Tens of thousands of events where the file's shrinking is measured (SQLite); the
            // rules are the same SQL on PostgreSQL, checked there with a few hundred (the suite's
            // PostgreSQL pass runs every HTTP test at once on one small server).
            let history = hub.store is SQLiteStore ? 20_000 : 300
            // Two receipts: unfinished work (an open exception each, a pending delivery each).
            var receipts: [String] = []
            for index in 0..<2 {
                let accepted = try JSONValue.parse(try await harness.post(PipelineHarness.receipt(), key: "keep-\(index)").text)
                receipts.append(try #require(accepted["id"]?.stringValue))
            }
            #expect(await eventually {
                let page = try? JSONValue.parse(try await hub.request("GET", "/v1/exceptions?status=open", token: harness.token).text)
                return page?["items"]?.arrayValue?.count == 2
            })
            // Finished history: twenty thousand issues no route takes (unrouted), by the batch endpoint.
            let batchSize = min(1000, history)
            for batch in 0..<(history / batchSize) {
                let events = (0..<batchSize).map { index in
                    #"{"idempotencyKey":"old-\#(batch)-\#(index)","type":"issue","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"7788","quantity":"1","unit":"CA"}"#
                }
                let response = try await hub.request("POST", "/v1/events:batch", token: harness.token, json: #"{"events":[\#(events.joined(separator: ","))]}"#)
                #expect(response.status == 202)
            }
            #expect(await eventually(timeout: .seconds(120)) { (try? await hub.store.acceptedEvents(limit: 1).isEmpty) ?? false })
            for index in 0..<30 {
                #expect(try await hub.request("PUT", "/v1/locations/BIN-\(index)", token: harness.token,
                                              json: #"{"name":"Bin","type":"bin","parent":"MAIN-OR-STORE"}"#).status == 201)
            }
            let auditBefore = try await hub.store.verifyAuditChain()
            #expect(auditBefore.broken == nil && auditBefore.entries >= 30)

            // When the policy keeps nothing finished (every period 0) and the pruner runs.
            let pruner = Pruner(store: hub.store, settings: RetentionSettings(every: .seconds(3600), keep: .zero, batchSize: 500))
            _ = try await hub.store.reclaimSpace()
            let sizeBefore = try await hub.store.storeSize()
            let now = WallClock.nowMilliseconds()
            let dryRun = try await pruner.run(dryRun: true, actor: "test", now: now)
            #expect(try await hub.store.storeSize() >= sizeBefore - 4096, "a dry run deletes nothing")
            let run = try await pruner.run(dryRun: false, actor: "test", now: now)
            let sizeAfter = try await hub.store.storeSize()
            print("retention: \(history) events pruned: \(run.deleted.map { "\($0.key.rawValue) \($0.value)" }.sorted()), store \(sizeBefore) -> \(sizeAfter) bytes, reclaimed \(run.bytesReclaimed), \(run.durationMilliseconds) ms")

            // Then the finished history is gone, as the dry run said, and the file is smaller.
            #expect(run.deleted[.events] == history)
            #expect(dryRun.deleted[.events] == run.deleted[.events] && dryRun.deleted[.audit] == run.deleted[.audit])
            #expect((run.deleted[.timeline] ?? 0) >= history)
            #expect(run.deleted[.audit] == auditBefore.entries)
            if hub.store is SQLiteStore {
                #expect(sizeAfter < sizeBefore / 2, "the SQLite file shrank: \(sizeBefore) -> \(sizeAfter) bytes")
                #expect(run.bytesReclaimed > 0)
            }
            let last = try JSONValue.parse(try await hub.request("GET", "/v1/admin/retention", token: harness.token).text)
            #expect(last["lastRun"]?["deleted"]?["events"]?.numberText == String(history))
            #expect(last["policy"]?["events"]?.stringValue == "90d", "the hub's own policy")

            // The unfinished work is all there: both receipts, their open exceptions and pending deliveries.
            for id in receipts {
                let event = try await hub.request("GET", "/v1/events/\(id)", token: harness.token)
                #expect(event.status == 200)
            }
            let pending = try JSONValue.parse(try await hub.request("GET", "/v1/deliveries?status=pending&system=analytics", token: harness.token).text)
            #expect(pending["items"]?.arrayValue?.count == 2)
            let open = try JSONValue.parse(try await hub.request("GET", "/v1/exceptions?status=open", token: harness.token).text)
            let exceptionIDs = open["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(exceptionIDs.count == 2)
            let timeline = try JSONValue.parse(try await hub.request("GET", "/v1/events/\(receipts[0])", token: harness.token).text)
            #expect((timeline["timeline"]?.arrayValue?.count ?? 0) >= 3, "an open exception keeps its transaction's timeline")

            // And still workable: a fixed mapping and a retry post the receipt to the ERP once.
            #expect(try await hub.request("PUT", "/v1/systems/erp/crosswalk/items/ERP-100234", token: harness.token,
                                          json: #"{"id":"GLOVE-M","unit":"CS"}"#).status == 200)
            let resolved = try await hub.request("POST", "/v1/exceptions/\(exceptionIDs[0])/resolve", token: harness.token,
                                                 json: #"{"action":"retry","note":"after the prune"}"#)
            #expect(resolved.status == 200, "\(resolved.text)")
            #expect(await eventually { await harness.erp.ledger.summary().postings == 1 })

            // Once finished, that work goes too: the delivery made and the exception resolved,
            // while the other exception and both pending deliveries stay.
            #expect(await eventually {
                let page = try? JSONValue.parse(try await hub.request("GET", "/v1/deliveries?status=delivered", token: harness.token).text)
                return page?["items"]?.arrayValue?.count == 1
            })
            let second = try await pruner.run(dryRun: false, actor: "test")
            #expect(second.deleted[.deliveries] == 1 && second.deleted[.exceptions] == 1 && second.deleted[.events] == 0,
                    "\(second.deleted)")
            let stillPending = try JSONValue.parse(try await hub.request("GET", "/v1/deliveries?status=pending", token: harness.token).text)
            #expect(stillPending["items"]?.arrayValue?.count == 2)
            #expect(try await hub.request("GET", "/v1/exceptions/\(exceptionIDs[1])", token: harness.token).status == 200)

            // The audit chain verifies from its checkpoint, with the entries written since.
            let auditAfter = try await hub.store.verifyAuditChain()
            #expect(auditAfter.broken == nil, "\(String(describing: auditAfter.broken))")
            #expect(auditAfter.checkpoint != nil && auditAfter.entries >= 1, "the entries written after the last prune")
        }
    }
}
