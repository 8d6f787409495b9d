/// What happened to one attempt to deliver a document to a destination, as the shell
/// saw it; ``DeliveryRetryPolicy`` decides what follows.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The destination accepted the call (the shell reports 2xx this way).
    case success(status: Int)
    /// The destination answered with this status, and with a `Retry-After` if it sent
    /// one (see ``RetryAfter`` to read the header). A 2xx given here counts as success.
    case httpStatus(Int, retryAfter: Duration?)
    /// No answer within the system's `timeout`.
    case timeout
    /// No connection: refused, reset, DNS failure, TLS failure.
    case connectionFailed

    /// Whether this outcome says the destination itself is unwell, so that it counts
    /// towards opening its ``CircuitBreaker``: 5xx, 408, time-outs and failed
    /// connections.
    ///
    /// Any other answer, a 4xx rejection or a 429 included, came from a destination that
    /// is up and deciding: a rejection is about one document (an unknown item code), and
    /// a 429 is already paced by `Retry-After` and the ``TokenBucket``. Opening the circuit
    /// for them would stop every good delivery to a healthy system because of one bad
    /// document, so for the breaker they count as successes.
    public var isDestinationFailure: Bool {
        switch self {
        case .success: return false
        case .httpStatus(let status, _):
            return status == 408 || (500...599).contains(status) || !(100...599).contains(status)
        case .timeout, .connectionFailed: return true
        }
    }
}
