import Foundation
import SutureModel
import SutureStore
import SutureDelivery
import Testing

/// What several nodes rely on the store for: a rate limit shared through it, and events
/// processed once. Run against every store kind; on SQLite the same answers hold for one process.
@Suite struct ClusterStoreTests {
    @Test(arguments: StoreTests.kinds)
    func deliverySlotsSpaceCallsAtTheRateWithTheBurstUpFront(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            // 5 calls a second (one every 200 ms), burst 2, all asked for at the same instant.
            let interval: Int64 = 200_000
            var waits: [Int64] = []
            for _ in 0..<4 {
                waits.append(try await store.reserveDeliverySlot(destination: "erp", interval: interval, tolerance: interval, now: 1_000_000))
            }
            #expect(waits == [0, 0, 200_000, 400_000])
            // Another destination has its own limit; after a quiet spell the burst is back.
            #expect(try await store.reserveDeliverySlot(destination: "analytics", interval: interval, tolerance: interval, now: 1_000_000) == 0)
            #expect(try await store.reserveDeliverySlot(destination: "erp", interval: interval, tolerance: interval, now: 60_000_000) == 0)
            // Reservations at once from many tasks get distinct slots.
            let concurrent = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.reserveDeliverySlot(destination: "pacs", interval: interval, tolerance: 0, now: 5_000_000) }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(concurrent.sorted() == (0..<20).map { Int64($0) * interval })
            // Slots reserved together are those one after another would give, and they move
            // the limit on for whoever reserves next.
            #expect(try await store.reserveDeliverySlots(destination: "lab", count: 4, interval: interval, tolerance: interval, now: 1_000_000)
                    == [0, 0, 200_000, 400_000])
            #expect(try await store.reserveDeliverySlots(destination: "lab", count: 2, interval: interval, tolerance: interval, now: 1_000_000)
                    == [600_000, 800_000])
            #expect(try await store.reserveDeliverySlots(destination: "lab", count: 0, interval: interval, tolerance: interval, now: 1_000_000) == [])
        }
    }

    @Test(arguments: StoreTests.kinds)
    func aProcessedEventIsNotProcessedAgainByALateResult(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let event = NewEvent(id: "evt_1", client: "c", idempotencyKey: "k1", requestHash: "h", correlationID: CorrelationID(String(repeating: "a", count: 32)),
                                 traceparent: "00-\(String(repeating: "a", count: 32))-\(String(repeating: "b", count: 16))-01",
                                 type: .receipt, source: "s", payload: "{}", receivedAt: 1)
            _ = try await store.appendEvents([event])
            let claimed = try await store.claimAcceptedEvents(limit: 10, now: 10, leaseUntil: 60_010)
            #expect(claimed.map(\.id) == ["evt_1"])
            let first = ProcessedEvent(eventID: "evt_1", status: .routed, normalized: "{}", deliveries: [
                NewDelivery(id: "dlv_1_erp", destination: "erp", method: "POST", path: "/receipts", body: "{}", idempotencyKey: "suture-dlv_1_erp"),
            ], exceptions: [], timeline: [TimelineEntry(at: 2, correlationID: event.correlationID, stage: .routed, outcome: "ok", detail: "first")])
            try await store.recordProcessing([first])
            // A second node's (or a slow run's) result for the same event changes nothing.
            var late = first
            late.status = .exception
            late.deliveries = []
            late.timeline = [TimelineEntry(at: 3, correlationID: event.correlationID, stage: .routed, outcome: "ok", detail: "late")]
            try await store.recordProcessing([late])
            #expect(try await store.event(id: "evt_1")?.status == .routed)
            #expect(try await store.timeline(correlationID: event.correlationID).map(\.detail).contains("late") == false)
            #expect(try await store.deliveries(source: .event("evt_1")).count == 1)
            #expect(try await store.claimAcceptedEvents(limit: 10, now: 20, leaseUntil: 60_020).isEmpty)
        }
    }

    @Test(arguments: StoreTests.kinds)
    func aWorkerWhoseLeaseRanOutCannotOverwriteTheNewerOutcome(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let correlation = CorrelationID(String(repeating: "c", count: 32))
            _ = try await store.appendEvents([NewEvent(id: "evt_l", client: "c", idempotencyKey: "l", requestHash: "h", correlationID: correlation,
                                                       traceparent: "00-\(correlation)-\(String(repeating: "d", count: 16))-01",
                                                       type: .receipt, source: "s", payload: "{}", receivedAt: 1)])
            try await store.recordProcessing([ProcessedEvent(eventID: "evt_l", status: .routed, normalized: "{}", deliveries: [
                NewDelivery(id: "dlv_l_erp", destination: "erp", method: "POST", path: "/receipts", body: "{}", idempotencyKey: "k"),
            ], exceptions: [], timeline: [])])
            let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            let first = try #require(try await store.claimDueDeliveries(destination: "erp", now: now, leaseUntil: now + 1_000, limit: 1).first)
            // The first worker's lease runs out and another takes the delivery over.
            let second = try #require(try await store.claimDueDeliveries(destination: "erp", now: now + 2_000, leaseUntil: now + 9_000, limit: 1).first)
            #expect(second.id == first.id)
            func record(_ status: DeliveryStatus, lease: Int64, detail: String) -> DeliveryAttemptRecord {
                DeliveryAttemptRecord(deliveryID: first.id, status: status, attempts: 1, nextAttemptAt: now + 60_000, lastStatusCode: nil,
                                      lastError: detail, timeline: [TimelineEntry(at: now, correlationID: correlation, stage: .deliveryAttempt,
                                                                                  outcome: "x", detail: detail)],
                                      exception: nil, claimedUntil: lease)
            }
            try await store.recordDeliveryAttempts([record(.delivered, lease: second.nextAttemptAt, detail: "second worker")])
            // The first worker comes back late with a failure: it is not recorded.
            try await store.recordDeliveryAttempts([record(.pending, lease: first.nextAttemptAt, detail: "first worker")])
            let stored = try #require(try await store.delivery(id: first.id))
            #expect(stored.status == .delivered)
            #expect(stored.lastError == "second worker")
            #expect(try await store.timeline(correlationID: correlation).map(\.detail).contains("first worker") == false)
            #expect(try await store.event(id: "evt_l")?.status == .delivered)
        }
    }
}
