public import SutureModel
public import SutureStore
public import SutureDelivery
public import SutureProcurement

/// A destination Suture delivers to. Every connector has the same anatomy:
/// settings (from the configuration), an encoder (canonical event to the call), and the
/// call itself, made by the shared `HTTPDeliveryClient`; retries, rate limits and the
/// circuit breaker belong to the `DeliveryWorker`, not to connectors.
public protocol Connector: Sendable {
    /// The system name in the configuration.
    var system: String { get }
    /// How this destination's answers are judged (ERP: 4xx permanent; webhooks: retried).
    var retryPolicy: DeliveryRetryPolicy { get }

    /// Turns a canonical event into the call to make, reading this system's codes through
    /// `lookup`; throws `EventNormalizer.Failure` when they are missing.
    func encode(_ event: CanonicalInventoryEvent, eventID: EventID, correlationID: CorrelationID, deliveryID: DeliveryID,
                lookup: any MasterDataLookup) async throws -> NewDelivery

    /// Turns a business document (a PO status, an AP invoice, a receipt reversal) into the
    /// call to make; nil when this destination does not take that kind of document.
    func encode(_ document: OutboundDocument, deliveryID: DeliveryID, correlationID: CorrelationID, lookup: any MasterDataLookup) async throws -> NewDelivery?

    /// Makes one attempt at a delivery.
    func send(_ delivery: DeliveryRecord) async -> DeliveryResponse
}

extension Connector {
    public func encode(_ document: OutboundDocument, deliveryID: DeliveryID, correlationID: CorrelationID, lookup: any MasterDataLookup) async throws -> NewDelivery? {
        nil
    }
}

/// A business document the order flows send out, beside inventory events.
public enum OutboundDocument: Sendable {
    /// The order's status and its lines' states (ERP `PUT /purchase-orders/{number}/status`).
    case purchaseOrderStatus(PurchaseOrder, revision: Int)
    /// A matched (or approved) invoice for accounts payable (ERP `POST /ap-invoices`).
    case apInvoice(Invoice, order: PurchaseOrder, match: String)
    /// The reversal of a receipt posted earlier by `original` (a void, a rejected discrepancy).
    case receiptReversal(original: DeliveryRecord, reason: String)
    /// A new order for its supplier (an X12 850 for a `supplier-x12` system).
    case purchaseOrder850(PurchaseOrder)
    /// A receipt against a supplier's order, for that supplier (an X12 861, or a portal's webhook).
    case receivingAdvice(ReceivingAdvice)
    /// An alert rule fired, is still firing (a reminder) or resolved; webhooks only.
    case alert(AlertNotice)
    /// A master record as it now is, after a change (`item.changed` and the like).
    case recordChanged(MasterRecord)
    /// A requisition as it now is (its document's version and time), for FHIR servers (a SupplyRequest).
    case requisition(Requisition, version: Int, updatedAt: Int64)

    /// The route type that sends it (`purchase-order`, `invoice`, `item.changed`); reversals
    /// follow their original.
    public var routeType: String? {
        switch self {
        case .purchaseOrderStatus: return "purchase-order"
        case .apInvoice: return "invoice"
        case .recordChanged(let record): return record.changeType
        case .receiptReversal, .purchaseOrder850, .receivingAdvice, .alert, .requisition: return nil
        }
    }

    /// Whether only routes that name its type send it. Master-data changes go only where a
    /// route asks for them; orders and invoices also go to every ERP when no route names them.
    public var needsNamedRoute: Bool {
        if case .recordChanged = self { return true }
        return false
    }
}

/// An item, location or supplier as distributed when it changes.
public enum MasterRecord: Sendable, Equatable {
    case item(Item)
    case location(Location)
    case supplier(Supplier)

    public var kind: MasterRecordKind {
        switch self {
        case .item: .item
        case .location: .location
        case .supplier: .supplier
        }
    }

    public var id: String {
        switch self {
        case .item(let item): item.id.rawValue
        case .location(let location): location.id.rawValue
        case .supplier(let supplier): supplier.id.rawValue
        }
    }

    /// `item.changed`, `location.changed`, `supplier.changed`: the route and webhook type.
    public var changeType: String { "\(kind.rawValue).changed" }

    /// The canonical record as the API shows it.
    public var json: JSONValue {
        switch self {
        case .item(let item): MasterDataJSON.json(item)
        case .location(let location): MasterDataJSON.json(location)
        case .supplier(let supplier): MasterDataJSON.json(supplier)
        }
    }
}

/// What an alert notification says (docs/alerts.md): `alert.firing` or `alert.resolved`.
public struct AlertNotice: Sendable, Equatable {
    /// `alert.firing` or `alert.resolved`.
    public var type: String
    public var name: String
    public var value: Double
    public var threshold: Double
    /// When the rule entered its state (ms).
    public var since: Int64
    /// Unique per transition or reminder, so subscribers can deduplicate (`alert:erp-backlog:3`).
    public var id: String

    public init(type: String, name: String, value: Double, threshold: Double, since: Int64, id: String) {
        self.type = type
        self.name = name
        self.value = value
        self.threshold = threshold
        self.since = since
        self.id = id
    }
}

/// What a destination answered to one attempt, with enough of its body for a person.
public struct DeliveryResponse: Sendable, Equatable {
    public let outcome: DeliveryOutcome
    /// The answer's body (truncated), or the transport error.
    public let detail: String

    public init(outcome: DeliveryOutcome, detail: String) {
        self.outcome = outcome
        self.detail = detail
    }

    public var statusCode: Int? {
        switch outcome {
        case .success(let status): return status
        case .httpStatus(let status, _): return status
        case .timeout, .connectionFailed: return nil
        }
    }
}
