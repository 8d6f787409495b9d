public import SutureModel

/// Everything Suture keeps, behind one interface.
///
/// The engine and the HTTP server see only this protocol; SQLite (one process) and
/// PostgreSQL (several nodes) implement it and pass the same test suite. Methods speak
/// in canonical model values, never in SQL, so no database's behaviour leaks above it.
/// Every write is durable (committed and synced) when the method returns.
public protocol Store: MasterDataLookup {
    /// A short description of where the data lives, with no secrets (for logs and errors).
    var location: String { get }

    /// Answers quickly when the store can serve requests; throws `StoreError.unavailable` otherwise.
    func ping() async throws

    func putItem(_ item: Item) async throws -> WriteOutcome
    func item(_ id: ItemID) async throws -> Item?
    /// The item and unit that a GTIN stands for, through the item's own or a packaging level's GTIN.
    func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)?

    func putLocation(_ location: Location) async throws -> WriteOutcome
    func location(_ id: LocationID) async throws -> Location?

    func putSupplier(_ supplier: Supplier) async throws -> WriteOutcome
    func supplier(_ id: SupplierID) async throws -> Supplier?

    func putCrosswalk(_ entry: CrosswalkEntry) async throws -> WriteOutcome
    /// Removes one mapping; false if there was none.
    func deleteCrosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> Bool
    func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry?
    /// All of one system's mappings of one kind, ordered by code.
    func crosswalks(system: SystemName, kind: CrosswalkKind) async throws -> [CrosswalkEntry]

    /// Stores a new API client; throws `StoreError.conflict` if the name is taken.
    func addClient(_ client: ClientRecord) async throws
    func client(tokenHash: String) async throws -> ClientRecord?
    func clients() async throws -> [ClientRecord]

    /// The codes a system uses for one canonical id (a reverse crosswalk lookup), ordered.
    func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry]

    // MARK: Events: the durable inbox

    /// Appends events in one transaction (group commit); each outcome in order.
    func appendEvents(_ events: [NewEvent]) async throws -> [AppendOutcome]
    /// Events accepted but not yet normalized, oldest first (a read; nothing is claimed).
    func acceptedEvents(limit: Int) async throws -> [StoredEvent]
    /// Claims up to `limit` accepted events for this node's processor until `leaseUntil`,
    /// oldest first, skipping those another node holds under an unexpired lease. A store
    /// that only one process uses (SQLite) may simply return the accepted events.
    func claimAcceptedEvents(limit: Int, now: Int64, leaseUntil: Int64) async throws -> [StoredEvent]
    /// Writes normalization results, deliveries, exceptions and timeline entries in one
    /// transaction. A result for an event that is no longer `accepted` (another node
    /// processed it first) is skipped whole.
    func recordProcessing(_ results: [ProcessedEvent]) async throws
    func event(id: String) async throws -> StoredEvent?
    /// Everything that happened under a correlation id, in time order.
    func timeline(correlationID: String) async throws -> [TimelineEntry]
    func appendTimeline(_ entries: [TimelineEntry]) async throws

    // MARK: Deliveries: the outbox

    /// Claims up to `limit` deliveries to `destination` that are due at `now` (pending,
    /// or in flight with an expired lease), marking them in flight until `leaseUntil`.
    /// Deliveries with a state key follow `DeliveryStateRule`: older ones of a key are
    /// superseded here, and the newest waits while another of its key is in flight.
    func claimDueDeliveries(destination: String, now: Int64, leaseUntil: Int64, limit: Int) async throws -> [DeliveryRecord]
    /// Makes deliveries claimed by a worker that no longer exists due again now, when this
    /// store knows no other process can hold them (one hub per SQLite file). A store shared
    /// by several nodes leaves them to their leases and does nothing here.
    func releaseOrphanedClaims(destination: String, now: Int64) async throws -> Int
    /// The earliest time a pending delivery to `destination` is due, if any (it may be one
    /// the state rule holds back; the worker then looks again shortly).
    func nextDueTime(destination: String) async throws -> Int64?
    func recordDeliveryAttempts(_ attempts: [DeliveryAttemptRecord]) async throws
    func delivery(id: String) async throws -> DeliveryRecord?
    func deliveries(eventID: String) async throws -> [DeliveryRecord]
    /// Deliveries, newest first, optionally by status and destination; `before` pages.
    func deliveries(status: DeliveryStatus?, destination: String?, limit: Int, before: Int64?) async throws -> [(record: DeliveryRecord, sequence: Int64)]
    /// Puts a delivery back in the queue, due now, with `idempotencyKey`; nil if no such delivery.
    func requeueDelivery(id: String, idempotencyKey: String, body: String?, now: Int64, timeline: TimelineEntry) async throws -> DeliveryRecord?
    /// Counts of deliveries by destination and status, for metrics.
    func deliveryCounts() async throws -> [(destination: String, status: DeliveryStatus, count: Int)]

    // MARK: EDI

    /// Reserves the next interchange and group control numbers and `sets` transaction set
    /// numbers for one trading partner, durably: numbers only ever increase, across
    /// restarts, and are never handed out twice. ISA13 wraps after 999,999,999.
    func reserveX12ControlNumbers(partner: String, sets: Int) async throws -> X12ControlNumberReservation

    // MARK: Exceptions

    func exceptions(_ filter: ExceptionFilter, limit: Int, before: Int64?) async throws -> [ExceptionRecord]
    func exception(id: String) async throws -> ExceptionRecord?

    // MARK: Documents and changes made together

    func document(_ kind: DocumentKind, key: String) async throws -> StoredDocument?
    /// Documents of one kind that refer to `reference` (an order's invoices), oldest first.
    func documents(_ kind: DocumentKind, reference: String) async throws -> [StoredDocument]
    /// Writes all of `changes` in one durable transaction, or nothing: a document whose
    /// version moved on throws `StoreError.staleVersion`; a document created twice, or an
    /// exception no longer in an expected status, `StoreError.conflict`.
    func commit(_ changes: StoreChanges) async throws

    // MARK: Cluster

    /// Whether several hub processes may share this store (PostgreSQL), so that claims,
    /// rate limits and wakeups must go through it rather than stay in one process.
    var sharedByNodes: Bool { get }

    /// Reserves the next call slot to `destination` under a rate limit shared by every node
    /// (the generic cell rate algorithm): the slot's theoretical time is advanced by
    /// `interval` from the later of its last value and `now`, and the answer is how long
    /// the caller waits before calling, `burst - 1` intervals of slack allowed. Times in
    /// microseconds.
    func reserveDeliverySlot(destination: String, interval: Int64, tolerance: Int64, now: Int64) async throws -> Int64

    /// Runs until cancelled, calling `notice` whenever any node committed work that idle
    /// workers should look at (new events, deliveries due for a destination), so nodes do
    /// not poll each other's work. A store only one process uses returns at once: its own
    /// commits wake its workers directly.
    func listenForWork(_ notice: @escaping @Sendable (WorkNotice) -> Void) async throws

    /// Releases connections; the store is unusable afterwards.
    func close() async
}

/// Work committed by some node, for idle workers to look at now.
public enum WorkNotice: Sendable, Equatable {
    /// Events were accepted (or set back to accepted): the processors have work.
    case events
    /// Deliveries to this destination were queued or requeued.
    case deliveries(destination: String)

    /// How it travels as a PostgreSQL notification payload (`events`, `deliveries:erp`).
    public var payload: String {
        switch self {
        case .events: return "events"
        case .deliveries(let destination): return "deliveries:" + destination
        }
    }

    public init?(payload: String) {
        if payload == "events" {
            self = .events
        } else if payload.hasPrefix("deliveries:") {
            self = .deliveries(destination: String(payload.dropFirst("deliveries:".count)))
        } else {
            return nil
        }
    }
}

/// Whether a put created a new record or replaced an existing one (HTTP 201 or 200).
public enum WriteOutcome: Sendable, Equatable {
    case created
    case updated
}

/// An API client as stored: its name, the SHA-256 of its token (never the token), its scopes.
public struct ClientRecord: Sendable, Equatable {
    public var name: String
    /// Lower-case hex SHA-256 of the bearer token.
    public var tokenHash: String
    public var scopes: [String]

    public init(name: String, tokenHash: String, scopes: [String]) {
        self.name = name
        self.tokenHash = tokenHash
        self.scopes = scopes
    }
}

/// Why a store operation failed, in terms a caller can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database cannot be reached or opened.
    case unavailable(String)
    /// A uniqueness rule would be broken (a GTIN already on another item, a taken client name),
    /// or a change set's precondition no longer holds (an exception already resolved).
    case conflict(String)
    /// A document changed since it was read (another node, a person's action): read it
    /// again and apply the change to the newer version.
    case staleVersion(String)
    /// The store URL is not one Suture understands.
    case invalidURL(String)
    /// The database holds something this version cannot read (a newer schema, a damaged row).
    case corrupt(String)

    /// Whether the fault says nothing about the data: the store could not serve, or a
    /// document changed under the caller. Doing the same work again can succeed.
    public var isTransient: Bool {
        switch self {
        case .unavailable, .staleVersion: return true
        case .conflict, .invalidURL, .corrupt: return false
        }
    }

    public var description: String {
        switch self {
        case .unavailable(let detail): return "the store is unavailable: \(detail)"
        case .conflict(let detail), .staleVersion(let detail): return detail
        case .invalidURL(let detail): return detail
        case .corrupt(let detail): return "the store holds unreadable data: \(detail)"
        }
    }
}
