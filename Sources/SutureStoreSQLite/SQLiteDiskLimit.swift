public import Foundation

/// The machine's own limits for the embedded store, with the settings the store uses (WAL,
/// `synchronous=FULL`): how many single-row commits per second SQLite makes durable on this
/// disk, and how many rows per second when they are committed a batch at a time.
/// `suture bench` prints Suture's figures beside them, since absolute numbers move from
/// machine to machine.
public enum SQLiteDiskLimit {
    /// Single-row inserts, each its own synced transaction, into a scratch file in
    /// `directory` for `seconds`; the file is removed afterwards.
    public static func syncedCommitsPerSecond(in directory: URL, seconds: Double = 3) throws -> Double {
        try rowsPerSecond(in: directory, seconds: seconds, batch: nil)
    }

    /// Rows per second when they are inserted `batch` at a time, each batch one synced
    /// transaction, with the same settings: the limit beside batch ingest.
    public static func batchedRowsPerSecond(in directory: URL, seconds: Double = 3, batch: Int = 1000) throws -> Double {
        try rowsPerSecond(in: directory, seconds: seconds, batch: max(1, batch))
    }

    /// Inserts rows of about an event's size into a scratch file for `seconds`: each its own
    /// transaction (`batch` nil, SQLite's autocommit), or `batch` per transaction.
    static func rowsPerSecond(in directory: URL, seconds: Double, batch: Int?) throws -> Double {
        let path = directory.appendingPathComponent("disk-limit-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let connection = try SQLiteConnection(path: path)
        defer { connection.close() }
        try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        let body = String(repeating: "x", count: 300)
        let insert = { try connection.statement("INSERT INTO probe (body) VALUES (?1)").bind([.text(body)]).run() }
        let start = Date()
        var rows = 0
        while Date().timeIntervalSince(start) < seconds {
            if let batch {
                try connection.transaction { for _ in 0..<batch { try insert() } }
                rows += batch
            } else {
                try insert()
                rows += 1
            }
        }
        return Double(rows) / Date().timeIntervalSince(start)
    }
}
