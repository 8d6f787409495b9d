import PostgresNIO
public import SutureStore
import SutureDelivery
import SutureModel

// MARK: - Documents and changes made together

extension PostgresStore {
    public func document(_ kind: DocumentKind, key: String) async throws -> StoredDocument? {
        try await autocommit("reading \(kind.rawValue) \(key)") { session in
            try await session.first("""
                SELECT \(unescaped: Self.documentColumns) FROM documents WHERE kind = \(kind.rawValue) AND key = \(key)
                """).map(Self.readDocument)
        }
    }

    public func documents(_ kind: DocumentKind, reference: String) async throws -> [StoredDocument] {
        try await autocommit("listing the \(kind.rawValue) documents of \(reference)") { session in
            try await session.rows("""
                SELECT \(unescaped: Self.documentColumns) FROM documents WHERE kind = \(kind.rawValue) AND reference = \(reference)
                ORDER BY created_at, key COLLATE "C"
                """).map(Self.readDocument)
        }
    }

    public func documents(_ kind: DocumentKind, statusNotIn statuses: [String], containing text: String) async throws -> [StoredDocument] {
        try await autocommit("finding \(kind.rawValue) documents") { session in
            try await session.rows("""
                SELECT \(unescaped: Self.documentColumns) FROM documents
                WHERE kind = \(kind.rawValue) AND status <> ALL(\(statuses)::text[]) AND strpos(body, \(text)) > 0 ORDER BY key COLLATE "C"
                """).map(Self.readDocument)
        }
    }

    public func documents(_ kind: DocumentKind, _ query: ListQuery) async throws -> Page<StoredDocument> {
        try await autocommit("listing \(kind.rawValue) documents") { session in
            query.page(try await session.rows("""
                SELECT \(unescaped: Self.documentColumns) FROM documents
                WHERE kind = \(kind.rawValue) AND (\(query.after)::text IS NULL OR key COLLATE "C" > \(query.after)::text)
                    AND (\(query.likePattern)::text IS NULL OR key ILIKE \(query.likePattern)::text OR reference ILIKE \(query.likePattern)::text)
                ORDER BY key COLLATE "C" LIMIT \(Int64(query.limit + 1))
                """).map(Self.readDocument), key: \.key)
        }
    }

    public func commit(_ changes: StoreChanges) async throws {
        try await transaction("committing a change set") { session in try await Self.apply(changes, session) }
    }

    /// Writes `changes` inside the caller's transaction; a broken precondition throws
    /// (`StoreError.staleVersion` or `.conflict`), which rolls the whole transaction back.
    ///
    /// Each precondition is checked by the statement that writes, so it holds across nodes:
    /// an UPDATE on a row another node is changing waits for that commit and then checks
    /// its WHERE clause against the new row (READ COMMITTED), and an exception's status is
    /// read under its row lock.
    static func apply(_ changes: StoreChanges, _ session: PostgresSession) async throws {
        guard !changes.isEmpty else { return }
        try await appendAudit(changes.auditDrafts, session)
        try await applyStock(changes.stock, session)
        let now = WallClock.nowMilliseconds()
        for write in changes.documents {
            let document = write.document
            if let expected = write.expectedVersion {
                let written = try await session.first("""
                    UPDATE documents SET version = \(Int64(document.version)), correlation_id = \(document.correlationID),
                        traceparent = \(document.traceparent), status = \(document.status), reference = \(document.reference),
                        body = \(document.body), updated_at = \(now)
                    WHERE kind = \(document.kind.rawValue) AND key = \(document.key) AND version = \(Int64(expected))
                    RETURNING 1
                    """) != nil
                guard written else {
                    throw StoreError.staleVersion("\(document.kind.rawValue) \(document.key) was changed by someone else (expected version \(expected)); read it again")
                }
            } else {
                let created = try await session.first("""
                    INSERT INTO documents (kind, key, version, correlation_id, traceparent, status, reference, body, created_at, updated_at)
                    VALUES (\(document.kind.rawValue), \(document.key), \(Int64(document.version)), \(document.correlationID),
                        \(document.traceparent), \(document.status), \(document.reference), \(document.body), \(now), \(now))
                    ON CONFLICT (kind, key) DO NOTHING
                    RETURNING 1
                    """) != nil
                guard created else {
                    throw StoreError.conflict("\(document.kind.rawValue) \(document.key) exists already")
                }
            }
        }
        for change in changes.exceptionChanges {
            // FOR UPDATE: two people acting on one exception from two nodes take turns, and
            // the second sees the first's status.
            guard let row = try await session.first("SELECT status, history FROM exceptions WHERE id = \(change.id) FOR UPDATE") else {
                throw StoreError.conflict("no exception '\(change.id)'")
            }
            let (currentStatus, currentHistory) = try row.decode((String?, String?).self)
            guard let status = ExceptionStatus(rawValue: currentStatus ?? ""), change.expected.contains(status) else {
                throw StoreError.conflict("exception \(change.id) is \(currentStatus ?? "") now")
            }
            var history: [JSONValue] = (try? JSONValue.parse(currentHistory ?? "[]"))?.arrayValue ?? []
            history.append((try? JSONValue.parse(change.historyEntry)) ?? .string(change.historyEntry))
            try await session.run("""
                UPDATE exceptions SET status = \(change.status.rawValue), owner = COALESCE(\(change.owner)::text, owner),
                    history = \(JSONValue.array(history).serialized()), updated_at = \(now),
                    summary = COALESCE(\(change.summary)::text, summary), context = COALESCE(\(change.context)::text, context)
                WHERE id = \(change.id)
                """)
        }
        for exception in changes.exceptions { try await insertException(exception, session) }
        try await insertDeliveries(changes.deliveries, session)
        for requeue in changes.requeues { try await self.requeue(requeue, now: now, session) }
        for (id, status) in changes.eventStatuses {
            // An event set back to `accepted` is for any node's processor to take up at once,
            // not after the lease of whichever node claimed it before.
            try await session.run("UPDATE events SET status = \(status.rawValue), claimed_until = NULL WHERE id = \(id)")
            if status == .accepted { try await notify(.events, session) }
        }
        try await insertTimeline(changes.timeline, session)
    }

    /// Makes a delivery due now under `idempotencyKey` (and a new body, if given); its
    /// event counts as routed again.
    static func requeue(_ requeue: DeliveryRequeue, now: Int64, _ session: PostgresSession) async throws {
        guard let (eventID, destination) = try await session.first("""
            UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = \(now), idempotency_key = \(requeue.idempotencyKey),
                body = COALESCE(\(requeue.body)::text, body), updated_at = \(now)
            WHERE id = \(requeue.deliveryID) AND \(unescaped: DeliveryRuleSQL.isRequeueable("deliveries", now: String(now)))
            RETURNING event_id, destination
            """).map({ try $0.decode((String, String).self) }) else {
            throw StoreError.conflict(DeliveryStateRule.notRequeued(requeue.deliveryID))
        }
        try await session.run("UPDATE events SET status = 'routed' WHERE id = \(eventID)")
        try await notify(.deliveries(destination: destination), session)
    }

    static let documentColumns = "kind, key, version, correlation_id, traceparent, status, reference, body, created_at, updated_at"

    static func readDocument(_ row: PostgresRow) throws -> StoredDocument {
        let (kind, key, version, correlationID, traceparent, status, reference, body, createdAt, updatedAt) =
            try row.decode((String?, String?, Int64, CorrelationID?, String?, String?, String?, String?, Int64, Int64).self)
        return StoredDocument(
            kind: try decodeRaw("documents.kind", kind, as: DocumentKind.self),
            key: key ?? "", version: Int(version), correlationID: correlationID ?? "", traceparent: traceparent ?? "",
            status: status ?? "", reference: reference, body: body ?? "{}", createdAt: createdAt, updatedAt: updatedAt)
    }
}
