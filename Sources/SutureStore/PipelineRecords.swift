public import SutureDelivery
public import SutureModel

// The statuses are the delivery lifecycle's (SutureDelivery), where their rules live; the
// records below are how the store keeps them.
public typealias EventStatus = SutureDelivery.EventStatus
public typealias DeliveryStatus = SutureDelivery.DeliveryStatus

/// An inventory event on its way into the durable inbox.
public struct NewEvent: Sendable {
    public var id: EventID
    /// The API client that sent it; idempotency keys are scoped to it.
    public var client: String
    public var idempotencyKey: String
    /// SHA-256 of the canonical JSON of the request, to tell a retry from a different request.
    public var requestHash: String
    public var correlationID: CorrelationID
    public var traceparent: String
    public var type: InventoryEventType
    public var source: String
    /// The event as received (compact JSON).
    public var payload: String
    /// Milliseconds since 1970.
    public var receivedAt: Int64

    public init(id: EventID, client: String, idempotencyKey: String, requestHash: String, correlationID: CorrelationID,
                traceparent: String, type: InventoryEventType, source: String, payload: String, receivedAt: Int64) {
        self.id = id
        self.client = client
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.correlationID = correlationID
        self.traceparent = traceparent
        self.type = type
        self.source = source
        self.payload = payload
        self.receivedAt = receivedAt
    }
}

/// What happened to one appended event: stored now, seen before with the same body, or
/// its key was used before for a different body.
public enum AppendOutcome: Sendable, Equatable {
    case accepted(id: EventID, correlationID: CorrelationID)
    case duplicate(id: EventID, correlationID: CorrelationID, status: EventStatus)
    case keyConflict(existingID: EventID)

    /// The idempotency rule, for an event whose client already used its key: a retry with
    /// the same body (the same request hash) is a duplicate of the stored event; the same
    /// key with another body is a conflict. Both stores answer a repeated key with this.
    public static func repeatedKey(requestHash: String, existingID: EventID, existingCorrelationID: CorrelationID, existingHash: String,
                                   existingStatus: EventStatus) -> AppendOutcome {
        existingHash == requestHash
            ? .duplicate(id: existingID, correlationID: existingCorrelationID, status: existingStatus)
            : .keyConflict(existingID: existingID)
    }
}


/// An event as stored.
public struct StoredEvent: Sendable, Equatable {
    public var id: EventID
    public var client: String
    public var idempotencyKey: String
    public var correlationID: CorrelationID
    public var traceparent: String
    public var type: InventoryEventType
    public var source: String
    public var status: EventStatus
    public var payload: String
    /// The canonical form (compact JSON) once normalized.
    public var normalized: String?
    public var receivedAt: Int64

    public init(id: EventID, client: String, idempotencyKey: String, correlationID: CorrelationID, traceparent: String,
                type: InventoryEventType, source: String, status: EventStatus, payload: String, normalized: String?, receivedAt: Int64) {
        self.id = id
        self.client = client
        self.idempotencyKey = idempotencyKey
        self.correlationID = correlationID
        self.traceparent = traceparent
        self.type = type
        self.source = source
        self.status = status
        self.payload = payload
        self.normalized = normalized
        self.receivedAt = receivedAt
    }
}

/// The name of a step in a transaction's timeline, as `GET /v1/transactions/{correlationId}`
/// shows it. Every step the hub writes is declared here once; a name read back from a store
/// that this version does not declare (written by a newer one) is kept as it is.
public struct TimelineStage: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // An event's way in and through the pipeline.
    public static let received = TimelineStage(rawValue: "received")
    public static let normalized = TimelineStage(rawValue: "normalized")
    public static let linked = TimelineStage(rawValue: "linked")
    public static let routed = TimelineStage(rawValue: "routed")
    // Deliveries.
    public static let deliveryAttempt = TimelineStage(rawValue: "delivery-attempt")
    public static let delivered = TimelineStage(rawValue: "delivered")
    public static let dead = TimelineStage(rawValue: "dead")
    public static let superseded = TimelineStage(rawValue: "superseded")
    public static let replayed = TimelineStage(rawValue: "replayed")
    public static let circuitOpened = TimelineStage(rawValue: "circuit-opened")
    public static let circuitClosed = TimelineStage(rawValue: "circuit-closed")
    // People and exceptions.
    public static let exception = TimelineStage(rawValue: "exception")
    public static let resolved = TimelineStage(rawValue: "resolved")
    public static let voided = TimelineStage(rawValue: "voided")
    /// An alert rule changed state (its notifications are deliveries under this trace).
    public static let alert = TimelineStage(rawValue: "alert")
    // Orders and documents.
    public static let orderCreated = TimelineStage(rawValue: "order-created")
    public static let acknowledged = TimelineStage(rawValue: "acknowledged")
    public static let shipped = TimelineStage(rawValue: "shipped")
    public static let matched = TimelineStage(rawValue: "matched")
    /// A requisition proposed, approved, rejected or ordered.
    public static let requisition = TimelineStage(rawValue: "requisition")
}

/// One step in the life of a transaction, shown by `GET /v1/transactions/{correlationId}`.
public struct TimelineEntry: Sendable, Equatable {
    /// Milliseconds since 1970.
    public var at: Int64
    public var correlationID: CorrelationID
    public var stage: TimelineStage
    public var system: String?
    /// `ok`, `retry`, `rejected`, `failed`, ...
    public var outcome: String
    public var detail: String

    public init(at: Int64, correlationID: CorrelationID, stage: TimelineStage, system: String? = nil, outcome: String, detail: String) {
        self.at = at
        self.correlationID = correlationID
        self.stage = stage
        self.system = system
        self.outcome = outcome
        self.detail = detail
    }
}

/// A call to make to a destination, created when an event is routed.
public struct NewDelivery: Sendable, Equatable {
    public var id: DeliveryID
    public var destination: String
    public var method: String
    public var path: String
    public var body: String
    public var idempotencyKey: String
    /// Set on a call that carries the whole current state of one thing (`purchase-order-status:PO-1`):
    /// of such calls to one destination only the newest is claimed, never while an older one
    /// is in flight, and older ones not sent (or dead, or rejected) become `superseded`.
    public var stateKey: String?

    public init(id: DeliveryID, destination: String, method: String, path: String, body: String, idempotencyKey: String, stateKey: String? = nil) {
        self.id = id
        self.destination = destination
        self.method = method
        self.path = path
        self.body = body
        self.idempotencyKey = idempotencyKey
        self.stateKey = stateKey
    }
}


/// A delivery as stored.
public struct DeliveryRecord: Sendable, Equatable {
    public var id: DeliveryID
    /// The event or document it carries.
    public var source: DeliverySource
    public var correlationID: CorrelationID
    public var traceparent: String
    public var destination: String
    public var method: String
    public var path: String
    public var body: String
    public var idempotencyKey: String
    public var status: DeliveryStatus
    public var attempts: Int
    /// Milliseconds since 1970 when the next attempt is due.
    public var nextAttemptAt: Int64
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    /// When the event was accepted (milliseconds since 1970), for ingest-to-delivery latency.
    public var eventReceivedAt: Int64

    public init(id: DeliveryID, source: DeliverySource, correlationID: CorrelationID, traceparent: String, destination: String, method: String,
                path: String, body: String, idempotencyKey: String, status: DeliveryStatus, attempts: Int, nextAttemptAt: Int64,
                lastStatusCode: Int?, lastError: String?, createdAt: Int64, updatedAt: Int64, eventReceivedAt: Int64 = 0) {
        self.eventReceivedAt = eventReceivedAt
        self.id = id
        self.source = source
        self.correlationID = correlationID
        self.traceparent = traceparent
        self.destination = destination
        self.method = method
        self.path = path
        self.body = body
        self.idempotencyKey = idempotencyKey
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// An exception to open, with everything a person needs to resolve it.
public struct NewException: Sendable, Equatable {
    public var id: String
    public var type: ExceptionType
    public var correlationID: CorrelationID
    public var system: String?
    public var eventID: EventID?
    public var deliveryID: DeliveryID?
    public var summary: String
    /// Compact JSON: the original payload, the normalized form, the destination's answer...
    public var context: String
    /// The business document it is about (`purchase-order:PO-1`, `invoice:INV-9`), if any.
    public var document: String?

    public init(id: String, type: ExceptionType, correlationID: CorrelationID, system: String?, eventID: EventID?,
                deliveryID: DeliveryID?, summary: String, context: String, document: String? = nil) {
        self.document = document
        self.id = id
        self.type = type
        self.correlationID = correlationID
        self.system = system
        self.eventID = eventID
        self.deliveryID = deliveryID
        self.summary = summary
        self.context = context
    }
}

/// Where an exception stands.
public enum ExceptionStatus: String, Sendable, Equatable, CaseIterable {
    case open
    case inProgress = "in-progress"
    case resolved
    case rejected
}

/// An exception as stored.
public struct ExceptionRecord: Sendable, Equatable {
    public var id: String
    public var type: ExceptionType
    public var status: ExceptionStatus
    public var createdAt: Int64
    public var correlationID: CorrelationID
    public var system: String?
    public var eventID: EventID?
    public var deliveryID: DeliveryID?
    public var summary: String
    public var context: String
    /// Compact JSON array of actions taken.
    public var history: String
    /// An increasing number, for newest-first paging.
    public var sequence: Int64
    /// The business document it is about, if any (see ``NewException/document``).
    public var document: String?
    /// Who is working on it (set when someone takes it).
    public var owner: String?
    /// Milliseconds since 1970 of the last change (creation, or a person's action).
    public var updatedAt: Int64

    public init(id: String, type: ExceptionType, status: ExceptionStatus, createdAt: Int64, correlationID: CorrelationID, system: String?,
                eventID: EventID?, deliveryID: DeliveryID?, summary: String, context: String, history: String, sequence: Int64,
                document: String? = nil, owner: String? = nil, updatedAt: Int64? = nil) {
        self.document = document
        self.owner = owner
        self.updatedAt = updatedAt ?? createdAt
        self.id = id
        self.type = type
        self.status = status
        self.createdAt = createdAt
        self.correlationID = correlationID
        self.system = system
        self.eventID = eventID
        self.deliveryID = deliveryID
        self.summary = summary
        self.context = context
        self.history = history
        self.sequence = sequence
    }
}

/// The result of normalizing and routing one event, written in one transaction.
public struct ProcessedEvent: Sendable, Equatable {
    public var eventID: EventID
    public var status: EventStatus
    public var normalized: String?
    public var deliveries: [NewDelivery]
    public var exceptions: [NewException]
    public var timeline: [TimelineEntry]
    /// What the event did beyond its own deliveries (a PO line received, a status update to
    /// the ERP), written in the same transaction.
    public var effects: StoreChanges

    public init(eventID: EventID, status: EventStatus, normalized: String?, deliveries: [NewDelivery],
                exceptions: [NewException], timeline: [TimelineEntry], effects: StoreChanges = StoreChanges()) {
        self.effects = effects
        self.eventID = eventID
        self.status = status
        self.normalized = normalized
        self.deliveries = deliveries
        self.exceptions = exceptions
        self.timeline = timeline
    }
}

/// What one delivery attempt came to, written in one transaction.
public struct DeliveryAttemptRecord: Sendable, Equatable {
    public var deliveryID: DeliveryID
    public var status: DeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Int64
    public var lastStatusCode: Int?
    public var lastError: String?
    public var timeline: [TimelineEntry]
    public var exception: NewException?
    /// The lease the attempt was made under (the claim's `nextAttemptAt`): the record is
    /// kept only if the delivery is still in flight under it, so a worker whose lease ran
    /// out (another node took the delivery over) cannot overwrite the newer outcome. Nil
    /// records unconditionally.
    public var claimedUntil: Int64?

    public init(deliveryID: DeliveryID, status: DeliveryStatus, attempts: Int, nextAttemptAt: Int64, lastStatusCode: Int?,
                lastError: String?, timeline: [TimelineEntry], exception: NewException?, claimedUntil: Int64? = nil) {
        self.claimedUntil = claimedUntil
        self.deliveryID = deliveryID
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.timeline = timeline
        self.exception = exception
    }
}

/// Which exceptions to list.
public struct ExceptionFilter: Sendable, Equatable {
    public var status: ExceptionStatus?
    public var type: ExceptionType?
    public var correlationID: CorrelationID?
    /// Only those about this document (`purchase-order:PO-1`).
    public var document: String?
    public var owner: String?
    /// Only open or in-progress ones past their SLA at `now`.
    public var overdue: (sla: ExceptionSLA, now: Int64)?
    /// Oldest first (the cursor then pages forward); newest first otherwise.
    public var oldestFirst = false

    public static func == (lhs: ExceptionFilter, rhs: ExceptionFilter) -> Bool {
        lhs.status == rhs.status && lhs.type == rhs.type && lhs.correlationID == rhs.correlationID && lhs.document == rhs.document
            && lhs.owner == rhs.owner && lhs.overdue?.sla == rhs.overdue?.sla && lhs.overdue?.now == rhs.overdue?.now
            && lhs.oldestFirst == rhs.oldestFirst
    }

    /// The SQL condition of `overdue` on an exceptions row (`TRUE` when not asked for);
    /// only numbers and enum names go into it.
    public var overdueSQL: String {
        guard let (sla, now) = overdue else { return "TRUE" }
        return "(status IN ('open', 'in-progress') AND created_at + \(sla.sql(typeColumn: "type")) < \(now))"
    }

    public init(status: ExceptionStatus? = nil, type: ExceptionType? = nil, correlationID: CorrelationID? = nil, document: String? = nil) {
        self.document = document
        self.status = status
        self.type = type
        self.correlationID = correlationID
    }
}

/// Control numbers reserved for one outgoing X12 interchange to a partner.
public struct X12ControlNumberReservation: Sendable, Equatable {
    /// ISA13 (1 to 999,999,999).
    public var interchange: Int
    /// GS06.
    public var group: Int
    /// ST02 of the first set; the others follow one by one.
    public var firstSet: Int

    public init(interchange: Int, group: Int, firstSet: Int) {
        self.interchange = interchange
        self.group = group
        self.firstSet = firstSet
    }
}

// MARK: - Documents and atomic changes

/// The business documents the flows keep beside events: purchase orders and invoices.
public enum DocumentKind: String, Sendable, Equatable, CaseIterable {
    case purchaseOrder = "purchase-order"
    case invoice
    /// A file read from a partner's exchange folder, by content hash: it is processed once.
    case exchangeFile = "exchange-file"
    /// A supplier's latest price catalog (832), by supplier system.
    case priceCatalog = "price-catalog"
    /// A supplier's latest inventory advice (846), by supplier system.
    case inventoryAdvice = "inventory-advice"
    /// A supplier's contract prices for one item, by `<supplier> <item>` (never pruned).
    case contractPrice = "contract-price"
    /// A location's par level for one item, by `<location> <item>` (never pruned).
    case parLevel = "par-level"
    /// A requisition raised by replenishment, by its id; reference `need:<location> <item>`.
    case requisition
    /// A transfer a person accepted, by `<client> <idempotency key>`: the transfer events it became.
    case stockTransfer = "stock-transfer"
    /// A FHIR resource posted to `/fhir/r5` as stored with its id, by `<type>/<id>`; reference
    /// the identifier it was taken under (docs/fhir.md).
    case fhirResource = "fhir-resource"
}

/// A business document as stored: its JSON body and a version that every write raises,
/// so two writers (two nodes, or the processor and a person) cannot overwrite each other.
public struct StoredDocument: Sendable, Equatable {
    public var kind: DocumentKind
    /// The document's number (a PO number, an invoice number).
    public var key: String
    /// 1 when created, one more on every write.
    public var version: Int
    public var correlationID: CorrelationID
    public var traceparent: String
    /// A short status for lists (`open`, `matched`...).
    public var status: String
    /// Another document this one refers to (an invoice's purchase order).
    public var reference: String?
    /// Compact JSON; its shape belongs to the engine.
    public var body: String
    /// Milliseconds since 1970.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(kind: DocumentKind, key: String, version: Int, correlationID: CorrelationID, traceparent: String, status: String,
                reference: String?, body: String, createdAt: Int64, updatedAt: Int64) {
        self.kind = kind
        self.key = key
        self.version = version
        self.correlationID = correlationID
        self.traceparent = traceparent
        self.status = status
        self.reference = reference
        self.body = body
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The id deliveries and exceptions use for this document (`purchase-order:PO-1`).
    public var sourceID: String { "\(kind.rawValue):\(key)" }
}

/// A document to write: created when `expectedVersion` is nil (a conflict if it exists),
/// else replaced only if the stored version is still `expectedVersion`.
public struct DocumentWrite: Sendable, Equatable {
    public var document: StoredDocument
    public var expectedVersion: Int?

    public init(_ document: StoredDocument, expectedVersion: Int?) {
        self.document = document
        self.expectedVersion = expectedVersion
    }
}

/// A delivery that does not come from an inventory event (a PO status update, an AP
/// invoice, a reversal), with the source and trace it belongs to.
public struct OutboundDelivery: Sendable, Equatable {
    public var delivery: NewDelivery
    /// The event or document it carries.
    public var source: DeliverySource
    public var correlationID: CorrelationID
    public var traceparent: String

    public init(_ delivery: NewDelivery, source: DeliverySource, correlationID: CorrelationID, traceparent: String) {
        self.delivery = delivery
        self.source = source
        self.correlationID = correlationID
        self.traceparent = traceparent
    }
}

/// A change of an exception's status by a person's action, applied only if the exception
/// is still in one of `expected` (so two people cannot both resolve it).
public struct ExceptionChange: Sendable, Equatable {
    public var id: String
    public var expected: Set<ExceptionStatus>
    public var status: ExceptionStatus
    /// The new owner; nil keeps the current one.
    public var owner: String?
    /// One compact JSON object appended to the history (who, when, what).
    public var historyEntry: String
    /// The audit entry of a person's action (nil for the hub's own changes), written with
    /// the change by whichever flow commits it.
    public var audit: AuditDraft?
    /// A new summary and context, for an exception that follows a condition as it changes
    /// (a master-data drift compared again); nil keeps them.
    public var summary: String?
    public var context: String?

    public init(id: String, expected: Set<ExceptionStatus>, status: ExceptionStatus, owner: String? = nil, historyEntry: String,
                audit: AuditDraft? = nil, summary: String? = nil, context: String? = nil) {
        self.id = id
        self.expected = expected
        self.status = status
        self.owner = owner
        self.historyEntry = historyEntry
        self.audit = audit
        self.summary = summary
        self.context = context
    }
}

/// Puts an existing delivery back in its queue, due now (a replay, a retry after a fix).
public struct DeliveryRequeue: Sendable, Equatable {
    public var deliveryID: DeliveryID
    public var idempotencyKey: String
    /// A new body (re-encoded after a fix), or nil to keep the stored one.
    public var body: String?

    public init(deliveryID: DeliveryID, idempotencyKey: String, body: String?) {
        self.deliveryID = deliveryID
        self.idempotencyKey = idempotencyKey
        self.body = body
    }
}

/// Changes the flows make together: all are written in one transaction, or none is.
/// A document or exception whose precondition no longer holds makes the whole commit
/// fail (`StoreError.staleVersion`, `.conflict`); the caller reads again and decides again.
public struct StoreChanges: Sendable, Equatable {
    public var documents: [DocumentWrite] = []
    public var deliveries: [OutboundDelivery] = []
    public var requeues: [DeliveryRequeue] = []
    public var exceptions: [NewException] = []
    public var exceptionChanges: [ExceptionChange] = []
    /// Events to set to a status (`accepted` makes the processor take one up again).
    public var eventStatuses: [(id: EventID, status: EventStatus)] = []
    public var timeline: [TimelineEntry] = []
    /// What a client or person did, for the audit log (with the entries of `exceptionChanges`).
    public var audit: [AuditDraft] = []
    /// Changes to the stock ledger (docs/stock.md); each applied once, however often written.
    public var stock: [StockMovement] = []

    public init() {}

    /// Every audit entry these changes write: their own, then those of the exception changes.
    public var auditDrafts: [AuditDraft] { audit + exceptionChanges.compactMap(\.audit) }

    public var isEmpty: Bool {
        documents.isEmpty && deliveries.isEmpty && requeues.isEmpty && exceptions.isEmpty && exceptionChanges.isEmpty
            && eventStatuses.isEmpty && timeline.isEmpty && audit.isEmpty && stock.isEmpty
    }

    public static func == (lhs: StoreChanges, rhs: StoreChanges) -> Bool {
        lhs.documents == rhs.documents && lhs.deliveries == rhs.deliveries && lhs.requeues == rhs.requeues
            && lhs.exceptions == rhs.exceptions && lhs.exceptionChanges == rhs.exceptionChanges
            && lhs.eventStatuses.map(\.id) == rhs.eventStatuses.map(\.id)
            && lhs.eventStatuses.map(\.status) == rhs.eventStatuses.map(\.status) && lhs.timeline == rhs.timeline
            && lhs.audit == rhs.audit && lhs.stock == rhs.stock
    }

    /// Appends another set of changes after these.
    public mutating func append(_ other: StoreChanges) {
        documents += other.documents
        deliveries += other.deliveries
        requeues += other.requeues
        exceptions += other.exceptions
        exceptionChanges += other.exceptionChanges
        eventStatuses += other.eventStatuses
        timeline += other.timeline
        audit += other.audit
        stock += other.stock
    }
}
