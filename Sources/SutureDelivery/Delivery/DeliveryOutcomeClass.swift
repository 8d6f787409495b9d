/// How ``DeliveryRetryPolicy`` sorts an attempt's outcome, before it counts attempts.
public enum DeliveryOutcomeClass: Sendable, Hashable {
    case delivered(status: Int)
    case transient(TransientFailure)
    case permanent(status: Int)
}

/// A failed attempt that may succeed if tried again.
public enum TransientFailure: Sendable, Hashable, CustomStringConvertible {
    case status(Int, retryAfter: Duration?)
    case timeout
    case connectionFailed

    public var description: String {
        switch self {
        case .status(let status, let retryAfter?): return "HTTP \(status) (Retry-After \(retryAfter))"
        case .status(let status, nil): return "HTTP \(status)"
        case .timeout: return "timed out"
        case .connectionFailed: return "connection failed"
        }
    }
}
