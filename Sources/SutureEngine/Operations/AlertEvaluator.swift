public import SutureConfig
public import SutureStore

/// The life of an alert rule as a pure state machine: given the rule, its recorded state
/// and the metric's value now, what the state becomes and which notification that sends.
///
/// - `ok`: breached → `pending` (or straight to `firing` when `for` is zero, sending
///   `alert.firing`); otherwise stays.
/// - `pending`: breached for at least `for` → `firing`, sending `alert.firing`; no longer
///   breached → `ok`, sending nothing (a short breach is not news).
/// - `firing`: no longer breached → `ok`, sending `alert.resolved`; still breached and
///   `repeat` elapsed since the last notification → stays, sending `alert.firing` again.
public enum AlertEvaluator {
    public struct Step: Sendable, Equatable {
        public var state: AlertStateRecord
        /// `alert.firing` or `alert.resolved`, or nil.
        public var notification: String?
    }

    /// The step to record, or nil when nothing changes (nothing is written then).
    public static func step(_ rule: AlertRule, current: AlertStateRecord?, value: Double, now: Int64) -> Step? {
        let breached = rule.comparison.breached(by: value)
        let threshold = rule.comparison.threshold
        let version = (current?.version ?? 0) + 1
        func moved(_ state: String, notified: Bool) -> AlertStateRecord {
            AlertStateRecord(name: rule.name, state: state, since: now, value: value, threshold: threshold,
                             lastNotifiedAt: notified ? now : current?.lastNotifiedAt, version: version)
        }
        switch (current?.state ?? "ok", breached) {
        case ("ok", true):
            return rule.holdFor == .zero ? Step(state: moved("firing", notified: true), notification: "alert.firing")
                                         : Step(state: moved("pending", notified: false), notification: nil)
        case ("ok", false):
            // The first look at a rule records it, so `GET /v1/alerts` shows it from the start.
            return current == nil ? Step(state: moved("ok", notified: false), notification: nil) : nil
        case ("pending", true):
            guard let current, now - current.since >= OperationsSettings.milliseconds(rule.holdFor) else { return nil }
            return Step(state: moved("firing", notified: true), notification: "alert.firing")
        case ("pending", false):
            return Step(state: moved("ok", notified: false), notification: nil)
        case ("firing", false):
            return Step(state: moved("ok", notified: true), notification: "alert.resolved")
        case ("firing", true):
            guard let current, let repeatEvery = rule.repeatEvery,
                  now - (current.lastNotifiedAt ?? current.since) >= OperationsSettings.milliseconds(repeatEvery) else { return nil }
            var reminded = current
            reminded.value = value
            reminded.lastNotifiedAt = now
            reminded.version = version
            return Step(state: reminded, notification: "alert.firing")
        default:
            // A state this version does not know: start again from ok.
            return Step(state: moved("ok", notified: false), notification: nil)
        }
    }
}
