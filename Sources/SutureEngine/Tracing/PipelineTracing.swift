public import Tracing
public import SutureModel

/// Spans of the pipeline's work, for swift-distributed-tracing: the processing of each
/// event and each delivery attempt (the HTTP requests get theirs from Hummingbird's
/// `TracingMiddleware`).
///
/// Each span starts from the event's W3C trace context (`traceparent`), offered to the
/// tracer's own propagation, and records it as attributes, so the spans of one receipt are
/// found by the correlation id that its timeline and logs show. Which tracer: the one the
/// process bootstrapped (`InstrumentationSystem`), or one given (tests). With none
/// bootstrapped, no span is started at all: the work pays nothing for tracing.
public struct PipelineTracing: Sendable {
    let tracer: (any Tracer)?

    /// `tracer`, or else the process's bootstrapped one; nil when that is the no-op tracer.
    public init(tracer: (any Tracer)? = nil) {
        let chosen = tracer ?? InstrumentationSystem.tracer
        self.tracer = chosen is NoOpTracer ? nil : chosen
    }

    /// Runs `body` in a span named `name` under `trace`, with `attributes`.
    func span<T>(_ name: String, trace: TraceContext?, kind: SpanKind = .internal,
                 attributes: [(String, String)] = [], _ body: (any Span) async throws -> T) async rethrows -> T {
        guard let tracer else { return try await body(NoOpTracer.NoOpSpan(context: .topLevel)) }
        var context = InstrumentationContext.topLevel
        if let trace {
            tracer.extract(["traceparent": trace.traceparent], into: &context, using: TraceparentExtractor())
        }
        let span = tracer.startSpan(name, context: context, ofKind: kind)
        defer { span.end() }
        if let trace {
            span.attributes["suture.correlation_id"] = trace.correlationID.rawValue
            span.attributes["w3c.traceparent"] = trace.traceparent
        }
        for (key, value) in attributes { span.attributes[key] = value }
        do {
            return try await body(span)
        } catch {
            span.recordError(error)
            throw error
        }
    }
}

/// Reads a W3C `traceparent` from a header dictionary, for the tracer's propagation.
struct TraceparentExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
