import SutureModel

/// Everything Suture keeps: the store's roles together.
///
/// Each role is a protocol of its own (`Roles/`), so a component can ask for only what it
/// uses; SQLite (one process, `SutureStoreSQLite`) and PostgreSQL (several nodes,
/// `SutureStorePostgres`) implement them all and pass the same test suite. Methods speak
/// in canonical model values, never in SQL, so no database's behaviour leaks above them.
/// Every write is durable (committed and synced) when the method returns.
public protocol Store: MasterDataStore, ClientStore, AuditStore, RetentionStore, InboxStore, DeliveryStore, DocumentStore, ExceptionStore, OperationsStore, StockStore, ClusterCoordination {
    /// A short description of where the data lives, with no secrets (for logs and errors).
    var location: String { get }

    /// Answers quickly when the store can serve requests; throws `StoreError.unavailable` otherwise.
    func ping() async throws

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
    /// The record was already so: nothing written, no version, no audit entry.
    case unchanged
}

/// An API client as stored: its name, the SHA-256 of its token (never the token), its
/// scopes, and its life (docs/governance.md, "Clients").
public struct ClientRecord: Sendable, Equatable {
    /// A client's own quota.
    public struct RateLimit: Sendable, Equatable {
        public var perSecond: Int
        public var burst: Int

        public init(perSecond: Int, burst: Int) {
            self.perSecond = perSecond
            self.burst = burst
        }
    }

    public var name: String
    /// Lower-case hex SHA-256 of the bearer token.
    public var tokenHash: String
    public var scopes: [String]
    /// When it was created, as stored (RFC 3339); nil for a record not yet stored.
    public var createdAt: String?
    /// Milliseconds; nil while never used (it is written now and then, not per request).
    public var lastUsedAt: Int64?
    /// Milliseconds; a revoked client's tokens are refused.
    public var revokedAt: Int64?
    /// The token before the last rotation, valid until `previousValidUntil`.
    public var previousTokenHash: String?
    public var previousValidUntil: Int64?
    /// Its own quota; nil: the hub's default for clients created by command.
    public var rateLimit: RateLimit?

    public init(name: String, tokenHash: String, scopes: [String], createdAt: String? = nil, lastUsedAt: Int64? = nil,
                revokedAt: Int64? = nil, previousTokenHash: String? = nil, previousValidUntil: Int64? = nil, rateLimit: RateLimit? = nil) {
        self.name = name
        self.tokenHash = tokenHash
        self.scopes = scopes
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.previousTokenHash = previousTokenHash
        self.previousValidUntil = previousValidUntil
        self.rateLimit = rateLimit
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
