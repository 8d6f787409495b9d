/// A token bucket on a monotonic clock: `perSecond` tokens flow in continuously, at most
/// `burst` wait, and every admitted request takes one.
///
/// Pure: the time is passed in, so the rate limit can be tested without waiting.
struct ERPTokenBucket: Sendable, Equatable {
    let perSecond: Double
    let burst: Double
    private(set) var tokens: Double
    private var updatedAt: ContinuousClock.Instant

    /// A full bucket, so that a client may start with a burst.
    init(perSecond: Double, burst: Int, now: ContinuousClock.Instant) {
        self.perSecond = perSecond
        self.burst = Double(max(burst, 1))
        self.tokens = self.burst
        self.updatedAt = now
    }

    /// Takes a token and answers nil, or takes nothing and answers how long until a token
    /// will be there.
    mutating func take(now: ContinuousClock.Instant) -> Duration? {
        if now > updatedAt {
            tokens = min(burst, tokens + (now - updatedAt).seconds * perSecond)
            updatedAt = now
        }
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return .seconds((1 - tokens) / perSecond)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number (for rates, not for money).
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Whole seconds, rounded up and at least one: what a `Retry-After` header may say.
    var retryAfterSeconds: Int {
        max(1, Int(seconds.rounded(.up)))
    }
}
