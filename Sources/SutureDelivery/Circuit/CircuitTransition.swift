/// A change of a ``CircuitBreaker``'s state caused by a recorded result.
public enum CircuitTransition: Sendable, Hashable {
    /// Closed to open: too many consecutive failures; refused until `until`.
    case opened(until: ContinuousClock.Instant)
    /// Half-open to open: the probe failed; refused until `until`.
    case reopened(until: ContinuousClock.Instant)
    /// Half-open to closed: the probe succeeded.
    case closed
}
