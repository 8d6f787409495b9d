import PostgresNIO
import SutureModel
public import SutureStore

// MARK: - Audit log

extension PostgresStore {
    /// Appends `drafts` to the chain inside the caller's transaction. The head row is
    /// locked first, so transactions of every node append in turn and the chain stays one.
    static func appendAudit(_ drafts: [AuditDraft], _ session: PostgresSession) async throws {
        guard !drafts.isEmpty else { return }
        let head = try await session.first("SELECT seq, hash FROM audit_anchors WHERE name = 'head' FOR UPDATE")
            .map { row in let (seq, hash) = try row.decode((Int64, String).self); return AuditAnchor(seq: seq, hash: hash) }
        let entries = AuditChain.seal(drafts, after: head.flatMap { $0.seq == 0 ? nil : $0 })
        for entry in entries {
            try await session.run("""
                INSERT INTO audit_log (seq, at, actor, action, target, details, prev, hash)
                VALUES (\(entry.seq), \(entry.at), \(entry.actor), \(entry.action), \(entry.target), \(entry.details), \(entry.prev), \(entry.hash))
                """)
        }
        if let last = entries.last {
            try await session.run("UPDATE audit_anchors SET seq = \(last.seq), hash = \(last.hash) WHERE name = 'head'")
        }
    }

    public func appendAudit(_ drafts: [AuditDraft]) async throws {
        try await transaction("appending to the audit log") { session in try await Self.appendAudit(drafts, session) }
    }

    public func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry] {
        let targetPrefix = query.target.flatMap { $0.hasSuffix(":") ? $0 : nil }
        let exactTarget = targetPrefix == nil ? query.target : nil
        return try await autocommit("listing audit entries") { session in
            try await session.rows("""
                SELECT seq, at, actor, action, target, details, prev, hash FROM audit_log
                WHERE (\(query.actor)::text IS NULL OR actor = \(query.actor)::text)
                    AND (\(query.action)::text IS NULL OR action = \(query.action)::text)
                    AND (\(exactTarget)::text IS NULL OR target = \(exactTarget)::text)
                    AND (\(targetPrefix)::text IS NULL OR left(target, length(\(targetPrefix)::text)) = \(targetPrefix)::text)
                    AND (\(query.since)::bigint IS NULL OR at >= \(query.since)::bigint)
                    AND (\(query.before)::bigint IS NULL OR seq < \(query.before)::bigint)
                ORDER BY seq DESC LIMIT \(Int64(query.limit))
                """).map(Self.readAuditEntry)
        }
    }

    public func auditChain(after: Int64, limit: Int) async throws -> [AuditEntry] {
        try await autocommit("reading the audit chain") { session in
            try await session.rows("""
                SELECT seq, at, actor, action, target, details, prev, hash FROM audit_log WHERE seq > \(after) ORDER BY seq LIMIT \(Int64(limit))
                """).map(Self.readAuditEntry)
        }
    }

    public func auditAnchors() async throws -> (head: AuditAnchor?, checkpoint: AuditAnchor?) {
        try await autocommit("reading the audit chain's anchors") { session in
            var head: AuditAnchor?, checkpoint: AuditAnchor?
            for row in try await session.rows("SELECT name, seq, hash FROM audit_anchors") {
                let (name, seq, hash) = try row.decode((String, Int64, String).self)
                if name == "head", seq > 0 { head = AuditAnchor(seq: seq, hash: hash) }
                if name == "checkpoint" { checkpoint = AuditAnchor(seq: seq, hash: hash) }
            }
            return (head, checkpoint)
        }
    }

    static func readAuditEntry(_ row: PostgresRow) throws -> AuditEntry {
        let (seq, at, actor, action, target, details, prev, hash) = try row.decode((Int64, Int64, String, String, String, String, String, String).self)
        return AuditEntry(seq: seq, at: at, actor: actor, action: action, target: target, details: details, prev: prev, hash: hash)
    }
}

// MARK: - Clients

extension PostgresStore {
    static let clientColumns = """
        name, token_hash, scopes, created_at, last_used_at, revoked_at, previous_token_hash, previous_valid_until, rate_per_second, rate_burst
        """

    public func addClient(_ client: ClientRecord, audit: AuditDraft?) async throws {
        do {
            try await transaction("adding client \(client.name)") { session in
                try await session.run("""
                    INSERT INTO clients (name, token_hash, scopes, created_at, rate_per_second, rate_burst)
                    VALUES (\(client.name), \(client.tokenHash), \(client.scopes.joined(separator: " ")), \(Self.timestamp()),
                        \(client.rateLimit.map { Int64($0.perSecond) }), \(client.rateLimit.map { Int64($0.burst) }))
                    """)
                try await Self.appendAudit(audit.map { [$0] } ?? [], session)
            }
        } catch StoreError.conflict {
            throw StoreError.conflict("a client named '\(client.name)' already exists")
        }
    }

    public func client(tokenHash: String, now: Int64) async throws -> ClientRecord? {
        try await autocommit("finding a client by token") { session in
            try await session.first("""
                SELECT \(unescaped: Self.clientColumns) FROM clients
                WHERE revoked_at IS NULL AND (token_hash = \(tokenHash) OR (previous_token_hash = \(tokenHash) AND previous_valid_until > \(now)))
                """).map(Self.readClient)
        }
    }

    public func client(named name: String) async throws -> ClientRecord? {
        try await autocommit("reading client \(name)") { session in
            try await session.first("SELECT \(unescaped: Self.clientColumns) FROM clients WHERE name = \(name)").map(Self.readClient)
        }
    }

    public func clients() async throws -> [ClientRecord] {
        try await autocommit("listing clients") { session in
            try await session.rows(#"SELECT \#(unescaped: Self.clientColumns) FROM clients ORDER BY name COLLATE "C""#).map(Self.readClient)
        }
    }

    public func revokeClient(named name: String, at: Int64, audit: AuditDraft?) async throws -> Bool {
        try await transaction("revoking client \(name)") { session in
            guard try await session.first("UPDATE clients SET revoked_at = \(at) WHERE name = \(name) AND revoked_at IS NULL RETURNING 1") != nil else {
                return false
            }
            try await session.run("DELETE FROM console_sessions WHERE client = \(name)")
            try await Self.appendAudit(audit.map { [$0] } ?? [], session)
            return true
        }
    }

    public func rotateClient(named name: String, tokenHash: String, graceUntil: Int64, audit: AuditDraft?) async throws -> Bool {
        do {
            return try await transaction("rotating the token of client \(name)") { session in
                guard try await session.first("""
                    UPDATE clients SET previous_token_hash = token_hash, previous_valid_until = \(graceUntil), token_hash = \(tokenHash)
                    WHERE name = \(name) AND revoked_at IS NULL RETURNING 1
                    """) != nil else { return false }
                try await Self.appendAudit(audit.map { [$0] } ?? [], session)
                return true
            }
        } catch StoreError.conflict {
            throw StoreError.conflict("that token is already in use")
        }
    }

    public func updateClient(named name: String, scopes: [String], rateLimit: ClientRecord.RateLimit?, audit: AuditDraft?) async throws -> Bool {
        try await transaction("changing client \(name)") { session in
            guard try await session.first("""
                UPDATE clients SET scopes = \(scopes.joined(separator: " ")), rate_per_second = \(rateLimit.map { Int64($0.perSecond) }),
                    rate_burst = \(rateLimit.map { Int64($0.burst) })
                WHERE name = \(name) AND revoked_at IS NULL RETURNING 1
                """) != nil else { return false }
            try await session.run("DELETE FROM console_sessions WHERE client = \(name)")
            try await Self.appendAudit(audit.map { [$0] } ?? [], session)
            return true
        }
    }

    public func recordClientUse(_ lastUsed: [String: Int64]) async throws {
        guard !lastUsed.isEmpty else { return }
        let names = lastUsed.keys.sorted()
        let times = names.map { lastUsed[$0] ?? 0 }
        try await autocommit("recording when clients were last seen") { session in
            try await session.run("""
                UPDATE clients SET last_used_at = used.at
                FROM unnest(\(names)::text[], \(times)::bigint[]) AS used(name, at)
                WHERE clients.name = used.name AND (clients.last_used_at IS NULL OR clients.last_used_at < used.at)
                """)
        }
    }

    static func readClient(_ row: PostgresRow) throws -> ClientRecord {
        let (name, tokenHash, scopes, createdAt, lastUsedAt, revokedAt, previousHash, previousUntil, perSecond, burst) =
            try row.decode((String, String, String, String?, Int64?, Int64?, String?, Int64?, Int64?, Int64?).self)
        return ClientRecord(
            name: name, tokenHash: tokenHash, scopes: scopes.split(separator: " ").map(String.init), createdAt: createdAt,
            lastUsedAt: lastUsedAt, revokedAt: revokedAt, previousTokenHash: previousHash, previousValidUntil: previousUntil,
            rateLimit: perSecond.map { ClientRecord.RateLimit(perSecond: Int($0), burst: Int(burst ?? $0)) })
    }
}

// MARK: - Retention

extension PostgresStore {
    public func pruneBatch(_ kind: RetentionKind, before cutoff: Int64, limit: Int) async throws -> Int {
        try await transaction("pruning \(kind.rawValue)") { session in
            guard kind == .audit else {
                return try await session.rows(PostgresQuery(unsafeSQL: RetentionRuleSQL.deleteBatch(kind, cutoff: cutoff, limit: limit) + " RETURNING 1")).count
            }
            // The head's lock keeps two nodes' pruners (and appends) in turn, so the
            // checkpoint only ever moves forward.
            try await session.run("SELECT 1 FROM audit_anchors WHERE name = 'head' FOR UPDATE")
            let oldest = try await session.rows("SELECT seq, hash, at FROM audit_log ORDER BY seq LIMIT \(Int64(limit))").map { row in
                let (seq, hash, at) = try row.decode((Int64, String, Int64).self)
                return (seq: seq, hash: hash, at: at)
            }
            let prefix = oldest.prefix { $0.at < cutoff }
            guard let last = prefix.last else { return 0 }
            try await session.run("DELETE FROM audit_log WHERE seq <= \(last.seq)")
            try await session.run("""
                INSERT INTO audit_anchors (name, seq, hash) VALUES ('checkpoint', \(last.seq), \(last.hash))
                ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
                """)
            return prefix.count
        }
    }

    public func countPrunable(_ kind: RetentionKind, before cutoff: Int64) async throws -> Int {
        try await autocommit("counting prunable \(kind.rawValue)") { session in
            Int(try await session.first(PostgresQuery(unsafeSQL: RetentionRuleSQL.count(kind, cutoff: cutoff))).map { try $0.decode(Int64.self) } ?? 0)
        }
    }

    /// The tables retention prunes.
    static let prunedTables = ["events", "deliveries", "timeline", "exceptions", "documents", "audit_log"]

    public func reclaimSpace() async throws -> Int64 {
        let before = try await storeSize()
        try await autocommit("vacuuming the pruned tables") { session in
            // VACUUM runs outside a transaction: each statement here commits on its own. It
            // makes the freed space reusable and gives trailing empty pages back to the disk.
            for table in Self.prunedTables {
                try await session.run(PostgresQuery(unsafeSQL: "VACUUM \(table)"))
            }
        }
        return max(0, before - (try await storeSize()))
    }

    public func storeSize() async throws -> Int64 {
        try await autocommit("measuring the store") { session in
            try await session.first("""
                SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'
                """).map { try $0.decode(Int64.self) } ?? 0
        }
    }

    public func recordRetentionRun(_ run: RetentionRun) async throws {
        try await autocommit("recording a retention run") { session in
            try await session.run("""
                INSERT INTO retention_runs (name, body) VALUES ('last', \(run.json.serialized()))
                ON CONFLICT (name) DO UPDATE SET body = excluded.body
                """)
        }
    }

    public func lastRetentionRun() async throws -> RetentionRun? {
        try await autocommit("reading the last retention run") { session in
            try await session.first("SELECT body FROM retention_runs WHERE name = 'last'")
                .flatMap { row in (try? JSONValue.parse(try row.decode(String.self))).flatMap(RetentionRun.init(json:)) }
        }
    }
}

// MARK: - Deprecated operations

extension PostgresStore {
    public func recordDeprecatedCalls(_ calls: [DeprecatedCalls]) async throws {
        guard !calls.isEmpty else { return }
        try await autocommit("counting calls of deprecated operations") { session in
            try await session.run("""
                INSERT INTO deprecated_calls (operation, client, calls, last_at)
                SELECT * FROM unnest(\(calls.map(\.operation))::text[], \(calls.map(\.client))::text[],
                                     \(calls.map { Int64($0.calls) })::bigint[], \(calls.map(\.lastAt))::bigint[])
                ON CONFLICT (operation, client) DO UPDATE SET calls = deprecated_calls.calls + excluded.calls,
                    last_at = GREATEST(deprecated_calls.last_at, excluded.last_at)
                """)
        }
    }

    public func deprecatedCalls() async throws -> [DeprecatedCalls] {
        try await autocommit("reading calls of deprecated operations") { session in
            try await session.rows(#"SELECT operation, client, calls, last_at FROM deprecated_calls ORDER BY operation COLLATE "C", client COLLATE "C""#)
                .map { row in
                    let (operation, client, calls, lastAt) = try row.decode((String, String, Int64, Int64).self)
                    return DeprecatedCalls(operation: operation, client: client, calls: Int(calls), lastAt: lastAt)
                }
        }
    }
}
