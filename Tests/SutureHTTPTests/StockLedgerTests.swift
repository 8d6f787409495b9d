import Foundation
import SutureDelivery
import SutureModel
import SutureStore
import Testing

/// The stock ledger from the events, through the pipeline (docs/stock.md). Runs on SQLite and,
/// in the suite's second pass, on PostgreSQL.
@Suite struct StockLedgerTests {
    static func event(_ type: String, _ quantity: String, _ unit: String, lot: String, extra: String = "") -> String {
        #"{"type":"\#(type)","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"7788","quantity":"\#(quantity)","unit":"\#(unit)","lot":"\#(lot)","expiry":"2030-01-31"\#(extra)}"#
    }

    /// Posts an event and waits until the processor has taken it.
    static func apply(_ body: String, key: String, _ harness: PipelineHarness) async throws -> String {
        let response = try await harness.post(body, key: key)
        #expect(response.status == 202 || response.status == 200, "\(response.text)")
        let id = try #require(try response.json()["id"] as? String)
        #expect(await eventually { (try? await harness.hub.store.event(id: EventID(id)))?.status != .accepted })
        return id
    }

    /// On hand by `location/lot`, leaving out zeros.
    static func levels(_ harness: PipelineHarness) async throws -> [String: String] {
        var found: [String: String] = [:]
        let positions = try JSONValue.parse(try await harness.hub.request("GET", "/v1/stock?item=GLOVE-M", token: harness.token).text)
        for position in positions.arrayValue ?? [] {
            for lot in position["lots"]?.arrayValue ?? [] {
                found["\(position["location"]?.stringValue ?? "")/\(lot["lot"]?.stringValue ?? "-")"] = lot["quantity"]?.stringValue
            }
        }
        return found
    }

    @Test func aSequenceOfEventsGivesTheOnHandPerLocationAndLotAndProcessingAgainChangesNothing() async throws {
        try await PipelineHarness.with { harness in
            let store = harness.hub.store
            _ = try await store.putLocation(Location(id: "ICU-STORE", name: "ICU store", type: .storeroom, parent: "GENERAL"))
            _ = try await store.putCrosswalk(CrosswalkEntry(system: "storeroom-a", kind: .locations, code: "ICU-1", canonical: "ICU-STORE"))
            _ = try await store.putCrosswalk(CrosswalkEntry(system: "erp", kind: .locations, code: "WH-ICU", canonical: "ICU-STORE"))

            // GLOVE-M: 1 BX = 10 EA, 1 CS (CA to the storeroom) = 100 EA.
            var ids: [String] = []
            ids.append(try await Self.apply(Self.event("receipt", "2", "CA", lot: "LOT4711"), key: "s-1", harness))            // +200 LOT4711
            ids.append(try await Self.apply(Self.event("receipt", "1", "CA", lot: "LOT9"), key: "s-2", harness))               // +100 LOT9
            ids.append(try await Self.apply(Self.event("issue", "3", "BX", lot: "LOT4711"), key: "s-3", harness))              // -30
            ids.append(try await Self.apply(Self.event("transfer", "5", "BX", lot: "LOT9", extra: #","toLocation":"ICU-1""#), key: "s-4", harness)) // -50 / +50 at ICU
            ids.append(try await Self.apply(Self.event("adjustment", "-4", "EA", lot: "LOT4711"), key: "s-5", harness))         // -4
            ids.append(try await Self.apply(Self.event("return", "1", "BX", lot: "LOT4711"), key: "s-6", harness))             // -10
            let extra = try await Self.apply(Self.event("receipt", "1", "CA", lot: "LOT5"), key: "s-7", harness)               // +100 LOT5, voided below
            ids.append(extra)
            #expect(try await Self.levels(harness) == ["MAIN-OR-STORE/LOT4711": "156", "MAIN-OR-STORE/LOT9": "50", "MAIN-OR-STORE/LOT5": "100",
                                                       "ICU-STORE/LOT9": "50"])

            // The LOT5 receipt is voided once its posting is delivered (the hub records it after
            // the ERP answered): its 100 leave again.
            #expect(await eventually {
                let deliveries = (try? await store.deliveries(source: .event(EventID(extra)))) ?? []
                return !deliveries.isEmpty && deliveries.allSatisfy { $0.status == .delivered }
            })
            let voided = try await harness.hub.request("POST", "/v1/events/\(extra)/void", token: harness.token, json: #"{"reason":"scanned twice"}"#)
            #expect(voided.status == 202, "\(voided.text)")
            // A count of LOT4711 sets it to 100; the ledger records -56.
            ids.append(try await Self.apply(Self.event("count", "100", "EA", lot: "LOT4711"), key: "s-8", harness))
            let expected = ["MAIN-OR-STORE/LOT4711": "100", "MAIN-OR-STORE/LOT9": "50", "ICU-STORE/LOT9": "50"]
            #expect(try await Self.levels(harness) == expected)
            let count = try await store.stockMovements(item: "GLOVE-M", location: "MAIN-OR-STORE", since: 0).last
            #expect(count?.kind == .count)
            #expect(count?.quantity == -56)

            // The same events again (same keys) are the same events; processing every one of
            // them again (as after a crash between processing and recording) moves nothing.
            #expect(try await harness.post(Self.event("issue", "3", "BX", lot: "LOT4711"), key: "s-3").status == 200)
            var again = StoreChanges()
            again.eventStatuses = ids.map { (EventID($0), EventStatus.accepted) }
            try await store.commit(again)
            for id in ids { #expect(await eventually { (try? await store.event(id: EventID(id)))?.status != .accepted }) }
            #expect(try await Self.levels(harness) == expected)
            let void = try await harness.hub.request("POST", "/v1/events/\(extra)/void", token: harness.token, json: #"{"reason":"scanned twice"}"#)
            #expect(void.status == 202, "voiding again answers with the same reversal")
            #expect(try await Self.levels(harness) == expected)

            // The position: on hand across lots, in the base unit; filters by location.
            let position = try JSONValue.parse(try await harness.hub.request("GET", "/v1/stock?location=MAIN-OR-STORE&item=GLOVE-M",
                                                                             token: harness.token).text)
            #expect(position.arrayValue?.count == 1)
            #expect(position.arrayValue?.first?["onHand"] == .string("150"))
            #expect(position.arrayValue?.first?["unit"] == .string("EA"))
            #expect(position.arrayValue?.first?["onOrder"] == .string("0"))
            #expect(position.arrayValue?.first?["lots"]?.arrayValue?.first?["expiry"] == .string("2030-01-31"))
            #expect(try await harness.hub.request("GET", "/v1/stock?location=not%20an%20id", token: harness.token).status == 400)
        }
    }

    @Test func openOrderLinesShippingToALocationAreOnOrderInTheBaseUnit() async throws {
        try await PipelineHarness.with { harness in
            try await OrderFlowTests.seedSupplier(harness)
            // 10 BX ordered for the OR store: 100 EA on order; a case received leaves none.
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: OrderFlowTests.order).status == 201)
            let before = try JSONValue.parse(try await harness.hub.request("GET", "/v1/stock?item=GLOVE-M", token: harness.token).text)
            #expect(before.arrayValue?.first?["location"] == .string("MAIN-OR-STORE"))
            #expect(before.arrayValue?.first?["onOrder"] == .string("100"))
            #expect(before.arrayValue?.first?["onHand"] == .string("0"))
            _ = try await Self.apply(OrderFlowTests.scan(order: "PO-7001"), key: "recv-stock", harness)
            let after = try JSONValue.parse(try await harness.hub.request("GET", "/v1/stock?item=GLOVE-M", token: harness.token).text)
            #expect(after.arrayValue?.first?["onOrder"] == .string("0"))
            #expect(after.arrayValue?.first?["onHand"] == .string("100"))
        }
    }

    @Test func aParLevelIsSetReadAndDeletedAndKeepsItsItemAndLocationFromBeingRetired() async throws {
        try await PipelineHarness.with { harness in
            let hub = harness.hub
            try await OrderFlowTests.seedSupplier(harness)
            let path = "/v1/locations/MAIN-OR-STORE/par-levels/GLOVE-M"
            let body = #"{"par":50,"reorderPoint":"10","unit":"EA","critical":true,"supplier":"ACME"}"#
            let created = try await hub.request("PUT", path, token: harness.token, json: body)
            #expect(created.status == 201, "\(created.text)")
            #expect(try await hub.request("PUT", path, token: harness.token, json: body).status == 200)
            let read = try JSONValue.parse(try await hub.request("GET", path, token: harness.token).text)
            #expect(read["par"] == .string("50"))
            #expect(read["reorderPoint"] == .string("10"))
            #expect(read["critical"] == .bool(true))
            #expect(read["supplier"] == .string("ACME"))
            #expect(try await hub.store.auditEntries(AuditQuery(action: "par-level.put")).count == 1, "the same body again writes nothing")

            // Refusals name the field; unknown location or item is 404.
            let above = try await hub.request("PUT", path, token: harness.token, json: #"{"par":10,"reorderPoint":10,"unit":"EA"}"#)
            #expect(above.status == 422)
            #expect(above.text.contains("reorderPoint"))
            #expect(try await hub.request("PUT", path, token: harness.token, json: #"{"par":50,"reorderPoint":10,"unit":"PL"}"#).status == 422)
            #expect(try await hub.request("PUT", path, token: harness.token, json: #"{"par":50,"reorderPoint":10,"unit":"EA","supplier":"NOBODY"}"#).status == 422)
            #expect(try await hub.request("PUT", "/v1/locations/NOWHERE/par-levels/GLOVE-M", token: harness.token, json: body).status == 404)
            #expect(try await hub.request("GET", "/v1/locations/MAIN-OR-STORE/par-levels/NO-ITEM", token: harness.token).status == 404)

            // While it exists, neither the item nor the location can be retired.
            let item = try await hub.request("DELETE", "/v1/items/GLOVE-M", token: harness.token)
            #expect(item.status == 409)
            #expect(item.text.contains("par levels at MAIN-OR-STORE"), "\(item.text)")
            #expect(try await hub.request("DELETE", "/v1/locations/MAIN-OR-STORE", token: harness.token).status == 409)

            // Deleted: gone, audited, and the item may go.
            #expect(try await hub.request("DELETE", path, token: harness.token).status == 204)
            #expect(try await hub.request("GET", path, token: harness.token).status == 404)
            #expect(try await hub.request("DELETE", path, token: harness.token).status == 404)
            #expect(try await hub.store.auditEntries(AuditQuery(action: "par-level.delete")).count == 1)
            #expect(try await hub.request("DELETE", "/v1/items/GLOVE-M", token: harness.token).status == 200)
            // Set again after a delete, it is created anew.
            #expect(try await hub.request("PUT", path, token: harness.token, json: body).status == 201)
        }
    }
}
