/// The faults the reference ERP simulator injects: what makes it slow, throttled,
/// unreliable, picky about codes, or gone.
///
/// A value: the simulator starts with one (``ERPSimulatorConfiguration/faults``) and
/// `PUT /_sim/faults` replaces parts of it while it runs.
public struct ERPFaults: Sendable, Equatable {
    /// A token bucket: `perSecond` requests a second on average, `burst` at once.
    public struct RateLimit: Sendable, Equatable {
        public var perSecond: Double
        public var burst: Int

        public init(perSecond: Double, burst: Int? = nil) {
            self.perSecond = perSecond
            self.burst = burst ?? max(1, Int(perSecond.rounded(.up)))
        }
    }

    /// A share of requests answered 503, drawn from the seeded generator.
    public struct Unavailability: Sendable, Equatable {
        /// From 0 (never) to 1 (always).
        public var probability: Double
        /// The `Retry-After` seconds sent with each 503; none when nil.
        public var retryAfterSeconds: Int?

        public init(probability: Double, retryAfterSeconds: Int? = nil) {
            self.probability = probability
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    /// Time added before every answer: `milliseconds` plus up to `jitterMilliseconds`.
    public struct Latency: Sendable, Equatable {
        public var milliseconds: Int
        public var jitterMilliseconds: Int

        public init(milliseconds: Int, jitterMilliseconds: Int = 0) {
            self.milliseconds = milliseconds
            self.jitterMilliseconds = jitterMilliseconds
        }
    }

    /// How the simulator behaves while it is down.
    public enum DownMode: String, Sendable, Equatable, CaseIterable {
        /// Closes the connection as soon as a request arrives, without an answer: what a
        /// crashed ERP or a dropped load balancer looks like to the client.
        case closeConnection = "close"
        /// Answers every request 503, as an ERP in maintenance does.
        case serviceUnavailable = "503"
    }

    public var rateLimit: RateLimit?
    public var unavailability: Unavailability?
    public var latency: Latency?
    /// Item codes answered 422 `UNKNOWN_ITEM`.
    public var unknownItems: Set<String>
    /// Unit codes answered 422 `UOM_MISMATCH`.
    public var mismatchedUnits: Set<String>
    /// Purchase order numbers answered 409 `PO_CLOSED` (status updates, and receipts against them).
    public var closedPurchaseOrders: Set<String>
    /// Whether the simulator is down (see ``downMode``).
    public var down: Bool
    public var downMode: DownMode
    /// When set while `down` is switched on, the simulator comes back up by itself after this long.
    public var downFor: Duration?
    /// Seeds the generator behind random 503s and latency jitter, so a run can be repeated.
    public var seed: UInt64

    public init(
        rateLimit: RateLimit? = nil,
        unavailability: Unavailability? = nil,
        latency: Latency? = nil,
        unknownItems: Set<String> = [],
        mismatchedUnits: Set<String> = [],
        closedPurchaseOrders: Set<String> = [],
        down: Bool = false,
        downMode: DownMode = .closeConnection,
        downFor: Duration? = nil,
        seed: UInt64 = 1
    ) {
        self.rateLimit = rateLimit
        self.unavailability = unavailability
        self.latency = latency
        self.unknownItems = unknownItems
        self.mismatchedUnits = mismatchedUnits
        self.closedPurchaseOrders = closedPurchaseOrders
        self.down = down
        self.downMode = downMode
        self.downFor = downFor
        self.seed = seed
    }

    /// A healthy ERP: no faults at all.
    public static let none = ERPFaults()

    /// Checks the numbers, so that a typo in a test or on the command line is an error and
    /// not a silently healthy (or silently dead) simulator.
    public func validate() throws(ERPFaultsError) {
        if let rateLimit {
            guard rateLimit.perSecond > 0, rateLimit.perSecond.isFinite else {
                throw ERPFaultsError("rateLimit.perSecond must be a number above 0")
            }
            guard rateLimit.burst >= 1 else { throw ERPFaultsError("rateLimit.burst must be at least 1") }
        }
        if let unavailability {
            guard (0...1).contains(unavailability.probability) else {
                throw ERPFaultsError("unavailable.probability must be between 0 and 1")
            }
            if let seconds = unavailability.retryAfterSeconds, seconds < 0 {
                throw ERPFaultsError("unavailable.retryAfter must not be negative")
            }
        }
        if let latency {
            guard latency.milliseconds >= 0, latency.jitterMilliseconds >= 0 else {
                throw ERPFaultsError("latency.milliseconds and latency.jitterMilliseconds must not be negative")
            }
        }
        if let downFor, downFor <= .zero {
            throw ERPFaultsError("downFor must be more than 0 seconds")
        }
    }
}
