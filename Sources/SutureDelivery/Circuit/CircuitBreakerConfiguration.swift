/// The settings of a ``CircuitBreaker``: when it opens and how long it stays open.
public struct CircuitBreakerConfiguration: Sendable, Hashable {
    /// Consecutive destination failures that open the circuit.
    public let failureThreshold: Int
    /// How long the first opening lasts.
    public let coolDown: Duration
    /// The longest an opening lasts however many probes failed.
    public let maxCoolDown: Duration
    /// The factor a failed probe multiplies the cool-down by (1 keeps it constant), so
    /// a long outage is probed less and less often.
    public let coolDownGrowth: Int
    /// How long a probe may stay unanswered before another is let through. Longer than
    /// the system's request `timeout`, so only a lost probe is given up.
    public let probeTimeout: Duration

    /// Five failures, 30 s doubling up to 5 min, probes given up after 60 s.
    public static let standard = CircuitBreakerConfiguration(
        validatedFailureThreshold: 5, coolDown: .seconds(30), maxCoolDown: .seconds(300),
        coolDownGrowth: 2, probeTimeout: .seconds(60))

    /// Bounds that keep `coolDown * coolDownGrowth` far from overflow.
    public static let longestCoolDown: Duration = .seconds(86_400)
    public static let growthRange: ClosedRange<Int> = 1...10

    public init(
        failureThreshold: Int = 5,
        coolDown: Duration = .seconds(30),
        maxCoolDown: Duration = .seconds(300),
        coolDownGrowth: Int = 2,
        probeTimeout: Duration = .seconds(60)
    ) throws(DeliveryConfigurationError) {
        guard failureThreshold >= 1 else {
            throw DeliveryConfigurationError(
                field: "failureThreshold", problem: "must be at least 1, got \(failureThreshold)")
        }
        guard coolDown > .zero else {
            throw DeliveryConfigurationError(field: "coolDown", problem: "must be longer than 0, got \(coolDown)")
        }
        guard maxCoolDown >= coolDown, maxCoolDown <= Self.longestCoolDown else {
            throw DeliveryConfigurationError(
                field: "maxCoolDown", problem: "must be from coolDown (\(coolDown)) to 24 hours, got \(maxCoolDown)")
        }
        guard Self.growthRange.contains(coolDownGrowth) else {
            throw DeliveryConfigurationError(
                field: "coolDownGrowth", problem: "must be a whole number from 1 to 10, got \(coolDownGrowth)")
        }
        guard probeTimeout > .zero else {
            throw DeliveryConfigurationError(
                field: "probeTimeout", problem: "must be longer than 0, got \(probeTimeout)")
        }
        self.init(
            validatedFailureThreshold: failureThreshold, coolDown: coolDown, maxCoolDown: maxCoolDown,
            coolDownGrowth: coolDownGrowth, probeTimeout: probeTimeout)
    }

    private init(
        validatedFailureThreshold: Int, coolDown: Duration, maxCoolDown: Duration, coolDownGrowth: Int,
        probeTimeout: Duration
    ) {
        self.failureThreshold = validatedFailureThreshold
        self.coolDown = coolDown
        self.maxCoolDown = maxCoolDown
        self.coolDownGrowth = coolDownGrowth
        self.probeTimeout = probeTimeout
    }

    /// The cool-down after a failed probe: `coolDown` times the growth, capped.
    func grownCoolDown(after coolDown: Duration) -> Duration {
        min(coolDown * coolDownGrowth, maxCoolDown)
    }
}
