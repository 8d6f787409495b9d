/// Where a delivery stands.
public enum DeliveryStatus: String, Sendable, Equatable, CaseIterable {
    /// Waiting for its (next) attempt.
    case pending
    /// Claimed by a worker; if the lease runs out (the worker died), it is pending again.
    case inFlight = "in-flight"
    case delivered
    /// Permanently refused by the destination; an exception is open.
    case rejected
    /// Attempts exhausted; an exception is open.
    case dead
    /// Never sent (or not sent again): a newer state of the same thing took its place.
    case superseded
}
