import Foundation
import SutureDelivery
import SutureModel
import SutureStore
import Testing

/// Each store decides about deliveries as the pure lifecycle does (`DeliveryLifecycle`,
/// `DeliveryStateKeyRule`): a delivery is put into every state through the store's own
/// operations, then claimed, requeued or superseded, and the store's answer is compared with
/// the lifecycle's for the same state and instant. The stores write these rules in SQL built
/// by `DeliveryRuleSQL`; this is what keeps that SQL equal to the rules.
@Suite struct DeliveryRuleContractTests {
    /// Where a delivery is put before the decision, relative to the decision's instant `at`:
    /// times 50 s before or after it.
    enum Setup: String, CaseIterable, CustomTestStringConvertible {
        case pendingDue, pendingLater, inFlightLeaseRanOut, inFlightLeaseLive, delivered, rejected, dead
        var testDescription: String { rawValue }

        func state(at: Int64) -> DeliveryLifecycle.State {
            switch self {
            case .pendingDue: return .pending(dueAt: at - 50_000)
            case .pendingLater: return .pending(dueAt: at + 50_000)
            case .inFlightLeaseRanOut: return .inFlight(leaseUntil: at - 50_000)
            case .inFlightLeaseLive: return .inFlight(leaseUntil: at + 50_000)
            case .delivered: return .delivered
            case .rejected: return .rejected
            case .dead: return .dead
            }
        }
    }

    static func delivery(_ id: DeliveryID, stateKey: String?) -> OutboundDelivery {
        OutboundDelivery(NewDelivery(id: id, destination: "erp", method: "PUT", path: "/purchase-orders/PO-1/status", body: "{}",
                                     idempotencyKey: "key-\(id)", stateKey: stateKey),
                         source: .purchaseOrder("PO-1"), correlationID: "corr-PO-1",
                         traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    }

    /// Queues a delivery and takes it, through claims and attempt records, into `setup`'s
    /// state for the decision instant `at` (which lies 100 s ahead of the wall clock, so
    /// every delivery written now is due by then).
    static func put(_ id: DeliveryID, stateKey: String?, into setup: Setup, at: Int64, in store: any Store) async throws {
        var changes = StoreChanges()
        changes.deliveries = [delivery(id, stateKey: stateKey)]
        try await store.commit(changes)
        let start = at - 90_000
        let firstLease = start + 1_000
        #expect(try await store.claimDueDeliveries(destination: "erp", now: start, leaseUntil: firstLease, limit: 10).map(\.id) == [id])
        func record(_ status: DeliveryStatus, next: Int64) async throws {
            try await store.recordDeliveryAttempts([DeliveryAttemptRecord(
                deliveryID: id, status: status, attempts: 1, nextAttemptAt: next, lastStatusCode: nil, lastError: nil,
                timeline: [], exception: nil, claimedUntil: firstLease)])
        }
        switch setup.state(at: at) {
        case .pending(let dueAt): try await record(.pending, next: dueAt)
        case .inFlight(let lease):
            #expect(try await store.claimDueDeliveries(destination: "erp", now: firstLease, leaseUntil: lease, limit: 10).map(\.id) == [id])
        case .delivered: try await record(.delivered, next: start)
        case .rejected: try await record(.rejected, next: start)
        case .dead: try await record(.dead, next: start)
        case .superseded: Issue.record("superseded is reached only through a newer state")
        }
        let stored = try #require(try await store.delivery(id: id))
        #expect(DeliveryLifecycle(status: stored.status, nextAttemptAt: stored.nextAttemptAt).state == setup.state(at: at))
    }

    static var decisionInstant: Int64 { Int64(Date().timeIntervalSince1970 * 1000) + 100_000 }

    static let cases: [(StoreTests.Kind, Setup)] = StoreTests.kinds.flatMap { kind in Setup.allCases.map { (kind, $0) } }

    @Test(arguments: cases)
    func aClaimTakesADeliveryExactlyWhenTheLifecycleSaysItIsDue(kind: StoreTests.Kind, setup: Setup) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let at = Self.decisionInstant
            try await Self.put("dlv_1", stateKey: nil, into: setup, at: at, in: store)
            let claimed = try await store.claimDueDeliveries(destination: "erp", now: at, leaseUntil: at + 60_000, limit: 10)
            #expect(claimed.map(\.id).contains("dlv_1") == DeliveryLifecycle(setup.state(at: at)).isDue(at: at))
        }
    }

    @Test(arguments: cases)
    func aRequeueIsTakenExactlyWhenTheLifecycleAllowsIt(kind: StoreTests.Kind, setup: Setup) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let at = Self.decisionInstant
            try await Self.put("dlv_1", stateKey: nil, into: setup, at: at, in: store)
            // The store requeues at its own wall-clock time: 100 s before `at`, far from every lease.
            let allowed = DeliveryLifecycle(setup.state(at: at)).isRequeueable(at: at - 100_000)
            var requeue = StoreChanges()
            requeue.requeues = [DeliveryRequeue(deliveryID: "dlv_1", idempotencyKey: "again", body: nil)]
            if allowed {
                try await store.commit(requeue)
                #expect(try await store.delivery(id: "dlv_1")?.status == .pending)
            } else {
                await #expect(throws: StoreError.self) { try await store.commit(requeue) }
            }
        }
    }

    @Test(arguments: cases)
    func aNewerStateSupersedesAndWaitsExactlyAsTheStateKeyRuleDecides(kind: StoreTests.Kind, setup: Setup) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let at = Self.decisionInstant
            try await Self.put("dlv_r1", stateKey: "purchase-order-status:PO-1", into: setup, at: at, in: store)
            var newer = StoreChanges()
            newer.deliveries = [Self.delivery("dlv_r2", stateKey: "purchase-order-status:PO-1")]
            try await store.commit(newer)
            let decision = DeliveryStateKeyRule.decide([
                .init(sequence: 1, lifecycle: DeliveryLifecycle(setup.state(at: at))),
                .init(sequence: 2, lifecycle: DeliveryLifecycle(.pending(dueAt: at - 100_000))),
            ], now: at)

            let claimed = try await store.claimDueDeliveries(destination: "erp", now: at, leaseUntil: at + 60_000, limit: 10)
            #expect(claimed.map(\.id) == (decision.claimable == 2 ? ["dlv_r2"] : []))
            let older = try #require(try await store.delivery(id: "dlv_r1"))
            #expect((older.status == .superseded) == decision.superseded.contains(1))
        }
    }
}
