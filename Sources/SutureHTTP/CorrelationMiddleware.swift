import HTTPTypes
import Hummingbird
import SutureModel
import SutureProcurement
import SutureDelivery

/// Gives every request a trace context (from its `traceparent`, else a new one) and
/// puts `X-Correlation-Id` and `traceparent` on every response, errors included.
struct CorrelationMiddleware: RouterMiddleware {
    typealias Context = SutureRequestContext

    let maxBodyBytes: Int
    /// The API's paths and methods, to tell a wrong method (405) from a wrong path (404).
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBodyBytes
        if let header = request.headers[.traceparent], let incoming = TraceContext(traceparent: header) {
            // Keep the caller's trace id; this hop is a new span within it.
            context.trace = incoming.childSpan()
        }
        var response: Response
        let fhir = request.uri.path.hasPrefix("/fhir/")
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && !routes.methods(for: request.uri.path).isEmpty {
            let allowed = routes.methods(for: request.uri.path).map(\.rawValue).joined(separator: ", ")
            let problem = Problem(.methodNotAllowed, "\(request.uri.path) does not accept \(request.method.rawValue); it accepts \(allowed)",
                                  headers: [.allow: allowed])
            response = ProblemResponse.response(for: problem, correlationID: context.trace.correlationID, fhir: fhir)
        } catch {
            response = ProblemResponse.from(error, correlationID: context.trace.correlationID, logger: context.logger, fhir: fhir)
        }
        response.headers[.correlationID] = context.trace.correlationID.rawValue
        response.headers[.traceparent] = context.trace.traceparent
        return response
    }
}

extension HTTPField.Name {
    static let correlationID = HTTPField.Name("X-Correlation-Id")!
    static let traceparent = HTTPField.Name("traceparent")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
