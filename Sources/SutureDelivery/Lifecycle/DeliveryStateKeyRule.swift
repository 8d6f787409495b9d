/// The rule for deliveries that each carry the whole current state of one thing (the ERP's
/// status of one purchase order), grouped by their state key and destination.
///
/// Of one key, only the newest is ever claimed, and never while an older one is held by a
/// live worker (two states of one thing are never in flight at once, so they cannot
/// overtake each other). At each claim, every older one that `isSupersedable` is
/// superseded: not sent (again), its open exceptions resolved.
public enum DeliveryStateKeyRule {
    /// One delivery of the key: its order of creation, and where it stands.
    public struct Member: Sendable, Equatable {
        public var sequence: Int64
        public var lifecycle: DeliveryLifecycle

        public init(sequence: Int64, lifecycle: DeliveryLifecycle) {
            self.sequence = sequence
            self.lifecycle = lifecycle
        }
    }

    /// What a claim at one instant does to a key's deliveries.
    public struct Decision: Sendable, Equatable {
        /// The sequences to mark superseded, oldest first.
        public var superseded: [Int64]
        /// The sequence a claim may take now, if any (always the newest).
        public var claimable: Int64?

        public init(superseded: [Int64], claimable: Int64?) {
            self.superseded = superseded
            self.claimable = claimable
        }
    }

    public static func decide(_ members: [Member], now: Int64) -> Decision {
        guard let newest = members.max(by: { $0.sequence < $1.sequence }) else { return Decision(superseded: [], claimable: nil) }
        let older = members.filter { $0.sequence != newest.sequence }
        let superseded = older.filter { $0.lifecycle.isSupersedable(at: now) }.map(\.sequence).sorted()
        let blocked = older.contains { $0.lifecycle.isHeld(at: now) }
        let claimable = !blocked && newest.lifecycle.isDue(at: now) ? newest.sequence : nil
        return Decision(superseded: superseded, claimable: claimable)
    }
}
