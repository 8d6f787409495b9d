/// What several nodes sharing one store coordinate through it: rate-limit slots and wakeups.
public protocol ClusterCoordination: Sendable {
    /// Whether several hub processes may share this store (PostgreSQL), so that claims,
    /// rate limits and wakeups must go through it rather than stay in one process.
    var sharedByNodes: Bool { get }

    /// Reserves the next `count` call slots to `destination` under a rate limit shared by
    /// every node (the generic cell rate algorithm): the theoretical arrival time is advanced
    /// by `count` intervals from the later of its last value and `now`, and the answer is,
    /// for each slot in turn, how long its caller waits before calling, `burst - 1`
    /// intervals of slack allowed: what `count` reservations one after another at `now`
    /// would answer, in one round trip. Times in microseconds.
    func reserveDeliverySlots(destination: String, count: Int, interval: Int64, tolerance: Int64, now: Int64) async throws -> [Int64]

    /// Admits one call of a client under a quota every node shares (the same algorithm,
    /// keyed `client:<name>`), without reserving anything when refused: 0 when admitted,
    /// else how long until a call would be. Times in microseconds.
    func admitClientCall(client: String, interval: Int64, tolerance: Int64, now: Int64) async throws -> Int64

    /// Runs until cancelled, calling `notice` whenever any node committed work that idle
    /// workers should look at (new events, deliveries due for a destination), so nodes do
    /// not poll each other's work. A store only one process uses returns at once: its own
    /// commits wake its workers directly.
    func listenForWork(_ notice: @escaping @Sendable (WorkNotice) -> Void) async throws
}

extension ClusterCoordination {
    /// One slot: `reserveDeliverySlots` with a count of 1.
    public func reserveDeliverySlot(destination: String, interval: Int64, tolerance: Int64, now: Int64) async throws -> Int64 {
        try await reserveDeliverySlots(destination: destination, count: 1, interval: interval, tolerance: tolerance, now: now).first ?? 0
    }
}

/// The waits of `count` slots reserved together, from the theoretical arrival time the
/// reservation left (`tat`: the last slot's, plus one interval), as each store computes them.
public enum RateSlots {
    public static func waits(tat: Int64, count: Int, interval: Int64, tolerance: Int64, now: Int64) -> [Int64] {
        let first = tat - interval * Int64(count)
        return (0..<count).map { max(0, first + interval * Int64($0) - tolerance - now) }
    }
}
