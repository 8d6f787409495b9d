import Foundation
public import Logging
import PostgresNIO
public import SutureModel
public import SutureStore
import SutureDelivery
import Synchronization

/// The shared store: one PostgreSQL database that several `suture serve` nodes use at once.
///
/// Requests go through a pool of connections (`PostgresClient`), which the store runs in a
/// task of its own from `open` until `close`. Every write is one committed transaction
/// (PostgreSQL's default `synchronous_commit`, so durable on return). Where nodes could
/// collide, the database decides: row locks with `SKIP LOCKED` for delivery claims, the
/// `UNIQUE (client, idempotency_key)` constraint for idempotency, a locked row for X12
/// control numbers. Behaviour otherwise mirrors `SQLiteStore`, the reference semantics.
public final class PostgresStore: Store {
    // Sendable: every stored property is an immutable Sendable value.
    private let client: PostgresClient
    /// Runs the pool (`PostgresClient.run()`); cancelling it closes every connection.
    private let poolTask: Task<Void, Never>
    private let logger: Logger
    public let location: String
    /// How to reach the server, for the connection that listens for other nodes' work.
    private let settings: PostgresSettings

    /// How long `ping` waits for an answer before calling the store unavailable. A pool
    /// whose server is gone otherwise waits up to a minute for a connection.
    static let pingTimeout: Duration = .seconds(5)

    private init(client: PostgresClient, settings: PostgresSettings, logger: Logger, location: String) {
        self.settings = settings
        self.client = client
        self.logger = logger
        self.location = location
        self.poolTask = Task { await client.run() }
    }

    /// Connects to the database a `postgres://` URL names, migrates its schema and starts
    /// the connection pool.
    ///
    /// Tables live in the connection's `search_path` (`public` unless the URL's `options`
    /// says otherwise, e.g. `?options=-csearch_path%3Dsuture`). A server that cannot be
    /// reached fails at once with `StoreError.unavailable`; a schema newer than this code
    /// with `StoreError.corrupt`.
    public static func open(url: String, logger: Logger = PostgresStore.silentLogger) async throws -> PostgresStore {
        let settings = try PostgresSettings(url: url)
        let location = settings.redacted
        // Migrate over one direct connection before starting the pool: connecting directly
        // fails fast when the server is unreachable, where the pool would retry for a minute.
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try settings.connectionConfiguration(), id: 0, logger: logger)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("cannot connect to \(location): \(Self.describe(error))")
        }
        do {
            try await Self.transaction(on: connection, logger: logger) { session in
                try await PostgresMigrations.migrate(session, location: location)
            }
        } catch {
            try? await connection.close()
            throw Self.storeError(error, doing: "migrating the schema", at: location)
        }
        try? await connection.close()
        let client = PostgresClient(configuration: settings.clientConfiguration(), backgroundLogger: logger)
        return PostgresStore(client: client, settings: settings, logger: logger, location: location)
    }

    /// A logger that drops everything: the store reports through its errors, and the
    /// pool's background chatter belongs in a log only when the caller asks for it.
    public static let silentLogger = Logger(label: "suture.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The channel every node notifies on commit and listens to (`WorkNotice` payloads).
    static let workChannel = "suture_work"

    /// Listens on a connection of its own (a pooled one would be handed to other work) and
    /// reconnects after a second when the server goes away; returns when cancelled.
    public func listenForWork(_ notice: @escaping @Sendable (WorkNotice) -> Void) async throws {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: try settings.connectionConfiguration(), id: 1_000, logger: logger)
                do {
                    try await connection.listen(on: Self.workChannel) { notifications in
                        // Whatever was committed while this node was not listening is found by
                        // the workers' own periodic look, so nothing waits on a missed notice.
                        for try await notification in notifications {
                            if let work = WorkNotice(payload: notification.payload) { notice(work) }
                        }
                    }
                } catch {
                    logger.debug("listening for work stopped: \(String(reflecting: error))")
                }
                try? await connection.close()
            } catch {
                logger.debug("cannot connect to listen for work: \(String(reflecting: error))")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    public func close() async {
        poolTask.cancel()
        await poolTask.value
    }

    /// A store dropped without `close` still lets its connections go (the pool's task
    /// holds the pool, not the store, so it would otherwise run on).
    deinit {
        poolTask.cancel()
    }

    /// Answers within `pingTimeout` whatever the network does.
    ///
    /// Not a task group: a group waits for all its tasks, and a query sent to a server
    /// that stopped answering (a partition, not a refusal) does not end when cancelled.
    /// The query is left to end on its own (the pool gives up within a minute); the
    /// caller has its answer at the deadline.
    public func ping() async throws {
        let timeout = StoreError.unavailable("\(location) did not answer within \(Self.pingTimeout)")
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let answer = FirstAnswer(continuation)
            let timer = Task {
                try await Task.sleep(for: Self.pingTimeout)
                answer.resume(with: .failure(timeout))
            }
            Task {
                defer { timer.cancel() }
                do {
                    _ = try await self.autocommit("answering a ping") { session in try await session.rows("SELECT 1") }
                    answer.resume(with: .success(()))
                } catch {
                    answer.resume(with: .failure(error))
                }
            }
        }
    }

    /// An ISO 8601 time with milliseconds, for the TEXT `updated_at` columns (as SQLite writes them).
    static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

}

// MARK: - Running statements

/// Resumes a continuation once, with the first of several answers racing for it.
private final class FirstAnswer: Sendable {
    // Sendable: the continuation is only reached through the mutex, and taken out once.
    private let continuation: Mutex<CheckedContinuation<Void, any Error>?>

    init(_ continuation: CheckedContinuation<Void, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with result: Result<Void, any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}

/// One leased connection and the logger its queries report to, handed to the body of a
/// store operation.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Every row of `query`, read to the end (a result left unread would hold the connection).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// The first row of `query`, if any.
    func first(_ query: PostgresQuery) async throws -> PostgresRow? {
        try await rows(query).first
    }

    /// Runs a statement whose rows, if any, are not needed.
    func run(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }
}

extension PostgresStore {
    /// How many times a transaction that lost a deadlock or a serialization race to
    /// another node is run again before the error reaches the caller.
    static let transactionAttempts = 5

    /// Runs `body` on a pooled connection outside an explicit transaction: each statement
    /// commits on its own. For reads of one statement and writes of one statement.
    func autocommit<T: Sendable>(_ what: String, _ body: (PostgresSession) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(PostgresSession(connection: connection, logger: logger))
            }
        } catch {
            throw Self.storeError(error, doing: what, at: location)
        }
    }

    /// Runs `body` in one transaction on a pooled connection: committed if it returns,
    /// rolled back if it throws.
    ///
    /// A transaction that PostgreSQL aborted to break a deadlock (or a serialization
    /// failure) is run again from the start: bodies only read and write the database, so a
    /// second run decides afresh from what the winner committed.
    func transaction<T: Sendable>(_ what: String, _ body: (PostgresSession) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in
                    try await Self.transaction(on: connection, logger: logger, body)
                }
            } catch let error as PSQLError where Self.isRetryable(error) && attempt < Self.transactionAttempts {
                attempt += 1
                logger.debug("retrying a transaction", metadata: ["operation": "\(what)", "sqlstate": "\(error.serverInfo?[.sqlState] ?? "")"])
            } catch {
                throw Self.storeError(error, doing: what, at: location)
            }
        }
    }

    /// BEGIN, `body`, COMMIT on one connection; ROLLBACK and the body's own error if it throws.
    ///
    /// Not `PostgresConnection.withTransaction`, which wraps every error in its own type
    /// and would hide a `StoreError` thrown by the body. `nonisolated(nonsending)`: it runs
    /// where its caller runs (inside the pool's `withConnection`), so `body` never crosses
    /// to another isolation domain and need not be Sendable.
    nonisolated(nonsending) static func transaction<T: Sendable>(
        on connection: PostgresConnection, logger: Logger,
        _ body: (PostgresSession) async throws -> T
    ) async throws -> T {
        let session = PostgresSession(connection: connection, logger: logger)
        try await session.run("BEGIN")
        do {
            let result = try await body(session)
            try await session.run("COMMIT")
            return result
        } catch {
            do {
                try await session.run("ROLLBACK")
            } catch {
                // Never hand the pool a connection that may still be inside this transaction:
                // close it, and the pool replaces it.
                try? await connection.close()
            }
            throw error
        }
    }

    /// Whether PostgreSQL aborted the transaction only because of a concurrent one
    /// (deadlock_detected, serialization_failure), so that running it again can succeed.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// The `StoreError` a caller can act on for any failure of an operation.
    ///
    /// As in `SQLiteStore`: a broken integrity constraint (SQLSTATE class 23) is a
    /// conflict, an unreadable value is corrupt data, and anything else from the database
    /// or the network means the store is unavailable.
    static func storeError(_ error: any Error, doing what: String, at location: String) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case is CancellationError, is BatchRollback:
            return error
        case let error as PSQLError where error.code == .server:
            let state = error.serverInfo?[.sqlState] ?? "?????"
            if state.hasPrefix("23") {
                return StoreError.conflict(Self.describe(error))
            }
            return StoreError.unavailable("\(location) failed while \(what): \(Self.describe(error))")
        case let error as PostgresDecodingError:
            return StoreError.corrupt("while \(what): \(Self.describe(error))")
        default:
            return StoreError.unavailable("\(location) failed while \(what): \(Self.describe(error))")
        }
    }

    /// A readable account of an error from PostgresNIO, whose own descriptions are
    /// deliberately generic (they may hold query text or data).
    ///
    /// The server's message only, never its DETAIL: that quotes row values (a unique
    /// violation on `clients.token_hash` would quote the hash), and these texts reach logs
    /// and HTTP answers.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? "?????"
                return "PostgreSQL error \(state): \(info[.message] ?? "no message")"
            }
            return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        case let error as PostgresDecodingError:
            return "column \(error.columnName) (\(error.postgresType)) cannot be read as \(error.targetType): \(error.code)"
        default:
            return String(describing: error)
        }
    }

    /// Reads a stored column through a validating initializer; a failure means the row was damaged.
    static func decode<T>(_ column: String, _ text: String?, _ make: (String) throws -> T) throws -> T {
        guard let text else { throw StoreError.corrupt("\(column) is NULL") }
        do { return try make(text) } catch { throw StoreError.corrupt("\(column) '\(text)': \(error)") }
    }

    /// Reads a stored raw value of an enumeration; anything else means the row was damaged.
    static func decodeRaw<T: RawRepresentable>(_ column: String, _ text: String?, as type: T.Type) throws -> T where T.RawValue == String {
        try decode(column, text) { text in
            guard let value = T(rawValue: text) else { throw StoreError.corrupt(text) }
            return value
        }
    }
}

// MARK: - Items

extension PostgresStore {
    public func putItem(_ item: Item, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome {
        try await transaction("storing item \(item.id.rawValue)") { session in
            switch try await Self.writeItem(item, by: author, session) {
            case .written(let outcome):
                if outcome != .unchanged { try await Self.apply(changes, session) }
                return outcome
            case .refused(let reason): throw StoreError.conflict(reason)
            }
        }
    }

    public func putItems(_ items: [Item], by author: ChangeAuthor, partial: Bool, dryRun: Bool, then changes: [StoreChanges],
                         progress: @escaping @Sendable (Int) -> Void) async throws -> [BatchWriteResult] {
        do {
            return try await transaction("storing \(items.count) items") { session in
                var results: [BatchWriteResult] = []
                results.reserveCapacity(items.count)
                for (index, item) in items.enumerated() {
                    let result = try await Self.writeItem(item, by: author, session)
                    if index < changes.count, result == .written(.created) || result == .written(.updated) {
                        try await Self.apply(changes[index], session)
                    }
                    results.append(result)
                    if results.count % 1000 == 0 { progress(results.count) }
                }
                progress(results.count)
                let refused = results.contains { if case .refused = $0 { true } else { false } }
                if dryRun || (refused && !partial) { throw BatchRollback(results: results) }
                return results
            }
        } catch let rollback as BatchRollback {
            return rollback.results
        }
    }

    /// Writes one item in the caller's transaction: nothing when it is already so, else the
    /// rows, a version and (for a client or person) the audit entry. The item's row is
    /// locked first, so two nodes changing one item take turns and each version holds
    /// exactly the changes of its write.
    static func writeItem(_ item: Item, by author: ChangeAuthor, _ session: PostgresSession) async throws -> BatchWriteResult {
        try await session.run("SELECT 1 FROM items WHERE id = \(item.id.rawValue) FOR UPDATE")
        let old = try readItem(try await session.rows("""
            SELECT \(unescaped: itemColumns), NULL::text FROM items i
            LEFT JOIN item_packaging p ON p.item_id = i.id
            WHERE i.id = \(item.id.rawValue) ORDER BY p.position
            """))?.item
        guard let revision = RecordRevision.between(old.map(MasterDataJSON.json), MasterDataJSON.json(item), kind: .item,
                                                    id: item.id.rawValue, author: author) else {
            return .written(.unchanged)
        }
        // A GTIN may belong to one item only: refuse rather than silently move it.
        var gtins: [(GTIN, UnitOfMeasure)] = item.packaging.levels.compactMap { level in
            level.gtin.map { ($0, level.unit) }
        }
        if let gtin = item.gtin { gtins.insert((gtin, item.packaging.baseUnit), at: 0) }
        for (gtin, _) in gtins {
            if let owner = try await session.first("SELECT item_id FROM item_gtins WHERE gtin = \(gtin.value)")
                .map({ try $0.decode(String.self) }), owner != item.id.rawValue {
                return .refused("GTIN \(gtin) already belongs to item \(owner)")
            }
        }
        // A new item's row is locked by this insert: another node creating the same item
        // waits here and then updates it.
        try await session.run("""
            INSERT INTO items (id, description, gtin, manufacturer, manufacturer_part, unspsc, base_unit,
                lot_controlled, serial_controlled, expiry_controlled, status, updated_at)
            VALUES (\(item.id.rawValue), \(item.description), \(item.gtin?.value), \(item.manufacturer),
                \(item.manufacturerPart), \(item.unspsc), \(item.packaging.baseUnit.code), \(item.lotControlled),
                \(item.serialControlled), \(item.expiryControlled), \(item.status.rawValue), \(Self.timestamp()))
            ON CONFLICT (id) DO UPDATE SET description = excluded.description, gtin = excluded.gtin,
                manufacturer = excluded.manufacturer, manufacturer_part = excluded.manufacturer_part,
                unspsc = excluded.unspsc, base_unit = excluded.base_unit,
                lot_controlled = excluded.lot_controlled, serial_controlled = excluded.serial_controlled,
                expiry_controlled = excluded.expiry_controlled, status = excluded.status,
                updated_at = excluded.updated_at
            """)
        try await session.run("DELETE FROM item_packaging WHERE item_id = \(item.id.rawValue)")
        try await session.run("DELETE FROM item_gtins WHERE item_id = \(item.id.rawValue)")
        for (position, level) in item.packaging.levels.enumerated() {
            try await session.run("""
                INSERT INTO item_packaging (item_id, position, unit, quantity, gtin)
                VALUES (\(item.id.rawValue), \(Int64(position)), \(level.unit.code), \(ExactDecimal.format(level.quantity)), \(level.gtin?.value))
                """)
        }
        for (gtin, unit) in gtins {
            // Another node may have given the GTIN to another item since the check
            // above: the insert waits for that transaction, and if it committed, the
            // GTIN is taken. Answer as the check would have, not with the raw key error.
            let stored = try await session.first("""
                INSERT INTO item_gtins (gtin, item_id, unit) VALUES (\(gtin.value), \(item.id.rawValue), \(unit.code))
                ON CONFLICT (gtin) DO NOTHING RETURNING 1
                """) != nil
            if !stored {
                let owner = try await session.first("SELECT item_id FROM item_gtins WHERE gtin = \(gtin.value)")
                    .map { try $0.decode(String.self) } ?? ""
                throw StoreError.conflict("GTIN \(gtin) already belongs to item \(owner)")
            }
        }
        try await writeRevision(revision, session)
        return .written(revision.created ? .created : .updated)
    }

    /// The version row of a change and its audit entry.
    static func writeRevision(_ revision: RecordRevision, _ session: PostgresSession) async throws {
        try await session.run("""
            INSERT INTO record_versions (kind, record_id, version, at, actor, changes)
            VALUES (\(revision.kind.rawValue), \(revision.id),
                (SELECT COALESCE(MAX(version), 0) + 1 FROM record_versions WHERE kind = \(revision.kind.rawValue) AND record_id = \(revision.id)),
                \(revision.author.at), \(revision.author.actor), \(revision.changesJSON.serialized()))
            """)
        try await appendAudit(revision.audit.map { [$0] } ?? [], session)
    }

    public func saveDriftReport(system: String, comparedAt: Int64, body: String, then changes: StoreChanges) async throws {
        try await transaction("saving the drift report of \(system)") { session in
            try await session.run("""
                INSERT INTO drift_reports (system, compared_at, body) VALUES (\(system), \(comparedAt), \(body))
                ON CONFLICT (system) DO UPDATE SET compared_at = excluded.compared_at, body = excluded.body
                """)
            try await Self.apply(changes, session)
        }
    }

    public func driftReport(system: String) async throws -> String? {
        try await autocommit("reading the drift report of \(system)") { session in
            try await session.first("SELECT body FROM drift_reports WHERE system = \(system)").map { try $0.decode(String.self) }
        }
    }

    public func history(_ kind: MasterRecordKind, id: String) async throws -> [RecordVersion] {
        try await autocommit("reading the history of \(kind.rawValue) \(id)") { session in
            try await session.rows("""
                SELECT version, at, actor, changes FROM record_versions WHERE kind = \(kind.rawValue) AND record_id = \(id) ORDER BY version DESC
                """).map { row in
                    let (version, at, actor, changes) = try row.decode((Int64, Int64, String, String).self)
                    return RecordVersion(version: version, at: at, actor: actor, changes: try RecordRevision.changes(fromStored: changes))
                }
        }
    }

    public func item(_ id: ItemID) async throws -> Item? {
        try await autocommit("reading item \(id.rawValue)") { session in
            let rows = try await session.rows("""
                SELECT \(unescaped: Self.itemColumns), NULL::text FROM items i
                LEFT JOIN item_packaging p ON p.item_id = i.id
                WHERE i.id = \(id.rawValue) ORDER BY p.position
                """)
            return try Self.readItem(rows)?.item
        }
    }

    public func items(_ query: ListQuery) async throws -> Page<Item> {
        try await autocommit("listing items") { session in
            // The page's ids first, then those items with their levels, in one statement.
            let rows = try await session.rows("""
                WITH page AS (
                    SELECT id FROM items
                    WHERE (\(query.after)::text IS NULL OR id COLLATE "C" > \(query.after)::text)
                        AND (\(query.status)::text IS NULL OR status = \(query.status)::text)
                        AND (\(query.likePattern)::text IS NULL OR id ILIKE \(query.likePattern)::text
                            OR description ILIKE \(query.likePattern)::text OR manufacturer_part ILIKE \(query.likePattern)::text
                            OR id IN (SELECT item_id FROM item_gtins WHERE gtin LIKE \(query.likePattern)::text))
                    ORDER BY id COLLATE "C" LIMIT \(Int64(query.limit + 1))
                )
                SELECT \(unescaped: Self.itemColumns), NULL::text FROM items i
                JOIN page ON page.id = i.id
                LEFT JOIN item_packaging p ON p.item_id = i.id
                ORDER BY i.id COLLATE "C", p.position
                """)
            var items: [Item] = []
            var group: [PostgresRow] = []
            var groupID: String?
            for row in rows {
                let id = try row.makeRandomAccess()[0].decode(String.self)
                if id != groupID, !group.isEmpty {
                    if let item = try Self.readItem(group)?.item { items.append(item) }
                    group = []
                }
                groupID = id
                group.append(row)
            }
            if let item = try Self.readItem(group)?.item { items.append(item) }
            return query.page(items, key: \.id.rawValue)
        }
    }

    public func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)? {
        try await autocommit("reading the item of GTIN \(gtin.value)") { session in
            let rows = try await session.rows("""
                SELECT \(unescaped: Self.itemColumns), g.unit FROM item_gtins g
                JOIN items i ON i.id = g.item_id
                LEFT JOIN item_packaging p ON p.item_id = i.id
                WHERE g.gtin = \(gtin.value) ORDER BY p.position
                """)
            guard let (item, unitCode) = try Self.readItem(rows) else { return nil }
            return (item, try Self.decode("item_gtins.unit", unitCode) { try UnitOfMeasure($0) })
        }
    }

    /// An item's columns and one packaging level's (NULL for an item without levels).
    /// Items are read with their levels in one statement, so from one snapshot: two
    /// statements could see a concurrent put between them.
    static let itemColumns = """
        i.id, i.description, i.gtin, i.manufacturer, i.manufacturer_part, i.unspsc, i.base_unit,
        i.lot_controlled, i.serial_controlled, i.expiry_controlled, i.status, p.unit, p.quantity, p.gtin
        """

    /// The item in `rows` (one per packaging level, in order) and the text of the extra
    /// last column; nil for no rows.
    static func readItem(_ rows: [PostgresRow]) throws -> (item: Item, extra: String?)? {
        guard let first = rows.first else { return nil }
        var levels: [PackagingLevel] = []
        for row in rows {
            let (_, _, _, _, _, _, _, _, _, _, _, unit, quantity, gtin, _) = try row.decode(
                (String?, String?, String?, String?, String?, String?, String?, Bool, Bool, Bool, String?,
                 String?, String?, String?, String?).self)
            // LEFT JOIN: an item without levels gives one row whose level columns are NULL.
            guard unit != nil || quantity != nil || gtin != nil else { continue }
            levels.append(PackagingLevel(
                unit: try decode("item_packaging.unit", unit) { try UnitOfMeasure($0) },
                quantity: try decode("item_packaging.quantity", quantity) { text in
                    guard let value = ExactDecimal.parse(text) else { throw StoreError.corrupt(text) }
                    return value
                },
                gtin: try gtin.map { text in try decode("item_packaging.gtin", text) { try GTIN($0) } }))
        }
        let (itemID, description, gtin, manufacturer, manufacturerPart, unspsc, baseUnit, lot, serial, expiry, status, _, _, _, extra) =
            try first.decode((String?, String?, String?, String?, String?, String?, String?, Bool, Bool, Bool, String?,
                              String?, String?, String?, String?).self)
        let item = Item(
            id: try decode("items.id", itemID) { try ItemID($0) },
            description: description ?? "",
            gtin: try gtin.map { text in try decode("items.gtin", text) { try GTIN($0) } },
            manufacturer: manufacturer, manufacturerPart: manufacturerPart, unspsc: unspsc,
            packaging: try decode("items.base_unit", baseUnit) { text in
                try PackagingHierarchy(baseUnit: try UnitOfMeasure(text), levels: levels)
            },
            lotControlled: lot, serialControlled: serial, expiryControlled: expiry,
            status: try decodeRaw("items.status", status, as: ItemStatus.self))
        return (item, extra)
    }
}

// MARK: - Locations and suppliers

extension PostgresStore {
    public func putLocation(_ location: Location, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome {
        try await transaction("storing location \(location.id.rawValue)") { session in
            let old = try await session.first("SELECT id, name, type, parent, gln, status FROM locations WHERE id = \(location.id.rawValue) FOR UPDATE")
                .map(Self.readLocation)
            guard let revision = RecordRevision.between(old.map(MasterDataJSON.json), MasterDataJSON.json(location), kind: .location,
                                                        id: location.id.rawValue, author: author) else { return .unchanged }
            try await session.run("""
                INSERT INTO locations (id, name, type, parent, gln, updated_at, status)
                VALUES (\(location.id.rawValue), \(location.name), \(location.type.rawValue), \(location.parent?.rawValue),
                    \(location.gln?.value), \(Self.timestamp()), \(location.status.rawValue))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,
                    parent = excluded.parent, gln = excluded.gln, updated_at = excluded.updated_at, status = excluded.status
                """)
            try await Self.writeRevision(revision, session)
            try await Self.apply(changes, session)
            return revision.created ? .created : .updated
        }
    }

    public func location(_ id: LocationID) async throws -> Location? {
        try await autocommit("reading location \(id.rawValue)") { session in
            try await session.first("SELECT id, name, type, parent, gln, status FROM locations WHERE id = \(id.rawValue)").map(Self.readLocation)
        }
    }

    public func locations(_ query: ListQuery) async throws -> Page<Location> {
        try await autocommit("listing locations") { session in
            query.page(try await session.rows("""
                SELECT id, name, type, parent, gln, status FROM locations
                WHERE (\(query.after)::text IS NULL OR id COLLATE "C" > \(query.after)::text)
                    AND (\(query.status)::text IS NULL OR status = \(query.status)::text)
                    AND (\(query.likePattern)::text IS NULL OR id ILIKE \(query.likePattern)::text OR name ILIKE \(query.likePattern)::text
                        OR gln LIKE \(query.likePattern)::text)
                ORDER BY id COLLATE "C" LIMIT \(Int64(query.limit + 1))
                """).map(Self.readLocation), key: \.id.rawValue)
        }
    }

    static func readLocation(_ row: PostgresRow) throws -> Location {
        let (locationID, name, type, parent, gln, status) = try row.decode((String?, String?, String?, String?, String?, String?).self)
        return Location(
            id: try decode("locations.id", locationID) { try LocationID($0) },
            name: name ?? "",
            type: try decodeRaw("locations.type", type, as: LocationType.self),
            parent: try parent.map { text in try decode("locations.parent", text) { try LocationID($0) } },
            gln: try gln.map { text in try decode("locations.gln", text) { try GLN($0) } },
            status: try decodeRaw("locations.status", status, as: RecordStatus.self))
    }

    public func putSupplier(_ supplier: Supplier, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome {
        try await transaction("storing supplier \(supplier.id.rawValue)") { session in
            let old = try await session.first("SELECT id, name, gln, interchange_id, status FROM suppliers WHERE id = \(supplier.id.rawValue) FOR UPDATE")
                .map(Self.readSupplier)
            guard let revision = RecordRevision.between(old.map(MasterDataJSON.json), MasterDataJSON.json(supplier), kind: .supplier,
                                                        id: supplier.id.rawValue, author: author) else { return .unchanged }
            try await session.run("""
                INSERT INTO suppliers (id, name, gln, interchange_id, updated_at, status)
                VALUES (\(supplier.id.rawValue), \(supplier.name), \(supplier.gln?.value), \(supplier.interchangeID), \(Self.timestamp()),
                    \(supplier.status.rawValue))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, gln = excluded.gln,
                    interchange_id = excluded.interchange_id, updated_at = excluded.updated_at, status = excluded.status
                """)
            try await Self.writeRevision(revision, session)
            try await Self.apply(changes, session)
            return revision.created ? .created : .updated
        }
    }

    public func supplier(_ id: SupplierID) async throws -> Supplier? {
        try await autocommit("reading supplier \(id.rawValue)") { session in
            try await session.first("SELECT id, name, gln, interchange_id, status FROM suppliers WHERE id = \(id.rawValue)").map(Self.readSupplier)
        }
    }

    public func suppliers(_ query: ListQuery) async throws -> Page<Supplier> {
        try await autocommit("listing suppliers") { session in
            query.page(try await session.rows("""
                SELECT id, name, gln, interchange_id, status FROM suppliers
                WHERE (\(query.after)::text IS NULL OR id COLLATE "C" > \(query.after)::text)
                    AND (\(query.status)::text IS NULL OR status = \(query.status)::text)
                    AND (\(query.likePattern)::text IS NULL OR id ILIKE \(query.likePattern)::text OR name ILIKE \(query.likePattern)::text
                        OR gln LIKE \(query.likePattern)::text OR interchange_id ILIKE \(query.likePattern)::text)
                ORDER BY id COLLATE "C" LIMIT \(Int64(query.limit + 1))
                """).map(Self.readSupplier), key: \.id.rawValue)
        }
    }

    static func readSupplier(_ row: PostgresRow) throws -> Supplier {
        let (supplierID, name, gln, interchangeID, status) = try row.decode((String?, String?, String?, String?, String?).self)
        return Supplier(
            id: try decode("suppliers.id", supplierID) { try SupplierID($0) },
            name: name ?? "",
            gln: try gln.map { text in try decode("suppliers.gln", text) { try GLN($0) } },
            interchangeID: interchangeID,
            status: try decodeRaw("suppliers.status", status, as: RecordStatus.self))
    }
}

// MARK: - Crosswalks

extension PostgresStore {
    public func putCrosswalk(_ entry: CrosswalkEntry, audit: AuditDraft?) async throws -> WriteOutcome {
        try await transaction("storing the \(entry.kind.rawValue) mapping \(entry.code) of \(entry.system.rawValue)") { session in
            let inserted = try await session.first("""
                INSERT INTO crosswalks (system, kind, code, canonical, unit, updated_at)
                VALUES (\(entry.system.rawValue), \(entry.kind.rawValue), \(entry.code), \(entry.canonical), \(entry.unit?.code), \(Self.timestamp()))
                ON CONFLICT (system, kind, code) DO UPDATE SET canonical = excluded.canonical,
                    unit = excluded.unit, updated_at = excluded.updated_at
                RETURNING (xmax = 0)
                """).map { try $0.decode(Bool.self) } ?? false
            try await Self.appendAudit(audit.map { [$0] } ?? [], session)
            return inserted ? .created : .updated
        }
    }

    public func deleteCrosswalk(system: SystemName, kind: CrosswalkKind, code: String, audit: AuditDraft?) async throws -> Bool {
        try await transaction("deleting the \(kind.rawValue) mapping \(code) of \(system.rawValue)") { session in
            guard try await session.first("""
                DELETE FROM crosswalks WHERE system = \(system.rawValue) AND kind = \(kind.rawValue) AND code = \(code) RETURNING 1
                """) != nil else { return false }
            try await Self.appendAudit(audit.map { [$0] } ?? [], session)
            return true
        }
    }

    public func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry? {
        try await autocommit("reading the \(kind.rawValue) mapping \(code) of \(system.rawValue)") { session in
            try await session.first("""
                SELECT system, kind, code, canonical, unit FROM crosswalks
                WHERE system = \(system.rawValue) AND kind = \(kind.rawValue) AND code = \(code)
                """).map(Self.readCrosswalk)
        }
    }

    // Text is ordered by `COLLATE "C"` (byte order, as SQLite's BINARY), whatever the
    // database's own collation, so both stores list in the same order.

    public func crosswalks(system: SystemName, kind: CrosswalkKind) async throws -> [CrosswalkEntry] {
        try await autocommit("listing the \(kind.rawValue) mappings of \(system.rawValue)") { session in
            try await session.rows("""
                SELECT system, kind, code, canonical, unit FROM crosswalks
                WHERE system = \(system.rawValue) AND kind = \(kind.rawValue) ORDER BY code COLLATE "C"
                """).map(Self.readCrosswalk)
        }
    }

    public func crosswalks(system: SystemName, kind: CrosswalkKind, _ query: ListQuery) async throws -> Page<CrosswalkEntry> {
        try await autocommit("listing the \(kind.rawValue) mappings of \(system.rawValue)") { session in
            query.page(try await session.rows("""
                SELECT system, kind, code, canonical, unit FROM crosswalks
                WHERE system = \(system.rawValue) AND kind = \(kind.rawValue)
                    AND (\(query.after)::text IS NULL OR code COLLATE "C" > \(query.after)::text)
                    AND (\(query.likePattern)::text IS NULL OR code ILIKE \(query.likePattern)::text OR canonical ILIKE \(query.likePattern)::text)
                ORDER BY code COLLATE "C" LIMIT \(Int64(query.limit + 1))
                """).map(Self.readCrosswalk), key: \.code)
        }
    }

    public func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry] {
        try await autocommit("listing the \(kind.rawValue) codes of \(system.rawValue) for \(canonical)") { session in
            try await session.rows("""
                SELECT system, kind, code, canonical, unit FROM crosswalks
                WHERE system = \(system.rawValue) AND kind = \(kind.rawValue) AND canonical = \(canonical) ORDER BY code COLLATE "C"
                """).map(Self.readCrosswalk)
        }
    }

    static func readCrosswalk(_ row: PostgresRow) throws -> CrosswalkEntry {
        let (system, kind, code, canonical, unit) = try row.decode((String?, String?, String?, String?, String?).self)
        return CrosswalkEntry(
            system: try decode("crosswalks.system", system) { try SystemName($0) },
            kind: try decodeRaw("crosswalks.kind", kind, as: CrosswalkKind.self),
            code: code ?? "",
            canonical: canonical ?? "",
            unit: try unit.map { text in try decode("crosswalks.unit", text) { try UnitOfMeasure($0) } })
    }
}

/// Ends a batch's transaction without keeping it (a dry run, or a refusal without
/// `partial`), carrying what each record would have become.
struct BatchRollback: Error {
    let results: [BatchWriteResult]
}
