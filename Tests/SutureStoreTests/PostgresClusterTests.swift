import Foundation
import SutureModel
import SutureStore
import SutureDelivery
import SutureTestSupport
import Synchronization
import Testing
import SutureStoreFactory
import SutureStorePostgres

/// What only the PostgreSQL store promises: several nodes (here, several `PostgresStore`
/// instances, each with its own pool) on one database never hand out the same delivery,
/// event, control number, call slot or idempotency key twice, and never both win a race
/// for one document version or one exception; and the PostgreSQL side of start-up (URLs,
/// an unreachable server, a newer schema, nodes migrating at once).
@Suite(.enabled(if: !PostgresTestSchema.isSkipped, "SUTURE_TEST_POSTGRES=skip"))
struct PostgresClusterTests {
    /// Opens `count` stores on one fresh schema, as `count` nodes would, runs `body`, closes them.
    static func withNodes(_ count: Int, _ body: ([PostgresStore], String) async throws -> Void) async throws {
        try await PostgresTestSchema.withSchema { url in
            var nodes: [PostgresStore] = []
            do {
                for _ in 0..<count { nodes.append(try await PostgresStore.open(url: url)) }
                try await body(nodes, url)
            } catch {
                for node in nodes { await node.close() }
                throw error
            }
            for node in nodes { await node.close() }
        }
    }

    static func event(_ id: EventID, key: String, hash: String? = nil) -> NewEvent {
        NewEvent(id: id, client: "c", idempotencyKey: key, requestHash: hash ?? "h-\(key)", correlationID: "corr-\(id)",
                 traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", type: .receipt, source: "storeroom-a",
                 payload: "{}", receivedAt: 1_000)
    }

    /// Accepts `events` events and routes each to `perEvent` deliveries to `erp`; returns the delivery ids.
    static func routedDeliveries(_ store: any Store, events: Int, perEvent: Int) async throws -> [DeliveryID] {
        _ = try await store.appendEvents((0..<events).map { event("evt_\($0)", key: "k\($0)") })
        let results = (0..<events).map { index in
            ProcessedEvent(
                eventID: "evt_\(index)", status: .routed, normalized: "{}",
                deliveries: (0..<perEvent).map { copy in
                    NewDelivery(id: "dlv_\(index)_\(copy)", destination: "erp", method: "POST", path: "/receipts",
                                body: "{}", idempotencyKey: "suture-dlv_\(index)_\(copy)")
                },
                exceptions: [], timeline: [])
        }
        try await store.recordProcessing(results)
        return results.flatMap { $0.deliveries.map(\.id) }
    }

    static var farFuture: Int64 { Int64(Date().timeIntervalSince1970 * 1000) + 10_000 }

    @Test func twoNodesClaimingAtOnceNeverClaimTheSameDelivery() async throws {
        try await Self.withNodes(2) { nodes, _ in
            let all = try await Self.routedDeliveries(nodes[0], events: 60, perEvent: 5)
            let now = Self.farFuture
            // Each node claims small batches until it finds nothing left; the lease outlasts the test.
            let claimed = try await withThrowingTaskGroup(of: [DeliveryID].self) { group in
                for node in nodes {
                    for _ in 0..<2 {
                        group.addTask {
                            var mine: [DeliveryID] = []
                            while true {
                                let batch = try await node.claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 3_600_000, limit: 7)
                                if batch.isEmpty { return mine }
                                #expect(batch.allSatisfy { $0.status == .inFlight && $0.nextAttemptAt == now + 3_600_000 })
                                mine += batch.map(\.id)
                            }
                        }
                    }
                }
                return try await group.reduce(into: [[DeliveryID]]()) { $0.append($1) }
            }
            let union = claimed.flatMap { $0 }
            #expect(union.count == all.count, "every delivery claimed exactly once")
            #expect(Set(union) == Set(all))
            #expect(Set(union).count == union.count, "no delivery claimed twice")
            #expect(claimed.filter { !$0.isEmpty }.count > 1, "both nodes took part")
            #expect(try await nodes[1].claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 60_000, limit: 10).isEmpty)
        }
    }

    @Test func anExpiredLeaseIsClaimableByAnotherNodeInDueOrder() async throws {
        try await Self.withNodes(2) { nodes, _ in
            _ = try await Self.routedDeliveries(nodes[0], events: 3, perEvent: 1)
            let now = Self.farFuture
            let first = try await nodes[0].claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 1_000, limit: 10)
            #expect(first.map(\.id) == ["dlv_0_0", "dlv_1_0", "dlv_2_0"])
            #expect(try await nodes[1].claimDueDeliveries(destination: "erp", now: now + 999, leaseUntil: now + 5_000, limit: 10).isEmpty)
            // The first node's worker died: after its lease, the other node takes the deliveries, oldest first.
            let second = try await nodes[1].claimDueDeliveries(destination: "erp", now: now + 1_000, leaseUntil: now + 5_000, limit: 2)
            #expect(second.map(\.id) == ["dlv_0_0", "dlv_1_0"])
            #expect(try await nodes[0].nextDueTime(destination: "erp") == now + 1_000)
        }
    }

    @Test func controlNumbersReservedFromTwoNodesAtOnceAreAllDistinct() async throws {
        try await Self.withNodes(2) { nodes, _ in
            let reservations = try await withThrowingTaskGroup(of: (X12ControlNumberReservation, Int).self) { group in
                for index in 0..<40 {
                    let node = nodes[index % 2]
                    let sets = 1 + index % 3
                    group.addTask { (try await node.reserveX12ControlNumbers(partner: "ACMEMED", sets: sets), sets) }
                }
                return try await group.reduce(into: [(X12ControlNumberReservation, Int)]()) { $0.append($1) }
            }
            #expect(Set(reservations.map(\.0.interchange)) == Set(1...40))
            #expect(Set(reservations.map(\.0.group)) == Set(1...40))
            // Transaction set numbers: ranges that never overlap and leave no gap.
            let sets = reservations.flatMap { reservation, count in reservation.firstSet..<(reservation.firstSet + count) }
            #expect(sets.sorted() == Array(1...sets.count))
        }
    }

    @Test func theSameKeyAppendedFromTwoNodesAtOnceIsAcceptedOnce() async throws {
        try await Self.withNodes(2) { nodes, _ in
            for round in 0..<20 {
                // Same body on both nodes in even rounds (a retry); different bodies in odd ones.
                let hashes = round % 2 == 0 ? ["same", "same"] : ["a", "b"]
                let outcomes = try await withThrowingTaskGroup(of: AppendOutcome.self) { group in
                    for (index, node) in nodes.enumerated() {
                        let event = Self.event("evt_\(round)_\(index)", key: "key-\(round)", hash: hashes[index])
                        group.addTask { try await node.appendEvents([event])[0] }
                    }
                    return try await group.reduce(into: [AppendOutcome]()) { $0.append($1) }
                }
                let accepted = outcomes.compactMap { outcome -> EventID? in
                    if case .accepted(let id, _) = outcome { return id } else { return nil }
                }
                try #require(accepted.count == 1, "round \(round): \(outcomes)")
                let winner = accepted[0]
                let other = try #require(outcomes.first { $0 != .accepted(id: winner, correlationID: "corr-\(winner)") })
                if round % 2 == 0 {
                    #expect(other == .duplicate(id: winner, correlationID: "corr-\(winner)", status: .accepted))
                } else {
                    #expect(other == .keyConflict(existingID: winner))
                }
            }
            #expect(try await nodes[0].acceptedEvents(limit: 100).count == 20)
        }
    }

    @Test func batchesSharingKeysInOppositeOrdersFromTwoNodesAcceptEachKeyOnce() async throws {
        // Two batches inserting the same keys in opposite orders would deadlock (each holds
        // a key the other waits for); the store orders the waiting instead.
        try await Self.withNodes(2) { nodes, _ in
            let keys = (0..<30).map { "key-\($0)" }
            let outcomes = try await withThrowingTaskGroup(of: [AppendOutcome].self) { group in
                group.addTask { try await nodes[0].appendEvents(keys.map { Self.event("a_\($0)", key: $0) }) }
                group.addTask { try await nodes[1].appendEvents(keys.reversed().map { Self.event("b_\($0)", key: $0) }) }
                return try await group.reduce(into: [AppendOutcome]()) { $0 += $1 }
            }
            let accepted = outcomes.filter { if case .accepted = $0 { return true } else { return false } }
            let duplicates = outcomes.filter { if case .duplicate = $0 { return true } else { return false } }
            #expect(accepted.count == 30)
            #expect(duplicates.count == 30)
            #expect(try await nodes[1].acceptedEvents(limit: 100).count == 30)
        }
    }

    @Test func twoNodesFinishingTheDeliveriesOfOneEventMarkItDelivered() async throws {
        try await Self.withNodes(2) { nodes, _ in
            _ = try await Self.routedDeliveries(nodes[0], events: 20, perEvent: 2)
            let now = Self.farFuture
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Each node records one batch: its copy of every event's delivery, so the two
                // transactions overlap on every event.
                for (copy, node) in nodes.enumerated() {
                    group.addTask {
                        try await node.recordDeliveryAttempts((0..<20).map { index in
                            DeliveryAttemptRecord(
                                deliveryID: "dlv_\(index)_\(copy)", status: .delivered, attempts: 1, nextAttemptAt: now,
                                lastStatusCode: 201, lastError: nil, timeline: [], exception: nil)
                        })
                    }
                }
                try await group.waitForAll()
            }
            for index in 0..<20 {
                #expect(try await nodes[0].event(id: "evt_\(index)")?.status == .delivered, "evt_\(index)")
            }
        }
    }

    @Test func twoNodesClaimingAcceptedEventsAtOnceNeverClaimTheSameEvent() async throws {
        try await Self.withNodes(2) { nodes, _ in
            _ = try await nodes[0].appendEvents((0..<120).map { Self.event("evt_\($0)", key: "k\($0)") })
            let claimed = try await withThrowingTaskGroup(of: [EventID].self) { group in
                for node in nodes {
                    group.addTask {
                        var mine: [EventID] = []
                        while true {
                            let batch = try await node.claimAcceptedEvents(limit: 9, now: 1_000, leaseUntil: 61_000)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [[EventID]]()) { $0.append($1) }
            }
            let union = claimed.flatMap { $0 }
            #expect(union.count == 120)
            #expect(Set(union).count == 120, "no event claimed twice")
            // Claims come oldest first within each node's batches.
            for ids in claimed {
                let numbers = ids.map { Int($0.rawValue.dropFirst(4))! }
                #expect(numbers == numbers.sorted())
            }
        }
    }

    @Test func anEventClaimIsTakenOverAfterItsLeaseAndReleasedWhenSetBackToAccepted() async throws {
        try await Self.withNodes(2) { nodes, _ in
            _ = try await nodes[0].appendEvents([Self.event("evt_1", key: "k1"), Self.event("evt_2", key: "k2")])
            #expect(try await nodes[0].claimAcceptedEvents(limit: 1, now: 1_000, leaseUntil: 2_000).map(\.id) == ["evt_1"])
            // The other node skips the leased event and takes the next.
            #expect(try await nodes[1].claimAcceptedEvents(limit: 10, now: 1_500, leaseUntil: 2_500).map(\.id) == ["evt_2"])
            // The first node died: after its lease, the other node takes its event over.
            #expect(try await nodes[1].claimAcceptedEvents(limit: 10, now: 2_000, leaseUntil: 9_000).map(\.id) == ["evt_1"])
            // Processed, then sent back to the processor by a person's action: due at once.
            try await nodes[1].recordProcessing([ProcessedEvent(eventID: "evt_1", status: .exception, normalized: nil,
                                                                deliveries: [], exceptions: [], timeline: [])])
            var again = StoreChanges()
            again.eventStatuses = [(id: "evt_1", status: .accepted)]
            try await nodes[0].commit(again)
            #expect(try await nodes[0].claimAcceptedEvents(limit: 10, now: 2_100, leaseUntil: 9_000).map(\.id) == ["evt_1"])
        }
    }

    @Test func twoNodesRecordingTheSameEventAtOnceKeepOneResult() async throws {
        try await Self.withNodes(2) { nodes, _ in
            _ = try await nodes[0].appendEvents((0..<20).map { Self.event("evt_\($0)", key: "k\($0)") })
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, node) in nodes.enumerated() {
                    group.addTask {
                        try await node.recordProcessing((0..<20).map { number in
                            ProcessedEvent(
                                eventID: "evt_\(number)", status: .routed, normalized: "{}",
                                deliveries: [NewDelivery(id: "dlv_\(number)_erp", destination: "erp", method: "POST", path: "/r",
                                                         body: "{\"node\":\(index)}", idempotencyKey: "suture-dlv_\(number)_erp")],
                                exceptions: [],
                                timeline: [TimelineEntry(at: 5, correlationID: "corr-evt_\(number)", stage: .routed, outcome: "ok", detail: "node \(index)")])
                        })
                    }
                }
                try await group.waitForAll()
            }
            for number in 0..<20 {
                let details = try await nodes[0].timeline(correlationID: "corr-evt_\(number)").filter { $0.stage == .routed }.map(\.detail)
                #expect(details.count == 1, "evt_\(number): \(details)")
                let deliveries = try await nodes[0].deliveries(source: .event("evt_\(number)"))
                #expect(deliveries.count == 1)
                #expect(deliveries.first?.body == "{\"node\":\(details.first?.dropFirst(5) ?? "")}", "the kept delivery is the kept result's")
            }
        }
    }

    @Test func deliverySlotsReservedFromTwoNodesAtOnceAreAllDistinct() async throws {
        try await Self.withNodes(2) { nodes, _ in
            let interval: Int64 = 100_000
            let waits = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<30 {
                    let node = nodes[index % 2]
                    group.addTask { try await node.reserveDeliverySlot(destination: "erp", interval: interval, tolerance: 0, now: 7_000_000) }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(waits.sorted() == (0..<30).map { Int64($0) * interval })
        }
    }

    @Test func aDocumentWrittenFromTwoNodesAtOnceFromTheSameVersionKeepsOneWrite() async throws {
        try await Self.withNodes(2) { nodes, _ in
            var create = StoreChanges()
            create.documents = [DocumentWrite(DocumentStoreTests.order(version: 1), expectedVersion: nil)]
            try await nodes[0].commit(create)
            let results = await withTaskGroup(of: (Int, Bool).self) { group in
                for (index, node) in nodes.enumerated() {
                    group.addTask {
                        var update = StoreChanges()
                        update.documents = [DocumentWrite(DocumentStoreTests.order(version: 2, status: "node \(index)"), expectedVersion: 1)]
                        do {
                            try await node.commit(update)
                            return (index, true)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                return await group.reduce(into: [(Int, Bool)]()) { $0.append($1) }
            }
            let winners = results.filter(\.1).map(\.0)
            try #require(winners.count == 1)
            #expect(try await nodes[1].document(.purchaseOrder, key: "PO-1")?.status == "node \(winners[0])")
        }
    }

    @Test func anExceptionResolvedFromTwoNodesAtOnceIsResolvedOnce() async throws {
        try await Self.withNodes(2) { nodes, _ in
            var open = StoreChanges()
            open.exceptions = [NewException(id: "exc_1", type: .priceVariance, correlationID: "c-1", system: nil, eventID: nil,
                                            deliveryID: nil, summary: "price", context: "{}")]
            try await nodes[0].commit(open)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for (index, node) in nodes.enumerated() {
                    group.addTask {
                        var resolve = StoreChanges()
                        resolve.exceptionChanges = [ExceptionChange(id: "exc_1", expected: [.open], status: .resolved, owner: "p\(index)",
                                                                    historyEntry: #"{"action":"approve"}"#)]
                        do { try await node.commit(resolve); return true } catch StoreError.conflict { return false } catch { return false }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let history = try #require(try await nodes[0].exception(id: "exc_1")?.history)
            #expect(try JSONValue.parse(history).arrayValue?.count == 1)
        }
    }

    @Test func aNodeHearsOfEventsAndDeliveriesAnotherNodeCommits() async throws {
        try await Self.withNodes(2) { nodes, _ in
            let heard = Mutex<[WorkNotice]>([])
            let listener = Task { try await nodes[1].listenForWork { notice in heard.withLock { $0.append(notice) } } }
            defer { listener.cancel() }
            // The listener connects on its own: commit probes until one is heard, so it listens.
            let listening = ContinuousClock.now + .seconds(20)
            var probe = 0
            while ContinuousClock.now < listening, !heard.withLock({ $0.contains(.deliveries(destination: "erp-probe")) }) {
                probe += 1
                var changes = StoreChanges()
                changes.deliveries = [OutboundDelivery(NewDelivery(id: DeliveryID(rawValue: "dlv_probe_\(probe)"), destination: "erp-probe", method: "POST",
                                                                   path: "/receipts", body: "{}", idempotencyKey: "probe-\(probe)"),
                                                       source: .event(EventID(rawValue: "evt_probe_\(probe)")), correlationID: "c", traceparent: "t")]
                try await nodes[0].commit(changes)
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(heard.withLock { $0.contains(.deliveries(destination: "erp-probe")) }, "the listener never heard a commit")
            heard.withLock { $0.removeAll() }
            _ = try await nodes[0].appendEvents([Self.event("evt_heard", key: "heard")])
            var changes = StoreChanges()
            changes.deliveries = [OutboundDelivery(NewDelivery(id: "dlv_heard_erp", destination: "erp-heard", method: "POST", path: "/receipts",
                                                               body: "{}", idempotencyKey: "k"),
                                                   source: .event("evt_heard"), correlationID: "c", traceparent: "t")]
            try await nodes[0].commit(changes)
            let deadline = ContinuousClock.now + .seconds(10)
            // Notices go to the whole database (other tests' nodes notify too): look for ours.
            while ContinuousClock.now < deadline, !heard.withLock({ $0.contains(.deliveries(destination: "erp-heard")) }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(heard.withLock { $0.contains(.events) })
            #expect(heard.withLock { $0.contains(.deliveries(destination: "erp-heard")) })
        }
    }

    @Test func nodesStartingTogetherMigrateOnce() async throws {
        try await PostgresTestSchema.withSchema { url in
            let nodes = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
                for _ in 0..<4 { group.addTask { try await PostgresStore.open(url: url) } }
                return try await group.reduce(into: [PostgresStore]()) { $0.append($1) }
            }
            // Every node opened (none failed on a migration another was applying) and they share
            // one schema: what one writes, each other reads, and control numbers stay one sequence.
            _ = try await nodes[0].putItem(try StoreTests.gloves())
            for node in nodes {
                try await node.ping()
                #expect(try await node.item("GLOVE-M") == (try StoreTests.gloves()))
            }
            var reserved: [Int] = []
            for node in nodes { reserved.append(try await node.reserveX12ControlNumbers(partner: "ACMEMED", sets: 1).interchange) }
            #expect(reserved == [1, 2, 3, 4])
            for node in nodes { await node.close() }
        }
    }

    @Test func dataSurvivesReopeningTheStore() async throws {
        try await PostgresTestSchema.withSchema { url in
            let first = try await StoreFactory.open(StoreURL(url))
            _ = try await first.putItem(try StoreTests.gloves())
            _ = try await first.reserveX12ControlNumbers(partner: "ACMEMED", sets: 2)
            await first.close()
            let second = try await StoreFactory.open(StoreURL(url))
            #expect(try await second.item("GLOVE-M") == (try StoreTests.gloves()))
            #expect(try await second.reserveX12ControlNumbers(partner: "ACMEMED", sets: 1) == X12ControlNumberReservation(interchange: 2, group: 2, firstSet: 3))
            await second.close()
        }
    }

    @Test func aDatabaseFromANewerSutureIsRefused() async throws {
        try await PostgresTestSchema.withSchema { url in
            await (try StoreFactory.open(StoreURL(url))).close()
            let schema = String(url[url.range(of: "search_path%3D")!.upperBound...].prefix { $0 != "&" })
            try await PostgresTestSchema.execute("INSERT INTO \(schema).schema_migrations VALUES (999, 'x')", on: try PostgresTestSchema.serverURL())
            await #expect {
                try await StoreFactory.open(StoreURL(url))
            } throws: { error in
                guard case StoreError.corrupt(let detail) = error else { return false }
                return detail.contains("schema version 999")
            }
        }
    }

    @Test func aServerThatCannotBeReachedIsUnavailableAtOnce() async throws {
        let started = ContinuousClock.now
        // Port 1 on loopback: nothing listens there, so the connection is refused.
        await #expect {
            try await StoreFactory.open(StoreURL("postgres://u:secret@127.0.0.1:1/suture"))
        } throws: { error in
            guard case StoreError.unavailable(let detail) = error else { return false }
            return detail.contains("127.0.0.1:1") && !detail.contains("secret")
        }
        // An IPv6 literal is reached without its brackets (refused the same way, not misparsed).
        await #expect {
            try await StoreFactory.open(StoreURL("postgres://u:secret@[::1]:1/suture"))
        } throws: { error in
            guard case StoreError.unavailable(let detail) = error else { return false }
            return detail.contains("[::1]:1")
        }
        // Not a speed figure: opening gives up after one ping time-out at most (5 s each),
        // not after the minute the connection pool would go on retrying for. A loaded CI
        // machine once took 5.07 s for both, so the bound leaves room.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func aSearchPathWithoutASchemaIsUnavailable() async throws {
        let server = try PostgresTestSchema.serverURL()
        await #expect {
            try await StoreFactory.open(StoreURL(PostgresTestSchema.url(server, schema: "s_does_not_exist")))
        } throws: { error in
            guard case StoreError.unavailable(let detail) = error else { return false }
            return detail.contains("search_path")
        }
    }

    @Test(arguments: [
        ("postgres://u:secret@db.example/", "names no database"),
        ("postgres://db.example/suture", "names no user"),
        ("postgres://u:secret@db.example/suture?sslmode=sometimes", "sslmode=sometimes"),
        ("postgres://u:secret@db.example/suture?target_session_attrs=any", "'target_session_attrs'"),
        ("postgres://u:secret@db.example:70000/suture", "port 70000"),
        ("postgres://u:secret@db.example/suture?pool_size=0", "pool_size=0"),
    ])
    func badURLsAreRefusedBeforeConnecting(url: String, expected: String) async throws {
        await #expect {
            try await StoreFactory.open(StoreURL(url))
        } throws: { error in
            guard case StoreError.invalidURL(let detail) = error else { return false }
            return detail.contains(expected) && !detail.contains("secret")
        }
    }

    @Test func sslmodeDisableAndApplicationNameAreAccepted() async throws {
        try await PostgresTestSchema.withSchema { url in
            let store = try await StoreFactory.open(StoreURL(url + "&sslmode=disable&application_name=suture-test"))
            try await store.ping()
            #expect(store.location.hasPrefix("postgres://"))
            if let password = URLComponents(string: url)?.password, !password.isEmpty {
                #expect(!store.location.contains(password))
            }
            await store.close()
        }
    }
}
