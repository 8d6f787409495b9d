import Foundation
import SutureERPSimulator
import SutureModel
import SutureStore
import Testing

/// The audit log and the clients' life through the API (docs/governance.md). Runs on
/// SQLite and, in the suite's second pass, on PostgreSQL.
@Suite struct GovernanceTests {
    /// The audit entries of `target`, oldest first.
    static func audit(_ harness: PipelineHarness, _ query: String) async throws -> [JSONValue] {
        let response = try await harness.hub.request("GET", "/v1/audit?\(query)", token: harness.token)
        #expect(response.status == 200, "\(response.text)")
        return (try JSONValue.parse(response.text)["items"]?.arrayValue ?? []).reversed()
    }

    @Test func everyChangeByAClientOrPersonAddsOneAuditEntryAndTheChainVerifies() async throws {
        // Given an ERP that refuses the unit BOX, and an administrator named "auditor".
        try await PipelineHarness.with(faults: ERPFaults(mismatchedUnits: ["BOX"])) { harness in
            let admin = try await harness.hub.token(scopes: ["admin"], name: "auditor")
            let hub = harness.hub
            let before = try await hub.store.auditEntries(AuditQuery(limit: 500)).count

            // An item created, written again unchanged, then changed in unit and description.
            let item = #"{"description":"Suture kit","baseUnit":"EA","packaging":[{"unit":"BX","quantity":12}]}"#
            #expect(try await hub.request("PUT", "/v1/items/KIT-1", token: admin, json: item).status == 201)
            #expect(try await hub.request("PUT", "/v1/items/KIT-1", token: admin, json: item).status == 200)
            let changed = #"{"description":"Suture kit, sterile","baseUnit":"EA","packaging":[{"unit":"CS","quantity":12}]}"#
            #expect(try await hub.request("PUT", "/v1/items/KIT-1", token: admin, json: changed).status == 200)
            let itemEntries = try await Self.audit(harness, "target=item:KIT-1")
            #expect(itemEntries.count == 2, "the identical PUT leaves no entry")
            #expect(itemEntries.allSatisfy { $0["actor"]?.stringValue == "auditor" && $0["action"]?.stringValue == "item.put" })
            let fields = Set((itemEntries.last?["details"]?["changes"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue })
            #expect(fields == ["description", "packaging[0].unit"], "\(itemEntries.last?.serialized() ?? "")")

            // A receipt the ERP rejects: its exception is resolved with a retry after a crosswalk fix.
            #expect(try await harness.post(PipelineHarness.receipt(), key: "audit-1").status == 202)
            var exceptionID = ""
            #expect(await eventually {
                let page = try? JSONValue.parse(try await hub.request("GET", "/v1/exceptions?status=open", token: admin).text)
                exceptionID = page?["items"]?.arrayValue?.first?["id"]?.stringValue ?? ""
                return !exceptionID.isEmpty
            })
            #expect(try await hub.request("PUT", "/v1/systems/erp/crosswalk/items/ERP-100234", token: admin,
                                          json: #"{"id":"GLOVE-M","unit":"CS"}"#).status == 200)
            let resolve = try await hub.request("POST", "/v1/exceptions/\(exceptionID)/resolve", token: admin,
                                                json: #"{"action":"retry","note":"mapped the ERP item to cases"}"#)
            #expect(resolve.status == 200, "\(resolve.text)")
            #expect(await eventually { await harness.erp.ledger.summary().postings == 1 })

            // A second receipt, rejected the same way before the fix was undone, replayed by hand.
            #expect(try await hub.request("PUT", "/v1/systems/erp/crosswalk/items/ERP-100234", token: admin,
                                          json: #"{"id":"GLOVE-M","unit":"BX"}"#).status == 200)
            #expect(try await harness.post(PipelineHarness.receipt(), key: "audit-2").status == 202)
            var deliveryID = ""
            #expect(await eventually {
                let page = try? JSONValue.parse(try await hub.request("GET", "/v1/deliveries?status=rejected", token: admin).text)
                deliveryID = page?["items"]?.arrayValue?.first?["id"]?.stringValue ?? ""
                return !deliveryID.isEmpty
            })
            #expect(try await hub.request("POST", "/v1/deliveries/\(deliveryID)/replay", token: admin).status == 202)
            #expect(try await hub.request("DELETE", "/v1/systems/erp/crosswalk/units/NOPE", token: admin).status == 404)
            #expect(try await hub.request("PUT", "/v1/systems/erp/crosswalk/units/CTN", token: admin, json: #"{"id":"CS"}"#).status == 201)
            #expect(try await hub.request("DELETE", "/v1/systems/erp/crosswalk/units/CTN", token: admin).status == 204)

            // A client added, rotated and revoked.
            let added = try await hub.request("POST", "/v1/admin/clients", token: admin, json: #"{"name":"scanner-7","scopes":["events:write"]}"#)
            #expect(added.status == 201, "\(added.text)")
            #expect(try await hub.request("POST", "/v1/admin/clients/scanner-7/rotate", token: admin, json: #"{"grace":"1h"}"#).status == 200)
            #expect(try await hub.request("DELETE", "/v1/admin/clients/scanner-7", token: admin).status == 204)

            // Then: one entry per change, each naming the administrator, in this order.
            let entries = try await hub.store.auditEntries(AuditQuery(actor: "auditor", limit: 500)).reversed().map { ($0.action, $0.target) }
            let expected: [(String, String)] = [
                ("item.put", "item:KIT-1"), ("item.put", "item:KIT-1"),
                ("crosswalk.put", "crosswalk:erp/items/ERP-100234"),
                ("exception.resolve", "exception:\(exceptionID)"),
                ("crosswalk.put", "crosswalk:erp/items/ERP-100234"),
                ("delivery.replay", "delivery:\(deliveryID)"),
                ("crosswalk.put", "crosswalk:erp/units/CTN"), ("crosswalk.delete", "crosswalk:erp/units/CTN"),
                ("client.add", "client:scanner-7"), ("client.rotate", "client:scanner-7"), ("client.revoke", "client:scanner-7"),
            ]
            #expect(entries.map(\.0) == expected.map(\.0))
            #expect(entries.map(\.1) == expected.map(\.1))
            let resolved = try #require(try await hub.store.auditEntries(AuditQuery(action: "exception.resolve", limit: 5)).first)
            #expect(resolved.details.contains(#""note":"mapped the ERP item to cases""#))
            // The token of the added client is never in the log.
            let addedToken = try #require(try JSONValue.parse(added.text)["token"]?.stringValue)
            #expect(try await hub.store.auditEntries(AuditQuery(limit: 500)).allSatisfy { !$0.details.contains(addedToken) })

            // And the chain holds, with the entries before this test's.
            let verification = try await hub.store.verifyAuditChain()
            #expect(verification.broken == nil)
            #expect(verification.entries == before + expected.count)
        }
    }

    @Test func theAuditLogPagesFiltersAndNeedsAdmin() async throws {
        try await PipelineHarness.with { harness in
            let hub = harness.hub
            for index in 0..<5 {
                #expect(try await hub.request("PUT", "/v1/locations/BIN-\(index)", token: harness.token,
                                              json: #"{"name":"Bin \#(index)","type":"bin","parent":"MAIN-OR-STORE"}"#).status == 201)
            }
            let first = try JSONValue.parse(try await hub.request("GET", "/v1/audit?target=location:&limit=3", token: harness.token).text)
            let page = first["items"]?.arrayValue ?? []
            #expect(page.compactMap { $0["target"]?.stringValue } == ["location:BIN-4", "location:BIN-3", "location:BIN-2"])
            let cursor = try #require(first["next"]?.stringValue)
            let second = try JSONValue.parse(try await hub.request("GET", "/v1/audit?target=location:&limit=3&cursor=\(cursor)", token: harness.token).text)
            #expect(second["items"]?.arrayValue?.compactMap { $0["target"]?.stringValue } == ["location:BIN-1", "location:BIN-0"])
            // Each entry links to the one before it.
            let entry = try #require(page.first)
            #expect(entry["hash"]?.stringValue?.count == 64 && entry["prev"]?.stringValue == page[1]["hash"]?.stringValue)
            #expect(try await hub.request("GET", "/v1/audit?since=yesterday", token: harness.token).status == 400)
            let reader = try await hub.token(scopes: ["masterdata:read", "events:read"])
            #expect(try await hub.request("GET", "/v1/audit", token: reader).status == 403)
        }
    }

    @Test func aRevokedTokenIsRefusedAtOnceAndARotatedOneWorksOnlyDuringItsGrace() async throws {
        try await PipelineHarness.with { harness in
            let hub = harness.hub
            func create(_ name: String, _ extra: String = "") async throws -> String {
                let response = try await hub.request("POST", "/v1/admin/clients", token: harness.token,
                                                     json: #"{"name":"\#(name)","scopes":["masterdata:read"]\#(extra)}"#)
                #expect(response.status == 201, "\(response.text)")
                return try #require(try JSONValue.parse(response.text)["token"]?.stringValue)
            }
            // Revoked: 401 on the very next request.
            let leaked = try await create("leaky")
            #expect(try await hub.request("GET", "/v1/items", token: leaked).status == 200)
            #expect(try await hub.request("DELETE", "/v1/admin/clients/leaky", token: harness.token).status == 204)
            let refused = try await hub.request("GET", "/v1/items", token: leaked)
            #expect(refused.status == 401)
            #expect(refused.header("Content-Type") == "application/problem+json")
            #expect(try await hub.request("DELETE", "/v1/admin/clients/leaky", token: harness.token).status == 409)
            #expect(try await hub.request("DELETE", "/v1/admin/clients/nobody", token: harness.token).status == 404)

            // Rotated with a grace: both tokens work; rotated again with none: only the newest.
            let first = try await create("rotor")
            let rotated = try JSONValue.parse(try await hub.request("POST", "/v1/admin/clients/rotor/rotate", token: harness.token,
                                                                     json: #"{"grace":"1h"}"#).text)
            let second = try #require(rotated["token"]?.stringValue)
            #expect(try await hub.request("GET", "/v1/items", token: first).status == 200)
            #expect(try await hub.request("GET", "/v1/items", token: second).status == 200)
            let again = try JSONValue.parse(try await hub.request("POST", "/v1/admin/clients/rotor/rotate", token: harness.token,
                                                                   json: #"{"grace":"0s"}"#).text)
            let third = try #require(again["token"]?.stringValue)
            #expect(try await hub.request("GET", "/v1/items", token: first).status == 401)
            #expect(try await hub.request("GET", "/v1/items", token: second).status == 401)
            #expect(try await hub.request("GET", "/v1/items", token: third).status == 200)

            // New scopes without a new token.
            #expect(try await hub.request("PATCH", "/v1/admin/clients/rotor", token: harness.token,
                                          json: #"{"scopes":["events:read"]}"#).status == 200)
            #expect(try await hub.request("GET", "/v1/items", token: third).status == 403)

            // The list shows every client, never a token.
            let list = try await hub.request("GET", "/v1/admin/clients", token: harness.token)
            let names = try JSONValue.parse(list.text)["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.contains("leaky") && names.contains("rotor"))
            #expect(!list.text.contains(third) && !list.text.contains("token"))

            // Bad requests are specific.
            let badScope = try await hub.request("POST", "/v1/admin/clients", token: harness.token, json: #"{"name":"x","scopes":["root"]}"#)
            #expect(badScope.status == 400 && badScope.text.contains("unknown scope 'root'"))
            let taken = try await hub.request("POST", "/v1/admin/clients", token: harness.token, json: #"{"name":"rotor","scopes":["admin"]}"#)
            #expect(taken.status == 409)
        }
    }

    @Test func aClientCreatedThroughTheAPIGets429OverItsOwnQuota() async throws {
        try await PipelineHarness.with { harness in
            let created = try await harness.hub.request("POST", "/v1/admin/clients", token: harness.token,
                                                        json: #"{"name":"slow","scopes":["masterdata:read"],"rateLimit":{"perSecond":1,"burst":3}}"#)
            let token = try #require(try JSONValue.parse(created.text)["token"]?.stringValue)
            // Ten calls at once: the burst of 3 is admitted, plus at most one per second the calls took.
            let started = ContinuousClock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await harness.hub.request("GET", "/v1/items", token: token).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - started
            let admitted = statuses.filter { $0 == 200 }.count
            #expect(Set(statuses).isSubset(of: [200, 429]), "\(statuses)")
            #expect(admitted >= 3 && admitted <= 3 + Int(elapsed.components.seconds) + 1, "\(statuses) in \(elapsed)")
            #expect(statuses.contains(429))
        }
    }
}

@Suite struct DeprecationTests {
    @Test func aDeprecatedOperationAnnouncesItselfAndItsCallsAreCountedPerClient() async throws {
        try await PipelineHarness.with { harness in
            let hub = harness.hub
            let scanner = try await hub.token(scopes: ["masterdata:read"], name: "old-integration")
            for _ in 0..<3 {
                let old = try await hub.request("GET", "/v1/systems/erp/crosswalk/items", token: scanner)
                #expect(old.status == 200)
                #expect(old.header("Deprecation") == "@1796428800")
                #expect(old.header("Sunset") == "Wed, 30 Jun 2027 00:00:00 GMT")
                #expect(old.header("Link") == #"</openapi.yaml>; rel="deprecation"; type="application/yaml""#)
            }
            // Its replacement pages and searches, and carries no deprecation.
            let new = try await hub.request("GET", "/v1/crosswalks?system=storeroom-a&kind=items&q=77&limit=1", token: scanner)
            #expect(new.status == 200 && new.header("Deprecation") == nil)
            let page = try JSONValue.parse(new.text)
            #expect(page["items"]?.arrayValue?.first?["code"]?.stringValue == "7788")
            #expect(try await hub.request("GET", "/v1/crosswalks?system=erp", token: scanner).status == 400)

            let report = try JSONValue.parse(try await hub.request("GET", "/v1/admin/deprecations", token: harness.token).text)
            let entry = try #require(report["items"]?.arrayValue?.first { $0["operation"]?.stringValue == "GET /v1/systems/{system}/crosswalk/{kind}" })
            #expect(entry["replacement"]?.stringValue == "GET /v1/crosswalks")
            #expect(entry["sunset"]?.stringValue == "2027-06-30T00:00:00.000Z")
            let clients = entry["clients"]?.arrayValue ?? []
            #expect(clients.count == 1)
            #expect(clients.first?["client"]?.stringValue == "old-integration" && clients.first?["calls"]?.numberText == "3")
        }
    }
}
