public import Hummingbird
public import SutureModel
import SutureProcurement
import SutureDelivery

/// Per-request state: the trace context the request belongs to and who is calling.
public struct SutureRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the correlation middleware before any handler runs.
    public var trace: TraceContext
    /// Set when the route requires authentication and the token was valid.
    public var client: AuthenticatedClient?
    /// The largest body a handler collects; beyond it the request gets 413.
    public var maxUploadSize: Int

    public init(source: Source) {
        coreContext = .init(source: source)
        trace = TraceContext.random()
        client = nil
        maxUploadSize = 1_048_576
    }
}

extension SutureRequestContext {
    /// Who the audit log and timelines name for this request: the client (a console user
    /// acts as the client they logged in with).
    var actor: String { client?.name ?? "anonymous" }
}
