import Foundation
@testable import SutureERPSimulator
import SutureModel
import Testing

/// The pure parts: token bucket, timestamps and the JSON form of faults.
@Suite("ERP simulator: pure parts")
struct ERPFaultUnitTests {
    @Test func tokenBucketAllowsTheBurstThenRefillsAtTheRate() {
        let start = ContinuousClock.now
        var bucket = ERPTokenBucket(perSecond: 2, burst: 3, now: start)
        // a full bucket admits the burst
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == nil)
        // then says how long until the next token (half a second at 2/s)
        let wait = bucket.take(now: start)
        #expect(wait == .milliseconds(500))
        #expect(wait?.retryAfterSeconds == 1)
        // and admits again once it has refilled
        #expect(bucket.take(now: start + .milliseconds(500)) == nil)
        #expect(bucket.take(now: start + .milliseconds(600)) != nil)
    }

    @Test func retryAfterIsAWholeSecondOfAtLeastOne() {
        #expect(Duration.milliseconds(1).retryAfterSeconds == 1)
        #expect(Duration.milliseconds(1_001).retryAfterSeconds == 2)
        #expect(Duration.seconds(3).retryAfterSeconds == 3)
    }

    @Test(arguments: [
        ("2026-05-18T10:15:00Z", true), ("2026-05-18T10:15:00.123+02:00", true), ("2024-02-29T00:00:00Z", true),
        ("2026-02-29T00:00:00Z", false), ("2026-05-18 10:15:00Z", false), ("2026-05-18T24:00:00Z", false),
        ("2026-05-18T10:15:00", false), ("2026-05-18T10:15:00.Z", false), ("2026-05-18T10:15:00+0200", false),
    ])
    func dateTimesAreRFC3339(text: String, valid: Bool) {
        #expect(ERPTimestamp.isDateTime(text) == valid)
    }

    @Test func faultsSurviveAJSONRoundTrip() throws {
        let faults = ERPFaults(
            rateLimit: .init(perSecond: 2.5, burst: 4), unavailability: .init(probability: 0.25, retryAfterSeconds: 2),
            latency: .init(milliseconds: 20, jitterMilliseconds: 5), unknownItems: ["A"], mismatchedUnits: ["CS", "BX"],
            closedPurchaseOrders: ["PO-1"], down: true, downMode: .serviceUnavailable, downFor: .seconds(30), seed: 7)
        let text = faults.json.serialized()
        #expect(try ERPFaults(json: JSONValue.parse(text)) == faults)
    }

    @Test func applyingJSONChangesOnlyTheMembersSent() throws {
        let faults = ERPFaults(rateLimit: .init(perSecond: 5), mismatchedUnits: ["CS"])
        let changed = try faults.applying(JSONValue.parse(#"{"rateLimit":null,"unknownItems":["X"]}"#))
        #expect(changed.rateLimit == nil)
        #expect(changed.unknownItems == ["X"])
        #expect(changed.mismatchedUnits == ["CS"])
    }

    @Test func sameSeedGivesTheSameDecisions() {
        func decisions() -> [ERPAdmission] {
            let injector = ERPFaultInjector(faults: ERPFaults(unavailability: .init(probability: 0.3), seed: 99))
            return (0..<50).map { _ in injector.admit() }
        }
        #expect(decisions() == decisions())
    }

    @Test func downForRunsOutByItself() throws {
        let injector = ERPFaultInjector()
        try injector.goDown(for: .milliseconds(100))
        let now = ContinuousClock.now
        #expect(injector.arrive(now: now) == .drop)
        #expect(injector.arrive(now: now + .milliseconds(200)) == .proceed(latency: .zero))
        #expect(injector.faults.down == false)
    }
}
