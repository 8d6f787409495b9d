/// Stops calling a destination that keeps failing, so that an outage costs one probe per
/// cool-down instead of a timeout per queued delivery, and lets calls through again once
/// a probe succeeds.
///
/// A pure state machine: time is passed in, nothing is read or written here, and every
/// change of state is returned as a ``CircuitTransition`` for the shell to write to the
/// timeline (`circuit-opened`, `circuit-closed`) and to metrics (``State/name``).
///
/// Only destination failures count (5xx, 408, time-outs, failed connections; see
/// ``DeliveryOutcome/isDestinationFailure``). A permanent 4xx rejection says one document
/// is wrong while the destination is plainly up; if it counted, a handful of bad
/// documents would stop every good delivery to a healthy system. It counts as a success.
public struct CircuitBreaker: Sendable, Hashable {
    /// Where the breaker is. Each case lists the transitions out of it.
    public enum State: Sendable, Hashable {
        /// Calls flow. `consecutiveFailures` counts destination failures since the last
        /// success.
        /// - success: stays closed, the count goes back to 0.
        /// - failure below `failureThreshold`: stays closed, the count goes up.
        /// - failure reaching `failureThreshold`: `.open` for `coolDown`
        ///   (``CircuitTransition/opened(until:)``).
        case closed(consecutiveFailures: Int)

        /// Calls are refused until `until`; `coolDown` is how long this opening lasts,
        /// remembered so a failed probe can lengthen the next one.
        /// - a request before `until`: refused, no change.
        /// - the first request at or after `until`: becomes the probe, `.halfOpen`.
        /// - results arriving now (of calls that started before the circuit opened): ignored.
        case open(until: ContinuousClock.Instant, coolDown: Duration)

        /// One probe is in flight, started at `probeStartedAt`; other requests are refused.
        /// - success: `.closed(consecutiveFailures: 0)` (``CircuitTransition/closed``).
        /// - failure: `.open` again for `coolDown` grown by `coolDownGrowth`, capped at
        ///   `maxCoolDown` (``CircuitTransition/reopened(until:)``).
        /// - a request once `probeTimeout` has passed without a result: the probe is taken
        ///   as lost (its task was cancelled) and this request becomes the new probe.
        case halfOpen(probeStartedAt: ContinuousClock.Instant, coolDown: Duration)

        /// The state's name for metrics and the dashboard: `closed`, `open`, `half-open`.
        public var name: String {
            switch self {
            case .closed: return "closed"
            case .open: return "open"
            case .halfOpen: return "half-open"
            }
        }
    }

    public let configuration: CircuitBreakerConfiguration
    public private(set) var state: State

    /// A closed breaker with no failures.
    public init(_ configuration: CircuitBreakerConfiguration = .standard) {
        self.configuration = configuration
        self.state = .closed(consecutiveFailures: 0)
    }

    /// Whether a call may go to the destination at `now`. A `.probe` answer moved the
    /// breaker to half-open: the caller must report that call's result, or the breaker
    /// waits `probeTimeout` before it trusts another probe.
    public mutating func shouldAllowRequest(now: ContinuousClock.Instant) -> CircuitDecision {
        switch state {
        case .closed:
            return .allowed
        case .open(let until, let coolDown):
            guard now >= until else { return .refused(retryAt: until) }
            state = .halfOpen(probeStartedAt: now, coolDown: coolDown)
            return .probe
        case .halfOpen(let probeStartedAt, let coolDown):
            let probeGivenUpAt = probeStartedAt + configuration.probeTimeout
            guard now >= probeGivenUpAt else { return .refused(retryAt: probeGivenUpAt) }
            state = .halfOpen(probeStartedAt: now, coolDown: coolDown)
            return .probe
        }
    }

    /// Records a call that succeeded or was answered by a healthy destination.
    public mutating func recordSuccess(now: ContinuousClock.Instant) -> CircuitTransition? {
        switch state {
        case .closed:
            state = .closed(consecutiveFailures: 0)
            return nil
        case .open:
            return nil
        case .halfOpen:
            state = .closed(consecutiveFailures: 0)
            return .closed
        }
    }

    /// Gives back a probe that was never sent (there was nothing to send): the breaker stays
    /// as wary as it was, and the next request becomes the probe.
    public mutating func releaseProbe(now: ContinuousClock.Instant) {
        guard case .halfOpen(_, let coolDown) = state else { return }
        state = .open(until: now, coolDown: coolDown)
    }

    /// Records a call that failed because of the destination (5xx, 408, time-out,
    /// failed connection).
    public mutating func recordFailure(now: ContinuousClock.Instant) -> CircuitTransition? {
        switch state {
        case .closed(let failures):
            let failures = failures + 1
            guard failures >= configuration.failureThreshold else {
                state = .closed(consecutiveFailures: failures)
                return nil
            }
            let until = now + configuration.coolDown
            state = .open(until: until, coolDown: configuration.coolDown)
            return .opened(until: until)
        case .open:
            return nil
        case .halfOpen(_, let coolDown):
            let grown = configuration.grownCoolDown(after: coolDown)
            let until = now + grown
            state = .open(until: until, coolDown: grown)
            return .reopened(until: until)
        }
    }

    /// Records an attempt's outcome, counting it as a failure only if it says the
    /// destination is unwell.
    public mutating func record(_ outcome: DeliveryOutcome, now: ContinuousClock.Instant) -> CircuitTransition? {
        outcome.isDestinationFailure ? recordFailure(now: now) : recordSuccess(now: now)
    }
}

/// Whether a call may go to a destination now, as a ``CircuitBreaker`` answers.
public enum CircuitDecision: Sendable, Hashable {
    /// The circuit is closed: call.
    case allowed
    /// The circuit is half-open and this call is its one probe: call, then report the
    /// result.
    case probe
    /// Do not call; ask again at `retryAt` (the end of the cool-down, or the moment an
    /// unanswered probe is given up). The refused call is not a delivery attempt.
    case refused(retryAt: ContinuousClock.Instant)
}
