import SutureDelivery

/// The delivery lifecycle's rules (`DeliveryLifecycle`, `DeliveryStateKeyRule`,
/// `EventStatus.following`) as SQL predicates over rows of the `deliveries` table, for the
/// stores that decide for many rows in one statement (claims, batches of attempts).
///
/// Each predicate is built here once, from the sets the lifecycle declares, and both stores
/// use it: SQLite and PostgreSQL write the same SQL for these. `row` is the alias of the
/// `deliveries` row the predicate speaks of; `now` and the other times are SQL expressions
/// (a bound parameter such as `?2`, or an integer the store wrote itself). The store
/// contract suite checks, state by state, that each store decides as the lifecycle does.
package enum DeliveryRuleSQL {
    /// `('pending', 'rejected', 'dead')`: a set of statuses as an SQL list, in a stable order.
    ///
    /// In the order of `DeliveryStatus.allCases` (`('pending', 'in-flight')`), the order the
    /// partial indexes' own `WHERE status IN (...)` are written in: SQLite uses a partial index
    /// only for a query whose WHERE repeats the index's condition term for term, and the same
    /// statuses in another order made every claim scan the whole table (docs/performance.md,
    /// "Latency under history").
    package static func list(_ statuses: Set<DeliveryStatus>) -> String {
        "(" + DeliveryStatus.allCases.filter(statuses.contains).map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }

    /// `DeliveryLifecycle.isDue(at:)`: pending and due, or in flight under a lease that ran out.
    package static func isDue(_ row: String, now: String) -> String {
        "(\(row).status IN \(list(DeliveryStatus.claimable)) AND \(row).next_attempt_at <= \(now))"
    }

    /// `DeliveryLifecycle.isHeld(at:)`: a live worker holds it.
    package static func isHeld(_ row: String, now: String) -> String {
        "(\(row).status = '\(DeliveryStatus.inFlight.rawValue)' AND \(row).next_attempt_at > \(now))"
    }

    /// `DeliveryLifecycle.isSupersedable(at:)`.
    package static func isSupersedable(_ row: String, now: String) -> String {
        "(\(row).status IN \(list(DeliveryStatus.supersedable)) OR (\(row).status = '\(DeliveryStatus.inFlight.rawValue)' AND \(row).next_attempt_at <= \(now)))"
    }

    /// `DeliveryLifecycle.isRequeueable(at:)`.
    package static func isRequeueable(_ row: String, now: String) -> String {
        "(\(row).status NOT IN \(list(DeliveryStatus.finished)) AND NOT \(isHeld(row, now: now)))"
    }

    /// `DeliveryLifecycle.record(_:claimedUntil:)` keeps an outcome when this holds:
    /// recorded without a claim, or the delivery is still in flight under the same lease.
    package static func acceptsAttempt(_ row: String, hasClaim: String, claimedUntil: String) -> String {
        "(NOT (\(hasClaim)) OR (\(row).status = '\(DeliveryStatus.inFlight.rawValue)' AND \(row).next_attempt_at = \(claimedUntil)))"
    }

    /// `DeliveryStateKeyRule`: another delivery of the same state key and destination is newer.
    package static func hasNewerOfItsKey(_ row: String) -> String {
        """
        EXISTS (SELECT 1 FROM deliveries newer WHERE newer.destination = \(row).destination \
        AND newer.state_key = \(row).state_key AND newer.sequence > \(row).sequence)
        """
    }

    /// `DeliveryStateKeyRule`: another delivery of the same state key and destination is held
    /// by a live worker, so this one waits.
    package static func hasHeldOtherOfItsKey(_ row: String, now: String) -> String {
        """
        EXISTS (SELECT 1 FROM deliveries busy WHERE busy.destination = \(row).destination \
        AND busy.state_key = \(row).state_key AND busy.sequence <> \(row).sequence AND \(isHeld("busy", now: now)))
        """
    }

    /// `DeliveryStateKeyRule.decide`'s claimable delivery: due, and either without a state
    /// key or the newest of its key with no other of its key held.
    package static func isClaimable(_ row: String, now: String) -> String {
        "(\(isDue(row, now: now)) AND (\(row).state_key IS NULL OR (NOT \(hasNewerOfItsKey(row)) AND NOT \(hasHeldOtherOfItsKey(row, now: now)))))"
    }

    /// `DeliveryStateKeyRule.decide`'s superseded deliveries.
    package static func isSupersededByNewer(_ row: String, now: String) -> String {
        "(\(row).state_key IS NOT NULL AND \(isSupersedable(row, now: now)) AND \(hasNewerOfItsKey(row)))"
    }

    /// `EventStatus.following`: counts a delivery that is not finished (`open`).
    package static func isOpen(_ row: String) -> String {
        "(\(row).status NOT IN \(list(DeliveryStatus.finished)))"
    }

    /// `EventStatus.following`: counts a delivery that failed and waits on a person.
    package static func hasFailed(_ row: String) -> String {
        "(\(row).status IN \(list(DeliveryStatus.failed)))"
    }

    /// `EventStatus.following`, from the counts of open and failed deliveries of an event.
    package static func eventStatus(open: String, failed: String) -> String {
        """
        CASE WHEN \(open) = 0 THEN '\(EventStatus.delivered.rawValue)' WHEN \(failed) > 0 \
        THEN '\(EventStatus.exception.rawValue)' ELSE '\(EventStatus.routed.rawValue)' END
        """
    }
}
