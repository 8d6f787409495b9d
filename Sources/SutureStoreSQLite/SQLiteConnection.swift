import Foundation
import SutureModel
import SutureStore
import SutureDelivery
// SQLite itself, compiled from its amalgamation as a C target of the SQLiteNIO package (its
// functions carry the prefix `sqlite_nio_`), so the hub needs no system SQLite library. The
// version and the compile options are listed in docs/architecture.md.
import VaporCSQLite

/// A thin, synchronous wrapper over one `sqlite3` handle with cached prepared statements.
///
/// Not thread-safe by design: `SQLiteStore` confines each connection to one serial queue.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]
    let path: String

    init(path: String) throws {
        self.path = path
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(handle)
            throw SQLiteError(code: status, message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        sqlite_nio_sqlite3_extended_result_codes(handle, 1)
    }

    deinit { close() }

    func close() {
        statements.values.forEach { $0.finalize() }
        statements.removeAll()
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        guard handle != nil else { throw SQLiteError(code: SQLITE_MISUSE, message: "the connection is closed") }
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite_nio_sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard status == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite_nio_sqlite3_free(errorMessage)
            throw SQLiteError(code: status, message: message)
        }
    }

    /// A prepared statement for `sql`, reset and with its bindings cleared, cached for reuse.
    func statement(_ sql: String) throws -> SQLiteStatement {
        guard handle != nil else { throw SQLiteError(code: SQLITE_MISUSE, message: "the connection is closed") }
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard status == SQLITE_OK, let raw else { throw SQLiteError(code: status, message: "\(lastErrorMessage) in: \(sql)") }
        let statement = SQLiteStatement(raw: raw, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Runs `body` in a transaction that commits if it returns and rolls back if it throws.
    ///
    /// A `durable` commit syncs the WAL before returning (what is acknowledged to a caller
    /// must survive a power cut). A non-durable one is still atomic and survives a crash of
    /// the process, and the next durable commit syncs it too; a power cut may undo it, which
    /// callers accept only for work that is redone identically (a claim, an attempt's record).
    func transaction<T>(durable: Bool = true, _ body: () throws -> T) throws -> T {
        if !durable { try execute("PRAGMA synchronous=NORMAL") }
        defer { if !durable { try? execute("PRAGMA synchronous=FULL") } }
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var changes: Int { Int(sqlite_nio_sqlite3_changes(handle)) }

    var lastErrorMessage: String { handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "connection closed" }
}

/// One prepared statement; bind parameters by 1-based index, step through rows.
final class SQLiteStatement {
    private let raw: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(raw: OpaquePointer, connection: SQLiteConnection) {
        self.raw = raw
        self.connection = connection
    }

    func finalize() { sqlite_nio_sqlite3_finalize(raw) }

    func reset() {
        sqlite_nio_sqlite3_reset(raw)
        sqlite_nio_sqlite3_clear_bindings(raw)
    }

    /// Binds values to `?1`, `?2`, ... in order; nil binds NULL.
    @discardableResult
    func bind(_ values: [SQLiteValue?]) throws -> SQLiteStatement {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case nil: status = sqlite_nio_sqlite3_bind_null(raw, index)
            case .integer(let number): status = sqlite_nio_sqlite3_bind_int64(raw, index, number)
            case .text(let text): status = sqlite_nio_sqlite3_bind_text(raw, index, text, -1, SQLITE_TRANSIENT)
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    sqlite_nio_sqlite3_bind_blob(raw, index, buffer.baseAddress, Int32(buffer.count), SQLITE_TRANSIENT)
                }
            }
            guard status == SQLITE_OK else { throw SQLiteError(code: status, message: connection.lastErrorMessage) }
        }
        return self
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        let status = sqlite_nio_sqlite3_step(raw)
        defer { sqlite_nio_sqlite3_reset(raw) }
        guard status == SQLITE_DONE || status == SQLITE_ROW else {
            throw SQLiteError(code: status, message: connection.lastErrorMessage)
        }
    }

    /// Every row, each read by `read`.
    func rows<T>(_ read: (SQLiteRow) throws -> T) throws -> [T] {
        defer { sqlite_nio_sqlite3_reset(raw) }
        var results: [T] = []
        while true {
            let status = sqlite_nio_sqlite3_step(raw)
            if status == SQLITE_DONE { return results }
            guard status == SQLITE_ROW else { throw SQLiteError(code: status, message: connection.lastErrorMessage) }
            results.append(try read(SQLiteRow(raw: raw)))
        }
    }

    /// The first row, if any.
    func firstRow<T>(_ read: (SQLiteRow) throws -> T) throws -> T? {
        defer { sqlite_nio_sqlite3_reset(raw) }
        let status = sqlite_nio_sqlite3_step(raw)
        if status == SQLITE_DONE { return nil }
        guard status == SQLITE_ROW else { throw SQLiteError(code: status, message: connection.lastErrorMessage) }
        return try read(SQLiteRow(raw: raw))
    }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

extension Optional where Wrapped == SQLiteValue {
    static func text(_ value: String?) -> SQLiteValue? { value.map(SQLiteValue.text) }
    static func integer(_ value: Int64?) -> SQLiteValue? { value.map(SQLiteValue.integer) }
}

/// Column access for the current row of a statement (0-based columns).
struct SQLiteRow {
    let raw: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite_nio_sqlite3_column_type(raw, column) == SQLITE_NULL }

    func integer(_ column: Int32) -> Int64 { sqlite_nio_sqlite3_column_int64(raw, column) }

    func optionalInteger(_ column: Int32) -> Int64? { isNull(column) ? nil : integer(column) }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite_nio_sqlite3_column_text(raw, column) else { return nil }
        let count = Int(sqlite_nio_sqlite3_column_bytes(raw, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// A pipeline id (event, delivery, correlation) kept as text.
    func id<ID: PipelineIdentifier>(_ column: Int32) -> ID { ID(rawValue: text(column) ?? "") }

    func optionalID<ID: PipelineIdentifier>(_ column: Int32) -> ID? { text(column).map(ID.init(rawValue:)) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite_nio_sqlite3_column_bytes(raw, column))
        guard count > 0, let pointer = sqlite_nio_sqlite3_column_blob(raw, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// An error from SQLite with its result code.
struct SQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }

    /// Whether the failure is a UNIQUE or PRIMARY KEY constraint.
    var isConstraintViolation: Bool { code & 0xFF == SQLITE_CONSTRAINT }
}

/// SQLite's "copy the bound bytes now" destructor marker, which the C macro cannot give Swift.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
