public import Prometheus
import Synchronization

/// The pipeline's Prometheus series, kept in a registry of swift-prometheus, which writes
/// the text format and escapes label values (a system named with a quote stays one label).
///
/// Each hub has its own registry, so two hubs in one process (the tests) do not count
/// into each other; `GET /metrics` writes this registry, then the process-wide one that
/// Hummingbird's request metrics go to (`SutureMetricsSystem`).
public final class PipelineMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    /// Upper bounds (seconds) of the ingest-to-delivery latency histogram.
    static let latencyBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]

    public init() {}

    /// Events offered to the inbox in one request, by what became of them.
    public func eventsOffered(accepted: Int, duplicate: Int, keyConflict: Int) {
        for (name, count, help) in [
            ("suture_events_accepted_total", accepted, "Inventory events accepted into the inbox."),
            ("suture_events_duplicate_total", duplicate, "Inventory events sent again under a known idempotency key."),
            ("suture_events_key_conflicts_total", keyConflict, "Inventory events refused: a known key with another body."),
        ] where count > 0 {
            registry.makeCounter(name: name, help: help).increment(by: Int64(count))
        }
    }

    public func eventProcessed(status: String) {
        registry.makeCounter(name: "suture_events_processed_total", labels: [("status", status)],
                             help: "Events normalized and routed, by the status they reached.").increment()
    }

    public func exceptionOpened(type: String) {
        registry.makeCounter(name: "suture_exceptions_opened_total", labels: [("type", type)], help: "Exceptions opened, by type.").increment()
    }

    public func deliveryAttempt(destination: String, outcome: String) {
        registry.makeCounter(name: "suture_delivery_attempts_total", labels: [("destination", destination), ("outcome", outcome)],
                             help: "Calls to connected systems, by destination and outcome.").increment()
    }

    public func circuitTransition(destination: String, to state: String) {
        registry.makeCounter(name: "suture_circuit_transitions_total", labels: [("destination", destination), ("to", state)],
                             help: "Circuit breaker transitions, by destination.").increment()
    }

    /// 1 while the destination's circuit is open or half-open on this node, else 0.
    public func circuitOpen(destination: String, _ open: Bool) {
        registry.makeGauge(name: "suture_circuit_open", labels: [("destination", destination)],
                           help: "1 while the destination's circuit breaker is open or half-open on this node.").set(to: open ? 1.0 : 0.0)
    }

    /// The time from accepting an event to delivering it to `destination`.
    public func deliveryLatency(destination: String, seconds: Double) {
        registry.makeValueHistogram(name: "suture_delivery_latency_seconds", labels: [("destination", destination)],
                                    buckets: Self.latencyBounds, help: "Time from accepting an event to its delivery, by destination.")
            .record(seconds)
    }

    /// Upper bounds (seconds) of the request duration histogram.
    static let requestBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]

    /// One HTTP request answered: by route (`/v1/events/{id}`, not the id), method and status.
    /// The series of each route are looked up in the registry once and kept: a lookup per
    /// request (name and labels hashed under the registry's lock) cost latency under load.
    public func request(route: String, method: String, status: Int, seconds: Double) {
        let key = RequestKey(route: route, method: method, status: status)
        let series = requestSeries.withLock { cache in
            if let series = cache[key] { return series }
            let series = (
                registry.makeCounter(name: "suture_http_requests_total", labels: [("route", route), ("method", method), ("status", String(status))],
                                     help: "HTTP requests answered, by route, method and status."),
                registry.makeValueHistogram(name: "suture_http_request_duration_seconds", labels: [("route", route), ("method", method)],
                                            buckets: Self.requestBounds, help: "Time to answer an HTTP request, by route and method."))
            cache[key] = series
            return series
        }
        series.0.increment()
        series.1.record(seconds)
    }

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private let requestSeries = Mutex<[RequestKey: (Counter, ValueHistogram)]>([:])

    /// A figure read from the store when `/metrics` is asked for (backlogs, open exceptions).
    public func storeGauge(_ name: String, labels: [(String, String)] = [], help: String, _ value: Double) {
        if labels.isEmpty {
            registry.makeGauge(name: name, help: help).set(to: value)
        } else {
            registry.makeGauge(name: name, labels: labels, help: help).set(to: value)
        }
    }

    /// The registry in the Prometheus text format.
    public func text() -> String { registry.emitToString() }
}
