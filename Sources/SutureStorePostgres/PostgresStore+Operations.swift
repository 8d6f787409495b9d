import PostgresNIO
public import SutureStore
import SutureDelivery
import SutureModel

// MARK: - Console sessions, dashboard figures, circuit and alert states

extension PostgresStore {
    public func createConsoleSession(_ session: ConsoleSessionRecord) async throws {
        try await transaction("creating a console session") { connection in
            // Expired sessions go when new ones come, so the table stays the size of who is logged in.
            try await connection.run("DELETE FROM console_sessions WHERE expires_at < \(session.createdAt)")
            try await connection.run("""
                INSERT INTO console_sessions (id_hash, client, scopes, csrf_token, created_at, expires_at)
                VALUES (\(session.idHash), \(session.client), \(session.scopes.joined(separator: " ")), \(session.csrfToken),
                    \(session.createdAt), \(session.expiresAt))
                """)
        }
    }

    public func consoleSession(idHash: String, now: Int64) async throws -> ConsoleSessionRecord? {
        try await autocommit("reading a console session") { session in
            try await session.first("""
                SELECT id_hash, client, scopes, csrf_token, created_at, expires_at FROM console_sessions
                WHERE id_hash = \(idHash) AND expires_at > \(now)
                """).map { row in
                let (idHash, client, scopes, csrf, createdAt, expiresAt) = try row.decode((String, String, String, String, Int64, Int64).self)
                return ConsoleSessionRecord(idHash: idHash, client: client, scopes: scopes.split(separator: " ").map(String.init),
                                            csrfToken: csrf, createdAt: createdAt, expiresAt: expiresAt)
            }
        }
    }

    public func deleteConsoleSession(idHash: String) async throws {
        try await autocommit("deleting a console session") { session in
            try await session.run("DELETE FROM console_sessions WHERE id_hash = \(idHash)")
        }
    }

    public func recordActivity(_ counts: [ActivityCount]) async throws {
        guard !counts.isEmpty else { return }
        // Each node writes only its own rows, so reading and adding here races with nobody.
        try await transaction("recording activity") { session in
            // A day of minutes is kept (the dashboard reads the last hour); older ones go here.
            if let oldest = counts.map(\.minute).min() {
                try await session.run("DELETE FROM activity WHERE minute < \(oldest - ActivityCount.keptMinutes)")
            }
            for count in counts {
                let existing = try await session.first("""
                    SELECT latency FROM activity WHERE minute = \(count.minute) AND system = \(count.system) AND node = \(count.node)
                    """).map { try $0.decode(String.self) }
                let latency = ActivityLatencyText.sum(existing, count.latency)
                try await session.run("""
                    INSERT INTO activity (system, minute, node, accepted, delivered, failed, latency)
                    VALUES (\(count.system), \(count.minute), \(count.node), \(Int64(count.accepted)), \(Int64(count.delivered)),
                        \(Int64(count.failed)), \(latency))
                    ON CONFLICT (minute, system, node) DO UPDATE SET accepted = activity.accepted + excluded.accepted,
                        delivered = activity.delivered + excluded.delivered, failed = activity.failed + excluded.failed,
                        latency = excluded.latency
                    """)
            }
        }
    }

    public func recordCircuitState(_ state: CircuitStateRecord) async throws {
        try await autocommit("recording a circuit state") { session in
            try await session.run("""
                INSERT INTO circuit_states (destination, node, state, since) VALUES (\(state.destination), \(state.node), \(state.state), \(state.since))
                ON CONFLICT (destination, node) DO UPDATE SET state = excluded.state, since = excluded.since
                """)
        }
    }

    public func operationsSnapshot(_ query: OperationsQuery) async throws -> OperationsSnapshot {
        try await autocommit("computing the dashboard figures") { session in
            var snapshot = OperationsSnapshot()
            let now = query.now
            for row in try await session.rows("""
                SELECT system, minute, accepted, delivered, failed, latency FROM activity WHERE minute > \(now / 60_000 - 60)
                """) {
                let (system, minute, accepted, delivered, failed, latency) = try row.decode((String, Int64, Int64, Int64, Int64, String).self)
                snapshot.add(ActivityCount(system: system, minute: minute, node: "", accepted: Int(accepted), delivered: Int(delivered),
                                           failed: Int(failed), latency: ActivityLatencyText.parse(latency)), now: now)
            }
            for row in try await session.rows("""
                SELECT destination, COUNT(*), MIN(created_at) FROM deliveries WHERE status IN ('pending', 'in-flight') GROUP BY destination
                """) {
                let (name, backlog, oldest) = try row.decode((String, Int64, Int64).self)
                var destination = snapshot.destination(name)
                destination.backlog = Int(backlog)
                destination.oldestPendingAt = oldest
                snapshot.upsert(destination)
            }
            for row in try await session.rows("""
                SELECT DISTINCT ON (destination) destination, node, state, since FROM circuit_states ORDER BY destination, since DESC
                """) {
                let (name, node, state, since) = try row.decode((String, String, String, Int64).self)
                var destination = snapshot.destination(name)
                destination.circuit = CircuitStateRecord(destination: name, node: node, state: state, since: since)
                snapshot.upsert(destination)
            }
            let cutoff = now - query.delayedReceiptAfter
            func count(_ query: PostgresQuery) async throws -> Int {
                Int(try await session.first(query).map { try $0.decode(Int64.self) } ?? 0)
            }
            snapshot.inboxBacklog = try await count("SELECT COUNT(*) FROM events WHERE status = 'accepted'")
            snapshot.delayedReceipts = try await count("""
                SELECT COUNT(*) FROM events e WHERE e.type = 'receipt' AND e.status IN ('accepted', 'exception') AND e.received_at < \(cutoff)
                    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.path = '/receipts')
                """)
                + count("""
                SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'in-flight') AND path = '/receipts' AND created_at < \(cutoff)
                """)
                + count("""
                SELECT COUNT(*) FROM deliveries WHERE status IN ('rejected', 'dead') AND path = '/receipts' AND created_at < \(cutoff)
                """)
            snapshot.unmatchedInvoices = try await count("SELECT COUNT(*) FROM documents WHERE kind = 'invoice' AND status IN ('received', 'exception')")
            snapshot.ordersAwaitingAcknowledgment = try await count("SELECT COUNT(*) FROM documents WHERE kind = 'purchase-order' AND status = 'ordered'")
            snapshot.exceptions = try await session.rows("""
                SELECT type, COUNT(*),
                    SUM(CASE WHEN created_at + \(unescaped: query.sla.sql(typeColumn: "type")) < \(now) THEN 1 ELSE 0 END),
                    SUM(CASE WHEN created_at > \(now - 3_600_000) THEN 1 ELSE 0 END),
                    SUM(CASE WHEN created_at <= \(now - 3_600_000) AND created_at > \(now - 86_400_000) THEN 1 ELSE 0 END),
                    SUM(CASE WHEN created_at <= \(now - 86_400_000) THEN 1 ELSE 0 END)
                FROM exceptions WHERE status IN ('open', 'in-progress') GROUP BY type ORDER BY type COLLATE "C"
                """).map { row in
                let (type, open, overdue, under1h, under24h, over24h) = try row.decode((String, Int64, Int64, Int64, Int64, Int64).self)
                var counts = OperationsSnapshot.ExceptionCounts(type: ExceptionType(rawValue: type) ?? .invalidDocument)
                counts.open = Int(open)
                counts.overdue = Int(overdue)
                counts.under1h = Int(under1h)
                counts.under24h = Int(under24h)
                counts.over24h = Int(over24h)
                return counts
            }
            return snapshot
        }
    }

    public func alertStates() async throws -> [AlertStateRecord] {
        try await autocommit("reading alert states") { session in
            try await session.rows("""
                SELECT name, state, since, value, threshold, last_notified_at, version FROM alert_states ORDER BY name COLLATE "C"
                """).map { row in
                let (name, state, since, value, threshold, notified, version) = try row.decode((String, String, Int64, String, String, Int64?, Int64).self)
                return AlertStateRecord(name: name, state: state, since: since, value: Double(value) ?? 0, threshold: Double(threshold) ?? 0,
                                        lastNotifiedAt: notified, version: Int(version))
            }
        }
    }

    public func transitionAlert(_ state: AlertStateRecord, expectedVersion: Int?, changes: StoreChanges) async throws -> Bool {
        try await transaction("moving alert \(state.name) to \(state.state)") { session in
            // The row's version is the compare-and-set: of several nodes seeing the same
            // crossing, the first to commit moves the rule and queues its notification; the
            // others' UPDATE waits for that commit, then matches no row.
            let moved: Bool
            if let expectedVersion {
                moved = try await session.first("""
                    UPDATE alert_states SET state = \(state.state), since = \(state.since), value = \(String(state.value)),
                        threshold = \(String(state.threshold)), last_notified_at = \(state.lastNotifiedAt), version = \(Int64(state.version))
                    WHERE name = \(state.name) AND version = \(Int64(expectedVersion))
                    RETURNING 1
                    """) != nil
            } else {
                moved = try await session.first("""
                    INSERT INTO alert_states (name, state, since, value, threshold, last_notified_at, version)
                    VALUES (\(state.name), \(state.state), \(state.since), \(String(state.value)), \(String(state.threshold)),
                        \(state.lastNotifiedAt), \(Int64(state.version)))
                    ON CONFLICT (name) DO NOTHING
                    RETURNING 1
                    """) != nil
            }
            guard moved else { return false }
            try await Self.apply(changes, session)
            return true
        }
    }
}
