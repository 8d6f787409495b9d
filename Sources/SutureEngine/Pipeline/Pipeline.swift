import Crypto
public import Foundation
public import Logging
public import ServiceLifecycle
public import SutureConfig
public import SutureModel
import SutureDelivery
public import SutureStore
import SutureProcurement

/// The event pipeline: the durable inbox (group commit), the processor that normalizes
/// and routes, and one delivery worker per destination, built from the configuration.
public final class Pipeline: Sendable {
    public let store: any Store
    public let metrics = PipelineMetrics()
    public let connectors: [String: any Connector]
    let committer: GroupCommitter
    let processorWakeup = Wakeup()
    let deliveryWakeups: [String: Wakeup]
    /// The long-running parts, to run beside the HTTP server.
    public let services: [any Service]
    /// Purchase orders, receiving and invoice matching.
    public let orders: OrderFlows
    /// What people do with exceptions.
    public let workbench: ExceptionWorkbench
    /// The readers of supplier exchange folders, by system name.
    public var exchangePollers: [String: SupplierExchangePoller] {
        var pollers: [String: SupplierExchangePoller] = [:]
        for case let poller as SupplierExchangePoller in services { pollers[poller.connector.system] = poller }
        return pollers
    }

    public init(configuration: SutureConfiguration, store: any Store, http: HTTPDeliveryClient = HTTPDeliveryClient(), logger: Logger) throws {
        self.store = store
        var connectors: [String: any Connector] = [:]
        for system in configuration.systems {
            switch system.connection {
            case .erpHTTP(let settings):
                connectors[system.name] = try ERPConnector(system: system.name, settings: settings, delivery: system.delivery, store: store, http: http)
            case .webhook(let settings):
                connectors[system.name] = try WebhookConnector(system: system.name, settings: settings, delivery: system.delivery, http: http)
            case .supplierX12(let settings):
                connectors[system.name] = try SupplierX12Connector(system: system.name, settings: settings, delivery: system.delivery, store: store)
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
        self.committer = GroupCommitter(store: store) { processorWakeup.signal() }
        let builtConnectors = connectors
        let builtWakeups = wakeups
        let orders = OrderFlows(store: store, connectors: builtConnectors, configuration: configuration) { destination in
            builtWakeups[destination]?.signal()
        }
        self.orders = orders
        self.workbench = ExceptionWorkbench(
            flows: orders,
            replay: { delivery in try await Self.requeue(delivery, connectors: builtConnectors, orders: orders) },
            wakeProcessor: { processorWakeup.signal() })
        var services: [any Service] = [
            EventProcessor(store: store, normalizer: EventNormalizer(store: store), routes: configuration.routes, connectors: connectors,
                           orders: orders, wakeup: processorWakeup, deliveryWakeups: wakeups, metrics: metrics, logger: logger),
        ]
        if store.sharedByNodes {
            // Other nodes' commits wake this node's idle workers too.
            services.append(WorkListener(store: store, processor: processorWakeup, deliveries: wakeups, logger: logger))
        }
        for system in configuration.systems {
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
            services.append(DeliveryWorker(connector: connector, store: store, wakeup: wakeup, metrics: metrics, logger: logger,
                                           rateLimit: rate, circuit: circuit, concurrency: delivery.concurrency, timeout: delivery.timeout))
        }
        self.services = services
    }

    /// One event to accept: its body as sent, what it says, and its idempotency key.
    public struct Submission: Sendable {
        public let body: JSONValue
        public let input: InventoryEventInput
        public let idempotencyKey: String

        public init(body: JSONValue, input: InventoryEventInput, idempotencyKey: String) {
            self.body = body
            self.input = input
            self.idempotencyKey = idempotencyKey
        }
    }

    /// Makes events durable in the inbox (committed and synced) and returns their outcomes
    /// in order. A single event keeps the request's trace; each event of a batch gets its own.
    public func accept(_ submissions: [Submission], client: String, trace: TraceContext?) async throws -> [AppendOutcome] {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let events = submissions.map { submission in
            let eventTrace = trace ?? TraceContext.random()
            let payload = Self.withoutKey(submission.body)
            return NewEvent(id: Identifiers.make("evt"), client: client, idempotencyKey: submission.idempotencyKey,
                            requestHash: Self.hash(payload), correlationID: eventTrace.correlationID,
                            traceparent: eventTrace.traceparent, type: submission.input.type, source: submission.input.source,
                            payload: payload.serialized(), receivedAt: now)
        }
        let outcomes = try await committer.append(events)
        for outcome in outcomes {
            switch outcome {
            case .accepted: metrics.increment("suture_events_accepted_total")
            case .duplicate: metrics.increment("suture_events_duplicate_total")
            case .keyConflict: metrics.increment("suture_events_key_conflicts_total")
            }
        }
        return outcomes
    }

    /// Corrects a delivered receipt: the original is voided (its reversal posted) and the
    /// receipt as it should have been is accepted as a new event under the same trace. A
    /// repeat returns the same reversal and the same corrected event.
    public func correctReceipt(eventID: String, quantity: Decimal, unit: String?, reason: String, actor: String)
        async throws -> (reversals: [DeliveryRecord], correction: AppendOutcome) {
        guard let event = try await store.event(id: eventID) else { throw OrderError.notFound("no event '\(eventID)'") }
        guard case .object(var members) = try JSONValue.parse(event.payload) else {
            throw OrderError.notAllowed("event \(eventID) cannot be read back")
        }
        members = members.map { key, value in
            switch key {
            case "quantity": return (key, .string(ExactDecimal.format(quantity)))
            case "unit": return (key, unit.map(JSONValue.string) ?? value)
            default: return (key, value)
            }
        }
        if let unit, !members.contains(where: { $0.0 == "unit" }) { members.append(("unit", .string(unit))) }
        let body = JSONValue.object(members)
        let input: InventoryEventInput
        do { input = try InventoryEventJSON.parse(body).event } catch {
            throw MasterDataError.invalidReference(field: "quantity", message: "the corrected receipt is not valid: \(error)")
        }
        let reversals = try await orders.voidReceipt(eventID: eventID, reason: "corrected: \(reason)", actor: actor)
        let trace = TraceContext(traceID: event.correlationID, spanID: TraceContext.random().spanID)
        let outcome = try await accept([Submission(body: body, input: input, idempotencyKey: "correction-of-\(eventID)")],
                                       client: event.client, trace: trace)[0]
        if case .keyConflict(let existing) = outcome {
            throw OrderError.notAllowed("receipt \(eventID) was already corrected by \(existing); correct that event instead")
        }
        return (reversals, outcome)
    }

    /// Wakes a destination's worker (after a replay).
    public func wake(destination: String) { deliveryWakeups[destination]?.signal() }

    /// How a delivery goes back in its queue. A dead one keeps its key and body (the
    /// destination may have posted it). After a permanent rejection nothing was posted, so
    /// the body is encoded again from its source (a person may have fixed a mapping) and
    /// sent under a revised key (`.r1`, `.r2`...).
    public func requeue(_ delivery: DeliveryRecord) async throws -> DeliveryRequeue {
        try await Self.requeue(delivery, connectors: connectors, orders: orders)
    }

    static func requeue(_ delivery: DeliveryRecord, connectors: [String: any Connector], orders: OrderFlows) async throws -> DeliveryRequeue {
        guard delivery.status == .rejected else {
            return DeliveryRequeue(deliveryID: delivery.id, idempotencyKey: delivery.idempotencyKey, body: nil)
        }
        let store = orders.store
        var body: String?
        if let connector = connectors[delivery.destination] {
            if delivery.eventID.hasPrefix("invoice:"), let (invoice, _) = try await orders.invoice(String(delivery.eventID.dropFirst("invoice:".count))),
               let (order, _) = try await orders.purchaseOrder(invoice.purchaseOrder) {
                let match = invoice.status == .approved ? "approved-variance" : "matched"
                body = try await connector.encode(.apInvoice(invoice, order: order, match: match), deliveryID: delivery.id,
                                                  correlationID: delivery.correlationID, lookup: store)?.body
            } else if let event = try await store.event(id: delivery.eventID), let normalized = event.normalized,
                      let canonical = try? InventoryEventJSON.canonical(try JSONValue.parse(normalized)), !delivery.id.hasSuffix(".void") {
                body = try await connector.encode(canonical, eventID: event.id, correlationID: event.correlationID, deliveryID: delivery.id,
                                                  lookup: store).body
            }
        }
        return DeliveryRequeue(deliveryID: delivery.id, idempotencyKey: revisedKey(delivery.idempotencyKey), body: body)
    }

    /// `suture-dlv_x` becomes `suture-dlv_x.r1`, then `.r2`...
    public static func revisedKey(_ key: String) -> String {
        if let range = key.range(of: ".r", options: .backwards), let revision = Int(key[range.upperBound...]) {
            return key[..<range.lowerBound] + ".r\(revision + 1)"
        }
        return key + ".r1"
    }

    /// The body without its batch `idempotencyKey`: the key says which request this is,
    /// not what it asks, so it does not take part in the "same body" comparison.
    static func withoutKey(_ body: JSONValue) -> JSONValue {
        guard case .object(let members) = body else { return body }
        return .object(members.filter { $0.0 != "idempotencyKey" })
    }

    /// SHA-256 of the body with members sorted, so key order and spacing do not matter.
    static func hash(_ body: JSONValue) -> String {
        Hex.encode(SHA256.hash(data: Array(sorted(body).serialized().utf8)))
    }

    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): return .object(members.sorted { $0.0 < $1.0 }.map { ($0.0, sorted($0.1)) })
        case .array(let values): return .array(values.map(sorted))
        default: return value
        }
    }
}
