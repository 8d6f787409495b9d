import Foundation
import SutureModel
import SutureStore
import SutureDelivery
import SutureTestSupport
import Testing
import SutureStoreFactory

/// The storage contract, run against every store kind; the tests themselves do not change.
///
/// The PostgreSQL kind needs a server: `SUTURE_TEST_POSTGRES_URL` names it, and without it
/// those cases fail, unless `SUTURE_TEST_POSTGRES=skip` leaves them out on purpose.
@Suite struct StoreTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite
        case postgres
        var testDescription: String { rawValue }
    }

    static let kinds = Kind.allCases.filter { $0 != .postgres || !PostgresTestSchema.isSkipped }

    /// Opens a fresh, empty store of `kind` (an SQLite file in a temporary folder, or a
    /// PostgreSQL schema of its own), runs `body` with it and where it lives, then removes it.
    static func withStore(_ kind: Kind, _ body: (any Store, String) async throws -> Void) async throws {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("nested/suture.db").path
            try await withOpenStore(StoreURL("sqlite:\(path)"), path, body)
        case .postgres:
            try await PostgresTestSchema.withSchema { url in
                try await withOpenStore(StoreURL(url), url, body)
            }
        }
    }

    private static func withOpenStore(_ url: StoreURL, _ location: String, _ body: (any Store, String) async throws -> Void) async throws {
        let store = try await StoreFactory.open(url)
        do {
            try await body(store, location)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static func gloves() throws -> Item {
        Item(id: "GLOVE-M", description: "Nitrile exam gloves, medium", gtin: try GTIN("00614141000012"),
             manufacturer: "Acme", manufacturerPart: "NG-M", unspsc: "42132203",
             packaging: try PackagingHierarchy(baseUnit: "EA", levels: [
                PackagingLevel(unit: "BX", quantity: 100, gtin: try GTIN("10614141000019")),
                PackagingLevel(unit: "CS", quantity: 1000, gtin: try GTIN("20614141000016")),
             ]),
             lotControlled: true, expiryControlled: true)
    }

    @Test(arguments: kinds)
    func itemRoundTripsWithPackagingAndFlags(kind: Kind) async throws {
        try await Self.withStore(kind) { store, _ in
            let item = try Self.gloves()
            #expect(try await store.putItem(item) == .created)
            #expect(try await store.item("GLOVE-M") == item)
            var changed = item
            changed.description = "Nitrile gloves M"
            changed.status = .discontinued
            #expect(try await store.putItem(changed) == .updated)
            #expect(try await store.item("GLOVE-M") == changed)
            #expect(try await store.item("NOPE") == nil)
        }
    }

    @Test(arguments: kinds)
    func everyGTINOfAnItemFindsItWithItsUnit(kind: Kind) async throws {
        try await Self.withStore(kind) { store, _ in
            _ = try await store.putItem(try Self.gloves())
            let byCase = try #require(try await store.item(byGTIN: try GTIN("20614141000016")))
            #expect(byCase.item.id == "GLOVE-M")
            #expect(byCase.unit == "CS")
            #expect(try await store.item(byGTIN: try GTIN("614141000012"))?.unit == "EA")
            #expect(try await store.item(byGTIN: try GTIN("05901234123457")) == nil)
        }
    }

    @Test(arguments: kinds)
    func aGTINBelongsToOneItemOnly(kind: Kind) async throws {
        try await Self.withStore(kind) { store, _ in
            _ = try await store.putItem(try Self.gloves())
            let other = Item(id: "OTHER", description: "Other", gtin: try GTIN("10614141000019"),
                             packaging: try PackagingHierarchy(baseUnit: "EA"))
            await #expect(throws: StoreError.conflict("GTIN 10614141000019 already belongs to item GLOVE-M")) {
                try await store.putItem(other)
            }
            #expect(try await store.item("OTHER") == nil)
        }
    }

    @Test(arguments: kinds)
    func replacingPackagingDropsOldGTINs(kind: Kind) async throws {
        try await Self.withStore(kind) { store, _ in
            var item = try Self.gloves()
            _ = try await store.putItem(item)
            item.packaging = try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 50)])
            _ = try await store.putItem(item)
            #expect(try await store.item(byGTIN: try GTIN("20614141000016")) == nil)
            #expect(try await store.item("GLOVE-M")?.packaging.levels.count == 1)
        }
    }

    @Test(arguments: kinds)
    func locationsSuppliersAndCrosswalksRoundTrip(kind: Kind) async throws {
        try await Self.withStore(kind) { store, _ in
            let hospital = Location(id: "GENERAL", name: "General Hospital", type: .facility, gln: try GLN("0614141000005"))
            let storeroom = Location(id: "MAIN-OR-STORE", name: "OR storeroom", type: .storeroom, parent: "GENERAL")
            #expect(try await store.putLocation(hospital) == .created)
            #expect(try await store.putLocation(storeroom) == .created)
            #expect(try await store.location("MAIN-OR-STORE") == storeroom)

            let supplier = Supplier(id: "ACME", name: "Acme Medical", gln: try GLN("5412345000013"), interchangeID: "ACMEMED")
            #expect(try await store.putSupplier(supplier) == .created)
            #expect(try await store.putSupplier(supplier) == .unchanged, "an identical write changes nothing")
            var renamed = supplier
            renamed.name = "Acme Medical Inc."
            #expect(try await store.putSupplier(renamed) == .updated)
            #expect(try await store.putSupplier(supplier) == .updated)
            #expect(try await store.supplier("ACME") == supplier)

            let entry = CrosswalkEntry(system: "storeroom-a", kind: .items, code: "7788", canonical: "GLOVE-M", unit: "BX")
            #expect(try await store.putCrosswalk(entry) == .created)
            #expect(try await store.crosswalk(system: "storeroom-a", kind: .items, code: "7788") == entry)
            #expect(try await store.crosswalk(system: "erp", kind: .items, code: "7788") == nil)
            let unit = CrosswalkEntry(system: "storeroom-a", kind: .units, code: "CA", canonical: "CS")
            #expect(try await store.putCrosswalk(unit) == .created)
            #expect(try await store.crosswalks(system: "storeroom-a", kind: .units) == [unit])
            #expect(try await store.deleteCrosswalk(system: "storeroom-a", kind: .items, code: "7788"))
            #expect(try await store.deleteCrosswalk(system: "storeroom-a", kind: .items, code: "7788") == false)
            #expect(try await store.crosswalk(system: "storeroom-a", kind: .items, code: "7788") == nil)
        }
    }

    @Test(arguments: kinds)
    func clientsAreFoundByTokenHashAndNamesAreUnique(kind: Kind) async throws {
        try await Self.withStore(kind) { store, _ in
            let client = ClientRecord(name: "storeroom-a", tokenHash: String(repeating: "ab", count: 32), scopes: ["events:write", "events:read"])
            try await store.addClient(client)
            let now = WallClock.nowMilliseconds()
            let found = try #require(try await store.client(tokenHash: client.tokenHash, now: now))
            #expect(found.name == "storeroom-a" && found.scopes == client.scopes && found.createdAt != nil && found.revokedAt == nil)
            #expect(try await store.client(tokenHash: String(repeating: "cd", count: 32), now: now) == nil)
            await #expect(throws: StoreError.conflict("a client named 'storeroom-a' already exists")) {
                try await store.addClient(ClientRecord(name: "storeroom-a", tokenHash: String(repeating: "ef", count: 32), scopes: []))
            }
            #expect(try await store.clients().map(\.name) == ["storeroom-a"])
        }
    }

    @Test(arguments: kinds)
    func aRotatedTokenWorksUntilItsGraceEndsAndARevokedClientIsFoundByNoToken(kind: Kind) async throws {
        try await Self.withStore(kind) { store, _ in
            let old = String(repeating: "ab", count: 32), new = String(repeating: "cd", count: 32)
            try await store.addClient(ClientRecord(name: "scanner", tokenHash: old, scopes: ["events:write"]))
            let now = WallClock.nowMilliseconds()
            #expect(try await store.rotateClient(named: "scanner", tokenHash: new, graceUntil: now + 60_000, audit: nil))
            #expect(try await store.client(tokenHash: old, now: now)?.name == "scanner", "the old token within the grace")
            #expect(try await store.client(tokenHash: new, now: now)?.name == "scanner")
            #expect(try await store.client(tokenHash: old, now: now + 60_000) == nil, "the old token after the grace")
            #expect(try await store.updateClient(named: "scanner", scopes: ["events:read"], rateLimit: .init(perSecond: 5, burst: 10), audit: nil))
            let updated = try #require(try await store.client(tokenHash: new, now: now))
            #expect(updated.scopes == ["events:read"] && updated.rateLimit == .init(perSecond: 5, burst: 10) && updated.tokenHash == new)
            try await store.recordClientUse(["scanner": now, "nobody": now])
            try await store.recordClientUse(["scanner": now - 5])
            #expect(try await store.client(named: "scanner")?.lastUsedAt == now, "an older time does not replace a newer one")
            #expect(try await store.revokeClient(named: "scanner", at: now, audit: nil))
            #expect(try await store.revokeClient(named: "scanner", at: now, audit: nil) == false)
            #expect(try await store.client(tokenHash: new, now: now) == nil)
            #expect(try await store.rotateClient(named: "scanner", tokenHash: old, graceUntil: now, audit: nil) == false)
            #expect(try await store.client(named: "scanner")?.revokedAt == now)
        }
    }

    @Test func dataSurvivesReopeningTheFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-reopen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try StoreURL("sqlite:\(directory.path)/suture.db")
        let first = try await StoreFactory.open(url)
        _ = try await first.putItem(try Self.gloves())
        await first.close()
        let second = try await StoreFactory.open(url)
        #expect(try await second.item("GLOVE-M") == (try Self.gloves()))
        await second.close()
    }

    @Test func aDatabaseFromANewerSutureIsRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-newer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try StoreURL("sqlite:\(directory.path)/suture.db")
        await (try StoreFactory.open(url)).close()
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"insert into schema_migrations values (999, 'x')\"); c.commit()", "\(directory.path)/suture.db"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        await #expect(throws: StoreError.self) { try await StoreFactory.open(url) }
    }

    @Test(arguments: [
        ("sqlite:suture-data/suture.db", StoreURL.sqlite(path: "suture-data/suture.db")),
        ("sqlite:///var/lib/suture.db", StoreURL.sqlite(path: "/var/lib/suture.db")),
        ("postgres://u:secret@127.0.0.1:5432/suture", StoreURL.postgres(url: "postgres://u:secret@127.0.0.1:5432/suture")),
    ])
    func storeURLsParse(text: String, expected: StoreURL) throws {
        #expect(try StoreURL(text) == expected)
    }

    @Test func storeURLsHidePasswordsAndRefuseUnknownSchemes() throws {
        #expect(try StoreURL("postgres://u:secret@127.0.0.1:5432/suture").description == "postgres://u:***@127.0.0.1:5432/suture")
        #expect(throws: StoreError.self) { try StoreURL("mysql://x") }
        #expect(throws: StoreError.self) { try StoreURL("sqlite:") }
    }
}

@Suite struct OutboxStoreTests {
    static func event(_ id: EventID, key: String) -> NewEvent {
        NewEvent(id: id, client: "c", idempotencyKey: key, requestHash: "h-\(key)", correlationID: "0af7651916cd43dd8448eb211c80319c",
                 traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", type: .receipt, source: "storeroom-a",
                 payload: "{}", receivedAt: 1_000)
    }

    @Test(arguments: StoreTests.kinds)
    func claimsAreLeasedAndOrphanedClaimsAreReleasedAtStart(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            #expect(try await store.appendEvents([Self.event("evt_1", key: "k1")]) == [.accepted(id: "evt_1", correlationID: "0af7651916cd43dd8448eb211c80319c")])
            try await store.recordProcessing([ProcessedEvent(
                eventID: "evt_1", status: .routed, normalized: "{}",
                deliveries: [NewDelivery(id: "dlv_1_erp", destination: "erp", method: "POST", path: "/receipts", body: "{}", idempotencyKey: "suture-dlv_1_erp")],
                exceptions: [], timeline: [])])
            // Deliveries are due from the moment they are written (wall-clock milliseconds).
            let now = Int64(Date().timeIntervalSince1970 * 1000) + 1_000
            let claimed = try await store.claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 60_000, limit: 10)
            #expect(claimed.map(\.id) == ["dlv_1_erp"])
            #expect(claimed.first?.eventReceivedAt == 1_000)
            // Leased: not claimable again before the lease ends, claimable after.
            #expect(try await store.claimDueDeliveries(destination: "erp", now: now + 1_000, leaseUntil: now + 60_000, limit: 10).isEmpty)
            #expect(try await store.claimDueDeliveries(destination: "erp", now: now + 60_001, leaseUntil: now + 90_000, limit: 10).count == 1)
            if store.sharedByNodes {
                // A store shared by several nodes releases nothing (a live worker on another
                // node may hold the claim): the lease decides.
                #expect(try await store.releaseOrphanedClaims(destination: "erp", now: now + 2_000) == 0)
                #expect(try await store.claimDueDeliveries(destination: "erp", now: now + 2_000, leaseUntil: now + 60_000, limit: 10).isEmpty)
                return
            }
            // A restarted single-node hub releases the claim at once.
            #expect(try await store.releaseOrphanedClaims(destination: "erp", now: now + 2_000) == 1)
            let again = try await store.claimDueDeliveries(destination: "erp", now: now + 2_000, leaseUntil: now + 60_000, limit: 10)
            #expect(again.first?.idempotencyKey == "suture-dlv_1_erp")
            #expect(again.first?.status == .inFlight)
        }
    }

    /// A status of PO-1 to the ERP under the state key of that order (`NewDelivery.stateKey`).
    static func state(_ revision: Int, of order: String = "PO-1") -> OutboundDelivery {
        OutboundDelivery(NewDelivery(id: "dlv_\(order)_r\(revision)_erp", destination: "erp", method: "PUT", path: "/purchase-orders/\(order)/status",
                                     body: "{\"revision\":\(revision)}", idempotencyKey: "suture-\(order)-r\(revision)",
                                     stateKey: "purchase-order-status:\(order)"),
                         source: .purchaseOrder(order), correlationID: "corr-\(order)", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    }

    /// Writes `deliveries` and returns a claim time at which they are due: far enough ahead
    /// that deliveries written later in the test are due too, however slow the machine.
    static func queue(_ deliveries: [OutboundDelivery], in store: any Store) async throws -> Int64 {
        var changes = StoreChanges()
        changes.deliveries = deliveries
        try await store.commit(changes)
        return Int64(Date().timeIntervalSince1970 * 1000) + 10_000
    }

    @Test(arguments: StoreTests.kinds)
    func aNewerStateSupersedesAnOlderOneNotYetSent(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let now = try await Self.queue([Self.state(2), Self.state(3), Self.state(2, of: "PO-2")], in: store)
            let claimed = try await store.claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 60_000, limit: 10)
            // Revision 3 of PO-1 is sent and revision 2 never is; PO-2 has a state key of its own.
            #expect(claimed.map(\.id) == ["dlv_PO-1_r3_erp", "dlv_PO-2_r2_erp"])
            let older = try #require(try await store.delivery(id: "dlv_PO-1_r2_erp"))
            #expect(older.status == .superseded)
            #expect(older.attempts == 0)
            #expect(try await store.timeline(correlationID: "corr-PO-1").contains { $0.stage == .superseded && $0.detail.hasPrefix("dlv_PO-1_r2_erp") })
            #expect(try await store.deliveries(status: .superseded, destination: "erp", limit: 10, before: nil).map(\.record.id) == ["dlv_PO-1_r2_erp"])
        }
    }

    @Test(arguments: StoreTests.kinds)
    func aNewerStateWaitsWhileAnOlderOneIsInFlight(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let now = try await Self.queue([Self.state(2)], in: store)
            let inFlight = try await store.claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 60_000, limit: 10)
            #expect(inFlight.map(\.id) == ["dlv_PO-1_r2_erp"])
            // Revision 3 arrives while revision 2 is on its way: it is not sent alongside it
            // (it could overtake it), and revision 2 is not superseded under a live lease.
            _ = try await Self.queue([Self.state(3)], in: store)
            #expect(try await store.claimDueDeliveries(destination: "erp", now: now + 100, leaseUntil: now + 60_000, limit: 10).isEmpty)
            #expect(try await store.delivery(id: "dlv_PO-1_r2_erp")?.status == .inFlight)
            // Revision 2 fails and is due again: revision 3 takes its place.
            try await store.recordDeliveryAttempts([DeliveryAttemptRecord(
                deliveryID: "dlv_PO-1_r2_erp", status: .pending, attempts: 1, nextAttemptAt: now + 200, lastStatusCode: 503,
                lastError: "HTTP 503", timeline: [], exception: nil, claimedUntil: now + 60_000)])
            let next = try await store.claimDueDeliveries(destination: "erp", now: now + 300, leaseUntil: now + 60_000, limit: 10)
            #expect(next.map(\.id) == ["dlv_PO-1_r3_erp"])
            #expect(try await store.delivery(id: "dlv_PO-1_r2_erp")?.status == .superseded)
            // A lease that ran out (the node died mid-call) no longer holds a newer state back.
            _ = try await Self.queue([Self.state(4)], in: store)
            #expect(try await store.claimDueDeliveries(destination: "erp", now: now + 400, leaseUntil: now + 60_000, limit: 10).isEmpty)
            let afterLease = try await store.claimDueDeliveries(destination: "erp", now: now + 60_001, leaseUntil: now + 90_000, limit: 10)
            #expect(afterLease.map(\.id) == ["dlv_PO-1_r4_erp"])
            #expect(try await store.delivery(id: "dlv_PO-1_r3_erp")?.status == .superseded)
        }
    }

    @Test(arguments: StoreTests.kinds)
    func anOlderDeadStateIsSupersededAndItsExceptionResolved(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let now = try await Self.queue([Self.state(2)], in: store)
            #expect(try await store.claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 60_000, limit: 10).count == 1)
            let exhausted = NewException(id: "exc_r2", type: .deliveryExhausted, correlationID: "corr-PO-1", system: "erp", eventID: nil,
                                         deliveryID: "dlv_PO-1_r2_erp", summary: "attempts exhausted", context: "{}")
            try await store.recordDeliveryAttempts([DeliveryAttemptRecord(
                deliveryID: "dlv_PO-1_r2_erp", status: .dead, attempts: 12, nextAttemptAt: now, lastStatusCode: 503, lastError: "HTTP 503",
                timeline: [], exception: exhausted, claimedUntil: now + 60_000)])
            #expect(try await store.exception(id: "exc_r2")?.status == .open)
            // The newer status goes out; the dead one is moot, and so is its exception.
            _ = try await Self.queue([Self.state(3)], in: store)
            #expect(try await store.claimDueDeliveries(destination: "erp", now: now + 100, leaseUntil: now + 60_000, limit: 10).map(\.id) == ["dlv_PO-1_r3_erp"])
            #expect(try await store.delivery(id: "dlv_PO-1_r2_erp")?.status == .superseded)
            let resolved = try #require(try await store.exception(id: "exc_r2"))
            #expect(resolved.status == .resolved)
            let history = try JSONValue.parse(resolved.history).arrayValue ?? []
            #expect(history.last?["action"] == .string("superseded"))
            #expect(history.last?["by"] == .string("suture"))
        }
    }

    @Test(arguments: StoreTests.kinds)
    func deliveredSupersededAndInFlightDeliveriesAreNotRequeued(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let now = try await Self.queue([Self.state(2), Self.state(3), Self.state(2, of: "PO-2")], in: store)
            #expect(try await store.claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 60_000, limit: 10).count == 2)
            try await store.recordDeliveryAttempts([DeliveryAttemptRecord(
                deliveryID: "dlv_PO-2_r2_erp", status: .delivered, attempts: 1, nextAttemptAt: now, lastStatusCode: 200, lastError: nil,
                timeline: [], exception: nil, claimedUntil: now + 60_000)])
            // PO-1 r2 is superseded, PO-1 r3 in flight, PO-2 r2 delivered: none goes back in the queue.
            for id: DeliveryID in ["dlv_PO-1_r2_erp", "dlv_PO-1_r3_erp", "dlv_PO-2_r2_erp"] {
                var requeue = StoreChanges()
                requeue.requeues = [DeliveryRequeue(deliveryID: id, idempotencyKey: "again-\(id)", body: nil)]
                await #expect(throws: StoreError.self) { try await store.commit(requeue) }
            }
            #expect(try await store.delivery(id: "dlv_PO-1_r3_erp")?.status == .inFlight)
            #expect(try await store.delivery(id: "dlv_PO-2_r2_erp")?.idempotencyKey == "suture-PO-2-r2")
        }
    }

    @Test(arguments: StoreTests.kinds)
    func theAttemptsOfABatchAreRecordedTogetherEachUnderItsOwnLease(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            _ = try await store.appendEvents([Self.event("evt_1", key: "k1"), Self.event("evt_2", key: "k2")])
            func delivery(_ id: DeliveryID) -> NewDelivery {
                NewDelivery(id: id, destination: "erp", method: "POST", path: "/receipts", body: "{}", idempotencyKey: "suture-\(id)")
            }
            try await store.recordProcessing([
                ProcessedEvent(eventID: "evt_1", status: .routed, normalized: "{}", deliveries: [delivery("d1")], exceptions: [], timeline: []),
                ProcessedEvent(eventID: "evt_2", status: .routed, normalized: "{}", deliveries: [delivery("d2"), delivery("d3")], exceptions: [], timeline: []),
            ])
            let now = Int64(Date().timeIntervalSince1970 * 1000) + 1_000
            let lease = now + 60_000
            #expect(try await store.claimDueDeliveries(destination: "erp", now: now, leaseUntil: lease, limit: 10).count == 3)
            func attempt(_ id: DeliveryID, _ status: DeliveryStatus, lease: Int64, exception: NewException? = nil) -> DeliveryAttemptRecord {
                DeliveryAttemptRecord(deliveryID: id, status: status, attempts: 1, nextAttemptAt: now, lastStatusCode: status == .delivered ? 200 : 503,
                                      lastError: status == .delivered ? nil : "HTTP 503",
                                      timeline: [TimelineEntry(at: now, correlationID: "trace-\(id)", stage: .deliveryAttempt, system: "erp", outcome: status.rawValue, detail: id.rawValue)],
                                      exception: exception, claimedUntil: lease)
            }
            let dead = NewException(id: "exc_d3", type: .deliveryExhausted, correlationID: "trace-d3", system: "erp", eventID: "evt_2",
                                    deliveryID: "d3", summary: "attempts exhausted", context: "{}")
            try await store.recordDeliveryAttempts([
                attempt("d1", .delivered, lease: lease),
                attempt("d2", .delivered, lease: lease + 1),  // not the lease it holds: another node's outcome stands
                attempt("d3", .dead, lease: lease, exception: dead),
                attempt("d1", .dead, lease: lease),  // the same delivery twice: the first counts
                DeliveryAttemptRecord(deliveryID: "d9", status: .delivered, attempts: 1, nextAttemptAt: now, lastStatusCode: 200, lastError: nil,
                                      timeline: [TimelineEntry(at: now, correlationID: "trace-d9", stage: .delivered, outcome: "ok", detail: "d9")],
                                      exception: nil),  // no such delivery: nothing is recorded for it
            ])
            #expect(try await store.delivery(id: "d1")?.status == .delivered)
            #expect(try await store.delivery(id: "d2")?.status == .inFlight)
            #expect(try await store.delivery(id: "d3")?.status == .dead)
            #expect(try await store.exception(id: "exc_d3")?.deliveryID == "d3")
            #expect(try await store.timeline(correlationID: "trace-d1").map(\.outcome) == ["delivered"])
            #expect(try await store.timeline(correlationID: "trace-d2").isEmpty)
            #expect(try await store.timeline(correlationID: "trace-d9").isEmpty)
            #expect(try await store.timeline(correlationID: "trace-d3").map(\.outcome) == ["dead"])
            // Each event's status follows all of its deliveries.
            #expect(try await store.event(id: "evt_1")?.status == .delivered)
            #expect(try await store.event(id: "evt_2")?.status == .exception)
        }
    }

    @Test(arguments: StoreTests.kinds)
    func aRepeatedKeyInOneBatchIsADuplicateOrAConflict(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            var other = Self.event("evt_3", key: "k1")
            other.requestHash = "different"
            let outcomes = try await store.appendEvents([Self.event("evt_1", key: "k1"), Self.event("evt_2", key: "k1"), other])
            #expect(outcomes[0] == .accepted(id: "evt_1", correlationID: "0af7651916cd43dd8448eb211c80319c"))
            #expect(outcomes[1] == .duplicate(id: "evt_1", correlationID: "0af7651916cd43dd8448eb211c80319c", status: .accepted))
            #expect(outcomes[2] == .keyConflict(existingID: "evt_1"))
            #expect(try await store.acceptedEvents(limit: 10).map(\.id) == ["evt_1"])
        }
    }
}

@Suite struct X12ControlNumberStoreTests {
    @Test(arguments: StoreTests.kinds)
    func controlNumbersIncreasePerPartnerAndAreNeverHandedOutTwice(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let first = try await store.reserveX12ControlNumbers(partner: "ACMEMED", sets: 3)
            #expect(first == X12ControlNumberReservation(interchange: 1, group: 1, firstSet: 1))
            let second = try await store.reserveX12ControlNumbers(partner: "ACMEMED", sets: 1)
            #expect(second == X12ControlNumberReservation(interchange: 2, group: 2, firstSet: 4))
            #expect(try await store.reserveX12ControlNumbers(partner: "OTHER", sets: 1).interchange == 1)
            // Concurrent reservations get distinct interchange numbers.
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 { group.addTask { try await store.reserveX12ControlNumbers(partner: "ACMEMED", sets: 1).interchange } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(Set(numbers).count == 20)
            #expect(numbers.min() == 3 && numbers.max() == 22)
        }
    }

    @Test func controlNumbersSurviveAReopen() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-x12cn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try StoreURL("sqlite:\(directory.path)/suture.db")
        let first = try await StoreFactory.open(url)
        _ = try await first.reserveX12ControlNumbers(partner: "ACMEMED", sets: 2)
        await first.close()
        let second = try await StoreFactory.open(url)
        #expect(try await second.reserveX12ControlNumbers(partner: "ACMEMED", sets: 1) == X12ControlNumberReservation(interchange: 2, group: 2, firstSet: 3))
        await second.close()
    }
}
