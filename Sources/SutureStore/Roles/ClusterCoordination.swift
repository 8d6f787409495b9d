/// What several nodes sharing one store coordinate through it: rate-limit slots and wakeups.
public protocol ClusterCoordination: Sendable {
    /// Whether several hub processes may share this store (PostgreSQL), so that claims,
    /// rate limits and wakeups must go through it rather than stay in one process.
    var sharedByNodes: Bool { get }

    /// Reserves the next call slot to `destination` under a rate limit shared by every node
    /// (the generic cell rate algorithm): the slot's theoretical time is advanced by
    /// `interval` from the later of its last value and `now`, and the answer is how long
    /// the caller waits before calling, `burst - 1` intervals of slack allowed. Times in
    /// microseconds.
    func reserveDeliverySlot(destination: String, interval: Int64, tolerance: Int64, now: Int64) async throws -> Int64

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
