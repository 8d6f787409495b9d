import Dispatch
import Foundation
public import SutureModel
public import SutureStore
import SutureDelivery

/// The embedded store: one SQLite file in WAL mode, synced on every commit.
///
/// All access goes through one serial queue that owns the connection, so SQLite never
/// sees two threads and callers never block the cooperative thread pool.
public final class SQLiteStore: Store {
    // Sendable because `connection` is only touched from blocks running on `queue`, which
    // is serial; the reference itself is immutable.
    private let queue: DispatchQueue
    private nonisolated(unsafe) let connection: SQLiteConnection
    public let location: String
    /// The database file (its WAL beside it), for the size retention reports.
    let path: String

    private init(connection: SQLiteConnection, path: String) {
        self.queue = DispatchQueue(label: "suture.sqlite")
        self.connection = connection
        self.path = path
        self.location = "sqlite:\(path)"
    }

    /// Opens (creating if needed, with its folder) the database at `path` and migrates it.
    public static func open(path: String) async throws -> SQLiteStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.unavailable("cannot create the folder \(directory): \(error.localizedDescription)")
            }
        }
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path)
            // WAL lets readers work beside the writer; synchronous=FULL syncs the WAL on
            // every commit, so anything acknowledged to a caller survives a power cut.
            // secure_delete is SQLite's default (off) again: the bundled build turns it on,
            // which zeroes every freed page and costs writes on each status update.
            // auto_vacuum=INCREMENTAL takes effect only in a file without tables yet (a new
            // store): retention can then give freed pages back a batch at a time. An older
            // file is converted once, by the first prune (`reclaimSpace`).
            try connection.execute("""
                PRAGMA auto_vacuum=INCREMENTAL;
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                PRAGMA secure_delete=OFF;
                PRAGMA foreign_keys=ON;
                PRAGMA busy_timeout=10000;
                """)
        } catch {
            throw StoreError.unavailable("\(error)")
        }
        let store = SQLiteStore(connection: connection, path: path)
        try await store.run { connection in try Self.migrate(connection) }
        return store
    }

    static func migrate(_ connection: SQLiteConnection) throws {
        try connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        let applied = try connection.statement("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").firstRow { $0.integer(0) } ?? 0
        guard applied <= SQLiteMigrations.latestVersion else {
            throw StoreError.corrupt("the database has schema version \(applied), newer than this Suture knows (\(SQLiteMigrations.latestVersion)); use a newer Suture")
        }
        for migration in SQLiteMigrations.all where migration.version > applied {
            try connection.transaction {
                try connection.execute(migration.sql)
                try connection.statement("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)")
                    .bind([.integer(Int64(migration.version)), .text(Self.now())]).run()
            }
        }
    }

    /// Runs `body` on the connection's queue.
    func run<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: try body(self.connection))
                } catch let error as SQLiteError where error.isConstraintViolation {
                    continuation.resume(throwing: StoreError.conflict(error.message))
                } catch let error as SQLiteError {
                    continuation.resume(throwing: StoreError.unavailable(error.description))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    public func close() async {
        _ = try? await run { connection in connection.close() }
    }

    public func ping() async throws {
        _ = try await run { connection in
            try connection.statement("SELECT 1").firstRow { $0.integer(0) }
        }
    }

    static func now() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

// MARK: - Items

extension SQLiteStore {
    public func putItem(_ item: Item, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome {
        try await run { connection in
            try connection.transaction {
                switch try Self.writeItem(item, by: author, connection) {
                case .written(let outcome):
                    if outcome != .unchanged { try Self.apply(changes, connection) }
                    return outcome
                case .refused(let reason): throw StoreError.conflict(reason)
                }
            }
        }
    }

    public func putItems(_ items: [Item], by author: ChangeAuthor, partial: Bool, dryRun: Bool, then changes: [StoreChanges],
                         progress: @escaping @Sendable (Int) -> Void) async throws -> [BatchWriteResult] {
        try await run { connection in
            do {
                return try connection.transaction {
                    var results: [BatchWriteResult] = []
                    results.reserveCapacity(items.count)
                    for (index, item) in items.enumerated() {
                        let result = try Self.writeItem(item, by: author, connection)
                        if index < changes.count, result == .written(.created) || result == .written(.updated) {
                            try Self.apply(changes[index], connection)
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
    }

    /// Writes one item in the caller's transaction: nothing when it is already so, else the
    /// rows, a version and (for a client or person) the audit entry.
    static func writeItem(_ item: Item, by author: ChangeAuthor, _ connection: SQLiteConnection) throws -> BatchWriteResult {
        let old = try readItem(item.id.rawValue, connection)
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
            if let owner = try connection.statement("SELECT item_id FROM item_gtins WHERE gtin = ?1")
                .bind([.text(gtin.value)]).firstRow({ $0.text(0) }), owner != item.id.rawValue {
                return .refused("GTIN \(gtin) already belongs to item \(owner ?? "")")
            }
        }
        try connection.statement("""
            INSERT INTO items (id, description, gtin, manufacturer, manufacturer_part, unspsc, base_unit,
                lot_controlled, serial_controlled, expiry_controlled, status, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            ON CONFLICT (id) DO UPDATE SET description = excluded.description, gtin = excluded.gtin,
                manufacturer = excluded.manufacturer, manufacturer_part = excluded.manufacturer_part,
                unspsc = excluded.unspsc, base_unit = excluded.base_unit,
                lot_controlled = excluded.lot_controlled, serial_controlled = excluded.serial_controlled,
                expiry_controlled = excluded.expiry_controlled, status = excluded.status,
                updated_at = excluded.updated_at
            """).bind([
                .text(item.id.rawValue), .text(item.description), .text(item.gtin?.value),
                .text(item.manufacturer), .text(item.manufacturerPart), .text(item.unspsc),
                .text(item.packaging.baseUnit.code), .integer(item.lotControlled ? 1 : 0),
                .integer(item.serialControlled ? 1 : 0), .integer(item.expiryControlled ? 1 : 0),
                .text(item.status.rawValue), .text(Self.now()),
            ]).run()
        try connection.statement("DELETE FROM item_packaging WHERE item_id = ?1").bind([.text(item.id.rawValue)]).run()
        try connection.statement("DELETE FROM item_gtins WHERE item_id = ?1").bind([.text(item.id.rawValue)]).run()
        for (position, level) in item.packaging.levels.enumerated() {
            try connection.statement("INSERT INTO item_packaging (item_id, position, unit, quantity, gtin) VALUES (?1, ?2, ?3, ?4, ?5)")
                .bind([.text(item.id.rawValue), .integer(Int64(position)), .text(level.unit.code),
                       .text(ExactDecimal.format(level.quantity)), .text(level.gtin?.value)]).run()
        }
        for (gtin, unit) in gtins {
            try connection.statement("INSERT INTO item_gtins (gtin, item_id, unit) VALUES (?1, ?2, ?3)")
                .bind([.text(gtin.value), .text(item.id.rawValue), .text(unit.code)]).run()
        }
        try writeRevision(revision, connection)
        return .written(revision.created ? .created : .updated)
    }

    /// The version row of a change and its audit entry.
    static func writeRevision(_ revision: RecordRevision, _ connection: SQLiteConnection) throws {
        try connection.statement("""
            INSERT INTO record_versions (kind, record_id, version, at, actor, changes)
            VALUES (?1, ?2, (SELECT COALESCE(MAX(version), 0) + 1 FROM record_versions WHERE kind = ?1 AND record_id = ?2), ?3, ?4, ?5)
            """).bind([.text(revision.kind.rawValue), .text(revision.id), .integer(revision.author.at), .text(revision.author.actor),
                       .text(revision.changesJSON.serialized())]).run()
        try appendAudit(revision.audit.map { [$0] } ?? [], connection)
    }

    public func saveDriftReport(system: String, comparedAt: Int64, body: String, then changes: StoreChanges) async throws {
        try await run { connection in
            try connection.transaction {
                try connection.statement("""
                    INSERT INTO drift_reports (system, compared_at, body) VALUES (?1, ?2, ?3)
                    ON CONFLICT (system) DO UPDATE SET compared_at = excluded.compared_at, body = excluded.body
                    """).bind([.text(system), .integer(comparedAt), .text(body)]).run()
                try Self.apply(changes, connection)
            }
        }
    }

    public func driftReport(system: String) async throws -> String? {
        try await run { connection in
            try connection.statement("SELECT body FROM drift_reports WHERE system = ?1").bind([.text(system)]).firstRow { $0.text(0) } ?? nil
        }
    }

    public func history(_ kind: MasterRecordKind, id: String) async throws -> [RecordVersion] {
        try await run { connection in
            try connection.statement("""
                SELECT version, at, actor, changes FROM record_versions WHERE kind = ?1 AND record_id = ?2 ORDER BY version DESC
                """).bind([.text(kind.rawValue), .text(id)]).rows { row in
                    RecordVersion(version: row.integer(0), at: row.integer(1), actor: row.text(2) ?? "",
                                  changes: try RecordRevision.changes(fromStored: row.text(3) ?? "[]"))
                }
        }
    }

    public func item(_ id: ItemID) async throws -> Item? {
        try await run { connection in try Self.readItem(id.rawValue, connection) }
    }

    public func items(_ query: ListQuery) async throws -> Page<Item> {
        try await run { connection in
            let ids = try connection.statement("""
                SELECT id FROM items
                WHERE (?1 IS NULL OR id > ?1) AND (?4 IS NULL OR status = ?4)
                    AND (?2 IS NULL OR id LIKE ?2 ESCAPE '\\' OR description LIKE ?2 ESCAPE '\\'
                        OR manufacturer_part LIKE ?2 ESCAPE '\\'
                        OR id IN (SELECT item_id FROM item_gtins WHERE gtin LIKE ?2 ESCAPE '\\'))
                ORDER BY id LIMIT ?3
                """).bind([.text(query.after), .text(query.likePattern), .integer(Int64(query.limit + 1)), .text(query.status)]).rows { $0.text(0) ?? "" }
            return query.page(try ids.compactMap { try Self.readItem($0, connection) }, key: \.id.rawValue)
        }
    }

    public func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)? {
        let found: (Item, String)? = try await run { connection in
            guard let (itemID, unit) = try connection.statement("SELECT item_id, unit FROM item_gtins WHERE gtin = ?1")
                .bind([.text(gtin.value)]).firstRow({ ($0.text(0) ?? "", $0.text(1) ?? "") }),
                let item = try Self.readItem(itemID, connection)
            else { return nil }
            return (item, unit)
        }
        guard let (item, unitCode) = found else { return nil }
        return (item, try Self.decode("item_gtins.unit", unitCode) { try UnitOfMeasure($0) })
    }

    static func readItem(_ id: String, _ connection: SQLiteConnection) throws -> Item? {
        let levels = try connection.statement("SELECT unit, quantity, gtin FROM item_packaging WHERE item_id = ?1 ORDER BY position")
            .bind([.text(id)]).rows { row in
                PackagingLevel(
                    unit: try decode("item_packaging.unit", row.text(0)) { try UnitOfMeasure($0) },
                    quantity: try decode("item_packaging.quantity", row.text(1)) { text in
                        guard let value = ExactDecimal.parse(text) else { throw StoreError.corrupt(text) }
                        return value
                    },
                    gtin: try row.text(2).map { text in try decode("item_packaging.gtin", text) { try GTIN($0) } })
            }
        return try connection.statement("""
            SELECT id, description, gtin, manufacturer, manufacturer_part, unspsc, base_unit,
                lot_controlled, serial_controlled, expiry_controlled, status FROM items WHERE id = ?1
            """).bind([.text(id)]).firstRow { row in
                Item(
                    id: try decode("items.id", row.text(0)) { try ItemID($0) },
                    description: row.text(1) ?? "",
                    gtin: try row.text(2).map { text in try decode("items.gtin", text) { try GTIN($0) } },
                    manufacturer: row.text(3), manufacturerPart: row.text(4), unspsc: row.text(5),
                    packaging: try decode("items.base_unit", row.text(6)) { text in
                        try PackagingHierarchy(baseUnit: try UnitOfMeasure(text), levels: levels)
                    },
                    lotControlled: row.integer(7) != 0, serialControlled: row.integer(8) != 0,
                    expiryControlled: row.integer(9) != 0,
                    status: try decode("items.status", row.text(10)) { text in
                        guard let status = ItemStatus(rawValue: text) else { throw StoreError.corrupt(text) }
                        return status
                    })
            }
    }

    /// Reads a stored column through a validating initializer; a failure means the row was damaged.
    static func decode<T>(_ column: String, _ text: String?, _ make: (String) throws -> T) throws -> T {
        guard let text else { throw StoreError.corrupt("\(column) is NULL") }
        do { return try make(text) } catch { throw StoreError.corrupt("\(column) '\(text)': \(error)") }
    }
}

// MARK: - Locations and suppliers

extension SQLiteStore {
    public func putLocation(_ location: Location, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome {
        try await run { connection in
            try connection.transaction {
                let old = try connection.statement("SELECT id, name, type, parent, gln, status FROM locations WHERE id = ?1")
                    .bind([.text(location.id.rawValue)]).firstRow(Self.readLocation)
                guard let revision = RecordRevision.between(old.map(MasterDataJSON.json), MasterDataJSON.json(location), kind: .location,
                                                            id: location.id.rawValue, author: author) else { return .unchanged }
                try connection.statement("""
                    INSERT INTO locations (id, name, type, parent, gln, updated_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,
                        parent = excluded.parent, gln = excluded.gln, updated_at = excluded.updated_at, status = excluded.status
                    """).bind([.text(location.id.rawValue), .text(location.name), .text(location.type.rawValue),
                               .text(location.parent?.rawValue), .text(location.gln?.value), .text(Self.now()),
                               .text(location.status.rawValue)]).run()
                try Self.writeRevision(revision, connection)
                try Self.apply(changes, connection)
                return revision.created ? .created : .updated
            }
        }
    }

    public func location(_ id: LocationID) async throws -> Location? {
        try await run { connection in
            try connection.statement("SELECT id, name, type, parent, gln, status FROM locations WHERE id = ?1")
                .bind([.text(id.rawValue)]).firstRow(Self.readLocation)
        }
    }

    public func locations(_ query: ListQuery) async throws -> Page<Location> {
        try await run { connection in
            query.page(try connection.statement("""
                SELECT id, name, type, parent, gln, status FROM locations
                WHERE (?1 IS NULL OR id > ?1) AND (?4 IS NULL OR status = ?4)
                    AND (?2 IS NULL OR id LIKE ?2 ESCAPE '\\' OR name LIKE ?2 ESCAPE '\\' OR gln LIKE ?2 ESCAPE '\\')
                ORDER BY id LIMIT ?3
                """).bind([.text(query.after), .text(query.likePattern), .integer(Int64(query.limit + 1)), .text(query.status)])
                .rows(Self.readLocation),
                key: \.id.rawValue)
        }
    }

    static func readLocation(_ row: SQLiteRow) throws -> Location {
        Location(
            id: try decode("locations.id", row.text(0)) { try LocationID($0) },
            name: row.text(1) ?? "",
            type: try decode("locations.type", row.text(2)) { text in
                guard let type = LocationType(rawValue: text) else { throw StoreError.corrupt(text) }
                return type
            },
            parent: try row.text(3).map { text in try decode("locations.parent", text) { try LocationID($0) } },
            gln: try row.text(4).map { text in try decode("locations.gln", text) { try GLN($0) } },
            status: try decode("locations.status", row.text(5)) { try Self.recordStatus($0) })
    }

    public func putSupplier(_ supplier: Supplier, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome {
        try await run { connection in
            try connection.transaction {
                let old = try connection.statement("SELECT id, name, gln, interchange_id, status FROM suppliers WHERE id = ?1")
                    .bind([.text(supplier.id.rawValue)]).firstRow(Self.readSupplier)
                guard let revision = RecordRevision.between(old.map(MasterDataJSON.json), MasterDataJSON.json(supplier), kind: .supplier,
                                                            id: supplier.id.rawValue, author: author) else { return .unchanged }
                try connection.statement("""
                    INSERT INTO suppliers (id, name, gln, interchange_id, updated_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, gln = excluded.gln,
                        interchange_id = excluded.interchange_id, updated_at = excluded.updated_at, status = excluded.status
                    """).bind([.text(supplier.id.rawValue), .text(supplier.name), .text(supplier.gln?.value),
                               .text(supplier.interchangeID), .text(Self.now()), .text(supplier.status.rawValue)]).run()
                try Self.writeRevision(revision, connection)
                try Self.apply(changes, connection)
                return revision.created ? .created : .updated
            }
        }
    }

    public func supplier(_ id: SupplierID) async throws -> Supplier? {
        try await run { connection in
            try connection.statement("SELECT id, name, gln, interchange_id, status FROM suppliers WHERE id = ?1")
                .bind([.text(id.rawValue)]).firstRow(Self.readSupplier)
        }
    }

    public func suppliers(_ query: ListQuery) async throws -> Page<Supplier> {
        try await run { connection in
            query.page(try connection.statement("""
                SELECT id, name, gln, interchange_id, status FROM suppliers
                WHERE (?1 IS NULL OR id > ?1) AND (?4 IS NULL OR status = ?4)
                    AND (?2 IS NULL OR id LIKE ?2 ESCAPE '\\' OR name LIKE ?2 ESCAPE '\\' OR gln LIKE ?2 ESCAPE '\\'
                        OR interchange_id LIKE ?2 ESCAPE '\\')
                ORDER BY id LIMIT ?3
                """).bind([.text(query.after), .text(query.likePattern), .integer(Int64(query.limit + 1)), .text(query.status)])
                .rows(Self.readSupplier),
                key: \.id.rawValue)
        }
    }

    static func readSupplier(_ row: SQLiteRow) throws -> Supplier {
        Supplier(
            id: try decode("suppliers.id", row.text(0)) { try SupplierID($0) },
            name: row.text(1) ?? "",
            gln: try row.text(2).map { text in try decode("suppliers.gln", text) { try GLN($0) } },
            interchangeID: row.text(3),
            status: try decode("suppliers.status", row.text(4)) { try Self.recordStatus($0) })
    }

    static func recordStatus(_ text: String) throws -> RecordStatus {
        guard let status = RecordStatus(rawValue: text) else { throw StoreError.corrupt(text) }
        return status
    }
}

// MARK: - Crosswalks

extension SQLiteStore {
    public func putCrosswalk(_ entry: CrosswalkEntry, audit: AuditDraft?) async throws -> WriteOutcome {
        try await run { connection in
            try connection.transaction {
                let existed = try connection.statement("SELECT 1 FROM crosswalks WHERE system = ?1 AND kind = ?2 AND code = ?3")
                    .bind([.text(entry.system.rawValue), .text(entry.kind.rawValue), .text(entry.code)]).firstRow { _ in true } ?? false
                try connection.statement("""
                    INSERT INTO crosswalks (system, kind, code, canonical, unit, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    ON CONFLICT (system, kind, code) DO UPDATE SET canonical = excluded.canonical,
                        unit = excluded.unit, updated_at = excluded.updated_at
                    """).bind([.text(entry.system.rawValue), .text(entry.kind.rawValue), .text(entry.code),
                               .text(entry.canonical), .text(entry.unit?.code), .text(Self.now())]).run()
                try Self.appendAudit(audit.map { [$0] } ?? [], connection)
                return existed ? .updated : .created
            }
        }
    }

    public func deleteCrosswalk(system: SystemName, kind: CrosswalkKind, code: String, audit: AuditDraft?) async throws -> Bool {
        try await run { connection in
            try connection.transaction {
                try connection.statement("DELETE FROM crosswalks WHERE system = ?1 AND kind = ?2 AND code = ?3")
                    .bind([.text(system.rawValue), .text(kind.rawValue), .text(code)]).run()
                guard connection.changes > 0 else { return false }
                try Self.appendAudit(audit.map { [$0] } ?? [], connection)
                return true
            }
        }
    }

    public func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry? {
        try await run { connection in
            try connection.statement("SELECT system, kind, code, canonical, unit FROM crosswalks WHERE system = ?1 AND kind = ?2 AND code = ?3")
                .bind([.text(system.rawValue), .text(kind.rawValue), .text(code)]).firstRow(Self.readCrosswalk)
        }
    }

    public func crosswalks(system: SystemName, kind: CrosswalkKind) async throws -> [CrosswalkEntry] {
        try await run { connection in
            try connection.statement("SELECT system, kind, code, canonical, unit FROM crosswalks WHERE system = ?1 AND kind = ?2 ORDER BY code")
                .bind([.text(system.rawValue), .text(kind.rawValue)]).rows(Self.readCrosswalk)
        }
    }

    public func crosswalks(system: SystemName, kind: CrosswalkKind, _ query: ListQuery) async throws -> Page<CrosswalkEntry> {
        try await run { connection in
            query.page(try connection.statement("""
                SELECT system, kind, code, canonical, unit FROM crosswalks
                WHERE system = ?1 AND kind = ?2 AND (?3 IS NULL OR code > ?3)
                    AND (?4 IS NULL OR code LIKE ?4 ESCAPE '\\' OR canonical LIKE ?4 ESCAPE '\\')
                ORDER BY code LIMIT ?5
                """).bind([.text(system.rawValue), .text(kind.rawValue), .text(query.after), .text(query.likePattern),
                           .integer(Int64(query.limit + 1))]).rows(Self.readCrosswalk), key: \.code)
        }
    }

    public func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry] {
        try await run { connection in
            try connection.statement("SELECT system, kind, code, canonical, unit FROM crosswalks WHERE system = ?1 AND kind = ?2 AND canonical = ?3 ORDER BY code")
                .bind([.text(system.rawValue), .text(kind.rawValue), .text(canonical)]).rows(Self.readCrosswalk)
        }
    }

    static func readCrosswalk(_ row: SQLiteRow) throws -> CrosswalkEntry {
        CrosswalkEntry(
            system: try decode("crosswalks.system", row.text(0)) { try SystemName($0) },
            kind: try decode("crosswalks.kind", row.text(1)) { text in
                guard let kind = CrosswalkKind(rawValue: text) else { throw StoreError.corrupt(text) }
                return kind
            },
            code: row.text(2) ?? "",
            canonical: row.text(3) ?? "",
            unit: try row.text(4).map { text in try decode("crosswalks.unit", text) { try UnitOfMeasure($0) } })
    }
}

/// Ends a batch's transaction without keeping it (a dry run, or a refusal without
/// `partial`), carrying what each record would have become.
struct BatchRollback: Error {
    let results: [BatchWriteResult]
}
