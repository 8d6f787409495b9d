/// Where an event stands.
public enum EventStatus: String, Sendable, Equatable, CaseIterable {
    /// Durable in the inbox, not yet normalized.
    case accepted
    /// Normalized and routed; deliveries are under way.
    case routed
    /// Every delivery was made.
    case delivered
    /// Normalized, but no route takes it: nothing was sent anywhere (check the routes).
    case unrouted
    /// Waiting on a person: an exception is open for it.
    case exception
}
