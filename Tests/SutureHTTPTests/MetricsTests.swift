import Foundation
import SutureConfig
import SutureEngine
import SutureERPSimulator
import SutureModel
import Testing
import SutureTestSupport

/// `/metrics` read by an independent parser: the `prometheus-client` package's own text
/// parser (scripts/test installs it), which refuses what Prometheus would refuse.
@Suite struct MetricsTests {
    /// Every sample the parser found, as `name{label="value",...} value` lines with labels sorted.
    static func parsed(_ text: String) async throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await ChildProcess.python(["-c", """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()):
                for sample in family.samples:
                    print(json.dumps([sample.name, dict(sorted(sample.labels.items())), sample.value]))
            """, file.path])
        #expect(result.status == 0, "the Prometheus parser refused the exposition: \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func aLabelValueWithAQuoteOrNewlineIsEscapedAndParsesBack() async throws {
        let metrics = PipelineMetrics()
        metrics.deliveryAttempt(destination: "erp \"north\"\nwing\\b", outcome: "delivered")
        let text = metrics.text()
        #expect(text.contains(#"destination="erp \"north\"\nwing\\b""#), "\(text)")
        let samples = try await Self.parsed(text)
        let sample = try #require(samples.first { $0.contains("suture_delivery_attempts_total") })
        let decoded = try JSONValue.parse(sample)
        #expect(decoded.arrayValue?[1]["destination"]?.stringValue == "erp \"north\"\nwing\\b")
    }

    @Test func metricsHaveRequestPipelineBacklogAndCircuitSeriesThatAParserAccepts() async throws {
        try await PipelineHarness.with { harness in
            #expect(try await harness.post(PipelineHarness.receipt(), key: "metrics-1").status == 202)
            #expect(await eventually { await harness.erp.ledger.summary().postings == 1 })
            let reader = try await harness.hub.token(scopes: ["metrics:read"])
            let response = try await harness.hub.request("GET", "/metrics", token: reader)
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true)
            let samples = try await Self.parsed(response.text)
            func has(_ name: String, _ labels: String = "") -> Bool {
                samples.contains { $0.hasPrefix("[\"\(name)\"") && (labels.isEmpty || $0.contains(labels)) }
            }
            #expect(has("suture_http_requests_total", #""route": "/v1/events""#), "request series by route")
            #expect(has("suture_http_requests_total", #""status": "202""#), "and by status")
            #expect(has("suture_http_request_duration_seconds_bucket", #""route": "/v1/events""#))
            #expect(has("suture_events_accepted_total"))
            #expect(has("suture_events_processed_total"))
            #expect(has("suture_delivery_attempts_total", #""destination": "erp""#))
            #expect(has("suture_delivery_latency_seconds_bucket", #""destination": "erp""#))
            #expect(has("suture_delivery_backlog", #""destination": "erp""#))
            #expect(has("suture_inbox_backlog"))
            #expect(has("suture_circuit_open", #""destination": "erp""#))
            #expect(try await harness.hub.request("GET", "/metrics", token: try await harness.hub.token(scopes: ["events:read"])).status == 403)
        }
    }
}
