import SutureConfig
import SutureEngine
import SutureStore
import Testing

/// The alert state machine, transition by transition, with time passed in.
@Suite struct AlertEvaluatorTests {
    static let rule = AlertRule(name: "backlog", metric: .backlog, system: "erp", comparison: .above(500), holdFor: .seconds(300),
                                notify: ["ops"], repeatEvery: .seconds(3600))

    static func state(_ name: String, since: Int64, notified: Int64? = nil, version: Int = 1) -> AlertStateRecord {
        AlertStateRecord(name: "backlog", state: name, since: since, value: 0, threshold: 500, lastNotifiedAt: notified, version: version)
    }

    @Test func theFirstLookRecordsOkAndLaterOkLooksWriteNothing() {
        let first = AlertEvaluator.step(Self.rule, current: nil, value: 10, now: 1000)
        #expect(first?.state.state == "ok")
        #expect(first?.notification == nil)
        #expect(AlertEvaluator.step(Self.rule, current: Self.state("ok", since: 1000), value: 10, now: 2000) == nil)
    }

    @Test func aBreachIsPendingUntilItHasLastedForThenFiresOnce() throws {
        let pending = try #require(AlertEvaluator.step(Self.rule, current: Self.state("ok", since: 0), value: 600, now: 10_000))
        #expect(pending.state.state == "pending")
        #expect(pending.state.since == 10_000)
        #expect(pending.notification == nil)
        #expect(pending.state.version == 2)
        // Still inside `for`: nothing to write.
        #expect(AlertEvaluator.step(Self.rule, current: pending.state, value: 700, now: 10_000 + 299_999) == nil)
        let firing = try #require(AlertEvaluator.step(Self.rule, current: pending.state, value: 700, now: 10_000 + 300_000))
        #expect(firing.state.state == "firing")
        #expect(firing.notification == "alert.firing")
        #expect(firing.state.lastNotifiedAt == 310_000)
        #expect(firing.state.value == 700)
        #expect(firing.state.threshold == 500)
    }

    @Test func aBreachShorterThanForGoesBackToOkSilently() throws {
        let recovered = try #require(AlertEvaluator.step(Self.rule, current: Self.state("pending", since: 0), value: 499, now: 100_000))
        #expect(recovered.state.state == "ok")
        #expect(recovered.notification == nil)
    }

    @Test func firingRemindsOncePerRepeatAndResolvesOnce() throws {
        let firing = Self.state("firing", since: 0, notified: 0)
        #expect(AlertEvaluator.step(Self.rule, current: firing, value: 900, now: 3_599_999) == nil)
        let reminder = try #require(AlertEvaluator.step(Self.rule, current: firing, value: 900, now: 3_600_000))
        #expect(reminder.notification == "alert.firing")
        #expect(reminder.state.state == "firing")
        #expect(reminder.state.since == 0, "a reminder keeps when the rule started firing")
        #expect(reminder.state.lastNotifiedAt == 3_600_000)
        #expect(AlertEvaluator.step(Self.rule, current: reminder.state, value: 900, now: 3_600_001) == nil)
        let resolved = try #require(AlertEvaluator.step(Self.rule, current: reminder.state, value: 100, now: 4_000_000))
        #expect(resolved.state.state == "ok")
        #expect(resolved.notification == "alert.resolved")
    }

    @Test func withoutRepeatAFiringRuleSendsNothingMore() {
        var rule = Self.rule
        rule.repeatEvery = nil
        #expect(AlertEvaluator.step(rule, current: Self.state("firing", since: 0, notified: 0), value: 900, now: 100_000_000) == nil)
    }

    @Test func belowThresholdsAndZeroHoldFireAtOnce() throws {
        let rule = AlertRule(name: "quiet", metric: .backlog, system: "erp", comparison: .below(1), notify: ["ops"])
        let step = try #require(AlertEvaluator.step(rule, current: nil, value: 0, now: 5))
        #expect(step.state.state == "firing")
        #expect(step.notification == "alert.firing")
        #expect(step.state.version == 1)
    }
}
