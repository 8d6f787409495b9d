public import SutureModel

/// A person's console session: made from a client token, found by the SHA-256 of its cookie.
public struct ConsoleSessionRecord: Sendable, Equatable {
    /// Lower-case hex SHA-256 of the session cookie's value (the value itself is not kept).
    public var idHash: String
    public var client: String
    public var scopes: [String]
    /// Sent back in `X-CSRF-Token` on every write the console makes.
    public var csrfToken: String
    public var createdAt: Int64
    public var expiresAt: Int64

    public init(idHash: String, client: String, scopes: [String], csrfToken: String, createdAt: Int64, expiresAt: Int64) {
        self.idHash = idHash
        self.client = client
        self.scopes = scopes
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One node's counts for one minute and one system (`""` is the inbox).
public struct ActivityCount: Sendable, Equatable {
    /// Upper bounds (milliseconds) of the latency buckets; the last bucket is everything above.
    public static let latencyBounds: [Int64] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
    /// How many minutes of counts the store keeps: a day, so the table stays small.
    public static let keptMinutes: Int64 = 24 * 60

    public var system: String
    /// Minutes since 1970.
    public var minute: Int64
    public var node: String
    public var accepted: Int
    public var delivered: Int
    public var failed: Int
    /// Ingest-to-delivery latencies of the delivered, by `latencyBounds` (one more bucket for above).
    public var latency: [Int]

    public init(system: String, minute: Int64, node: String, accepted: Int = 0, delivered: Int = 0, failed: Int = 0,
                latency: [Int] = Array(repeating: 0, count: ActivityCount.latencyBounds.count + 1)) {
        self.system = system
        self.minute = minute
        self.node = node
        self.accepted = accepted
        self.delivered = delivered
        self.failed = failed
        self.latency = latency
    }

    /// The bucket a latency falls in.
    public static func bucket(milliseconds: Int64) -> Int {
        latencyBounds.firstIndex { milliseconds <= $0 } ?? latencyBounds.count
    }
}

/// The circuit breaker state one node holds for a destination, since when.
public struct CircuitStateRecord: Sendable, Equatable {
    public var destination: String
    public var node: String
    /// `closed`, `open` or `half-open`.
    public var state: String
    public var since: Int64

    public init(destination: String, node: String, state: String, since: Int64) {
        self.destination = destination
        self.node = node
        self.state = state
        self.since = since
    }
}

/// How long each type of exception may stay open before it is overdue (milliseconds).
public struct ExceptionSLA: Sendable, Equatable {
    public var byType: [ExceptionType: Int64]
    public var otherwise: Int64

    public init(byType: [ExceptionType: Int64], otherwise: Int64) {
        self.byType = byType
        self.otherwise = otherwise
    }

    public func milliseconds(_ type: ExceptionType) -> Int64 { byType[type] ?? otherwise }

    /// An SQL expression giving a row's SLA in ms from its `type` column. Type names and
    /// numbers come from the enum and the configuration, never from a request.
    public func sql(typeColumn: String) -> String {
        let cases = ExceptionType.allCases.map { "WHEN '\($0.rawValue)' THEN \(milliseconds($0))" }.joined(separator: " ")
        return "(CASE \(typeColumn) \(cases) ELSE \(otherwise) END)"
    }
}

/// What the dashboard figures are computed for.
public struct OperationsQuery: Sendable, Equatable {
    public var now: Int64
    /// Receipts older than this (ms) and not yet posted are delayed.
    public var delayedReceiptAfter: Int64
    public var sla: ExceptionSLA

    public init(now: Int64, delayedReceiptAfter: Int64, sla: ExceptionSLA) {
        self.now = now
        self.delayedReceiptAfter = delayedReceiptAfter
        self.sla = sla
    }
}

/// The store's side of the dashboard: counts and sums, joined with the configuration by the engine.
public struct OperationsSnapshot: Sendable, Equatable {
    /// Figures of one destination.
    public struct Destination: Sendable, Equatable {
        public var name: String
        public var backlog: Int = 0
        /// `created_at` of the oldest pending or in-flight delivery.
        public var oldestPendingAt: Int64?
        public var delivered1h: Int = 0
        public var failed1h: Int = 0
        public var delivered5m: Int = 0
        public var failed5m: Int = 0
        public var latency1h: [Int] = Array(repeating: 0, count: ActivityCount.latencyBounds.count + 1)
        /// The state most recently reported by any node, if any.
        public var circuit: CircuitStateRecord?

        public init(name: String) { self.name = name }
    }

    /// Open and in-progress exceptions of one type.
    public struct ExceptionCounts: Sendable, Equatable {
        public var type: ExceptionType
        public var open = 0
        public var overdue = 0
        public var under1h = 0
        public var under24h = 0
        public var over24h = 0

        public init(type: ExceptionType) { self.type = type }
    }

    public var destinations: [Destination] = []
    public var accepted1h = 0
    public var inboxBacklog = 0
    /// Deliveries per minute over the last 60 minutes, oldest first (the current minute last).
    public var deliveredPerMinute: [Int] = Array(repeating: 0, count: 60)
    public var delayedReceipts = 0
    public var unmatchedInvoices = 0
    public var ordersAwaitingAcknowledgment = 0
    public var exceptions: [ExceptionCounts] = []

    public init() {}

    /// Puts a minute's counts where they belong (the store reads them per minute).
    public mutating func add(_ count: ActivityCount, now: Int64) {
        let current = now / 60_000
        let age = current - count.minute
        guard age >= 0, age < 60 else { return }
        if count.system.isEmpty {
            accepted1h += count.accepted
            return
        }
        deliveredPerMinute[59 - Int(age)] += count.delivered
        var destination = destinations.first { $0.name == count.system } ?? Destination(name: count.system)
        destination.delivered1h += count.delivered
        destination.failed1h += count.failed
        if age < 5 {
            destination.delivered5m += count.delivered
            destination.failed5m += count.failed
        }
        for (index, value) in count.latency.enumerated() where index < destination.latency1h.count { destination.latency1h[index] += value }
        upsert(destination)
    }

    /// Replaces or adds a destination's figures.
    public mutating func upsert(_ destination: Destination) {
        if let index = destinations.firstIndex(where: { $0.name == destination.name }) {
            destinations[index] = destination
        } else {
            destinations.append(destination)
        }
    }

    public func destination(_ name: String) -> Destination {
        destinations.first { $0.name == name } ?? Destination(name: name)
    }
}

/// An alert rule's recorded state.
public struct AlertStateRecord: Sendable, Equatable {
    public var name: String
    /// `ok`, `pending` or `firing`.
    public var state: String
    /// When the rule entered `state` (ms).
    public var since: Int64
    /// The metric's value when last evaluated.
    public var value: Double
    public var threshold: Double
    public var lastNotifiedAt: Int64?
    /// Bumped on every change; the compare-and-set key across nodes.
    public var version: Int

    public init(name: String, state: String, since: Int64, value: Double, threshold: Double, lastNotifiedAt: Int64?, version: Int) {
        self.name = name
        self.state = state
        self.since = since
        self.value = value
        self.threshold = threshold
        self.lastNotifiedAt = lastNotifiedAt
        self.version = version
    }
}

/// The latency buckets of an activity row as text (`0,3,12,...`): one column for a
/// histogram whose bounds may grow, in both stores.
public enum ActivityLatencyText {
    public static func parse(_ text: String?) -> [Int] {
        var buckets = Array(repeating: 0, count: ActivityCount.latencyBounds.count + 1)
        for (index, part) in (text ?? "").split(separator: ",").enumerated() where index < buckets.count {
            buckets[index] = Int(part) ?? 0
        }
        return buckets
    }

    public static func sum(_ existing: String?, _ added: [Int]) -> String {
        let current = parse(existing)
        return current.indices.map { String(current[$0] + (added.indices.contains($0) ? added[$0] : 0)) }.joined(separator: ",")
    }
}
