/// Where an event stands.
public enum EventStatus: String, Sendable, Equatable, CaseIterable {
    /// Durable in the inbox, not yet normalized.
    case accepted
    /// Normalized and routed; deliveries are under way.
    case routed
    /// Every delivery was made (or no route took the event).
    case delivered
    /// Waiting on a person: an exception is open for it.
    case exception
}
