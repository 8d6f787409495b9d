public import SutureModel

/// An inventory event on its way into the durable inbox.
public struct NewEvent: Sendable {
    public var id: String
    /// The API client that sent it; idempotency keys are scoped to it.
    public var client: String
    public var idempotencyKey: String
    /// SHA-256 of the canonical JSON of the request, to tell a retry from a different request.
    public var requestHash: String
    public var correlationID: String
    public var traceparent: String
    public var type: InventoryEventType
    public var source: String
    /// The event as received (compact JSON).
    public var payload: String
    /// Milliseconds since 1970.
    public var receivedAt: Int64

    public init(id: String, client: String, idempotencyKey: String, requestHash: String, correlationID: String,
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
    case accepted(id: String, correlationID: String)
    case duplicate(id: String, correlationID: String, status: EventStatus)
    case keyConflict(existingID: String)
}

/// Where an event stands.
public enum EventStatus: String, Sendable, Equatable, CaseIterable {
    /// Durable in the inbox, not yet normalized.
    case accepted
    /// Normalized and routed; deliveries are under way.
    case routed
    /// Every delivery was made (or no route took the event).
    case delivered
    /// Waiting on a person: an exception is open for it.
    case exception
}

/// An event as stored.
public struct StoredEvent: Sendable, Equatable {
    public var id: String
    public var client: String
    public var idempotencyKey: String
    public var correlationID: String
    public var traceparent: String
    public var type: InventoryEventType
    public var source: String
    public var status: EventStatus
    public var payload: String
    /// The canonical form (compact JSON) once normalized.
    public var normalized: String?
    public var receivedAt: Int64

    public init(id: String, client: String, idempotencyKey: String, correlationID: String, traceparent: String,
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

/// One step in the life of a transaction, shown by `GET /v1/transactions/{correlationId}`.
public struct TimelineEntry: Sendable, Equatable {
    /// Milliseconds since 1970.
    public var at: Int64
    public var correlationID: String
    /// `received`, `normalized`, `routed`, `delivery-attempt`, `delivered`, `dead`, `exception`, `resolved`, ...
    public var stage: String
    public var system: String?
    /// `ok`, `retry`, `rejected`, `failed`, ...
    public var outcome: String
    public var detail: String

    public init(at: Int64, correlationID: String, stage: String, system: String? = nil, outcome: String, detail: String) {
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
    public var id: String
    public var destination: String
    public var method: String
    public var path: String
    public var body: String
    public var idempotencyKey: String

    public init(id: String, destination: String, method: String, path: String, body: String, idempotencyKey: String) {
        self.id = id
        self.destination = destination
        self.method = method
        self.path = path
        self.body = body
        self.idempotencyKey = idempotencyKey
    }
}

/// Where a delivery stands.
public enum DeliveryStatus: String, Sendable, Equatable, CaseIterable {
    /// Waiting for its (next) attempt.
    case pending
    /// Claimed by a worker; if the lease runs out (the worker died), it is pending again.
    case inFlight = "in-flight"
    case delivered
    /// Permanently refused by the destination; an exception is open.
    case rejected
    /// Attempts exhausted; an exception is open.
    case dead
}

/// A delivery as stored.
public struct DeliveryRecord: Sendable, Equatable {
    public var id: String
    public var eventID: String
    public var correlationID: String
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

    public init(id: String, eventID: String, correlationID: String, traceparent: String, destination: String, method: String,
                path: String, body: String, idempotencyKey: String, status: DeliveryStatus, attempts: Int, nextAttemptAt: Int64,
                lastStatusCode: Int?, lastError: String?, createdAt: Int64, updatedAt: Int64, eventReceivedAt: Int64 = 0) {
        self.eventReceivedAt = eventReceivedAt
        self.id = id
        self.eventID = eventID
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
    public var correlationID: String
    public var system: String?
    public var eventID: String?
    public var deliveryID: String?
    public var summary: String
    /// Compact JSON: the original payload, the normalized form, the destination's answer...
    public var context: String

    public init(id: String, type: ExceptionType, correlationID: String, system: String?, eventID: String?,
                deliveryID: String?, summary: String, context: String) {
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
    public var correlationID: String
    public var system: String?
    public var eventID: String?
    public var deliveryID: String?
    public var summary: String
    public var context: String
    /// Compact JSON array of actions taken.
    public var history: String
    /// An increasing number, for newest-first paging.
    public var sequence: Int64

    public init(id: String, type: ExceptionType, status: ExceptionStatus, createdAt: Int64, correlationID: String, system: String?,
                eventID: String?, deliveryID: String?, summary: String, context: String, history: String, sequence: Int64) {
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
    public var eventID: String
    public var status: EventStatus
    public var normalized: String?
    public var deliveries: [NewDelivery]
    public var exceptions: [NewException]
    public var timeline: [TimelineEntry]

    public init(eventID: String, status: EventStatus, normalized: String?, deliveries: [NewDelivery],
                exceptions: [NewException], timeline: [TimelineEntry]) {
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
    public var deliveryID: String
    public var status: DeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Int64
    public var lastStatusCode: Int?
    public var lastError: String?
    public var timeline: [TimelineEntry]
    public var exception: NewException?

    public init(deliveryID: String, status: DeliveryStatus, attempts: Int, nextAttemptAt: Int64, lastStatusCode: Int?,
                lastError: String?, timeline: [TimelineEntry], exception: NewException?) {
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
    public var correlationID: String?

    public init(status: ExceptionStatus? = nil, type: ExceptionType? = nil, correlationID: String? = nil) {
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
