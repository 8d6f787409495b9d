/// How Suture calls one system: its pace, retries, time-out, circuit breaker and
/// concurrency. Every system with outbound deliveries takes these keys.
public struct DeliverySettings: Sendable, Equatable {
    public var rateLimit: RateLimitSettings
    public var retry: RetrySettings
    public var timeout: Duration
    public var circuitBreaker: CircuitBreakerSettings
    public var concurrency: Int

    static let keys: [ConfigKey] = [
        ConfigKey("rateLimit", RateLimitSettings.type(perSecondDefault: "50"),
                  doc: "How fast Suture may call this system (the system's own limit); it never exceeds it, even after an outage, and keeps one request of a burst above 1 in reserve so the system's own limiter has room for network jitter."),
        ConfigKey("retry", .record(RetrySettings.keys), doc: "Retries of transient failures (5xx, time-outs, refused connections, 429)."),
        ConfigKey("timeout", .duration, default: "10s", doc: "How long one call may take before it counts as failed."),
        ConfigKey("circuitBreaker", .record(CircuitBreakerSettings.keys),
                  doc: "Stops calling a system that keeps failing, and probes it until it answers again."),
        ConfigKey("concurrency", .integer(1...256), default: "8", doc: "Calls to this system in flight at once."),
    ]

    /// Every key at the default its declaration gives.
    public static let defaults = ConfigDefaults.build(keys, DeliverySettings.init)

    public init(rateLimit: RateLimitSettings, retry: RetrySettings, timeout: Duration,
                circuitBreaker: CircuitBreakerSettings, concurrency: Int) {
        self.rateLimit = rateLimit
        self.retry = retry
        self.timeout = timeout
        self.circuitBreaker = circuitBreaker
        self.concurrency = concurrency
    }

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(rateLimit: try RateLimitSettings(try value.member("rateLimit")),
                  retry: try RetrySettings(try value.member("retry")),
                  timeout: try value.duration("timeout"),
                  circuitBreaker: try CircuitBreakerSettings(try value.member("circuitBreaker")),
                  concurrency: try value.integer("concurrency"))
    }
}

/// A token-bucket rate: sustained requests per second and the burst above it.
public struct RateLimitSettings: Sendable, Equatable {
    public var perSecond: Int
    public var burst: Int

    /// `burst` defaults to `perSecond`.
    public init(perSecond: Int, burst: Int? = nil) {
        self.perSecond = perSecond
        self.burst = burst ?? perSecond
    }

    /// The record's declaration; a client's limit has no default rate (no record, no
    /// limit), a system's defaults to its `perSecondDefault`.
    static func type(perSecondDefault: String?) -> ConfigType {
        .record([
            ConfigKey("perSecond", .integer(1...1_000_000), required: perSecondDefault == nil, default: perSecondDefault,
                      doc: "Sustained requests per second."),
            ConfigKey("burst", .integer(1...1_000_000), doc: "Requests allowed at once above the sustained rate; defaults to `perSecond`."),
        ])
    }

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(perSecond: try value.integer("perSecond"), burst: value["burst"] == nil ? nil : try value.integer("burst"))
    }
}

/// How deliveries to a system are retried.
public struct RetrySettings: Sendable, Equatable {
    public var maxAttempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration

    static let keys = [
        ConfigKey("maxAttempts", .integer(1...1000), default: "12", doc: "Attempts before a delivery is dead and opens `delivery-exhausted`."),
        ConfigKey("initialBackoff", .duration, default: "200ms", doc: "Wait before the first retry; doubles each time, with jitter."),
        ConfigKey("maxBackoff", .duration, default: "60s", doc: "Longest wait between attempts."),
    ]

    public init(maxAttempts: Int, initialBackoff: Duration, maxBackoff: Duration) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(maxAttempts: try value.integer("maxAttempts"), initialBackoff: try value.duration("initialBackoff"),
                  maxBackoff: try value.duration("maxBackoff"))
    }
}

/// When a system's circuit breaker opens and how long it stays open.
public struct CircuitBreakerSettings: Sendable, Equatable {
    public var failureThreshold: Int
    public var coolDown: Duration
    public var maxCoolDown: Duration

    static let keys = [
        ConfigKey("failureThreshold", .integer(1...1000), default: "5", doc: "Consecutive transient failures that open the circuit."),
        ConfigKey("coolDown", .duration, default: "30s", doc: "How long the circuit stays open before one probe call is let through."),
        ConfigKey("maxCoolDown", .duration, default: "5m", doc: "The longest cool-down; it doubles after each failed probe up to this."),
    ]

    public init(failureThreshold: Int, coolDown: Duration, maxCoolDown: Duration) {
        self.failureThreshold = failureThreshold
        self.coolDown = coolDown
        self.maxCoolDown = maxCoolDown
    }

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(failureThreshold: try value.integer("failureThreshold"), coolDown: try value.duration("coolDown"),
                  maxCoolDown: try value.duration("maxCoolDown"))
    }
}
