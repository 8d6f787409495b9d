public import SutureModel

/// The durable inbox: accepted events, their processing, and the timeline of every transaction.
public protocol InboxStore: Sendable {
    /// Appends events in one transaction (group commit); each outcome in order.
    func appendEvents(_ events: [NewEvent]) async throws -> [AppendOutcome]
    /// Events accepted but not yet normalized, oldest first (a read; nothing is claimed).
    func acceptedEvents(limit: Int) async throws -> [StoredEvent]
    /// Claims up to `limit` accepted events for this node's processor until `leaseUntil`,
    /// oldest first, skipping those another node holds under an unexpired lease. A store
    /// that only one process uses (SQLite) may simply return the accepted events.
    func claimAcceptedEvents(limit: Int, now: Int64, leaseUntil: Int64) async throws -> [StoredEvent]
    /// Writes normalization results, deliveries, exceptions and timeline entries in one
    /// transaction. A result for an event that is no longer `accepted` (another node
    /// processed it first) is skipped whole.
    func recordProcessing(_ results: [ProcessedEvent]) async throws
    func event(id: EventID) async throws -> StoredEvent?
    /// Everything that happened under a correlation id, in time order.
    func timeline(correlationID: CorrelationID) async throws -> [TimelineEntry]
    func appendTimeline(_ entries: [TimelineEntry]) async throws
}
