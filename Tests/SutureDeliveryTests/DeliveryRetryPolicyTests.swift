import Foundation
import Testing
@testable import SutureDelivery
import SutureModel

@Suite(.timeLimit(.minutes(1))) struct DeliveryRetryPolicyTests {
    let policy = DeliveryRetryPolicy.standard

    // MARK: Configuration

    @Test func standardPolicyIsTheContractExample() {
        #expect(policy.maxAttempts == 12)
        #expect(policy.initialBackoff == .milliseconds(200))
        #expect(policy.maxBackoff == .seconds(60))
        #expect(policy.clientErrors == .permanent)
        #expect(policy.maxRetryAfter == .seconds(3600))
    }

    @Test(arguments: [
        (attempts: 0, initial: Duration.milliseconds(200), max: Duration.seconds(60), field: "maxAttempts"),
        (attempts: 3, initial: .zero, max: .seconds(60), field: "initialBackoff"),
        (attempts: 3, initial: .seconds(2), max: .seconds(1), field: "maxBackoff"),
    ])
    func configurationRefusesImpossibleSettings(attempts: Int, initial: Duration, max: Duration, field: String) {
        let error = #expect(throws: DeliveryConfigurationError.self) {
            try DeliveryRetryPolicy(maxAttempts: attempts, initialBackoff: initial, maxBackoff: max)
        }
        #expect(error?.field == field)
    }

    @Test func configurationRefusesNegativeRetryAfterCap() {
        let error = #expect(throws: DeliveryConfigurationError.self) {
            try DeliveryRetryPolicy(maxRetryAfter: .seconds(-1))
        }
        #expect(error?.field == "maxRetryAfter")
    }

    // MARK: Classification

    @Test(arguments: [
        (DeliveryOutcome.success(status: 200), DeliveryOutcomeClass.delivered(status: 200)),
        (.httpStatus(201, retryAfter: nil), .delivered(status: 201)),
        (.httpStatus(400, retryAfter: nil), .permanent(status: 400)),
        (.httpStatus(404, retryAfter: nil), .permanent(status: 404)),
        (.httpStatus(409, retryAfter: nil), .permanent(status: 409)),
        (.httpStatus(422, retryAfter: nil), .permanent(status: 422)),
        (.httpStatus(302, retryAfter: nil), .permanent(status: 302)),
        (.httpStatus(408, retryAfter: nil), .transient(.status(408, retryAfter: nil))),
        (.httpStatus(429, retryAfter: .seconds(5)), .transient(.status(429, retryAfter: .seconds(5)))),
        (.httpStatus(500, retryAfter: nil), .transient(.status(500, retryAfter: nil))),
        (.httpStatus(503, retryAfter: .seconds(9)), .transient(.status(503, retryAfter: .seconds(9)))),
        (.httpStatus(599, retryAfter: nil), .transient(.status(599, retryAfter: nil))),
        (.httpStatus(700, retryAfter: nil), .transient(.status(700, retryAfter: nil))),
        (.timeout, .transient(.timeout)),
        (.connectionFailed, .transient(.connectionFailed)),
    ])
    func erpProfileClassifiesOutcomes(outcome: DeliveryOutcome, expected: DeliveryOutcomeClass) {
        #expect(policy.classify(outcome) == expected)
    }

    @Test(arguments: [400, 404, 410, 422, 302])
    func webhookPolicyRetriesClientErrors(status: Int) throws {
        // Given the webhook policy, where anything but 2xx is retried (docs/webhooks.md)
        let webhooks = try DeliveryRetryPolicy(clientErrors: .retried)
        // Then a 4xx or 3xx is transient, not a rejection
        #expect(webhooks.classify(.httpStatus(status, retryAfter: nil)) == .transient(.status(status, retryAfter: nil)))
    }

    // MARK: Decisions

    @Test func successIsDelivered() {
        var random = SeededRandomGenerator(seed: 42)
        #expect(policy.decide(after: .success(status: 201), attempt: 3, using: &random) == .delivered(status: 201))
    }

    @Test func permanentRejectionStopsAtOnce() {
        var random = SeededRandomGenerator(seed: 42)
        // Given the first attempt, when the ERP answers 422 (UOM_MISMATCH)
        let action = policy.decide(after: .httpStatus(422, retryAfter: nil), attempt: 1, using: &random)
        // Then the delivery is rejected without a retry
        #expect(action == .rejected(status: 422))
    }

    @Test func permanentRejectionOnTheLastAttemptIsARejectionNotExhaustion() {
        var random = SeededRandomGenerator(seed: 42)
        let action = policy.decide(after: .httpStatus(404, retryAfter: nil), attempt: 12, using: &random)
        #expect(action == .rejected(status: 404))
    }

    @Test(arguments: [
        DeliveryOutcome.httpStatus(500, retryAfter: nil), .httpStatus(503, retryAfter: nil),
        .httpStatus(408, retryAfter: nil), .httpStatus(429, retryAfter: nil), .timeout, .connectionFailed,
    ])
    func transientFailureIsRetriedWithTheNextAttemptNumber(outcome: DeliveryOutcome) {
        var random = SeededRandomGenerator(seed: 7)
        let action = policy.decide(after: outcome, attempt: 3, using: &random)
        guard case .retry(let delay, let nextAttempt, _) = action else {
            Issue.record("expected a retry, got \(action)")
            return
        }
        #expect(nextAttempt == 4)
        #expect(delay >= .zero && delay <= .milliseconds(800))
    }

    @Test func lastAllowedAttemptExhaustsTheDelivery() {
        var random = SeededRandomGenerator(seed: 42)
        // Given attempt 11 of 12 failed, there is one more
        let eleventh = policy.decide(after: .httpStatus(503, retryAfter: nil), attempt: 11, using: &random)
        guard case .retry(_, nextAttempt: 12, _) = eleventh else {
            Issue.record("expected a 12th attempt, got \(eleventh)")
            return
        }
        // When attempt 12 fails too, then the delivery is exhausted with its last failure
        let twelfth = policy.decide(after: .timeout, attempt: 12, using: &random)
        #expect(twelfth == .exhausted(attempts: 12, lastFailure: .timeout))
    }

    @Test func singleAttemptPolicyExhaustsOnFirstFailure() throws {
        var random = SeededRandomGenerator(seed: 42)
        let once = try DeliveryRetryPolicy(maxAttempts: 1)
        let action = once.decide(after: .connectionFailed, attempt: 1, using: &random)
        #expect(action == .exhausted(attempts: 1, lastFailure: .connectionFailed))
    }

    @Test func attemptNumbersBelowOneCountAsTheFirst() {
        var random = SeededRandomGenerator(seed: 42)
        let action = policy.decide(after: .timeout, attempt: 0, using: &random)
        guard case .retry(_, nextAttempt: 2, _) = action else {
            Issue.record("expected attempt 2 next, got \(action)")
            return
        }
    }

    // MARK: Backoff

    @Test(arguments: [
        (0, Duration.milliseconds(200)), (1, .milliseconds(200)), (2, .milliseconds(400)), (3, .milliseconds(800)),
        (4, .milliseconds(1600)), (9, .milliseconds(51_200)), (10, .seconds(60)), (11, .seconds(60)),
        (1000, .seconds(60)), (Int.max, .seconds(60)),
    ])
    func backoffCeilingDoublesUpToTheCap(attempt: Int, ceiling: Duration) {
        #expect(DeliveryRetryPolicy.standard.schedule.ceiling(afterAttempt: attempt) == ceiling)
    }

    @Test func fullJitterStaysWithinZeroAndTheCeiling() {
        var random = SeededRandomGenerator(seed: 1)
        for attempt in 1...12 {
            let ceiling = policy.schedule.ceiling(afterAttempt: attempt)
            for _ in 0..<200 {
                let delay = policy.schedule.delay(afterAttempt: attempt, using: &random)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
    }

    @Test func fullJitterReachesBothEndsOfTheWindow() {
        var lowest = ConstantRandomNumberGenerator(value: 0)
        var highest = ConstantRandomNumberGenerator(value: .max)
        #expect(policy.schedule.delay(afterAttempt: 3, using: &lowest) == .zero)
        #expect(policy.schedule.delay(afterAttempt: 3, using: &highest) == .milliseconds(800))
    }

    @Test func jitterIsDeterministicForASeed() {
        var first = SeededRandomGenerator(seed: 99)
        var second = SeededRandomGenerator(seed: 99)
        let a = (1...12).map { policy.schedule.delay(afterAttempt: $0, using: &first) }
        let b = (1...12).map { policy.schedule.delay(afterAttempt: $0, using: &second) }
        #expect(a == b)
        // And the draws differ from each other: the jitter actually spreads
        #expect(Set(a).count > 1)
    }

    // MARK: Retry-After

    @Test func retryAfterIsTheMinimumDelay() {
        // Given a 429 asking for 30 s, and a jitter draw of 0
        var lowest = ConstantRandomNumberGenerator(value: 0)
        let action = policy.decide(after: .httpStatus(429, retryAfter: .seconds(30)), attempt: 1, using: &lowest)
        // Then the wait is the 30 s asked for, beyond maxBackoff's reach of attempt 1
        #expect(action == .retry(after: .seconds(30), nextAttempt: 2, failure: .status(429, retryAfter: .seconds(30))))
    }

    @Test func longerBackoffWinsOverAShortRetryAfter() {
        var highest = ConstantRandomNumberGenerator(value: .max)
        let delay = policy.delay(afterAttempt: 10, retryAfter: .seconds(1), using: &highest)
        #expect(delay == .seconds(60))
    }

    @Test func retryAfterIsCappedAtTheSaneMaximum() {
        var lowest = ConstantRandomNumberGenerator(value: 0)
        let delay = policy.delay(afterAttempt: 1, retryAfter: .seconds(365 * 86_400), using: &lowest)
        #expect(delay == .seconds(3600))
    }

    @Test func retryAfterLongerThanMaxBackoffIsHonoured() {
        var highest = ConstantRandomNumberGenerator(value: .max)
        let delay = policy.delay(afterAttempt: 12, retryAfter: .seconds(120), using: &highest)
        #expect(delay == .seconds(120))
    }

    @Test func negativeRetryAfterFallsBackToBackoff() {
        var lowest = ConstantRandomNumberGenerator(value: 0)
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(-5), using: &lowest) == .zero)
    }

    @Test func retryAfterOnA503IsHonoured() {
        var lowest = ConstantRandomNumberGenerator(value: 0)
        let action = policy.decide(after: .httpStatus(503, retryAfter: .seconds(12)), attempt: 2, using: &lowest)
        #expect(action == .retry(after: .seconds(12), nextAttempt: 3, failure: .status(503, retryAfter: .seconds(12))))
    }

    // MARK: Circuit signal

    @Test(arguments: [
        (DeliveryOutcome.success(status: 200), false), (.httpStatus(204, retryAfter: nil), false),
        (.httpStatus(400, retryAfter: nil), false), (.httpStatus(422, retryAfter: nil), false),
        (.httpStatus(429, retryAfter: .seconds(1)), false), (.httpStatus(408, retryAfter: nil), true),
        (.httpStatus(500, retryAfter: nil), true), (.httpStatus(503, retryAfter: nil), true),
        (.timeout, true), (.connectionFailed, true),
    ])
    func onlyDestinationFailuresCountForTheCircuit(outcome: DeliveryOutcome, counts: Bool) {
        #expect(outcome.isDestinationFailure == counts)
    }
}

@Suite(.timeLimit(.minutes(1))) struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_445_412_450)  // Wed, 21 Oct 2015 07:27:30 GMT

    @Test(arguments: [
        ("120", Duration.seconds(120)), ("0", .zero), (" 5 ", .seconds(5)),
        ("Wed, 21 Oct 2015 07:28:00 GMT", .seconds(30)), ("Wed, 21 Oct 2015 07:00:00 GMT", .zero),
    ])
    func readsDelaySecondsAndHTTPDates(header: String, expected: Duration) {
        #expect(RetryAfter.parse(header, now: now) == expected)
    }

    @Test(arguments: ["", "-5", "1.5", "soon", "21 Oct 2015"])
    func unreadableHeaderIsNil(header: String) {
        #expect(RetryAfter.parse(header, now: now) == nil)
    }

    @Test func hugeDelaySecondsStaysAHugeWait() {
        let wait = RetryAfter.parse("99999999999999999999999", now: now)
        #expect(wait != nil && wait! > .seconds(3600))
    }
}
