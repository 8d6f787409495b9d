public import SutureModel
import Synchronization

/// The live fault state of a running simulator: the current ``ERPFaults`` with the token
/// bucket, the seeded generator and the down timer that go with them.
///
/// Its decisions are synchronous and short, so a `Mutex` guards them instead of an actor:
/// every request asks it once or twice and must not queue behind ledger work.
public final class ERPFaultInjector: Sendable {
    private let state: Mutex<State>

    public init(faults: ERPFaults = .none) {
        var state = State(faults: .none, random: SeededRandomGenerator(seed: faults.seed))
        state.install(faults, now: .now)
        self.state = Mutex(state)
    }

    /// The faults in force now (a down period that has run out shows as up).
    public var faults: ERPFaults {
        state.withLock { state in
            state.expireDown(now: .now)
            return state.faults
        }
    }

    /// Puts other faults in force at once. A changed rate limit starts a full bucket; a
    /// changed seed restarts the random sequence.
    public func replace(with faults: ERPFaults) throws(ERPFaultsError) {
        try faults.validate()
        state.withLock { $0.install(faults, now: .now) }
    }

    /// Applies a JSON change (see ``ERPFaults/applying(_:)``) and answers the faults now in force.
    @discardableResult
    public func apply(_ change: JSONValue) throws(ERPFaultsError) -> ERPFaults {
        try state.withLock { (state: inout State) throws(ERPFaultsError) -> ERPFaults in
            state.expireDown(now: .now)
            let faults = try state.faults.applying(change)
            state.install(faults, now: .now)
            return faults
        }
    }

    /// Switches the simulator down (in `mode`, else the mode in force), until ``comeUp()``
    /// or, when `duration` is given, until that much time has passed from now.
    @discardableResult
    public func goDown(for duration: Duration? = nil, mode: ERPFaults.DownMode? = nil) throws(ERPFaultsError) -> ERPFaults {
        try state.withLock { (state: inout State) throws(ERPFaultsError) -> ERPFaults in
            var faults = state.faults
            faults.down = true
            faults.downFor = duration
            if let mode { faults.downMode = mode }
            try faults.validate()
            state.faults.down = false  // so that install arms the timer anew
            state.install(faults, now: .now)
            return faults
        }
    }

    /// Switches the simulator up again.
    @discardableResult
    public func comeUp() -> ERPFaults {
        state.withLock { state in
            var faults = state.faults
            faults.down = false
            state.install(faults, now: .now)
            return faults
        }
    }

    /// What to do with a request as it arrives, before reading it: drop it, refuse it
    /// (while down), or go on after the injected latency.
    func arrive(now: ContinuousClock.Instant = .now) -> ERPArrival {
        state.withLock { state in
            state.expireDown(now: now)
            if state.faults.down {
                switch state.faults.downMode {
                case .closeConnection: return .drop
                case .serviceUnavailable:
                    return .unavailable(retryAfterSeconds: state.downUntil.map { ($0 - now).retryAfterSeconds })
                }
            }
            guard let latency = state.faults.latency else { return .proceed(latency: .zero) }
            let jitter = latency.jitterMilliseconds > 0
                ? Int.random(in: 0...latency.jitterMilliseconds, using: &state.random) : 0
            return .proceed(latency: .milliseconds(latency.milliseconds + jitter))
        }
    }

    /// Whether a request that waited out its latency is served: the rate limit first, then
    /// the random share of 503s; if served, the business rules in force for it.
    func admit(now: ContinuousClock.Instant = .now) -> ERPAdmission {
        state.withLock { state in
            if let wait = state.bucket?.take(now: now) {
                return .throttled(retryAfterSeconds: wait.retryAfterSeconds)
            }
            // Draw only when a share is set, so that the sequence a seed gives is the same
            // whatever else is configured.
            if let unavailability = state.faults.unavailability, unavailability.probability > 0,
               Double.random(in: 0..<1, using: &state.random) < unavailability.probability {
                return .unavailable(retryAfterSeconds: unavailability.retryAfterSeconds)
            }
            return .admitted(ERPBusinessRules(faults: state.faults))
        }
    }

    private struct State {
        var faults: ERPFaults
        var random: SeededRandomGenerator
        var bucket: ERPTokenBucket?
        var downUntil: ContinuousClock.Instant?

        init(faults: ERPFaults, random: SeededRandomGenerator) {
            self.faults = faults
            self.random = random
        }

        mutating func install(_ new: ERPFaults, now: ContinuousClock.Instant) {
            let old = faults
            if new.rateLimit != old.rateLimit || (bucket == nil && new.rateLimit != nil) {
                bucket = new.rateLimit.map { ERPTokenBucket(perSecond: $0.perSecond, burst: $0.burst, now: now) }
            }
            if new.seed != old.seed { random = SeededRandomGenerator(seed: new.seed) }
            if !new.down {
                downUntil = nil
            } else if !old.down || new.downFor != old.downFor {
                downUntil = new.downFor.map { now + $0 }
            }
            faults = new
        }

        mutating func expireDown(now: ContinuousClock.Instant) {
            if faults.down, let until = downUntil, now >= until {
                faults.down = false
                downUntil = nil
            }
        }
    }
}
