public import Hummingbird
public import Logging
import NIOCore
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
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
    /// HTTP/1.1, inside TLS when the configuration names certificate files.
    private let server: HTTPServerBuilder

    /// Builds the hub; throws when the configuration's delivery settings cannot be used.
    /// `tracer` receives the pipeline's spans (nil: the process's bootstrapped tracer, if any).
    public init(configuration: SutureConfiguration, store: any Store, logger: Logger = Logger(label: "suture"), tracer: (any Tracer)? = nil) throws {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.authenticator = Authenticator(clients: configuration.clients, store: store)
        self.rateLimiter = ClientRateLimiter(clients: configuration.clients, default: configuration.http.clientRateLimit, store: store)
        self.pipeline = try Pipeline(configuration: configuration, store: store, logger: logger, tracer: tracer)
        self.server = try Self.serverBuilder(configuration.http)
        let masterData = MasterData(store: store, orders: pipeline.orders)
        let groups: [[APIRoute]] = [
            HealthRoutes.routes(store: store),
            ConsoleRoutes.routes(store: store, authenticator: authenticator, sessionTimeout: configuration.operations.sessionTimeout,
                                 secureCookies: configuration.http.tls != nil),
            OperationsRoutes.routes(pipeline: pipeline),
            GovernanceRoutes.routes(store: store, clients: ClientAdministration(store: store, configured: configuration.clients),
                                    retention: configuration.retention),
            MasterDataRoutes.routes(masterData: masterData, systems: configuration.systems.map(\.name), maxImportBodyBytes: configuration.http.maxBatchBodyBytes,
                                    replenishment: pipeline.replenishment),
            EventRoutes.routes(pipeline: pipeline, maxBatchBodyBytes: configuration.http.maxBatchBodyBytes),
            DeliveryRoutes.routes(pipeline: pipeline),
            OrderRoutes.routes(pipeline: pipeline),
            StockRoutes.routes(pipeline: pipeline),
            EDIRoutes.routes(pipeline: pipeline),
            FHIRRoutes.routes(pipeline: pipeline, secure: configuration.http.tls != nil),
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
    /// HTTP/1.1 with the idle time-out and the per-address cap, wrapped in TLS when
    /// `http.tls` names the files (mutual TLS with `clientCA`); a file that cannot be read
    /// is an error naming it.
    static func serverBuilder(_ http: HTTPSettings) throws -> HTTPServerBuilder {
        let limits = http.maxConnectionsPerAddress > 0 ? ConnectionLimits(perAddress: http.maxConnectionsPerAddress) : nil
        let idle = http.idleTimeout
        let plain = HTTPServerBuilder.http1(configuration: .init(
            additionalChannelHandlers: limits.map { [$0.handler()] } ?? [],
            idleTimeout: .nanoseconds(Int64(idle.components.seconds) * 1_000_000_000 + idle.components.attoseconds / 1_000_000_000)))
        guard let tls = http.tls else { return plain }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(tls.certificate) } catch {
            throw HubError.tls("http.tls.certificate: cannot read \(tls.certificate) as PEM certificates: \(error)")
        }
        do { key = try NIOSSLPrivateKey(file: tls.key, format: .pem) } catch {
            throw HubError.tls("http.tls.key: cannot read \(tls.key) as a PEM private key: \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        if let clientCA = tls.clientCA {
            do { configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA)) } catch {
                throw HubError.tls("http.tls.clientCA: cannot read \(clientCA) as PEM certificates: \(error)")
            }
            // Mutual TLS: a client must present a certificate one of these signed.
            configuration.certificateVerification = .noHostnameVerification
        }
        return try .tls(plain, tlsConfiguration: configuration)
    }

    public func makeApplication(
        host: String? = nil, port: Int? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            server: server,
            configuration: .init(
                address: .hostname(host ?? configuration.http.host, port: port ?? configuration.http.port),
                serverName: "Suture"),
            services: pipeline.services + [Supervised(UsageRecorder.Flusher(recorder: authenticator.usage, interval: .seconds(10), logger: self.logger),
                                                      logger: self.logger)],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// Why the hub cannot be built from its configuration.
public enum HubError: Error, CustomStringConvertible {
    case tls(String)

    public var description: String {
        switch self {
        case .tls(let detail): return detail
        }
    }
}
