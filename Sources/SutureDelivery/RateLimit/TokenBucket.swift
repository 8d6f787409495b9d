/// Paces calls to one destination: `perSecond` tokens refill continuously, at most
/// `burst` are kept, and every call takes one.
///
/// A new bucket is full, so the first `burst` calls go at once and later calls are
/// spaced `1 / perSecond` apart. Time is passed in (`now`), never read here, so the
/// shell decides which clock drives it and tests drive it by hand.
///
/// The bucket is kept as one instant, `fullAt`, the moment it would be full again
/// (the Generic Cell Rate Algorithm). Holding `burst - (fullAt - now) / interval`
/// tokens is then implicit: nothing has to be refilled on a timer, and the arithmetic
/// stays in exact `Duration` units rather than drifting fractional token counts.
public struct TokenBucket: Sendable, Hashable {
    /// The `rateLimit` settings of a system: `{ perSecond: 50, burst: 50 }`.
    public struct Configuration: Sendable, Hashable {
        /// Tokens added per second; may be fractional (`0.5` is one call every 2 s).
        public let perSecond: Double
        /// The most tokens the bucket holds, so the most calls allowed back to back.
        public let burst: Int
        /// The time one token takes to refill: `1 / perSecond`.
        public let refillInterval: Duration

        /// Limits keep the interval arithmetic far from overflow; anything outside them
        /// is a typo rather than a rate limit.
        public static let perSecondRange: ClosedRange<Double> = 0.000_001...1_000_000_000
        public static let burstRange: ClosedRange<Int> = 1...1_000_000

        public init(perSecond: Double, burst: Int) throws(DeliveryConfigurationError) {
            guard perSecond.isFinite, Self.perSecondRange.contains(perSecond) else {
                throw DeliveryConfigurationError(
                    field: "perSecond",
                    problem: "must be a number above 0 and at most 1000000000, got \(perSecond)")
            }
            guard Self.burstRange.contains(burst) else {
                throw DeliveryConfigurationError(
                    field: "burst", problem: "must be a whole number from 1 to 1000000, got \(burst)")
            }
            self.perSecond = perSecond
            self.burst = burst
            // 1e18 / 50 is exactly 2e16 attoseconds (20 ms); rounding only matters for
            // rates like 3/s, where it is a few attoseconds.
            self.refillInterval = Duration(attoseconds: Int128((1e18 / perSecond).rounded()))
        }
    }

    public let configuration: Configuration
    /// When the bucket would be full again if nothing more were taken; nil while it is
    /// full. Every granted token pushes it one `refillInterval` later.
    public private(set) var fullAt: ContinuousClock.Instant?

    /// A full bucket.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
        self.fullAt = nil
    }

    /// Takes one token if one is available at `now` (`.granted`); otherwise takes
    /// nothing and says how long until one is (`.wait`), after which the caller asks
    /// again. Waiting callers do not reserve tokens, so with several of them the first
    /// to come back wins; the shell serializes callers per destination.
    public mutating func take(now: ContinuousClock.Instant) -> TokenDecision {
        let wait = timeUntilAvailable(now: now)
        guard wait == .zero else { return .wait(wait) }
        let start = fullAt.map { max($0, now) } ?? now
        fullAt = start + configuration.refillInterval
        return .granted
    }

    /// How long from `now` until one token is available: `.zero` if one is now.
    public func timeUntilAvailable(now: ContinuousClock.Instant) -> Duration {
        guard let fullAt, fullAt > now else { return .zero }
        // A token is available while the bucket lacks at most `burst - 1` tokens,
        // that is while `fullAt - now` is at most `(burst - 1)` intervals.
        let tolerance = configuration.refillInterval * (configuration.burst - 1)
        let deficit = fullAt - now
        return deficit > tolerance ? deficit - tolerance : .zero
    }

    /// The whole tokens available at `now`, from 0 to `burst`.
    public func availableTokens(now: ContinuousClock.Instant) -> Int {
        guard let fullAt, fullAt > now else { return configuration.burst }
        let interval = configuration.refillInterval.attoseconds
        let deficit = (fullAt - now).attoseconds
        // A token only counts once it has refilled completely: round the deficit up.
        let missing = (deficit + interval - 1) / interval
        return Int(max(0, Int128(configuration.burst) - missing))
    }
}

/// What a ``TokenBucket`` answers to a call that wants to go now.
public enum TokenDecision: Sendable, Hashable {
    /// A token was taken: make the call.
    case granted
    /// No token is available: ask again after this long. Nothing was taken.
    case wait(Duration)
}
