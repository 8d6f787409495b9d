import Synchronization
import SutureProcurement
import SutureDelivery

/// Counters, gauges and a latency histogram of the pipeline, rendered in the Prometheus
/// text format by `GET /metrics`.
public final class PipelineMetrics: Sendable {
    private struct State {
        var counters: [String: Double] = [:]
        var gauges: [String: Double] = [:]
        var latencyBuckets = [Int](repeating: 0, count: PipelineMetrics.latencyBounds.count)
        var latencyCount = 0
        var latencySum = 0.0
    }

    /// Upper bounds (seconds) of the ingest-to-delivery latency histogram.
    static let latencyBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]

    private let state = Mutex(State())

    public init() {}

    /// Adds to a counter; `name` may carry labels: `suture_deliveries_total{destination="erp",outcome="delivered"}`.
    public func increment(_ name: String, by amount: Double = 1) {
        state.withLock { $0.counters[name, default: 0] += amount }
    }

    public func set(_ name: String, _ value: Double) {
        state.withLock { $0.gauges[name] = value }
    }

    /// Records the time from ingest to delivery of one delivery.
    public func observeLatency(seconds: Double) {
        state.withLock { state in
            for (index, bound) in Self.latencyBounds.enumerated() where seconds <= bound { state.latencyBuckets[index] += 1 }
            state.latencyCount += 1
            state.latencySum += seconds
        }
    }

    public func counter(_ name: String) -> Double { state.withLock { $0.counters[name] ?? 0 } }

    public func gauge(_ name: String) -> Double? { state.withLock { $0.gauges[name] } }

    /// The Prometheus text exposition of everything recorded, plus `extra` gauges.
    public func prometheusText(extraGauges: [(String, Double)] = []) -> String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = []
        func family(_ name: String) -> String { String(name.prefix { $0 != "{" }) }
        var typed: Set<String> = []
        for (name, value) in snapshot.counters.sorted(by: { $0.key < $1.key }) {
            if typed.insert(family(name)).inserted { lines.append("# TYPE \(family(name)) counter") }
            lines.append("\(name) \(Self.format(value))")
        }
        for (name, value) in (snapshot.gauges.map { ($0.key, $0.value) } + extraGauges).sorted(by: { $0.0 < $1.0 }) {
            if typed.insert(family(name)).inserted { lines.append("# TYPE \(family(name)) gauge") }
            lines.append("\(name) \(Self.format(value))")
        }
        lines.append("# HELP suture_delivery_latency_seconds Time from accepting an event to its delivery.")
        lines.append("# TYPE suture_delivery_latency_seconds histogram")
        for (index, bound) in Self.latencyBounds.enumerated() {
            lines.append("suture_delivery_latency_seconds_bucket{le=\"\(Self.format(bound))\"} \(snapshot.latencyBuckets[index])")
        }
        lines.append("suture_delivery_latency_seconds_bucket{le=\"+Inf\"} \(snapshot.latencyCount)")
        lines.append("suture_delivery_latency_seconds_sum \(Self.format(snapshot.latencySum))")
        lines.append("suture_delivery_latency_seconds_count \(snapshot.latencyCount)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
