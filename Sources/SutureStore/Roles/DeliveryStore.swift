public import SutureModel

/// The outbox: deliveries to the connected systems, claimed under leases, and their attempts.
public protocol DeliveryStore: Sendable {
    /// Claims up to `limit` deliveries to `destination` that are due at `now` (pending,
    /// or in flight with an expired lease), marking them in flight until `leaseUntil`.
    /// Deliveries with a state key follow `DeliveryStateKeyRule`: older ones of a key are
    /// superseded here, and the newest waits while another of its key is in flight.
    func claimDueDeliveries(destination: String, now: Int64, leaseUntil: Int64, limit: Int) async throws -> [DeliveryRecord]
    /// Makes deliveries claimed by a worker that no longer exists due again now, when this
    /// store knows no other process can hold them (one hub per SQLite file). A store shared
    /// by several nodes leaves them to their leases and does nothing here.
    func releaseOrphanedClaims(destination: String, now: Int64) async throws -> Int
    /// The earliest time a pending delivery to `destination` is due, if any (it may be one
    /// the state rule holds back; the worker then looks again shortly).
    func nextDueTime(destination: String) async throws -> Int64?
    func recordDeliveryAttempts(_ attempts: [DeliveryAttemptRecord]) async throws
    func delivery(id: DeliveryID) async throws -> DeliveryRecord?
    func deliveries(source: DeliverySource) async throws -> [DeliveryRecord]
    /// Deliveries, newest first, optionally by status and destination; `before` pages.
    func deliveries(status: DeliveryStatus?, destination: String?, limit: Int, before: Int64?) async throws -> [(record: DeliveryRecord, sequence: Int64)]
    /// Puts a delivery back in the queue, due now, with `idempotencyKey`, and writes `audit`
    /// with it; nil if no such delivery.
    func requeueDelivery(id: DeliveryID, idempotencyKey: String, body: String?, now: Int64, timeline: TimelineEntry, audit: AuditDraft?) async throws -> DeliveryRecord?
    /// Counts of deliveries by destination and status, for metrics.
    func deliveryCounts() async throws -> [(destination: String, status: DeliveryStatus, count: Int)]
}
