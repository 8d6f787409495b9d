import Foundation
public import SutureModel

/// What people's side of the hub is configured with: exception SLAs, the dashboard's
/// thresholds, console sessions and alert rules (docs/console.md, docs/alerts.md).
public struct OperationsSettings: Sendable, Equatable {
    /// How long each exception type may stay open before it is overdue.
    public var exceptionSLA: [ExceptionType: Duration]
    /// A receipt not posted to the ERP this long after it was accepted is delayed.
    public var delayedReceiptAfter: Duration
    /// How often the figures are recomputed and the alert rules checked.
    public var evaluateEvery: Duration
    /// How long a console login lasts.
    public var sessionTimeout: Duration
    public var alerts: [AlertRule]

    /// The SLAs when the configuration names none: what needs a person's fix to a mapping
    /// or a delivery soonest, discrepancies within a shift, the rest within a day.
    public static let defaultSLA: [ExceptionType: Duration] = {
        var sla: [ExceptionType: Duration] = [:]
        for type in [ExceptionType.rejectedByDestination, .deliveryExhausted, .uomMismatch, .unmappedItem, .unmappedLocation, .unmappedUnit] {
            sla[type] = .seconds(4 * 3600)
        }
        for type in [ExceptionType.expiredLot, .missingLot, .lotMismatch, .unmatchedReceipt, .quantityMismatch] {
            sla[type] = .seconds(8 * 3600)
        }
        return sla
    }()
    /// The SLA of types neither the configuration nor `defaultSLA` names.
    public static let otherwiseSLA: Duration = .seconds(24 * 3600)

    public func sla(_ type: ExceptionType) -> Duration { exceptionSLA[type] ?? Self.defaultSLA[type] ?? Self.otherwiseSLA }

    init(_ root: ConfigValue) throws(ConfigProblem) {
        var sla: [ExceptionType: Duration] = [:]
        for (name, value) in root["exceptions"]?["sla"]?.members ?? [] {
            guard let type = ExceptionType(rawValue: name), let duration = value.string.flatMap(ConfigDuration.parse) else { continue }
            sla[type] = duration
        }
        exceptionSLA = sla
        let dashboard = try root.member("dashboard")
        delayedReceiptAfter = try dashboard.duration("delayedReceiptAfter")
        evaluateEvery = try dashboard.duration("evaluateEvery")
        sessionTimeout = try root.member("console").duration("sessionTimeout")
        alerts = try (root["alerts"]?.items ?? []).map { rule throws(ConfigProblem) in try AlertRule(rule) }
    }

    static let exceptionKeys = [
        ConfigKey("sla", .dictionary(keyName: "exception type", of: .duration),
                  doc: "How long an exception of a type may stay open before it is overdue, by type (`uom-mismatch: 2h`). Defaults: 4h for rejected-by-destination, delivery-exhausted, uom-mismatch and the unmapped types; 8h for lot, expiry, unmatched-receipt and quantity discrepancies; 24h for the rest."),
    ]

    static let dashboardKeys = [
        ConfigKey("delayedReceiptAfter", .duration, default: "15m",
                  doc: "A receipt accepted but not posted to the ERP after this long counts as delayed."),
        ConfigKey("evaluateEvery", .duration, default: "10s",
                  doc: "How often alert rules are checked against the figures."),
    ]

    static let consoleKeys = [
        ConfigKey("sessionTimeout", .duration, default: "8h", doc: "How long a console login lasts."),
    ]
}

/// One alert rule: a metric against a threshold, for how long, and whom to tell.
public struct AlertRule: Sendable, Equatable {
    /// The figures a rule can watch.
    public enum Metric: String, Sendable, CaseIterable {
        case backlog
        case oldestPendingSeconds
        case failureRate
        case circuitOpen
        case openExceptions
        case overdueExceptions
        case delayedReceipts
        case unmatchedInvoices
        case stockBelowPar

        /// Whether the metric is about one system (and a rule must name it).
        public var perSystem: Bool { [.backlog, .oldestPendingSeconds, .failureRate, .circuitOpen].contains(self) }
    }

    public enum Comparison: Sendable, Equatable {
        case above(Double)
        case below(Double)

        public var threshold: Double {
            switch self {
            case .above(let value), .below(let value): return value
            }
        }

        public func breached(by value: Double) -> Bool {
            switch self {
            case .above(let threshold): return value > threshold
            case .below(let threshold): return value < threshold
            }
        }
    }

    public var name: String
    public var metric: Metric
    public var system: String?
    public var exceptionType: ExceptionType?
    public var comparison: Comparison
    /// How long the breach must last before the rule fires.
    public var holdFor: Duration
    /// Webhook systems told of each transition.
    public var notify: [String]
    /// A reminder this often while firing; none if nil.
    public var repeatEvery: Duration?

    public init(name: String, metric: Metric, system: String? = nil, exceptionType: ExceptionType? = nil, comparison: Comparison,
                holdFor: Duration = .zero, notify: [String], repeatEvery: Duration? = nil) {
        self.name = name
        self.metric = metric
        self.system = system
        self.exceptionType = exceptionType
        self.comparison = comparison
        self.holdFor = holdFor
        self.notify = notify
        self.repeatEvery = repeatEvery
    }

    init(_ value: ConfigValue) throws(ConfigProblem) {
        let when = try value.member("when")
        let comparison: Comparison
        if when["above"] != nil {
            comparison = .above(Self.double(try when.decimal("above")))
        } else {
            comparison = .below(Self.double(try when.decimal("below")))
        }
        self.init(name: try value.text("name"), metric: Metric(rawValue: try when.text("metric")) ?? .backlog,
                  system: when["system"]?.string, exceptionType: when["type"]?.string.flatMap(ExceptionType.init(rawValue:)),
                  comparison: comparison, holdFor: try when.duration("for"), notify: value.words("notify"),
                  repeatEvery: value["repeat"] == nil ? nil : try value.duration("repeat"))
    }

    static let keys = [
        ConfigKey("name", .string, required: true, doc: "The rule's name, unique; notifications and `GET /v1/alerts` use it."),
        ConfigKey("when", .record([
            ConfigKey("metric", .oneOf(Metric.allCases.map(\.rawValue)), required: true,
                      doc: "The figure watched: per system `backlog`, `oldestPendingSeconds`, `failureRate` (percent of failed attempts over the last 5 minutes), `circuitOpen` (0 or 1); hub-wide `openExceptions`, `overdueExceptions`, `delayedReceipts`, `unmatchedInvoices`, `stockBelowPar`."),
            ConfigKey("system", .string, doc: "The system a per-system metric is about (a name under `systems`)."),
            ConfigKey("type", .oneOf(ExceptionType.allCases.map(\.rawValue)), doc: "With `openExceptions`: count only this exception type."),
            ConfigKey("above", .decimal, doc: "Breached while the figure is above this. Give `above` or `below`."),
            ConfigKey("below", .decimal, doc: "Breached while the figure is below this."),
            ConfigKey("for", .duration, default: "0s", doc: "How long the breach must last before the rule fires; a shorter breach sends nothing."),
        ]), required: true, doc: "The condition."),
        ConfigKey("notify", .list(of: .string), required: true, doc: "Webhook systems (names under `systems`) that get `alert.firing` and `alert.resolved`."),
        ConfigKey("repeat", .duration, doc: "A reminder (`alert.firing` again) this often while the rule stays firing; none if absent."),
    ]

    /// Thresholds are compared with counts and percentages, where a double is exact enough.
    static func double(_ value: Decimal) -> Double { Double(value.description) ?? 0 }
}
