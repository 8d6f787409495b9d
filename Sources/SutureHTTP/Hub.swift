public import Hummingbird
public import Logging
import NIOCore
import HummingbirdCore
import ServiceLifecycle
public import SutureConfig
public import SutureEngine
public import SutureStore
public import Tracing
import SutureDelivery
import SutureProcurement

/// The Suture hub as an HTTP application: routes, middleware and the services behind them.
///
/// `suture serve` and the tests build it the same way, so the tests exercise what runs.
public struct Hub: Sendable {
    public let configuration: SutureConfiguration
    public let store: any Store
    /// Every route the server answers, in registration order.
    public let routes: [APIRoute]
    /// The event pipeline whose services run beside the server.
    public let pipeline: Pipeline
    private let authenticator: Authenticator
    private let rateLimiter: ClientRateLimiter
    private let logger: Logger

    /// Builds the hub; throws when the configuration's delivery settings cannot be used.
    /// `tracer` receives the pipeline's spans (nil: the process's bootstrapped tracer, if any).
    public init(configuration: SutureConfiguration, store: any Store, logger: Logger = Logger(label: "suture"), tracer: (any Tracer)? = nil) throws {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.authenticator = Authenticator(clients: configuration.clients, store: store)
        self.rateLimiter = ClientRateLimiter(clients: configuration.clients, default: configuration.http.clientRateLimit, store: store)
        self.pipeline = try Pipeline(configuration: configuration, store: store, logger: logger, tracer: tracer)
        let masterData = MasterData(store: store)
        let groups: [[APIRoute]] = [
            HealthRoutes.routes(store: store),
            ConsoleRoutes.routes(store: store, authenticator: authenticator, sessionTimeout: configuration.operations.sessionTimeout),
            OperationsRoutes.routes(pipeline: pipeline),
            GovernanceRoutes.routes(store: store, clients: ClientAdministration(store: store, configured: configuration.clients),
                                    retention: configuration.retention),
            MasterDataRoutes.routes(masterData: masterData),
            EventRoutes.routes(pipeline: pipeline, maxBatchBodyBytes: configuration.http.maxBatchBodyBytes),
            DeliveryRoutes.routes(pipeline: pipeline),
            OrderRoutes.routes(pipeline: pipeline),
            EDIRoutes.routes(pipeline: pipeline),
        ]
        let routes = groups.flatMap { $0 }
        let deprecated = routes.compactMap { route in route.deprecation.map { (route.operation, $0) } }
        self.routes = routes + [GovernanceRoutes.deprecations(deprecated, store: store, usage: authenticator.usage)]
    }

    /// The router with every route and middleware.
    public func makeRouter() -> Router<SutureRequestContext> {
        let router = Router(context: SutureRequestContext.self)
        // Outermost, so it counts what the client got: errors are problem responses by then.
        router.add(middleware: RequestMetricsMiddleware(metrics: pipeline.metrics))
        router.add(middleware: CorrelationMiddleware(maxBodyBytes: configuration.http.maxBodyBytes, routes: RouteTable(routes)))
        // A span per request, by route, when the process bootstrapped a tracer; without one the
        // middleware is left out, as it cost latency even with the no-op tracer (bench latency).
        if !(InstrumentationSystem.tracer is NoOpTracer) {
            router.add(middleware: TracingMiddleware())
        }
        router.register(routes, authenticator: authenticator, rateLimiter: rateLimiter)
        return router
    }

    /// The application, listening where the configuration says (`port` overrides it; 0 picks a free port).
    /// `onListening` receives the bound port once the server accepts connections.
    public func makeApplication(
        host: String? = nil, port: Int? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let limits = configuration.http.maxConnectionsPerAddress > 0 ? ConnectionLimits(perAddress: configuration.http.maxConnectionsPerAddress) : nil
        let idle = configuration.http.idleTimeout
        return Application(
            router: makeRouter(),
            server: .http1(configuration: .init(
                additionalChannelHandlers: limits.map { [$0.handler()] } ?? [],
                idleTimeout: .nanoseconds(Int64(idle.components.seconds) * 1_000_000_000 + idle.components.attoseconds / 1_000_000_000))),
            configuration: .init(
                address: .hostname(host ?? configuration.http.host, port: port ?? configuration.http.port),
                serverName: "Suture"),
            services: pipeline.services + [UsageRecorder.Flusher(recorder: authenticator.usage, interval: .seconds(10), logger: self.logger)],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
