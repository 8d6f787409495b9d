import Dispatch
import Hummingbird
import SutureEngine

/// Counts each request by route, method and status, and times it, in the hub's own
/// Prometheus registry (`suture_http_requests_total`, `suture_http_request_duration_seconds`).
///
/// In place of Hummingbird's `MetricsMiddleware`: measured with `bench latency`, that one
/// (through swift-metrics' global factory and a post-write closure on every response body)
/// raised ingest-to-ERP p50 at 1,000 events/s from about 150-260 ms to 290-530 ms on the
/// 2-core machine (docs/performance.md). This one records once, after the handler, in a
/// registry lookup.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = SutureRequestContext

    let metrics: PipelineMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        // Outside the correlation middleware, errors have become problem responses here.
        let response = try await next(request, context)
        metrics.request(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: Int(response.status.code),
                        seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        return response
    }
}
