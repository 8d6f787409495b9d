import Foundation
import SutureModel
public import SutureStore

// MARK: - Audit log

extension SQLiteStore {
    /// Appends `drafts` to the chain inside the caller's transaction. SQLite has one
    /// writer, so the head read here cannot move before the commit.
    static func appendAudit(_ drafts: [AuditDraft], _ connection: SQLiteConnection) throws {
        guard !drafts.isEmpty else { return }
        let head = try connection.statement("SELECT seq, hash FROM audit_anchors WHERE name = 'head'")
            .firstRow { AuditAnchor(seq: $0.integer(0), hash: $0.text(1) ?? "") }
        let entries = AuditChain.seal(drafts, after: head.flatMap { $0.seq == 0 ? nil : $0 })
        let insert = try connection.statement("""
            INSERT INTO audit_log (seq, at, actor, action, target, details, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        for entry in entries {
            try insert.bind([.integer(entry.seq), .integer(entry.at), .text(entry.actor), .text(entry.action), .text(entry.target),
                             .text(entry.details), .text(entry.prev), .text(entry.hash)]).run()
        }
        if let last = entries.last {
            try connection.statement("UPDATE audit_anchors SET seq = ?1, hash = ?2 WHERE name = 'head'")
                .bind([.integer(last.seq), .text(last.hash)]).run()
        }
    }

    static func checkpoint(_ connection: SQLiteConnection) throws -> AuditAnchor? {
        try connection.statement("SELECT seq, hash FROM audit_anchors WHERE name = 'checkpoint'")
            .firstRow { AuditAnchor(seq: $0.integer(0), hash: $0.text(1) ?? "") }
    }

    public func appendAudit(_ drafts: [AuditDraft]) async throws {
        try await run { connection in
            try connection.transaction { try Self.appendAudit(drafts, connection) }
        }
    }

    public func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry] {
        let targetPrefix = query.target.flatMap { $0.hasSuffix(":") ? $0 : nil }
        let exactTarget = targetPrefix == nil ? query.target : nil
        return try await run { connection in
            try connection.statement("""
                SELECT seq, at, actor, action, target, details, prev, hash FROM audit_log
                WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR target = ?3)
                    AND (?4 IS NULL OR substr(target, 1, length(?4)) = ?4) AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR seq < ?6)
                ORDER BY seq DESC LIMIT ?7
                """).bind([.text(query.actor), .text(query.action), .text(exactTarget), .text(targetPrefix), .integer(query.since),
                           .integer(query.before), .integer(Int64(query.limit))]).rows(Self.readAuditEntry)
        }
    }

    public func auditChain(after: Int64, limit: Int) async throws -> [AuditEntry] {
        try await run { connection in
            try connection.statement("""
                SELECT seq, at, actor, action, target, details, prev, hash FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2
                """).bind([.integer(after), .integer(Int64(limit))]).rows(Self.readAuditEntry)
        }
    }

    public func auditAnchors() async throws -> (head: AuditAnchor?, checkpoint: AuditAnchor?) {
        try await run { connection in
            let head = try connection.statement("SELECT seq, hash FROM audit_anchors WHERE name = 'head'")
                .firstRow { AuditAnchor(seq: $0.integer(0), hash: $0.text(1) ?? "") }
            return (head.flatMap { $0.seq == 0 ? nil : $0 }, try Self.checkpoint(connection))
        }
    }

    static func readAuditEntry(_ row: SQLiteRow) -> AuditEntry {
        AuditEntry(seq: row.integer(0), at: row.integer(1), actor: row.text(2) ?? "", action: row.text(3) ?? "", target: row.text(4) ?? "",
                   details: row.text(5) ?? "", prev: row.text(6) ?? "", hash: row.text(7) ?? "")
    }
}

// MARK: - Clients

extension SQLiteStore {
    static let clientColumns = """
        name, token_hash, scopes, created_at, last_used_at, revoked_at, previous_token_hash, previous_valid_until, rate_per_second, rate_burst
        """

    public func addClient(_ client: ClientRecord, audit: AuditDraft?) async throws {
        try await run { connection in
            do {
                try connection.transaction {
                    try connection.statement("""
                        INSERT INTO clients (name, token_hash, scopes, created_at, rate_per_second, rate_burst) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        """).bind([.text(client.name), .text(client.tokenHash), .text(client.scopes.joined(separator: " ")), .text(Self.now()),
                                   .integer(client.rateLimit.map { Int64($0.perSecond) }), .integer(client.rateLimit.map { Int64($0.burst) })]).run()
                    try Self.appendAudit(audit.map { [$0] } ?? [], connection)
                }
            } catch let error as SQLiteError where error.isConstraintViolation {
                throw StoreError.conflict("a client named '\(client.name)' already exists")
            }
        }
    }

    public func client(tokenHash: String, now: Int64) async throws -> ClientRecord? {
        try await run { connection in
            try connection.statement("""
                SELECT \(Self.clientColumns) FROM clients
                WHERE revoked_at IS NULL AND (token_hash = ?1 OR (previous_token_hash = ?1 AND previous_valid_until > ?2))
                """).bind([.text(tokenHash), .integer(now)]).firstRow(Self.readClient)
        }
    }

    public func client(named name: String) async throws -> ClientRecord? {
        try await run { connection in
            try connection.statement("SELECT \(Self.clientColumns) FROM clients WHERE name = ?1").bind([.text(name)]).firstRow(Self.readClient)
        }
    }

    public func clients() async throws -> [ClientRecord] {
        try await run { connection in
            try connection.statement("SELECT \(Self.clientColumns) FROM clients ORDER BY name").rows(Self.readClient)
        }
    }

    public func revokeClient(named name: String, at: Int64, audit: AuditDraft?) async throws -> Bool {
        try await run { connection in
            try connection.transaction {
                try connection.statement("UPDATE clients SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL")
                    .bind([.text(name), .integer(at)]).run()
                guard connection.changes == 1 else { return false }
                try connection.statement("DELETE FROM console_sessions WHERE client = ?1").bind([.text(name)]).run()
                try Self.appendAudit(audit.map { [$0] } ?? [], connection)
                return true
            }
        }
    }

    public func rotateClient(named name: String, tokenHash: String, graceUntil: Int64, audit: AuditDraft?) async throws -> Bool {
        try await run { connection in
            do {
                return try connection.transaction {
                    try connection.statement("""
                        UPDATE clients SET previous_token_hash = token_hash, previous_valid_until = ?3, token_hash = ?2
                        WHERE name = ?1 AND revoked_at IS NULL
                        """).bind([.text(name), .text(tokenHash), .integer(graceUntil)]).run()
                    guard connection.changes == 1 else { return false }
                    try Self.appendAudit(audit.map { [$0] } ?? [], connection)
                    return true
                }
            } catch let error as SQLiteError where error.isConstraintViolation {
                throw StoreError.conflict("that token is already in use")
            }
        }
    }

    public func updateClient(named name: String, scopes: [String], rateLimit: ClientRecord.RateLimit?, audit: AuditDraft?) async throws -> Bool {
        try await run { connection in
            try connection.transaction {
                try connection.statement("""
                    UPDATE clients SET scopes = ?2, rate_per_second = ?3, rate_burst = ?4 WHERE name = ?1 AND revoked_at IS NULL
                    """).bind([.text(name), .text(scopes.joined(separator: " ")), .integer(rateLimit.map { Int64($0.perSecond) }),
                               .integer(rateLimit.map { Int64($0.burst) })]).run()
                guard connection.changes == 1 else { return false }
                try connection.statement("DELETE FROM console_sessions WHERE client = ?1").bind([.text(name)]).run()
                try Self.appendAudit(audit.map { [$0] } ?? [], connection)
                return true
            }
        }
    }

    public func recordClientUse(_ lastUsed: [String: Int64]) async throws {
        guard !lastUsed.isEmpty else { return }
        try await run { connection in
            try connection.transaction {
                let update = try connection.statement("""
                    UPDATE clients SET last_used_at = ?2 WHERE name = ?1 AND (last_used_at IS NULL OR last_used_at < ?2)
                    """)
                for (name, at) in lastUsed.sorted(by: { $0.key < $1.key }) {
                    try update.bind([.text(name), .integer(at)]).run()
                }
            }
        }
    }

    static func readClient(_ row: SQLiteRow) -> ClientRecord {
        let perSecond = row.optionalInteger(8), burst = row.optionalInteger(9)
        return ClientRecord(
            name: row.text(0) ?? "", tokenHash: row.text(1) ?? "",
            scopes: (row.text(2) ?? "").split(separator: " ").map(String.init),
            createdAt: row.text(3), lastUsedAt: row.optionalInteger(4), revokedAt: row.optionalInteger(5),
            previousTokenHash: row.text(6), previousValidUntil: row.optionalInteger(7),
            rateLimit: perSecond.map { ClientRecord.RateLimit(perSecond: Int($0), burst: Int(burst ?? $0)) })
    }
}

// MARK: - Retention

extension SQLiteStore {
    public func pruneBatch(_ kind: RetentionKind, before cutoff: Int64, limit: Int) async throws -> Int {
        try await run { connection in
            try connection.transaction {
                guard kind == .audit else {
                    try connection.execute(RetentionRuleSQL.deleteBatch(kind, cutoff: cutoff, limit: limit))
                    return connection.changes
                }
                // The oldest entries, as long as they are older than the cutoff: the chain is
                // cut only at its start, and the checkpoint keeps the hash the next entry links to.
                let oldest = try connection.statement("SELECT seq, hash, at FROM audit_log ORDER BY seq LIMIT ?1")
                    .bind([.integer(Int64(limit))]).rows { (seq: $0.integer(0), hash: $0.text(1) ?? "", at: $0.integer(2)) }
                let prefix = oldest.prefix { $0.at < cutoff }
                guard let last = prefix.last else { return 0 }
                try connection.statement("DELETE FROM audit_log WHERE seq <= ?1").bind([.integer(last.seq)]).run()
                try connection.statement("""
                    INSERT INTO audit_anchors (name, seq, hash) VALUES ('checkpoint', ?1, ?2)
                    ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
                    """).bind([.integer(last.seq), .text(last.hash)]).run()
                return prefix.count
            }
        }
    }

    public func countPrunable(_ kind: RetentionKind, before cutoff: Int64) async throws -> Int {
        try await run { connection in
            Int(try connection.statement(RetentionRuleSQL.count(kind, cutoff: cutoff)).firstRow { $0.integer(0) } ?? 0)
        }
    }

    public func reclaimSpace() async throws -> Int64 {
        try await run { connection in
            let before = self.fileBytes()
            let mode = try connection.statement("PRAGMA auto_vacuum").firstRow { $0.integer(0) } ?? 0
            if mode == 0 {
                // A store made before retention existed: converted once, by rewriting the file.
                try connection.execute("PRAGMA auto_vacuum=INCREMENTAL; VACUUM;")
            } else {
                _ = try connection.statement("PRAGMA incremental_vacuum").rows { _ in () }
            }
            _ = try connection.statement("PRAGMA wal_checkpoint(TRUNCATE)").rows { _ in () }
            return max(0, before - self.fileBytes())
        }
    }

    public func storeSize() async throws -> Int64 {
        fileBytes()
    }

    /// The database file and its WAL, in bytes.
    func fileBytes() -> Int64 {
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
            return total + size
        }
    }

    public func recordRetentionRun(_ run: RetentionRun) async throws {
        try await self.run { connection in
            try connection.statement("""
                INSERT INTO retention_runs (name, body) VALUES ('last', ?1) ON CONFLICT (name) DO UPDATE SET body = excluded.body
                """).bind([.text(run.json.serialized())]).run()
        }
    }

    public func lastRetentionRun() async throws -> RetentionRun? {
        try await run { connection in
            try connection.statement("SELECT body FROM retention_runs WHERE name = 'last'").firstRow { row in
                (try? JSONValue.parse(row.text(0) ?? "")).flatMap(RetentionRun.init(json:))
            } ?? nil
        }
    }
}

// MARK: - Deprecated operations

extension SQLiteStore {
    public func recordDeprecatedCalls(_ calls: [DeprecatedCalls]) async throws {
        guard !calls.isEmpty else { return }
        try await run { connection in
            try connection.transaction {
                let upsert = try connection.statement("""
                    INSERT INTO deprecated_calls (operation, client, calls, last_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (operation, client) DO UPDATE SET calls = calls + excluded.calls, last_at = MAX(last_at, excluded.last_at)
                    """)
                for call in calls {
                    try upsert.bind([.text(call.operation), .text(call.client), .integer(Int64(call.calls)), .integer(call.lastAt)]).run()
                }
            }
        }
    }

    public func deprecatedCalls() async throws -> [DeprecatedCalls] {
        try await run { connection in
            try connection.statement("SELECT operation, client, calls, last_at FROM deprecated_calls ORDER BY operation, client").rows { row in
                DeprecatedCalls(operation: row.text(0) ?? "", client: row.text(1) ?? "", calls: Int(row.integer(2)), lastAt: row.integer(3))
            }
        }
    }
}
