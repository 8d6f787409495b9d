/// The life of one delivery (a call to one destination), as a pure state machine: where it
/// stands, and what a claim, an attempt's outcome, a requeue or a newer state of the same
/// thing may do to it. Times are milliseconds since 1970, passed in; nothing here reads a
/// clock or a database.
///
/// The stores persist what this decides. Where a store decides for many rows at once in
/// one statement (a claim, a batch of attempts), its SQL is built from the sets declared
/// here (`DeliveryStatus.supersedable` and the others), and the store contract suite checks,
/// state by state, that each store decides as this type does.
///
/// ```
///                 claim (due)                 delivered
///   pending ─────────────────────> in-flight ───────────> delivered
///     ^  ^                         │   │  │   rejected
///     │  └──── retry(at) ──────────┘   │  └────────────> rejected ──┐
///     │                                │      dead                  │ requeue
///     │        lease ran out: claimable again ──────────> dead ─────┤
///     └───────────────────────────────────────────────────────────────┘
///   pending, rejected, dead, or in-flight under a lease that ran out ── newer state ──> superseded
/// ```
public struct DeliveryLifecycle: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// Waiting for its next attempt, due at `dueAt`.
        case pending(dueAt: Int64)
        /// Claimed by a worker until `leaseUntil`. A worker that died leaves it there; once
        /// the lease has run out it may be claimed again (under the same key and body).
        case inFlight(leaseUntil: Int64)
        /// The destination took it. Final.
        case delivered
        /// The destination refused it for good; a person may requeue it after a fix.
        case rejected
        /// Every allowed attempt failed; a person may requeue it.
        case dead
        /// A newer state of the same thing was sent instead. Final.
        case superseded
    }

    /// Why a transition was refused; the state is then unchanged.
    public enum Refusal: Error, Sendable, Equatable {
        /// Pending, but not due yet.
        case notDue
        /// In flight under a lease that has not run out: a live worker holds it.
        case leaseLive
        /// Delivered or superseded: there is nothing left to do.
        case finished(DeliveryStatus)
        /// Not in the state the transition starts from (for example, claiming a dead delivery).
        case notApplicable(DeliveryStatus)
    }

    /// What an attempt came to, as the retry policy decided it.
    public enum AttemptOutcome: Sendable, Equatable {
        case delivered
        /// A transient failure: try again at `at`.
        case retry(at: Int64)
        case rejected
        case dead
    }

    public private(set) var state: State

    public init(_ state: State) {
        self.state = state
    }

    /// A delivery as a store keeps it: a status and the one time column that means "due at"
    /// for a pending delivery and "leased until" for one in flight.
    public init(status: DeliveryStatus, nextAttemptAt: Int64) {
        switch status {
        case .pending: state = .pending(dueAt: nextAttemptAt)
        case .inFlight: state = .inFlight(leaseUntil: nextAttemptAt)
        case .delivered: state = .delivered
        case .rejected: state = .rejected
        case .dead: state = .dead
        case .superseded: state = .superseded
        }
    }

    public var status: DeliveryStatus {
        switch state {
        case .pending: return .pending
        case .inFlight: return .inFlight
        case .delivered: return .delivered
        case .rejected: return .rejected
        case .dead: return .dead
        case .superseded: return .superseded
        }
    }

    // MARK: Questions

    /// Whether a claim at `now` may take it: pending and due, or in flight under a lease
    /// that ran out (its worker died).
    public func isDue(at now: Int64) -> Bool {
        switch state {
        case .pending(let dueAt): return dueAt <= now
        case .inFlight(let leaseUntil): return leaseUntil <= now
        case .delivered, .rejected, .dead, .superseded: return false
        }
    }

    /// Whether a live worker holds it at `now`.
    public func isHeld(at now: Int64) -> Bool {
        if case .inFlight(let leaseUntil) = state { return leaseUntil > now }
        return false
    }

    /// Whether a newer state of the same thing may replace it at `now`: anything not yet
    /// taken by the destination and not held by a live worker.
    public func isSupersedable(at now: Int64) -> Bool {
        DeliveryStatus.supersedable.contains(status) || (status == .inFlight && !isHeld(at: now))
    }

    /// Whether a person (or a workbench action) may put it back in the queue at `now`.
    public func isRequeueable(at now: Int64) -> Bool {
        !DeliveryStatus.finished.contains(status) && !isHeld(at: now)
    }

    // MARK: Transitions

    /// A worker claims it at `now` until `leaseUntil`.
    public mutating func claim(now: Int64, leaseUntil: Int64) throws(Refusal) {
        switch state {
        case .pending(let dueAt):
            guard dueAt <= now else { throw .notDue }
        case .inFlight(let lease):
            guard lease <= now else { throw .leaseLive }
        case .delivered, .superseded:
            throw .finished(status)
        case .rejected, .dead:
            throw .notApplicable(status)
        }
        state = .inFlight(leaseUntil: leaseUntil)
    }

    /// Records the outcome of an attempt made under the lease `claimedUntil` (the claim's
    /// `leaseUntil`). The outcome is kept only while the delivery is still in flight under
    /// that same lease: a worker whose lease ran out, and whose delivery another worker took
    /// over, must not overwrite the newer outcome. Nil records unconditionally (an outcome
    /// decided without a claim). Returns whether it was kept.
    @discardableResult
    public mutating func record(_ outcome: AttemptOutcome, claimedUntil: Int64?) -> Bool {
        if let claimedUntil {
            guard case .inFlight(let lease) = state, lease == claimedUntil else { return false }
        }
        switch outcome {
        case .delivered: state = .delivered
        case .retry(let at): state = .pending(dueAt: at)
        case .rejected: state = .rejected
        case .dead: state = .dead
        }
        return true
    }

    /// Puts it back in the queue, due at `now` (a replay, a retry after a fix).
    public mutating func requeue(now: Int64) throws(Refusal) {
        switch state {
        case .delivered, .superseded: throw .finished(status)
        case .inFlight(let lease) where lease > now: throw .leaseLive
        case .pending, .inFlight, .rejected, .dead: state = .pending(dueAt: now)
        }
    }

    /// A newer state of the same thing replaces it (see `DeliveryStateKeyRule`).
    public mutating func supersede(now: Int64) throws(Refusal) {
        switch state {
        case .delivered, .superseded: throw .finished(status)
        case .inFlight(let lease) where lease > now: throw .leaseLive
        case .pending, .inFlight, .rejected, .dead: state = .superseded
        }
    }

    /// The only process that works on a store restarts: whatever it had in flight belongs
    /// to a worker of the process that died, and is due again at `now`.
    public mutating func releaseOrphanedClaim(now: Int64) {
        if case .inFlight = state { state = .pending(dueAt: now) }
    }
}

extension DeliveryStatus {
    /// Nothing more will happen to it: it counts as done for its event, is never sent again
    /// and cannot be requeued.
    public static let finished: Set<DeliveryStatus> = [.delivered, .superseded]
    /// It needs a person: an exception is open for it, and its event waits on it.
    public static let failed: Set<DeliveryStatus> = [.rejected, .dead]
    /// A claim may take it once due (`pending`), or once its lease ran out (`in-flight`).
    public static let claimable: Set<DeliveryStatus> = [.pending, .inFlight]
    /// A newer state of the same thing replaces it whatever the time; an in-flight one only
    /// once its lease ran out (`DeliveryLifecycle.isSupersedable`).
    public static let supersedable: Set<DeliveryStatus> = [.pending, .dead, .rejected]
}

extension EventStatus {
    /// An event's status once routed follows its deliveries: `delivered` when every one is
    /// finished (delivered or superseded; also when no route took it), `exception` when one
    /// failed and waits on a person, else `routed` (deliveries under way).
    public static func following(_ deliveries: some Sequence<DeliveryStatus>) -> EventStatus {
        var open = 0
        var failed = 0
        for status in deliveries {
            if !DeliveryStatus.finished.contains(status) { open += 1 }
            if DeliveryStatus.failed.contains(status) { failed += 1 }
        }
        return open == 0 ? .delivered : (failed > 0 ? .exception : .routed)
    }
}
