public import Foundation

/// The machine's own limit for the embedded store: how many single-row commits per second
/// SQLite makes durable on this disk, with the settings the store uses (WAL, `synchronous=FULL`).
/// `suture bench` prints Suture's figures beside it, since absolute numbers move from
/// machine to machine.
public enum SQLiteDiskLimit {
    /// Single-row inserts, each its own synced transaction, into a scratch file in
    /// `directory` for `seconds`; the file is removed afterwards.
    public static func syncedCommitsPerSecond(in directory: URL, seconds: Double = 3) throws -> Double {
        let path = directory.appendingPathComponent("disk-limit-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let connection = try SQLiteConnection(path: path)
        defer { connection.close() }
        try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        let body = String(repeating: "x", count: 300)
        let start = Date()
        var commits = 0
        while Date().timeIntervalSince(start) < seconds {
            try connection.statement("INSERT INTO probe (body) VALUES (?1)").bind([.text(body)]).run()
            commits += 1
        }
        return Double(commits) / Date().timeIntervalSince(start)
    }

    /// Rows per second when they are inserted `batch` at a time, each batch one synced
    /// transaction, with the same settings: the limit beside batch ingest.
    public static func batchedRowsPerSecond(in directory: URL, seconds: Double = 3, batch: Int = 1000) throws -> Double {
        let path = directory.appendingPathComponent("disk-limit-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let connection = try SQLiteConnection(path: path)
        defer { connection.close() }
        try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        let body = String(repeating: "x", count: 300)
        let start = Date()
        var rows = 0
        while Date().timeIntervalSince(start) < seconds {
            try connection.transaction {
                for _ in 0..<max(1, batch) { try connection.statement("INSERT INTO probe (body) VALUES (?1)").bind([.text(body)]).run() }
            }
            rows += max(1, batch)
        }
        return Double(rows) / Date().timeIntervalSince(start)
    }
}
