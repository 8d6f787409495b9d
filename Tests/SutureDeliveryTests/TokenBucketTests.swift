import Testing
@testable import SutureDelivery

@Suite(.timeLimit(.minutes(1))) struct TokenBucketTests {
    let contract: TokenBucket.Configuration

    init() throws {
        contract = try TokenBucket.Configuration(perSecond: 50, burst: 50)
    }

    @Test func contractRateRefillsOneTokenEvery20Milliseconds() {
        #expect(contract.refillInterval == .milliseconds(20))
    }

    @Test func newBucketAllowsBurstBackToBack() {
        // Given a new bucket of burst 50
        var bucket = TokenBucket(contract)
        // When 50 calls come at the same instant
        let decisions = (0..<50).map { _ in bucket.take(now: origin) }
        // Then all are granted, and the 51st waits one refill interval
        #expect(decisions.allSatisfy { $0 == .granted })
        #expect(bucket.take(now: origin) == .wait(.milliseconds(20)))
        #expect(bucket.availableTokens(now: origin) == 0)
    }

    @Test func tokenRefillsAfterOneInterval() {
        var bucket = TokenBucket(contract)
        for _ in 0..<50 { _ = bucket.take(now: origin) }
        // When one interval has passed, exactly one more call goes
        #expect(bucket.take(now: at(milliseconds: 20)) == .granted)
        #expect(bucket.take(now: at(milliseconds: 20)) == .wait(.milliseconds(20)))
    }

    @Test func waitIsTheRemainderOfThePartialRefill() {
        var bucket = TokenBucket(contract)
        for _ in 0..<50 { _ = bucket.take(now: origin) }
        #expect(bucket.take(now: at(milliseconds: 5)) == .wait(.milliseconds(15)))
        #expect(bucket.timeUntilAvailable(now: at(milliseconds: 19)) == .milliseconds(1))
    }

    @Test func refillIsCappedAtBurst() throws {
        // Given a bucket of 5 tokens at 10 per second, emptied
        var bucket = TokenBucket(try .init(perSecond: 10, burst: 5))
        for _ in 0..<5 { _ = bucket.take(now: origin) }
        // When it idles for 10 s (100 tokens' worth)
        let later = at(seconds: 10)
        // Then it holds only 5, and the 6th call at that instant waits
        #expect(bucket.availableTokens(now: later) == 5)
        let decisions = (0..<6).map { _ in bucket.take(now: later) }
        #expect(decisions.prefix(5).allSatisfy { $0 == .granted })
        #expect(decisions.last == .wait(.milliseconds(100)))
    }

    @Test func waitingTakesNothing() throws {
        var bucket = TokenBucket(try .init(perSecond: 1, burst: 1))
        #expect(bucket.take(now: origin) == .granted)
        // When the caller asks again and again before the refill
        let first = bucket.take(now: at(milliseconds: 100))
        let second = bucket.take(now: at(milliseconds: 100))
        // Then the waits are the same: the refused calls consumed nothing
        #expect(first == .wait(.milliseconds(900)))
        #expect(second == first)
        #expect(bucket.take(now: at(seconds: 1)) == .granted)
    }

    @Test func availableTokensCountsOnlyWholeRefilledTokens() throws {
        var bucket = TokenBucket(try .init(perSecond: 10, burst: 10))
        for _ in 0..<3 { _ = bucket.take(now: origin) }
        #expect(bucket.availableTokens(now: origin) == 7)
        #expect(bucket.availableTokens(now: at(milliseconds: 50)) == 7)
        #expect(bucket.availableTokens(now: at(milliseconds: 100)) == 8)
        #expect(bucket.availableTokens(now: at(milliseconds: 300)) == 10)
    }

    @Test func steadyCallsAtTheRateAreAllGranted() {
        // Given an emptied bucket, calls spaced exactly one interval apart all go
        var bucket = TokenBucket(contract)
        for _ in 0..<50 { _ = bucket.take(now: origin) }
        for step in 1...200 {
            #expect(bucket.take(now: at(milliseconds: Int64(step) * 20)) == .granted)
        }
        #expect(bucket.availableTokens(now: at(milliseconds: 4000)) == 0)
    }

    @Test func fractionalRateSpacesCallsFurtherApart() throws {
        var bucket = TokenBucket(try .init(perSecond: 0.5, burst: 1))
        #expect(bucket.take(now: origin) == .granted)
        #expect(bucket.take(now: origin) == .wait(.seconds(2)))
    }

    @Test func fullBucketHasNoWait() {
        let bucket = TokenBucket(contract)
        #expect(bucket.timeUntilAvailable(now: origin) == .zero)
        #expect(bucket.availableTokens(now: origin) == 50)
    }

    @Test func anEarlierNowOnlyLengthensTheWait() throws {
        // A caller that read the clock before another one took the token may pass an
        // older instant; the bucket stays consistent and asks it to wait longer.
        var bucket = TokenBucket(try .init(perSecond: 1, burst: 1))
        #expect(bucket.take(now: at(seconds: 5)) == .granted)
        #expect(bucket.take(now: at(seconds: 4)) == .wait(.seconds(2)))
    }

    @Test(arguments: [
        (perSecond: 0.0, burst: 1, field: "perSecond"),
        (perSecond: -5.0, burst: 1, field: "perSecond"),
        (perSecond: Double.nan, burst: 1, field: "perSecond"),
        (perSecond: Double.infinity, burst: 1, field: "perSecond"),
        (perSecond: 10.0, burst: 0, field: "burst"),
        (perSecond: 10.0, burst: 2_000_000, field: "burst"),
    ])
    func configurationRefusesImpossibleLimits(perSecond: Double, burst: Int, field: String) {
        let error = #expect(throws: DeliveryConfigurationError.self) {
            try TokenBucket.Configuration(perSecond: perSecond, burst: burst)
        }
        #expect(error?.field == field)
        #expect(error?.description.hasPrefix("\(field): must be") == true)
    }
}
