public import SutureConfig
public import SutureModel
public import SutureStore

/// The figures people watch (docs/console.md): each system's health, the pipeline's flow,
/// and the business impact, computed from the store's indexed counts and the configuration.
public struct Dashboard: Sendable, Equatable {
    public struct System: Sendable, Equatable {
        public var name: String
        public var kind: String
        /// `up`, `degraded` or `down`.
        public var state: String
        /// `closed`, `open` or `half-open`.
        public var circuit: String
        public var backlog: Int
        public var oldestPendingSeconds: Int
        public var delivered1h: Int
        public var failed1h: Int
        /// Failed attempts in percent of all attempts in the last hour.
        public var failureRate1h: Double
        /// The same over the last 5 minutes (what the `failureRate` alert metric watches).
        public var failureRate5m: Double
        public var latencyP50Ms: Int64?
        public var latencyP99Ms: Int64?
    }

    public var generatedAt: Int64
    public var systems: [System]
    public var accepted1h: Int
    public var inboxBacklog: Int
    public var deliveredPerMinute: [Int]
    public var delayedReceipts: Int
    public var unmatchedInvoices: Int
    public var ordersAwaitingAcknowledgment: Int
    /// Par levels arrive with stock and replenishment; until then nothing is below par.
    public var stockBelowPar: Int
    public var exceptions: [OperationsSnapshot.ExceptionCounts]

    public var openExceptions: Int { exceptions.reduce(0) { $0 + $1.open } }
    public var overdueExceptions: Int { exceptions.reduce(0) { $0 + $1.overdue } }

    /// Joins the store's snapshot with the configured systems.
    public init(snapshot: OperationsSnapshot, configuration: SutureConfiguration, now: Int64, stockBelowPar: Int = 0) {
        generatedAt = now
        systems = configuration.systems.map { settings in
            let figures = snapshot.destination(settings.name)
            let circuit = figures.circuit?.state ?? "closed"
            let oldest = figures.oldestPendingAt.map { Int(max(0, now - $0) / 1000) } ?? 0
            let rate1h = Self.percent(figures.failed1h, of: figures.failed1h + figures.delivered1h)
            let rate5m = Self.percent(figures.failed5m, of: figures.failed5m + figures.delivered5m)
            // Down while calls are stopped; degraded while some fail or work waits long.
            let state = circuit == "open" ? "down" : (circuit == "half-open" || rate5m > 0 || oldest > 300) ? "degraded" : "up"
            return System(name: settings.name, kind: settings.kind.rawValue, state: state, circuit: circuit, backlog: figures.backlog,
                          oldestPendingSeconds: oldest, delivered1h: figures.delivered1h, failed1h: figures.failed1h,
                          failureRate1h: rate1h, failureRate5m: rate5m,
                          latencyP50Ms: Self.percentile(0.5, figures.latency1h), latencyP99Ms: Self.percentile(0.99, figures.latency1h))
        }
        accepted1h = snapshot.accepted1h
        inboxBacklog = snapshot.inboxBacklog
        deliveredPerMinute = snapshot.deliveredPerMinute
        delayedReceipts = snapshot.delayedReceipts
        unmatchedInvoices = snapshot.unmatchedInvoices
        ordersAwaitingAcknowledgment = snapshot.ordersAwaitingAcknowledgment
        self.stockBelowPar = stockBelowPar
        exceptions = snapshot.exceptions
    }

    /// The value of an alert rule's metric.
    public func value(of rule: AlertRule) -> Double {
        let system = systems.first { $0.name == rule.system }
        switch rule.metric {
        case .backlog: return Double(system?.backlog ?? 0)
        case .oldestPendingSeconds: return Double(system?.oldestPendingSeconds ?? 0)
        case .failureRate: return system?.failureRate5m ?? 0
        case .circuitOpen: return system.map { $0.circuit == "closed" ? 0 : 1 } ?? 0
        case .openExceptions:
            return Double(exceptions.filter { rule.exceptionType == nil || $0.type == rule.exceptionType }.reduce(0) { $0 + $1.open })
        case .overdueExceptions: return Double(overdueExceptions)
        case .delayedReceipts: return Double(delayedReceipts)
        case .unmatchedInvoices: return Double(unmatchedInvoices)
        case .stockBelowPar: return Double(stockBelowPar)
        }
    }

    static func percent(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 0 : (Double(part) * 1000 / Double(whole)).rounded() / 10
    }

    /// The upper bound of the latency bucket the percentile falls in; nil with no deliveries.
    static func percentile(_ fraction: Double, _ buckets: [Int]) -> Int64? {
        let total = buckets.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = Int((Double(total) * fraction).rounded(.up))
        var seen = 0
        for (index, count) in buckets.enumerated() {
            seen += count
            if seen >= rank { return index < ActivityCount.latencyBounds.count ? ActivityCount.latencyBounds[index] : nil }
        }
        return nil
    }
}

extension OperationsSettings {
    /// The SLAs as the store's queries use them.
    public var storeSLA: ExceptionSLA {
        var byType: [ExceptionType: Int64] = [:]
        for type in ExceptionType.allCases { byType[type] = Self.milliseconds(sla(type)) }
        return ExceptionSLA(byType: byType, otherwise: Self.milliseconds(Self.otherwiseSLA))
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
