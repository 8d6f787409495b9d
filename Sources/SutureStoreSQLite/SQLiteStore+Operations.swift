import Foundation
public import SutureStore
import SutureDelivery
import SutureModel

// MARK: - Console sessions, dashboard figures, circuit and alert states

extension SQLiteStore {
    public func createConsoleSession(_ session: ConsoleSessionRecord) async throws {
        try await run { connection in
            try connection.transaction {
                // Expired sessions go when new ones come, so the table stays the size of who is logged in.
                try connection.statement("DELETE FROM console_sessions WHERE expires_at < ?1").bind([.integer(session.createdAt)]).run()
                try connection.statement("""
                    INSERT INTO console_sessions (id_hash, client, scopes, csrf_token, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    """).bind([.text(session.idHash), .text(session.client), .text(session.scopes.joined(separator: " ")),
                               .text(session.csrfToken), .integer(session.createdAt), .integer(session.expiresAt)]).run()
            }
        }
    }

    public func consoleSession(idHash: String, now: Int64) async throws -> ConsoleSessionRecord? {
        try await run { connection in
            try connection.statement("""
                SELECT id_hash, client, scopes, csrf_token, created_at, expires_at FROM console_sessions WHERE id_hash = ?1 AND expires_at > ?2
                """).bind([.text(idHash), .integer(now)]).firstRow { row in
                ConsoleSessionRecord(idHash: row.text(0) ?? "", client: row.text(1) ?? "",
                                     scopes: (row.text(2) ?? "").split(separator: " ").map(String.init), csrfToken: row.text(3) ?? "",
                                     createdAt: row.integer(4), expiresAt: row.integer(5))
            }
        }
    }

    public func deleteConsoleSession(idHash: String) async throws {
        try await run { connection in
            try connection.statement("DELETE FROM console_sessions WHERE id_hash = ?1").bind([.text(idHash)]).run()
        }
    }

    public func recordActivity(_ counts: [ActivityCount]) async throws {
        guard !counts.isEmpty else { return }
        try await run { connection in
            // Figures for people, not business data: a crash may lose the last few seconds.
            try connection.transaction(durable: false) {
                // A day of minutes is kept (the dashboard reads the last hour); older ones go here.
                if let oldest = counts.map(\.minute).min() {
                    try connection.statement("DELETE FROM activity WHERE minute < ?1").bind([.integer(oldest - ActivityCount.keptMinutes)]).run()
                }
                for count in counts {
                    let existing = try connection.statement("SELECT latency FROM activity WHERE minute = ?1 AND system = ?2 AND node = ?3")
                        .bind([.integer(count.minute), .text(count.system), .text(count.node)]).firstRow { $0.text(0) ?? "" }
                    let latency = ActivityLatencyText.sum(existing, count.latency)
                    try connection.statement("""
                        INSERT INTO activity (system, minute, node, accepted, delivered, failed, latency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        ON CONFLICT (minute, system, node) DO UPDATE SET accepted = accepted + excluded.accepted,
                            delivered = delivered + excluded.delivered, failed = failed + excluded.failed, latency = excluded.latency
                        """).bind([.text(count.system), .integer(count.minute), .text(count.node), .integer(Int64(count.accepted)),
                                   .integer(Int64(count.delivered)), .integer(Int64(count.failed)), .text(latency)]).run()
                }
            }
        }
    }

    public func recordCircuitState(_ state: CircuitStateRecord) async throws {
        try await run { connection in
            try connection.statement("""
                INSERT INTO circuit_states (destination, node, state, since) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (destination, node) DO UPDATE SET state = excluded.state, since = excluded.since
                """).bind([.text(state.destination), .text(state.node), .text(state.state), .integer(state.since)]).run()
        }
    }

    public func operationsSnapshot(_ query: OperationsQuery) async throws -> OperationsSnapshot {
        try await run { connection in
            var snapshot = OperationsSnapshot()
            let now = query.now
            try connection.statement("""
                SELECT system, minute, accepted, delivered, failed, latency FROM activity WHERE minute > ?1
                """).bind([.integer(now / 60_000 - 60)]).rows { row in
                ActivityCount(system: row.text(0) ?? "", minute: row.integer(1), node: "", accepted: Int(row.integer(2)),
                              delivered: Int(row.integer(3)), failed: Int(row.integer(4)), latency: ActivityLatencyText.parse(row.text(5)))
            }.forEach { snapshot.add($0, now: now) }
            for (name, backlog, oldest) in try connection.statement("""
                SELECT destination, COUNT(*), MIN(created_at) FROM deliveries WHERE status IN ('pending', 'in-flight') GROUP BY destination
                """).rows({ ($0.text(0) ?? "", Int($0.integer(1)), $0.integer(2)) }) {
                var destination = snapshot.destination(name)
                destination.backlog = backlog
                destination.oldestPendingAt = oldest
                snapshot.upsert(destination)
            }
            for circuit in try connection.statement("""
                SELECT destination, node, state, since FROM circuit_states c
                WHERE since = (SELECT MAX(since) FROM circuit_states WHERE destination = c.destination)
                """).rows({ CircuitStateRecord(destination: $0.text(0) ?? "", node: $0.text(1) ?? "", state: $0.text(2) ?? "", since: $0.integer(3)) }) {
                var destination = snapshot.destination(circuit.destination)
                destination.circuit = circuit
                snapshot.upsert(destination)
            }
            snapshot.inboxBacklog = Int(try connection.statement("SELECT COUNT(*) FROM events WHERE status = 'accepted'").firstRow { $0.integer(0) } ?? 0)
            let cutoff = now - query.delayedReceiptAfter
            let held = try connection.statement("""
                SELECT COUNT(*) FROM events e WHERE e.type = 'receipt' AND e.status IN ('accepted', 'exception') AND e.received_at < ?1
                    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.path = '/receipts')
                """).bind([.integer(cutoff)]).firstRow { $0.integer(0) } ?? 0
            let pending = try connection.statement("""
                SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'in-flight') AND path = '/receipts' AND created_at < ?1
                """).bind([.integer(cutoff)]).firstRow { $0.integer(0) } ?? 0
            let failed = try connection.statement("""
                SELECT COUNT(*) FROM deliveries WHERE status IN ('rejected', 'dead') AND path = '/receipts' AND created_at < ?1
                """).bind([.integer(cutoff)]).firstRow { $0.integer(0) } ?? 0
            snapshot.delayedReceipts = Int(held + pending + failed)
            snapshot.unmatchedInvoices = Int(try connection.statement("""
                SELECT COUNT(*) FROM documents WHERE kind = 'invoice' AND status IN ('received', 'exception')
                """).firstRow { $0.integer(0) } ?? 0)
            snapshot.ordersAwaitingAcknowledgment = Int(try connection.statement("""
                SELECT COUNT(*) FROM documents WHERE kind = 'purchase-order' AND status = 'ordered'
                """).firstRow { $0.integer(0) } ?? 0)
            snapshot.exceptions = try connection.statement("""
                SELECT type, COUNT(*),
                    SUM(CASE WHEN created_at + \(query.sla.sql(typeColumn: "type")) < ?1 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN created_at > ?1 - 3600000 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN created_at <= ?1 - 3600000 AND created_at > ?1 - 86400000 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN created_at <= ?1 - 86400000 THEN 1 ELSE 0 END)
                FROM exceptions WHERE status IN ('open', 'in-progress') GROUP BY type ORDER BY type
                """).bind([.integer(now)]).rows { row in
                var counts = OperationsSnapshot.ExceptionCounts(type: ExceptionType(rawValue: row.text(0) ?? "") ?? .invalidDocument)
                counts.open = Int(row.integer(1))
                counts.overdue = Int(row.integer(2))
                counts.under1h = Int(row.integer(3))
                counts.under24h = Int(row.integer(4))
                counts.over24h = Int(row.integer(5))
                return counts
            }
            return snapshot
        }
    }

    public func alertStates() async throws -> [AlertStateRecord] {
        try await run { connection in
            try connection.statement("SELECT name, state, since, value, threshold, last_notified_at, version FROM alert_states ORDER BY name")
                .rows { row in
                    AlertStateRecord(name: row.text(0) ?? "", state: row.text(1) ?? "ok", since: row.integer(2), value: Double(row.text(3) ?? "") ?? 0,
                                     threshold: Double(row.text(4) ?? "") ?? 0, lastNotifiedAt: row.isNull(5) ? nil : row.integer(5),
                                     version: Int(row.integer(6)))
                }
        }
    }

    public func transitionAlert(_ state: AlertStateRecord, expectedVersion: Int?, changes: StoreChanges) async throws -> Bool {
        try await run { connection in
            try connection.transaction {
                let values: [SQLiteValue?] = [.text(state.name), .text(state.state), .integer(state.since), .text(String(state.value)),
                                              .text(String(state.threshold)), state.lastNotifiedAt.map { .integer($0) },
                                              .integer(Int64(state.version))]
                if let expectedVersion {
                    try connection.statement("""
                        UPDATE alert_states SET state = ?2, since = ?3, value = ?4, threshold = ?5, last_notified_at = ?6, version = ?7
                        WHERE name = ?1 AND version = ?8
                        """).bind(values + [.integer(Int64(expectedVersion))]).run()
                } else {
                    try connection.statement("""
                        INSERT INTO alert_states (name, state, since, value, threshold, last_notified_at, version)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (name) DO NOTHING
                        """).bind(values).run()
                }
                guard connection.changes == 1 else { return false }
                try Self.apply(changes, connection)
                return true
            }
        }
    }
}
