import HTTPTypes
public import Hummingbird
public import Logging

/// The reference ERP simulator: an ERP that speaks the reference REST profile
/// (docs/erp-profile.md), keeps a ledger of what it posted, and injects the faults a real
/// ERP shows (throttling, outages, slowness, rejected codes) on demand.
///
/// `suture sim erp` runs it with `runService()`; tests run ``makeApplication(host:port:logger:onListening:)``
/// on port 0 in a task group and read the ledger directly. Copies share one ledger and one
/// fault state.
public struct ERPSimulator: Sendable {
    public let configuration: ERPSimulatorConfiguration
    /// What was posted, and how every request was answered.
    public let ledger: ERPLedger
    /// The faults in force; change them here or over `PUT /_sim/faults`.
    public let faults: ERPFaultInjector

    /// Throws when the configured faults are out of range (a probability above 1, say).
    public init(configuration: ERPSimulatorConfiguration = .init()) throws(ERPFaultsError) {
        try configuration.faults.validate()
        self.configuration = configuration
        self.ledger = ERPLedger()
        self.faults = ERPFaultInjector(faults: configuration.faults)
    }

    /// The router with the ERP endpoints and the `/_sim` control endpoints.
    public func makeRouter() -> Router<ERPSimulatorRequestContext> {
        let router = Router(context: ERPSimulatorRequestContext.self)
        let routes: [(HTTPRequest.Method, RouterPath, ERPPostingKind)] = [
            (.post, "receipts", .receipt),
            (.post, "inventory-transactions", .inventoryTransaction),
            (.put, "purchase-orders/:number/status", .purchaseOrderStatus),
            (.post, "ap-invoices", .apInvoice),
            (.put, "items/:code", .item),
        ]
        for (method, path, kind) in routes {
            let endpoint = ERPPostingEndpoint(kind: kind, configuration: configuration, ledger: ledger, faults: faults)
            router.on(path, method: method) { request, context in
                try await endpoint.respond(to: request, context: context)
            }
        }
        let items = ERPItemsEndpoint(configuration: configuration, ledger: ledger, faults: faults)
        router.get("items") { request, context in try await items.respond(to: request, context: context) }
        ERPControlRoutes(ledger: ledger, faults: faults, maxBodyBytes: configuration.maxBodyBytes).register(on: router)
        return router
    }

    /// The simulator as a Hummingbird application on `host:port` (port 0 picks a free one).
    /// `onListening` receives the bound port once the server accepts connections.
    public func makeApplication(
        host: String = "127.0.0.1", port: Int = 9100, logger: Logger = Logger(label: "suture.sim.erp"),
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "Suture-ERP-Simulator"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs the simulator until the surrounding task is cancelled (what tests and an
    /// embedding process such as `suture demo` want; the CLI uses `runService()` for signals).
    public func run(
        host: String = "127.0.0.1", port: Int = 9100, logger: Logger = Logger(label: "suture.sim.erp"),
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await makeApplication(host: host, port: port, logger: logger, onListening: onListening).run()
    }
}
