import Foundation
import SutureConfig
import SutureERPSimulator
import SutureModel
import SutureStore
import SutureTestSupport
import Testing

/// Master-data history, retirement and import through the API (docs/master-data.md).
@Suite struct MasterDataGovernanceTests {
    /// The history of an item as the API answers it.
    static func history(_ hub: TestHub, _ path: String, token: String) async throws -> [[String: Any]] {
        let response = try await hub.request("GET", path, token: token)
        #expect(response.status == 200, "\(response.text)")
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]], "\(response.text)")
    }

    static func changes(_ version: [String: Any]) -> [String: (from: String?, to: String?)] {
        var changes: [String: (from: String?, to: String?)] = [:]
        for change in version["changes"] as? [[String: Any]] ?? [] {
            changes[change["field"] as? String ?? ""] = (change["from"] as? String, change["to"] as? String)
        }
        return changes
    }

    @Test func twoChangingPutsAreTwoVersionsWithTheirFieldsAndActorsAndAnIdenticalPutIsNone() async throws {
        try await TestHub.with { hub in
            let buyer = try await hub.token(scopes: ["masterdata:write", "masterdata:read"], name: "buyer")
            let steward = try await hub.token(scopes: ["masterdata:write", "masterdata:read"], name: "data-steward")
            let created = #"{"description":"Gauze pads","baseUnit":"EA"}"#
            #expect(try await hub.request("PUT", "/v1/items/GAUZE-4", token: buyer, json: created).status == 201)
            // The unit changes (by the buyer), then the description (by the steward).
            let unit = #"{"description":"Gauze pads","baseUnit":"BX"}"#
            #expect(try await hub.request("PUT", "/v1/items/GAUZE-4", token: buyer, json: unit).status == 200)
            let described = #"{"description":"Gauze pads 4x4, sterile","baseUnit":"BX"}"#
            #expect(try await hub.request("PUT", "/v1/items/GAUZE-4", token: steward, json: described).status == 200)
            // The same body again: 200, and nothing recorded.
            #expect(try await hub.request("PUT", "/v1/items/GAUZE-4", token: steward, json: described).status == 200)

            let history = try await Self.history(hub, "/v1/items/GAUZE-4/history", token: buyer)
            #expect(history.map { $0["version"] as? Int } == [3, 2, 1], "newest first; the identical PUT made none")
            #expect(history.map { $0["actor"] as? String } == ["data-steward", "buyer", "buyer"])
            let newest = Self.changes(history[0]), middle = Self.changes(history[1])
            #expect(newest.count == 1 && newest["description"]?.from == "Gauze pads" && newest["description"]?.to == "Gauze pads 4x4, sterile")
            #expect(middle.count == 1 && middle["baseUnit"]?.from == "EA" && middle["baseUnit"]?.to == "BX")
            #expect((history[0]["at"] as? String).flatMap(WallClock.milliseconds(timestamp:)) != nil)

            // Each version is also one audit entry, in the same transaction.
            let audit = try await hub.store.auditEntries(AuditQuery(target: "item:GAUZE-4"))
            #expect(audit.map(\.actor) == ["data-steward", "buyer", "buyer"])
            #expect(try await hub.store.verifyAuditChain().broken == nil)

            // Locations and suppliers answer their history the same way; unknown records are 404.
            #expect(try await hub.request("PUT", "/v1/suppliers/ACME", token: buyer, json: #"{"name":"Acme"}"#).status == 201)
            #expect(try await hub.request("PUT", "/v1/suppliers/ACME", token: steward, json: #"{"name":"Acme Medical"}"#).status == 200)
            let supplier = try await Self.history(hub, "/v1/suppliers/ACME/history", token: buyer)
            #expect(supplier.count == 2 && Self.changes(supplier[0])["name"]?.to == "Acme Medical")
            #expect(try await hub.request("GET", "/v1/items/NO-SUCH/history", token: buyer).status == 404)
            #expect(try await hub.request("GET", "/v1/locations/NOWHERE/history", token: buyer).status == 404)
        }
    }

    @Test func anItemOnAnOpenOrderLineCannotBeRetiredAndAnotherBecomesInactiveAndStaysReadable() async throws {
        try await PipelineHarness.with { harness in
            try await OrderFlowTests.seedSupplier(harness)
            _ = try await harness.hub.store.putItem(Item(id: "SWAB-2", description: "Swab", packaging: try PackagingHierarchy(baseUnit: "EA")))
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: OrderFlowTests.order).status == 201)

            let refused = try await harness.hub.request("DELETE", "/v1/items/GLOVE-M", token: harness.token)
            #expect(refused.status == 409, "\(refused.text)")
            #expect(refused.header("Content-Type") == "application/problem+json")
            #expect(try refused.json()["detail"] as? String ?? "" == "item 'GLOVE-M' is on open purchase-order lines (PO-7001/1); close or cancel them first")
            #expect(try await harness.hub.store.item("GLOVE-M")?.status == .active)

            let retired = try await harness.hub.request("DELETE", "/v1/items/SWAB-2", token: harness.token)
            #expect(retired.status == 200, "\(retired.text)")
            #expect(try retired.json()["status"] as? String == "inactive")
            let read = try await harness.hub.request("GET", "/v1/items/SWAB-2", token: harness.token)
            #expect(read.status == 200, "still readable")
            #expect(try read.json()["status"] as? String == "inactive")
            let inactive = try await harness.hub.request("GET", "/v1/items?status=inactive", token: harness.token).json()
            #expect((inactive["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["SWAB-2"])
            let active = try await harness.hub.request("GET", "/v1/items?status=active", token: harness.token).json()
            #expect((active["items"] as? [[String: Any]])?.contains { $0["id"] as? String == "SWAB-2" } == false)
            #expect(try await harness.hub.request("GET", "/v1/items?status=gone", token: harness.token).status == 400)
            let audit = try await harness.hub.store.auditEntries(AuditQuery(target: "item:SWAB-2"))
            #expect(audit.map(\.action) == ["item.retire"])
            #expect(try await harness.hub.request("DELETE", "/v1/items/NO-SUCH", token: harness.token).status == 404)
        }
    }

    @Test func locationsAndSuppliersInUseCannotBeRetiredOthersBecomeInactiveAndTakeNoNewOrders() async throws {
        try await PipelineHarness.with { harness in
            let hub = harness.hub
            try await OrderFlowTests.seedSupplier(harness)
            let put = { (path: String, body: String) async throws -> Int in try await hub.request("PUT", path, token: harness.token, json: body).status }
            #expect(try await put("/v1/locations/FAC-9", #"{"name":"North campus","type":"facility"}"#) == 201)
            #expect(try await put("/v1/locations/STORE-9", #"{"name":"North storeroom","type":"storeroom","parent":"FAC-9"}"#) == 201)
            #expect(try await put("/v1/locations/BIN-9", #"{"name":"Bin 9","type":"bin","parent":"STORE-9"}"#) == 201)
            #expect(try await put("/v1/suppliers/OLDCO", #"{"name":"Old Supply Co"}"#) == 201)
            let order = OrderFlowTests.order.replacingOccurrences(of: "MAIN-OR-STORE", with: "STORE-9")
            #expect(try await hub.request("POST", "/v1/purchase-orders", token: harness.token, json: order).status == 201)

            // In use: the order's supplier and ship-to, and a facility holding an active storeroom.
            let supplier = try await hub.request("DELETE", "/v1/suppliers/ACME", token: harness.token)
            #expect(supplier.status == 409)
            #expect(try supplier.json()["detail"] as? String == "supplier 'ACME' has open purchase orders (PO-7001); close or cancel them first")
            let shipTo = try await hub.request("DELETE", "/v1/locations/STORE-9", token: harness.token)
            #expect(shipTo.status == 409)
            #expect((try shipTo.json()["detail"] as? String)?.contains("PO-7001") == true)
            let facility = try await hub.request("DELETE", "/v1/locations/FAC-9", token: harness.token)
            #expect(facility.status == 409)
            #expect((try facility.json()["detail"] as? String)?.contains("STORE-9") == true)

            // Not in use: inactive, still readable, listed by status, one version and audit entry each.
            let bin = try await hub.request("DELETE", "/v1/locations/BIN-9", token: harness.token)
            #expect(bin.status == 200, "\(bin.text)")
            #expect(try bin.json()["status"] as? String == "inactive")
            let old = try await hub.request("DELETE", "/v1/suppliers/OLDCO", token: harness.token)
            #expect(old.status == 200, "\(old.text)")
            #expect(try await hub.request("GET", "/v1/suppliers/OLDCO", token: harness.token).json()["status"] as? String == "inactive")
            let inactiveLocations = try await hub.request("GET", "/v1/locations?status=inactive", token: harness.token).json()
            #expect((inactiveLocations["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["BIN-9"])
            let activeSuppliers = try await hub.request("GET", "/v1/suppliers?status=active", token: harness.token).json()
            #expect((activeSuppliers["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["ACME"])
            #expect(try await hub.request("GET", "/v1/suppliers?status=gone", token: harness.token).status == 400)
            let history = try await Self.history(hub, "/v1/suppliers/OLDCO/history", token: harness.token)
            #expect(history.count == 2)
            #expect(Self.changes(history[0])["status"]?.to == "inactive")
            let binAudit = try await hub.store.auditEntries(AuditQuery(target: "location:BIN-9")).map(\.action)
            #expect(binAudit.sorted() == ["location.put", "location.retire"], "\(binAudit)")
            #expect(try await hub.request("DELETE", "/v1/suppliers/NOBODY", token: harness.token).status == 404)

            // A retired supplier or ship-to takes no new order.
            let toOld = OrderFlowTests.order.replacingOccurrences(of: "PO-7001", with: "PO-7002").replacingOccurrences(of: "ACME", with: "OLDCO")
            let refused = try await hub.request("POST", "/v1/purchase-orders", token: harness.token, json: toOld)
            #expect(refused.status == 422)
            #expect(refused.text.contains("retired"))
            let toBin = OrderFlowTests.order.replacingOccurrences(of: "PO-7001", with: "PO-7003").replacingOccurrences(of: "MAIN-OR-STORE", with: "BIN-9")
            #expect(try await hub.request("POST", "/v1/purchase-orders", token: harness.token, json: toBin).status == 422)
        }
    }

    @Test func anImportWithOneBadCheckDigitStoresNothingAndNamesTheRowUnlessPartial() async throws {
        try await TestHub.with { hub in
            let token = try await hub.token(scopes: ["masterdata:write", "masterdata:read"], name: "importer")
            let csv = ["Content-Type": "text/csv"]
            let refused = try await hub.request("POST", "/v1/items:import", token: token, body: Data(TestItemMaster.csv.utf8), headers: csv)
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.header("Content-Type") == "application/problem+json")
            let problem = try refused.json()
            #expect(problem["type"] as? String == "urn:suture:problem:invalid-import")
            let errors = try #require(problem["errors"] as? [[String: Any]])
            #expect(errors.count == 1)
            #expect(errors.first?["row"] as? Int == 7 && errors.first?["field"] as? String == "gtin", "\(errors)")
            #expect((problem["detail"] as? String ?? "").hasPrefix("row 7, gtin: '00614141000013' has a wrong check digit"), "\(problem)")
            #expect(try await hub.store.items(ListQuery()).records.isEmpty, "one bad row stores nothing")

            // A dry run with partial: counts, nothing stored.
            let dryRun = try await hub.request("POST", "/v1/items:import?partial=true&dryRun=true", token: token,
                                               body: Data(TestItemMaster.csv.utf8), headers: csv).json()
            #expect(dryRun["created"] as? Int == 7 && dryRun["stored"] as? Bool == false)
            #expect(try await hub.store.items(ListQuery()).records.isEmpty)

            let partial = try await hub.request("POST", "/v1/items:import?partial=true", token: token, body: Data(TestItemMaster.csv.utf8), headers: csv)
            #expect(partial.status == 200, "\(partial.text)")
            let report = try partial.json()
            #expect(report["created"] as? Int == 7 && report["updated"] as? Int == 0 && report["unchanged"] as? Int == 0)
            #expect((report["errors"] as? [[String: Any]])?.first?["row"] as? Int == 7)
            let stored = try await hub.store.items(ListQuery()).records
            #expect(stored.map(\.id.rawValue).sorted() == ["CATH", "GAUZE", "GLOVE-L", "GLOVE-S", "MASK", "SWAB", "SYR-5"])
            let gloves = try #require(try await hub.store.item("GLOVE-S"))
            #expect(gloves.packaging.baseUnits(per: "CS") == 1000 && gloves.lotControlled && gloves.description == "Nitrile gloves, small")

            // The same file again: every stored row unchanged, no new version or audit entry.
            let auditBefore = try await hub.store.auditEntries(AuditQuery(limit: 500)).count
            let again = try await hub.request("POST", "/v1/items:import?partial=true", token: token, body: Data(TestItemMaster.csv.utf8), headers: csv).json()
            #expect(again["created"] as? Int == 0 && again["updated"] as? Int == 0 && again["unchanged"] as? Int == 7)
            #expect(try await hub.store.auditEntries(AuditQuery(limit: 500)).count == auditBefore)
            #expect(try await hub.store.history(.item, id: "GLOVE-S").count == 1)

            // JSON lines take the PUT body with the id; a line that is not JSON names its line.
            let lines = """
                {"id":"GLOVE-S","description":"Nitrile gloves, small, blue","baseUnit":"EA","gtin":"00614141000029","manufacturer":"Acme","lotControlled":true,"packaging":[{"unit":"BX","quantity":100},{"unit":"CS","quantity":1000}]}
                {"id":"NEW-1","description":"New item","baseUnit":"EA"}

                """
            let ndjson = try await hub.request("POST", "/v1/items:import", token: token, body: Data(lines.utf8),
                                               headers: ["Content-Type": "application/x-ndjson"]).json()
            #expect(ndjson["created"] as? Int == 1 && ndjson["updated"] as? Int == 1, "\(ndjson)")
            let history = try await hub.store.history(.item, id: "GLOVE-S")
            #expect(history.first?.actor == "importer" && history.first?.changes.map(\.path) == ["description"])
            let broken = try await hub.request("POST", "/v1/items:import", token: token, body: Data("{\"id\":\"X\",\n{oops\n".utf8),
                                               headers: ["Content-Type": "application/x-ndjson"])
            #expect(broken.status == 422)
            #expect((try broken.json()["errors"] as? [[String: Any]])?.map { $0["row"] as? Int } == [1, 2])

            // A header naming an unknown column is refused at row 1, with a suggestion.
            let typo = try await hub.request("POST", "/v1/items:import", token: token,
                                             body: Data("id,descripton,baseUnit\nA,B,EA\n".utf8), headers: csv).json()
            let typoError = try #require((typo["errors"] as? [[String: Any]])?.first)
            #expect(typoError["row"] as? Int == 1 && (typoError["message"] as? String ?? "").contains("did you mean description?"), "\(typo)")
            #expect(try await hub.request("POST", "/v1/items:import", token: token, json: "[]").status == 415)
            #expect(try await hub.request("POST", "/v1/items:import?dryRun=maybe", token: token, body: Data(), headers: csv).status == 400)
        }
    }
}

/// Distribution of master-data changes (docs/master-data.md, "Distribution").
@Suite struct MasterDataDistributionTests {
    @Test func aChangedItemReachesTheERPOnceInItsCodeAndUnitAndAWebhookAsItemChangedAndAnUnchangedOneNothing() async throws {
        try await WebhookSink.with { sink in
        try await PipelineHarness.with(adjust: { configuration in
            configuration.systems.append(SystemSettings(name: "analytics", connection: .webhook(WebhookSettings(url: sink.url, secret: "whsec_c2VjcmV0LWtleQ==")),
                                                        delivery: PipelineHarness.fastDelivery(maxAttempts: 5)))
            configuration.routes.append(RouteSettings(types: ["item.changed"], to: ["erp", "analytics"]))
        }) { harness in
            // The ERP is down at first: the change waits in the outbox and is retried.
            _ = try harness.erp.faults.goDown()
            let changed = #"{"description":"Nitrile gloves, medium, blue","gtin":"00614141000012","baseUnit":"EA","lotControlled":true,"packaging":[{"unit":"BX","quantity":10,"gtin":"10614141000019"},{"unit":"CS","quantity":100,"gtin":"20614141000016"}]}"#
            #expect(try await harness.hub.request("PUT", "/v1/items/GLOVE-M", token: harness.token, json: changed).status == 200)
            #expect(await eventually { sink.received().count == 1 })
            let deliveries = try await harness.hub.store.deliveries(source: .masterRecord("item:GLOVE-M"))
            #expect(Set(deliveries.map(\.destination)) == ["erp", "analytics"])
            #expect(await eventually {
                ((try? await harness.hub.store.deliveries(source: .masterRecord("item:GLOVE-M"))) ?? []).first { $0.destination == "erp" }.map { $0.attempts >= 2 } ?? false
            }, "retried while the ERP is down")
            _ = harness.erp.faults.comeUp()
            #expect(await eventually { await harness.erp.ledger.count(of: .item("ERP-100234")) == 1 })

            // In the ERP's code and the unit it keeps the item in (a box, its code BOX), with the box's GTIN.
            let posting = try #require(await harness.erp.ledger.postings(of: .item("ERP-100234")).first)
            #expect(posting.method == "PUT" && posting.path == "/items/ERP-100234")
            #expect(posting.body["unit"] == .string("BOX") && posting.body["gtin"] == .string("10614141000019"), "\(posting.body)")
            #expect(posting.body["description"] == .string("Nitrile gloves, medium, blue") && posting.body["status"] == .string("active"))

            // The webhook: item.changed with the canonical record, signed like any event.
            let hook = try #require(sink.received().first)
            let envelope = try JSONValue.parse(hook.body)
            #expect(envelope["type"] == .string("item.changed"))
            #expect(envelope["data"]?["id"] == .string("GLOVE-M") && envelope["data"]?["baseUnit"] == .string("EA"))
            #expect(hook.headers["webhook-signature"]?.hasPrefix("v1,") == true)

            // The same PUT again changes nothing and sends nothing: no new delivery is queued.
            #expect(try await harness.hub.request("PUT", "/v1/items/GLOVE-M", token: harness.token, json: changed).status == 200)
            let after = try await harness.hub.store.deliveries(source: .masterRecord("item:GLOVE-M"))
            #expect(after.count == 2)
            #expect(await harness.erp.ledger.count(of: .item("ERP-100234")) == 1, "posted once, though retried")

            // An item the ERP has no code for is not sent there; the webhook still hears of it.
            let swab = #"{"description":"Swab","baseUnit":"EA"}"#
            #expect(try await harness.hub.request("PUT", "/v1/items/SWAB-2", token: harness.token, json: swab).status == 201)
            #expect(await eventually { sink.received().count == 2 })
            let swabDeliveries = try await harness.hub.store.deliveries(source: .masterRecord("item:SWAB-2"))
            #expect(swabDeliveries.map(\.destination) == ["analytics"])

            // An import distributes what it changed, and a re-import of the same file nothing.
            let lines = Data("{\"id\":\"SWAB-2\",\"description\":\"Swab, sterile\",\"baseUnit\":\"EA\"}\n".utf8)
            let ndjson = ["Content-Type": "application/x-ndjson"]
            #expect(try await harness.hub.request("POST", "/v1/items:import", token: harness.token, body: lines, headers: ndjson).json()["updated"] as? Int == 1)
            #expect(try await harness.hub.store.deliveries(source: .masterRecord("item:SWAB-2")).count == 2)
            let again = try await harness.hub.request("POST", "/v1/items:import", token: harness.token, body: lines, headers: ndjson).json()
            #expect(again["unchanged"] as? Int == 1)
            #expect(try await harness.hub.store.deliveries(source: .masterRecord("item:SWAB-2")).count == 2, "a re-import sends nothing")
            #expect(await eventually { sink.received().count == 3 })
        }
        }
    }
}

/// Drift between what a system holds and the canonical master (docs/master-data.md, "Drift").
@Suite struct MasterDataDriftTests {
    static func differences(_ json: [String: Any]) -> [[String: String]] {
        (json["differences"] as? [[String: Any]] ?? []).map { difference in
            difference.compactMapValues { $0 as? String }
        }
    }

    static func driftExceptions(_ harness: PipelineHarness) async throws -> [[String: Any]] {
        let list = try await harness.hub.request("GET", "/v1/exceptions?type=master-data-drift", token: harness.token).json()
        return list["items"] as? [[String: Any]] ?? []
    }

    @Test func aSnapshotYieldsExactlyItsDifferencesOneExceptionEachThatPushAndAgreementResolveAndAcceptTakesTheSystemsValue() async throws {
        try await PipelineHarness.with { harness in
            let store = harness.hub.store
            // The ERP keeps gloves in cases; syringes it knows by ERP-200.
            _ = try await store.putCrosswalk(CrosswalkEntry(system: "erp", kind: .items, code: "ERP-100234", canonical: "GLOVE-M", unit: "CS"))
            _ = try await store.putItem(Item(id: "SYRINGE-5", description: "Syringe 5 ml", packaging: try PackagingHierarchy(baseUnit: "EA")))
            _ = try await store.putCrosswalk(CrosswalkEntry(system: "erp", kind: .items, code: "ERP-200", canonical: "SYRINGE-5"))

            // BOX (boxes) where Suture says cases; an item Suture does not know; syringes missing.
            let snapshot = #"[{"code":"ERP-100234","description":"Nitrile gloves M","unit":"BOX","gtin":"20614141000016","status":"active"},{"code":"ERP-999","description":"Mystery item"}]"#
            let compared = try await harness.hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token, json: snapshot)
            #expect(compared.status == 200, "\(compared.text)")
            let report = try compared.json()
            #expect(report["records"] as? Int == 2)
            let found = Self.differences(report)
            #expect(found.count == 3, "\(found)")
            #expect(found.contains { $0["code"] == "ERP-100234" && $0["item"] == "GLOVE-M" && $0["field"] == "unit" && $0["system"] == "BOX" && $0["canonical"] == "CS" && $0["kind"] == "mismatch" })
            #expect(found.contains { $0["code"] == "ERP-999" && $0["item"] == nil && $0["kind"] == "unknown-to-suture" })
            #expect(found.contains { $0["code"] == "ERP-200" && $0["item"] == "SYRINGE-5" && $0["kind"] == "missing-in-system" })
            let read = try await harness.hub.request("GET", "/v1/drift?system=erp", token: harness.token).json()
            #expect(Self.differences(read).count == 3 && read["system"] as? String == "erp")

            // One exception per item and system; the same snapshot again adds none.
            var exceptions = try await Self.driftExceptions(harness)
            #expect(exceptions.count == 3)
            _ = try await harness.hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token, json: snapshot)
            exceptions = try await Self.driftExceptions(harness)
            #expect(exceptions.count == 3, "posting the same snapshot again adds no exception")
            let gloves = try #require(exceptions.first { ($0["summary"] as? String ?? "").contains("GLOVE-M") })
            let glovesID = try #require(gloves["id"] as? String)
            #expect((gloves["actions"] as? [String]) == ["push", "accept", "reject"])

            // Push: the ERP gets the canonical record in its code and unit; the exception waits.
            let pushed = try await harness.hub.request("POST", "/v1/exceptions/\(glovesID)/resolve", token: harness.token,
                                                       json: #"{"action":"push","note":"the ERP is wrong"}"#)
            #expect(pushed.status == 200, "\(pushed.text)")
            #expect(try pushed.json()["status"] as? String == "in-progress")
            #expect(await eventually { await harness.erp.ledger.count(of: .item("ERP-100234")) == 1 })
            let posting = try #require(await harness.erp.ledger.postings(of: .item("ERP-100234")).first)
            #expect(posting.body["unit"] == .string("CS"), "\(posting.body)")

            // The next snapshot agrees on the gloves: that exception resolves by itself; the others stay.
            let agreeing = snapshot.replacingOccurrences(of: #""unit":"BOX""#, with: #""unit":"CS""#)
            _ = try await harness.hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token, json: agreeing)
            let resolved = try await harness.hub.request("GET", "/v1/exceptions/\(glovesID)", token: harness.token).json()
            #expect(resolved["status"] as? String == "resolved")
            #expect(try await Self.driftExceptions(harness).filter { $0["status"] as? String == "open" }.count == 2)

            // Accept: the ERP's description becomes the canonical one, audited under the person's client.
            let renamed = agreeing.replacingOccurrences(of: #""description":"Nitrile gloves M""#, with: #""description":"Nitrile exam gloves, M""#)
            _ = try await harness.hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token, json: renamed)
            let open = try await Self.driftExceptions(harness).filter { $0["status"] as? String == "open" }
            let described = try #require(open.first { ($0["summary"] as? String ?? "").contains("description") })
            let accepted = try await harness.hub.request("POST", "/v1/exceptions/\(described["id"] as? String ?? "")/resolve", token: harness.token,
                                                         json: #"{"action":"accept","note":"the ERP's name is right"}"#)
            #expect(accepted.status == 200, "\(accepted.text)")
            #expect(try accepted.json()["status"] as? String == "resolved")
            #expect(try await store.item("GLOVE-M")?.description == "Nitrile exam gloves, M")
            let audit = try await store.auditEntries(AuditQuery(target: "item:GLOVE-M"))
            #expect(audit.first?.action == "item.accept" && (audit.first?.details.contains("Nitrile exam gloves, M") ?? false), "\(audit)")
            #expect(try await store.verifyAuditChain().broken == nil)

            // Bad snapshots are refused with the row at fault; unknown systems are 404.
            let bad = try await harness.hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token, json: #"[{"description":"no code"}]"#)
            #expect(bad.status == 400, "\(bad.text)")
            #expect(try bad.json()["detail"] as? String ?? "" == "row 1, code: is required")
            #expect(try await harness.hub.request("POST", "/v1/systems/nowhere/snapshots/items", token: harness.token, json: "[]").status == 404)
            #expect(try await harness.hub.request("GET", "/v1/drift?system=storeroom-a", token: harness.token).status == 404)
            let csv = try await harness.hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token,
                                                    body: Data("code,description,unit\nERP-100234,Nitrile exam gloves M,CS\nERP-200,Syringe 5 ml,EA\n".utf8),
                                                    headers: ["Content-Type": "text/csv"])
            #expect(Self.differences(try csv.json()).map { $0["field"] ?? "" } == ["description"], "\(csv.text)")
        }
    }
}

/// An ERP's items read on a schedule (`drift: { every: ... }` on an erp-http system).
@Suite struct ScheduledDriftTests {
    @Test func anERPsItemsAreReadOnItsScheduleAndAReadThatFailsChangesNothing() async throws {
        try await PipelineHarness.with(adjust: { configuration in
            for index in configuration.systems.indices {
                if case .erpHTTP(var settings) = configuration.systems[index].connection {
                    settings.driftEvery = .milliseconds(200)
                    configuration.systems[index].connection = .erpHTTP(settings)
                }
            }
        }) { harness in
            // The ERP keeps the gloves in cases where Suture's crosswalk says boxes.
            await harness.erp.ledger.replaceItems([
                .object([("item", .string("ERP-100234")), ("description", .string("Nitrile gloves M")), ("unit", .string("CS")),
                         ("status", .string("active"))]),
            ])
            let drifted: @Sendable () async -> [String: Any]? = {
                guard let response = try? await harness.hub.request("GET", "/v1/drift?system=erp", token: harness.token), response.status == 200 else { return nil }
                return try? response.json()
            }
            #expect(await eventually { (await drifted()).map(MasterDataDriftTests.differences)?.contains { $0["field"] == "unit" } ?? false })
            let report = try #require(await drifted())
            #expect(MasterDataDriftTests.differences(report).first { $0["field"] == "unit" }?["system"] == "CS")
            #expect(MasterDataDriftTests.differences(report).first { $0["field"] == "unit" }?["canonical"] == "BOX")
            #expect(try await MasterDataDriftTests.driftExceptions(harness).count == 1)

            // While the ERP is down the reads fail: the last comparison and the exception stand.
            _ = try harness.erp.faults.goDown()
            let refusedBefore = await harness.erp.ledger.itemReads().refused
            #expect(await eventually { await harness.erp.ledger.itemReads().refused >= refusedBefore + 2 })
            let during = try #require(await drifted())
            #expect(MasterDataDriftTests.differences(during).count == MasterDataDriftTests.differences(report).count)
            #expect(try await MasterDataDriftTests.driftExceptions(harness).first?["status"] as? String == "open")

            // Back up and agreeing: the next read resolves the exception.
            _ = harness.erp.faults.comeUp()
            await harness.erp.ledger.replaceItems([
                .object([("item", .string("ERP-100234")), ("description", .string("Nitrile gloves M")), ("unit", .string("BOX")),
                         ("gtin", .string("10614141000019")), ("status", .string("active"))]),
            ])
            #expect(await eventually { ((try? await MasterDataDriftTests.driftExceptions(harness)) ?? []).first?["status"] as? String == "resolved" })
        }
    }
}
