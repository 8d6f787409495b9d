public import Logging
public import ServiceLifecycle
public import SutureConfig
public import Tracing
import SutureModel
import SutureDelivery
public import SutureStore
import SutureProcurement

/// The event pipeline, assembled from the configuration: the durable inbox (group
/// commit), the processor that normalizes and routes, one connector and delivery worker
/// per destination, and the flows people and documents drive. It only builds and holds
/// the parts; what each does lives in its own type.
public final class Pipeline: Sendable {
    public let store: any Store
    public let metrics = PipelineMetrics()
    public let connectors: [String: any Connector]
    /// The way events come in.
    public let intake: EventIntake
    let processorWakeup = Wakeup()
    let deliveryWakeups: [String: Wakeup]
    /// The long-running parts, to run beside the HTTP server.
    public let services: [any Service]
    /// Purchase orders, receiving and invoice matching.
    public let orders: OrderFlows
    /// What people do with exceptions.
    public let workbench: ExceptionWorkbench
    /// Putting deliveries back in their queue.
    public let replay: DeliveryReplay
    /// Correcting delivered receipts.
    public let corrections: ReceiptCorrection
    /// Replaying failed deliveries in bulk, with a dry run.
    public let bulkReplay: BulkReplay
    /// The dashboard's figures and the alert rules.
    public let operations: Operations
    /// Requisitions raised from par levels, and their approval queue.
    public let replenishment: ReplenishmentService
    /// The readers of supplier exchange folders, by system name.
    public var exchangePollers: [String: SupplierExchangePoller] {
        var pollers: [String: SupplierExchangePoller] = [:]
        for case let poller as SupplierExchangePoller in services { pollers[poller.connector.system] = poller }
        return pollers
    }

    /// `tracer` receives the pipeline's spans; nil uses the process's bootstrapped tracer, if any.
    public init(configuration: SutureConfiguration, store: any Store, http: HTTPDeliveryClient = HTTPDeliveryClient(), logger: Logger,
                tracer: (any Tracer)? = nil) throws {
        let tracing = PipelineTracing(tracer: tracer)
        self.store = store
        var connectors: [String: any Connector] = [:]
        // A system that names its own certificate authorities gets a client trusting them.
        func client(for system: String, caFile: String?) throws -> HTTPDeliveryClient {
            guard let caFile else { return http }
            return try HTTPDeliveryClient.trusting(caFile: caFile, key: "systems.\(system).caFile")
        }
        for system in configuration.systems {
            switch system.connection {
            case .erpHTTP(let settings):
                connectors[system.name] = try ERPConnector(system: system.name, settings: settings, delivery: system.delivery, store: store,
                                                           http: try client(for: system.name, caFile: settings.caFile))
            case .webhook(let settings):
                connectors[system.name] = try WebhookConnector(system: system.name, settings: settings, delivery: system.delivery,
                                                               http: try client(for: system.name, caFile: settings.caFile))
            case .supplierX12(let settings):
                connectors[system.name] = try SupplierX12Connector(system: system.name, settings: settings, delivery: system.delivery, store: store)
            case .fhir(let settings):
                connectors[system.name] = try FHIRConnector(system: system.name, settings: settings, delivery: system.delivery,
                                                            http: try client(for: system.name, caFile: settings.caFile))
            case .inventory:
                break
            }
        }
        self.connectors = connectors
        var wakeups: [String: Wakeup] = [:]
        for name in connectors.keys { wakeups[name] = Wakeup() }
        self.deliveryWakeups = wakeups
        let processorWakeup = self.processorWakeup
        let metrics = self.metrics
        let activity = ActivityRecorder(node: Identifiers.make("node"), store: store, logger: logger)
        let intake = EventIntake(committer: GroupCommitter(store: store) { processorWakeup.signal() }, metrics: metrics, activity: activity)
        self.intake = intake
        let builtConnectors = connectors
        let builtWakeups = wakeups
        let orders = OrderFlows(store: store, connectors: builtConnectors, configuration: configuration) { destination in
            builtWakeups[destination]?.signal()
        }
        self.orders = orders
        let replay = DeliveryReplay(connectors: builtConnectors, orders: orders)
        self.replay = replay
        self.corrections = ReceiptCorrection(orders: orders, intake: intake)
        self.workbench = ExceptionWorkbench(flows: orders, replay: replay, wakeProcessor: { processorWakeup.signal() })
        let wake: @Sendable (String) -> Void = { destination in builtWakeups[destination]?.signal() }
        self.bulkReplay = BulkReplay(store: store, replay: replay, wake: wake)
        let operations = Operations(store: store, configuration: configuration, connectors: builtConnectors, activity: activity,
                                    logger: logger, wake: wake)
        self.operations = operations
        let replenishment = ReplenishmentService(
            replenisher: Replenisher(store: store, orders: orders, autoApproveUpTo: configuration.replenishment.autoApproveUpTo),
            every: configuration.replenishment.every, logger: logger)
        self.replenishment = replenishment
        var services: [any Service] = [
            activity,
            EventProcessor(store: store, normalizer: EventNormalizer(store: store), routes: configuration.routes, connectors: connectors,
                           orders: orders, wakeup: processorWakeup, deliveryWakeups: wakeups, metrics: metrics, tracing: tracing, logger: logger,
                           stockChanged: { needs in replenishment.stockChanged(needs) }),
            replenishment,
        ]
        if store.sharedByNodes {
            // Other nodes' commits wake this node's idle workers too.
            services.append(WorkListener(store: store, processor: processorWakeup, deliveries: wakeups, logger: logger))
        }
        for system in configuration.systems {
            if let erp = connectors[system.name] as? ERPConnector, let every = erp.settings.driftEvery {
                services.append(DriftPoller(connector: erp, drift: MasterDataDrift(masterData: MasterData(store: store, orders: orders)),
                                            every: every, logger: logger))
            }
            if let supplier = connectors[system.name] as? SupplierX12Connector {
                services.append(SupplierExchangePoller(connector: supplier, orders: orders, interval: supplier.settings.pollInterval, logger: logger))
            }
            guard let connector = connectors[system.name], let wakeup = wakeups[system.name] else { continue }
            // Paced at the system's rate, with one request of its burst kept in reserve: calls
            // spaced exactly at the limit would drain the system's own bucket, and then any
            // jitter on the way there (one call a little late, the next on time) is a 429.
            let delivery = system.delivery
            let rate = try TokenBucket.Configuration(perSecond: Double(delivery.rateLimit.perSecond), burst: max(1, delivery.rateLimit.burst - 1))
            let circuit = try CircuitBreakerConfiguration(
                failureThreshold: delivery.circuitBreaker.failureThreshold, coolDown: delivery.circuitBreaker.coolDown,
                maxCoolDown: max(delivery.circuitBreaker.coolDown, delivery.circuitBreaker.maxCoolDown))
            services.append(DeliveryWorker(connector: connector, store: store, wakeup: wakeup, metrics: metrics, activity: activity, tracing: tracing, logger: logger,
                                           rateLimit: rate, circuit: circuit, concurrency: delivery.concurrency, timeout: delivery.timeout))
        }
        if !configuration.operations.alerts.isEmpty {
            services.append(AlertMonitor(operations: operations, interval: configuration.operations.evaluateEvery))
        }
        services.append(PrunerService(pruner: Pruner(store: store, settings: configuration.retention), interval: configuration.retention.every,
                                      logger: logger))
        // A service that ends while the hub runs is started again rather than stopping the node.
        self.services = services.map { Supervised($0, logger: logger) }
    }

    /// Wakes a destination's worker (after a replay).
    public func wake(destination: String) { deliveryWakeups[destination]?.signal() }
}
