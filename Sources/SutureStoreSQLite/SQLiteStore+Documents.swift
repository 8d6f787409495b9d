import Foundation
public import SutureStore
import SutureDelivery
import SutureModel

// MARK: - Documents and changes made together

extension SQLiteStore {
    public func document(_ kind: DocumentKind, key: String) async throws -> StoredDocument? {
        try await run { connection in
            try connection.statement("SELECT \(Self.documentColumns) FROM documents WHERE kind = ?1 AND key = ?2")
                .bind([.text(kind.rawValue), .text(key)]).firstRow(Self.readDocument)
        }
    }

    public func documents(_ kind: DocumentKind, reference: String) async throws -> [StoredDocument] {
        try await run { connection in
            try connection.statement("SELECT \(Self.documentColumns) FROM documents WHERE kind = ?1 AND reference = ?2 ORDER BY created_at, key")
                .bind([.text(kind.rawValue), .text(reference)]).rows(Self.readDocument)
        }
    }

    public func documents(_ kind: DocumentKind, statusNotIn statuses: [String], containing text: String) async throws -> [StoredDocument] {
        try await run { connection in
            try connection.statement("""
                SELECT \(Self.documentColumns) FROM documents
                WHERE kind = ?1 AND status NOT IN (SELECT value FROM json_each(?2)) AND instr(body, ?3) > 0 ORDER BY key
                """).bind([.text(kind.rawValue), .text(JSONValue.array(statuses.map(JSONValue.string)).serialized()), .text(text)])
                .rows(Self.readDocument)
        }
    }

    public func documents(_ kind: DocumentKind, _ query: ListQuery) async throws -> Page<StoredDocument> {
        try await run { connection in
            query.page(try connection.statement("""
                SELECT \(Self.documentColumns) FROM documents
                WHERE kind = ?1 AND (?2 IS NULL OR key > ?2)
                    AND (?3 IS NULL OR key LIKE ?3 ESCAPE '\\' OR reference LIKE ?3 ESCAPE '\\')
                ORDER BY key LIMIT ?4
                """).bind([.text(kind.rawValue), .text(query.after), .text(query.likePattern), .integer(Int64(query.limit + 1))])
                .rows(Self.readDocument), key: \.key)
        }
    }

    public func commit(_ changes: StoreChanges) async throws {
        try await run { connection in
            try connection.transaction { try Self.apply(changes, connection) }
        }
    }

    /// Writes `changes` inside the caller's transaction; a broken precondition throws
    /// (`StoreError.staleVersion` or `.conflict`), which rolls the whole transaction back.
    static func apply(_ changes: StoreChanges, _ connection: SQLiteConnection) throws {
        guard !changes.isEmpty else { return }
        try appendAudit(changes.auditDrafts, connection)
        try applyStock(changes.stock, connection)
        let now = WallClock.nowMilliseconds()
        for write in changes.documents {
            let document = write.document
            if let expected = write.expectedVersion {
                try connection.statement("""
                    UPDATE documents SET version = ?3, correlation_id = ?4, traceparent = ?5, status = ?6, reference = ?7,
                        body = ?8, updated_at = ?9 WHERE kind = ?1 AND key = ?2 AND version = ?10
                    """).bind([.text(document.kind.rawValue), .text(document.key), .integer(Int64(document.version)),
                               .text(document.correlationID.rawValue), .text(document.traceparent), .text(document.status),
                               .text(document.reference), .text(document.body), .integer(now), .integer(Int64(expected))]).run()
                guard connection.changes == 1 else {
                    throw StoreError.staleVersion("\(document.kind.rawValue) \(document.key) was changed by someone else (expected version \(expected)); read it again")
                }
            } else {
                try connection.statement("""
                    INSERT INTO documents (kind, key, version, correlation_id, traceparent, status, reference, body, created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) ON CONFLICT (kind, key) DO NOTHING
                    """).bind([.text(document.kind.rawValue), .text(document.key), .integer(Int64(document.version)),
                               .text(document.correlationID.rawValue), .text(document.traceparent), .text(document.status),
                               .text(document.reference), .text(document.body), .integer(now)]).run()
                guard connection.changes == 1 else {
                    throw StoreError.conflict("\(document.kind.rawValue) \(document.key) exists already")
                }
            }
        }
        for change in changes.exceptionChanges {
            guard let current = try connection.statement("SELECT status, history FROM exceptions WHERE id = ?1")
                .bind([.text(change.id)]).firstRow({ ($0.text(0) ?? "", $0.text(1) ?? "[]") }) else {
                throw StoreError.conflict("no exception '\(change.id)'")
            }
            guard let status = ExceptionStatus(rawValue: current.0), change.expected.contains(status) else {
                throw StoreError.conflict("exception \(change.id) is \(current.0) now")
            }
            var history: [JSONValue] = (try? JSONValue.parse(current.1))?.arrayValue ?? []
            history.append((try? JSONValue.parse(change.historyEntry)) ?? .string(change.historyEntry))
            try connection.statement("""
                UPDATE exceptions SET status = ?2, owner = COALESCE(?3, owner), history = ?4, updated_at = ?5,
                    summary = COALESCE(?6, summary), context = COALESCE(?7, context) WHERE id = ?1
                """).bind([.text(change.id), .text(change.status.rawValue), .text(change.owner),
                           .text(JSONValue.array(history).serialized()), .integer(now), .text(change.summary), .text(change.context)]).run()
        }
        for exception in changes.exceptions { try insertException(exception, connection) }
        for delivery in changes.deliveries { try insertDelivery(delivery, connection) }
        for requeue in changes.requeues { try self.requeue(requeue, now: now, connection) }
        for (id, status) in changes.eventStatuses {
            try connection.statement("UPDATE events SET status = ?2 WHERE id = ?1").bind([.text(id.rawValue), .text(status.rawValue)]).run()
        }
        for entry in changes.timeline { try insertTimeline(entry, connection) }
    }

    /// Makes a delivery due now under `idempotencyKey` (and a new body, if given); its
    /// event counts as routed again.
    static func requeue(_ requeue: DeliveryRequeue, now: Int64, _ connection: SQLiteConnection) throws {
        try connection.statement("""
            UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?2, idempotency_key = ?3,
                body = COALESCE(?4, body), updated_at = ?2
            WHERE id = ?1 AND \(DeliveryRuleSQL.isRequeueable("deliveries", now: "?2"))
            """).bind([.text(requeue.deliveryID.rawValue), .integer(now), .text(requeue.idempotencyKey), .text(requeue.body)]).run()
        guard connection.changes == 1 else { throw StoreError.conflict(DeliveryStateRule.notRequeued(requeue.deliveryID)) }
        try connection.statement("UPDATE events SET status = 'routed' WHERE id = (SELECT event_id FROM deliveries WHERE id = ?1)")
            .bind([.text(requeue.deliveryID.rawValue)]).run()
    }

    static let documentColumns = "kind, key, version, correlation_id, traceparent, status, reference, body, created_at, updated_at"

    static func readDocument(_ row: SQLiteRow) throws -> StoredDocument {
        StoredDocument(
            kind: try decode("documents.kind", row.text(0)) { text in
                guard let kind = DocumentKind(rawValue: text) else { throw StoreError.corrupt(text) }
                return kind
            },
            key: row.text(1) ?? "", version: Int(row.integer(2)), correlationID: row.id(3), traceparent: row.text(4) ?? "",
            status: row.text(5) ?? "", reference: row.text(6), body: row.text(7) ?? "{}", createdAt: row.integer(8), updatedAt: row.integer(9))
    }
}
