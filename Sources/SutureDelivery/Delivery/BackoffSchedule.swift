/// Exponential backoff with full jitter: after attempt `n` the wait is drawn uniformly
/// from `0...min(maxBackoff, initialBackoff * 2^(n-1))`.
///
/// Full jitter rather than decorrelated jitter because it needs nothing but the attempt
/// number: a durable delivery row stores its attempt count, not the previous delay,
/// and any node may pick it up. It also spreads a crowd of deliveries that failed
/// together (an ERP restart) across the whole window instead of a band near its top.
/// The random source is a parameter so tests are deterministic.
public struct BackoffSchedule: Sendable, Hashable {
    public let initialBackoff: Duration
    public let maxBackoff: Duration

    /// Callers validate (see ``DeliveryRetryPolicy``): both positive, max at least initial.
    init(initialBackoff: Duration, maxBackoff: Duration) {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// The upper bound of the wait after the 1-based `attempt` (values below 1 count
    /// as 1): `initialBackoff` doubled `attempt - 1` times, capped at `maxBackoff`.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        var ceiling = min(initialBackoff, maxBackoff)
        var doublings = max(1, attempt) - 1
        // Doubling stops at the cap, so attempt numbers of any size cannot overflow.
        while doublings > 0 && ceiling < maxBackoff {
            ceiling = ceiling > maxBackoff / 2 ? maxBackoff : ceiling * 2
            doublings -= 1
        }
        return ceiling
    }

    /// A wait drawn uniformly, to the nanosecond, from `0...ceiling(afterAttempt:)`.
    ///
    /// One 64-bit draw is scaled onto the window (`draw * (span + 1) >> 64`) instead of
    /// `Int64.random(in:)`, whose rejection sampling may ask for more draws: each delay
    /// uses exactly one value of the generator, a generator pinned to 0 or `UInt64.max`
    /// gives the bottom or the top of the window, and the bias (under 1e-8 for a 60 s
    /// window) does not matter for jitter.
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let span = UInt64(Self.nanoseconds(ceiling(afterAttempt: attempt)))
        let scaled = generator.next().multipliedFullWidth(by: span + 1)
        return .nanoseconds(Int64(scaled.high))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        Int64(clamping: duration.attoseconds / 1_000_000_000)
    }
}
