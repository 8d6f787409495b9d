import Foundation
import InMemoryTracing
import SutureERPSimulator
import SutureModel
import Testing
import Tracing

/// The pipeline's spans, recorded by swift-distributed-tracing's in-memory tracer: one for
/// processing the event and one per delivery attempt, each carrying the request's W3C
/// trace context.
@Suite struct TracingTests {
    @Test func anEventsProcessingAndDeliveryAreSpansUnderItsTraceContext() async throws {
        let tracer = InMemoryTracer()
        try await PipelineHarness.with(tracer: tracer) { harness in
            let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
            let traceparent = "00-\(traceID)-00f067aa0ba902b7-01"
            let accepted = try await harness.hub.request("POST", "/v1/events", token: harness.token, json: PipelineHarness.receipt(),
                                                         headers: ["Idempotency-Key": "traced-1", "traceparent": traceparent])
            #expect(accepted.status == 202)
            let eventID = try #require(try accepted.json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(eventID)) == 1 })
            #expect(await eventually {
                tracer.finishedSpans.contains { $0.operationName == "suture.delivery.attempt" && $0.attributes["suture.correlation_id"]?.toSpanAttribute() == .string(traceID) }
            })
            let spans = tracer.finishedSpans.filter { $0.attributes["suture.correlation_id"]?.toSpanAttribute() == .string(traceID) }
            let processing = try #require(spans.first { $0.operationName == "suture.event.process" })
            #expect(processing.attributes["suture.event.id"]?.toSpanAttribute() == .string(eventID))
            #expect(processing.attributes["suture.event.status"]?.toSpanAttribute() == .string("routed"))
            guard case .string(let carried)? = processing.attributes["w3c.traceparent"]?.toSpanAttribute() else {
                Issue.record("no w3c.traceparent on the span")
                return
            }
            #expect(carried.hasPrefix("00-\(traceID)-"), "the request's trace, a span of its own: \(carried)")
            let attempt = try #require(spans.first { $0.operationName == "suture.delivery.attempt" })
            #expect(attempt.kind == .client)
            #expect(attempt.attributes["suture.destination"]?.toSpanAttribute() == .string("erp"))
            #expect(attempt.attributes["http.response.status_code"]?.toSpanAttribute() == .int64(201))
            #expect(attempt.attributes["suture.delivery.attempt"]?.toSpanAttribute() == .string("1"))
        }
    }
}
