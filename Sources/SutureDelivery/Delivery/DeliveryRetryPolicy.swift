/// Decides, after each attempt to deliver a document, whether it is delivered, retried
/// after a delay, rejected for good, or exhausted; built from a system's `retry` settings
/// (`{ maxAttempts: 12, initialBackoff: 200ms, maxBackoff: 60s }`).
///
/// The policy is a pure function of the outcome, the attempt number and a random source:
/// it keeps no state, so the delivery row's attempt count is all the shell persists.
/// Attempts refused by an open ``CircuitBreaker`` or held back by the ``TokenBucket``
/// never reached the destination and must not be counted as attempts, so an outage
/// spent behind an open circuit does not use up a delivery's attempts.
public struct DeliveryRetryPolicy: Sendable, Hashable {
    /// Which non-2xx answers are final.
    public enum ClientErrorHandling: Sendable, Hashable {
        /// The ERP profile: 4xx other than 408 and 429, and 3xx (redirects are not
        /// followed, so the configured URL is wrong), are permanent rejections. Retrying
        /// the same body cannot change the answer, and a person has to fix the data.
        case permanent
        /// Webhooks: anything but 2xx is retried, because a subscriber's 4xx is usually
        /// its deployment being broken for a while, not our event being wrong.
        case retried
    }

    /// The most attempts, the first included; the attempt numbered `maxAttempts` that
    /// fails transiently exhausts the delivery.
    public let maxAttempts: Int
    public let schedule: BackoffSchedule
    /// The longest `Retry-After` honoured: a destination may ask for a longer pause than
    /// `maxBackoff` (a maintenance window), but a bogus value such as a year must not
    /// park a delivery for ever.
    public let maxRetryAfter: Duration
    public let clientErrors: ClientErrorHandling

    public var initialBackoff: Duration { schedule.initialBackoff }
    public var maxBackoff: Duration { schedule.maxBackoff }

    /// Suture's default (docs/erp-profile.md, "What the answers mean"): 12 attempts, 200 ms doubling to
    /// 60 s, `Retry-After` honoured up to one hour, 4xx permanent.
    public static let standard = DeliveryRetryPolicy(
        validatedMaxAttempts: 12, initialBackoff: .milliseconds(200), maxBackoff: .seconds(60),
        maxRetryAfter: .seconds(3600), clientErrors: .permanent)

    public init(
        maxAttempts: Int = 12,
        initialBackoff: Duration = .milliseconds(200),
        maxBackoff: Duration = .seconds(60),
        maxRetryAfter: Duration = .seconds(3600),
        clientErrors: ClientErrorHandling = .permanent
    ) throws(DeliveryConfigurationError) {
        guard maxAttempts >= 1 else {
            throw DeliveryConfigurationError(
                field: "maxAttempts", problem: "must be at least 1 (the first attempt counts), got \(maxAttempts)")
        }
        guard initialBackoff > .zero else {
            throw DeliveryConfigurationError(
                field: "initialBackoff", problem: "must be longer than 0, got \(initialBackoff)")
        }
        guard maxBackoff >= initialBackoff else {
            throw DeliveryConfigurationError(
                field: "maxBackoff",
                problem: "must be at least initialBackoff (\(initialBackoff)), got \(maxBackoff)")
        }
        guard maxRetryAfter >= .zero else {
            throw DeliveryConfigurationError(
                field: "maxRetryAfter", problem: "must not be negative, got \(maxRetryAfter)")
        }
        self.init(
            validatedMaxAttempts: maxAttempts, initialBackoff: initialBackoff, maxBackoff: maxBackoff,
            maxRetryAfter: maxRetryAfter, clientErrors: clientErrors)
    }

    private init(
        validatedMaxAttempts maxAttempts: Int, initialBackoff: Duration, maxBackoff: Duration,
        maxRetryAfter: Duration, clientErrors: ClientErrorHandling
    ) {
        self.maxAttempts = maxAttempts
        self.schedule = BackoffSchedule(initialBackoff: initialBackoff, maxBackoff: maxBackoff)
        self.maxRetryAfter = maxRetryAfter
        self.clientErrors = clientErrors
    }

    /// Sorts an outcome into delivered, transient or permanent, without counting attempts.
    ///
    /// 408 and 429 are transient whatever ``clientErrors`` says: they mean "not now",
    /// not "never". Status codes outside 100...599 (a broken proxy) are transient too.
    public func classify(_ outcome: DeliveryOutcome) -> DeliveryOutcomeClass {
        switch outcome {
        case .success(let status):
            return .delivered(status: status)
        case .timeout:
            return .transient(.timeout)
        case .connectionFailed:
            return .transient(.connectionFailed)
        case .httpStatus(let status, let retryAfter):
            switch status {
            case 200...299:
                return .delivered(status: status)
            case 408, 429, 500...599:
                return .transient(.status(status, retryAfter: retryAfter))
            case 300...499 where clientErrors == .permanent:
                return .permanent(status: status)
            default:
                return .transient(.status(status, retryAfter: retryAfter))
            }
        }
    }

    /// What to do after the 1-based `attempt` ended with `outcome` (attempt numbers
    /// below 1 count as 1).
    public func decide(
        after outcome: DeliveryOutcome, attempt: Int, using generator: inout some RandomNumberGenerator
    ) -> DeliveryAction {
        let attempt = max(1, attempt)
        switch classify(outcome) {
        case .delivered(let status):
            return .delivered(status: status)
        case .permanent(let status):
            return .rejected(status: status)
        case .transient(let failure):
            guard attempt < maxAttempts else { return .exhausted(attempts: attempt, lastFailure: failure) }
            let retryAfter: Duration? = if case .status(_, let retryAfter) = failure { retryAfter } else { nil }
            let delay = delay(afterAttempt: attempt, retryAfter: retryAfter, using: &generator)
            return .retry(after: delay, nextAttempt: attempt + 1, failure: failure)
        }
    }

    /// The wait after the 1-based `attempt`: the jittered backoff, but never less than
    /// the destination's `Retry-After` (capped at ``maxRetryAfter``; negative counts as 0).
    ///
    /// 429 and 503 are the answers that carry `Retry-After`; if another retried answer
    /// carries one it is honoured as well, since the destination knows when it will be
    /// ready.
    public func delay(
        afterAttempt attempt: Int, retryAfter: Duration?, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let backoff = schedule.delay(afterAttempt: attempt, using: &generator)
        guard let retryAfter else { return backoff }
        let floor = min(max(retryAfter, .zero), maxRetryAfter)
        return max(backoff, floor)
    }
}
