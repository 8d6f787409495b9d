import Foundation
public import SutureStore
public import SutureDelivery
public import SutureModel

// MARK: - Events

extension SQLiteStore {
    public func appendEvents(_ events: [NewEvent]) async throws -> [AppendOutcome] {
        try await run { connection in
            try connection.transaction {
                var outcomes: [AppendOutcome] = []
                outcomes.reserveCapacity(events.count)
                // Keys seen earlier in this same batch (a batch may repeat a key).
                var inBatch: [String: (id: EventID, correlationID: CorrelationID, hash: String)] = [:]
                for event in events {
                    let scopedKey = event.client + "\u{0}" + event.idempotencyKey
                    if let earlier = inBatch[scopedKey] {
                        outcomes.append(.repeatedKey(requestHash: event.requestHash, existingID: earlier.id,
                                                     existingCorrelationID: earlier.correlationID, existingHash: earlier.hash, existingStatus: .accepted))
                        continue
                    }
                    if let existing = try connection.statement(
                        "SELECT id, correlation_id, request_hash, status FROM events WHERE client = ?1 AND idempotency_key = ?2")
                        .bind([.text(event.client), .text(event.idempotencyKey)])
                        .firstRow({ row -> (EventID, CorrelationID, String, String) in (row.id(0), row.id(1), row.text(2) ?? "", row.text(3) ?? "") }) {
                        outcomes.append(.repeatedKey(requestHash: event.requestHash, existingID: existing.0, existingCorrelationID: existing.1,
                                                     existingHash: existing.2, existingStatus: EventStatus(rawValue: existing.3) ?? .accepted))
                        continue
                    }
                    try connection.statement("""
                        INSERT INTO events (id, client, idempotency_key, request_hash, correlation_id, traceparent, type, source,
                            status, payload, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'accepted', ?9, ?10)
                        """).bind([.text(event.id.rawValue), .text(event.client), .text(event.idempotencyKey), .text(event.requestHash),
                                   .text(event.correlationID.rawValue), .text(event.traceparent), .text(event.type.rawValue),
                                   .text(event.source), .text(event.payload), .integer(event.receivedAt)]).run()
                    try Self.insertTimeline(TimelineEntry(at: event.receivedAt, correlationID: event.correlationID, stage: .received,
                                                          system: event.source, outcome: "ok",
                                                          detail: "\(event.type.rawValue) event \(event.id) accepted from client \(event.client)"),
                                            connection)
                    inBatch[scopedKey] = (event.id, event.correlationID, event.requestHash)
                    outcomes.append(.accepted(id: event.id, correlationID: event.correlationID))
                }
                return outcomes
            }
        }
    }

    public func acceptedEvents(limit: Int) async throws -> [StoredEvent] {
        try await run { connection in
            try connection.statement("SELECT \(Self.eventColumns) FROM events WHERE status = 'accepted' ORDER BY sequence LIMIT ?1")
                .bind([.integer(Int64(limit))]).rows(Self.readEvent)
        }
    }

    /// One process works on an SQLite file, so there is no one to claim events from.
    public func claimAcceptedEvents(limit: Int, now: Int64, leaseUntil: Int64) async throws -> [StoredEvent] {
        try await acceptedEvents(limit: limit)
    }

    public var sharedByNodes: Bool { false }

    /// Nothing to listen to: only this process writes the file, and its commits wake its workers.
    public func listenForWork(_ notice: @escaping @Sendable (WorkNotice) -> Void) async throws {}

    public func reserveDeliverySlots(destination: String, count: Int, interval: Int64, tolerance: Int64, now: Int64) async throws -> [Int64] {
        guard count > 0 else { return [] }
        let span = interval * Int64(count)
        return try await run { connection in
            try connection.transaction(durable: false) {
                let tat = try connection.statement("""
                    INSERT INTO rate_limits (destination, tat) VALUES (?1, ?2 + ?3)
                    ON CONFLICT (destination) DO UPDATE SET tat = MAX(tat, ?2) + ?3 RETURNING tat
                    """).bind([.text(destination), .integer(now), .integer(span)]).firstRow { $0.integer(0) } ?? now + span
                return RateSlots.waits(tat: tat, count: count, interval: interval, tolerance: tolerance, now: now)
            }
        }
    }

    public func admitClientCall(client: String, interval: Int64, tolerance: Int64, now: Int64) async throws -> Int64 {
        try await run { connection in
            try connection.transaction(durable: false) {
                let key = "client:" + client
                let admitted = try connection.statement("""
                    INSERT INTO rate_limits (destination, tat) VALUES (?1, ?2 + ?3)
                    ON CONFLICT (destination) DO UPDATE SET tat = MAX(tat, ?2) + ?3 WHERE MAX(tat, ?2) - ?4 <= ?2 RETURNING tat
                    """).bind([.text(key), .integer(now), .integer(interval), .integer(tolerance)]).firstRow { _ in true } ?? false
                if admitted { return 0 }
                let tat = try connection.statement("SELECT tat FROM rate_limits WHERE destination = ?1").bind([.text(key)]).firstRow { $0.integer(0) } ?? now
                return max(1, tat - tolerance - now)
            }
        }
    }

    public func recordProcessing(_ results: [ProcessedEvent]) async throws {
        try await run { connection in
            try connection.transaction(durable: false) {
                for result in results {
                    try connection.statement("UPDATE events SET status = ?2, normalized = ?3 WHERE id = ?1 AND status = 'accepted'")
                        .bind([.text(result.eventID.rawValue), .text(result.status.rawValue), .text(result.normalized)]).run()
                    // Processed already (by an earlier run whose result was thought lost): keep that result.
                    guard connection.changes == 1 else { continue }
                    guard let event = try connection.statement("SELECT \(Self.eventColumns) FROM events WHERE id = ?1")
                        .bind([.text(result.eventID.rawValue)]).firstRow(Self.readEvent) else { continue }
                    for delivery in result.deliveries {
                        try Self.insertDelivery(OutboundDelivery(delivery, source: .event(event.id), correlationID: event.correlationID,
                                                                 traceparent: event.traceparent), connection)
                    }
                    for exception in result.exceptions { try Self.insertException(exception, connection) }
                    for entry in result.timeline { try Self.insertTimeline(entry, connection) }
                    try Self.apply(result.effects, connection)
                }
            }
        }
    }

    public func event(id: EventID) async throws -> StoredEvent? {
        try await run { connection in
            try connection.statement("SELECT \(Self.eventColumns) FROM events WHERE id = ?1").bind([.text(id.rawValue)]).firstRow(Self.readEvent)
        }
    }

    public func timeline(correlationID: CorrelationID) async throws -> [TimelineEntry] {
        try await run { connection in
            try connection.statement("SELECT at, correlation_id, stage, system, outcome, detail FROM timeline WHERE correlation_id = ?1 ORDER BY at, sequence")
                .bind([.text(correlationID.rawValue)]).rows { row in
                    TimelineEntry(at: row.integer(0), correlationID: row.id(1), stage: TimelineStage(rawValue: row.text(2) ?? ""),
                                  system: row.text(3), outcome: row.text(4) ?? "", detail: row.text(5) ?? "")
                }
        }
    }

    public func appendTimeline(_ entries: [TimelineEntry]) async throws {
        try await run { connection in
            try connection.transaction { for entry in entries { try Self.insertTimeline(entry, connection) } }
        }
    }

    static let eventColumns = "id, client, idempotency_key, correlation_id, traceparent, type, source, status, payload, normalized, received_at"

    static func readEvent(_ row: SQLiteRow) throws -> StoredEvent {
        StoredEvent(
            id: row.id(0), client: row.text(1) ?? "", idempotencyKey: row.text(2) ?? "",
            correlationID: row.id(3), traceparent: row.text(4) ?? "",
            type: try decode("events.type", row.text(5)) { text in
                guard let type = InventoryEventType(rawValue: text) else { throw StoreError.corrupt(text) }
                return type
            },
            source: row.text(6) ?? "",
            status: try decode("events.status", row.text(7)) { text in
                guard let status = EventStatus(rawValue: text) else { throw StoreError.corrupt(text) }
                return status
            },
            payload: row.text(8) ?? "", normalized: row.text(9), receivedAt: row.integer(10))
    }

    static func insertTimeline(_ entry: TimelineEntry, _ connection: SQLiteConnection) throws {
        try connection.statement("INSERT INTO timeline (correlation_id, at, stage, system, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .bind([.text(entry.correlationID.rawValue), .integer(entry.at), .text(entry.stage.rawValue), .text(entry.system),
                   .text(entry.outcome), .text(entry.detail)]).run()
    }

    static func insertException(_ exception: NewException, _ connection: SQLiteConnection) throws {
        try connection.statement("""
            INSERT INTO exceptions (id, type, status, created_at, updated_at, correlation_id, system, event_id, delivery_id, summary,
                context, history, document)
            VALUES (?1, ?2, 'open', ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '[]', ?10)
            """).bind([.text(exception.id), .text(exception.type.rawValue), .integer(WallClock.nowMilliseconds()),
                       .text(exception.correlationID.rawValue), .text(exception.system), .text(exception.eventID?.rawValue),
                       .text(exception.deliveryID?.rawValue), .text(exception.summary), .text(exception.context),
                       .text(exception.document)]).run()
    }

    /// Inserts a delivery; one that exists already (the same work done again after its
    /// result was lost) is left as it is, since delivery ids are derived from their source.
    static func insertDelivery(_ outbound: OutboundDelivery, _ connection: SQLiteConnection) throws {
        let delivery = outbound.delivery
        try connection.statement("""
            INSERT INTO deliveries (id, event_id, correlation_id, traceparent, destination, method, path, body,
                idempotency_key, status, attempts, next_attempt_at, created_at, updated_at, state_key)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', 0, ?10, ?10, ?10, ?11)
            ON CONFLICT (id) DO NOTHING
            """).bind([.text(delivery.id.rawValue), .text(outbound.source.rawValue), .text(outbound.correlationID.rawValue), .text(outbound.traceparent),
                       .text(delivery.destination), .text(delivery.method), .text(delivery.path), .text(delivery.body),
                       .text(delivery.idempotencyKey), .integer(WallClock.nowMilliseconds()), delivery.stateKey.map { .text($0) }]).run()
    }

}

// MARK: - Deliveries

extension SQLiteStore {
    static let deliveryColumns = """
        id, event_id, correlation_id, traceparent, destination, method, path, body, idempotency_key, status, attempts,
        next_attempt_at, last_status_code, last_error, created_at, updated_at, sequence,
        (SELECT received_at FROM events WHERE events.id = deliveries.event_id)
        """

    static func readDelivery(_ row: SQLiteRow) throws -> DeliveryRecord {
        DeliveryRecord(
            id: row.id(0), source: DeliverySource(rawValue: row.text(1) ?? ""), correlationID: row.id(2), traceparent: row.text(3) ?? "",
            destination: row.text(4) ?? "", method: row.text(5) ?? "", path: row.text(6) ?? "", body: row.text(7) ?? "",
            idempotencyKey: row.text(8) ?? "",
            status: try decode("deliveries.status", row.text(9)) { text in
                guard let status = DeliveryStatus(rawValue: text) else { throw StoreError.corrupt(text) }
                return status
            },
            attempts: Int(row.integer(10)), nextAttemptAt: row.integer(11),
            lastStatusCode: row.isNull(12) ? nil : Int(row.integer(12)), lastError: row.text(13),
            createdAt: row.integer(14), updatedAt: row.integer(15), eventReceivedAt: row.integer(17))
    }

    public func claimDueDeliveries(destination: String, now: Int64, leaseUntil: Int64, limit: Int) async throws -> [DeliveryRecord] {
        try await run { connection in
            try connection.transaction(durable: false) {
                // A waiting state that a newer one of the same thing replaces is not sent (`DeliveryStateKeyRule`).
                let superseded = try connection.statement("""
                    UPDATE deliveries SET status = 'superseded', last_error = ?3, updated_at = ?2
                    WHERE destination = ?1 AND \(DeliveryRuleSQL.isSupersededByNewer("deliveries", now: "?2"))
                    RETURNING correlation_id, id
                    """).bind([.text(destination), .integer(now), .text(DeliveryStateRule.supersededNote)])
                    .rows { row -> (CorrelationID, DeliveryID) in (row.id(0), row.id(1)) }
                for (correlationID, id) in superseded {
                    try Self.insertTimeline(DeliveryStateRule.timelineEntry(correlationID: correlationID, deliveryID: id, destination: destination, at: now), connection)
                    try connection.statement("""
                        UPDATE exceptions SET status = 'resolved', updated_at = ?2, history = \(DeliveryStateRule.appendedHistory("?3"))
                        WHERE delivery_id = ?1 AND status IN ('open', 'in-progress')
                        """).bind([.text(id.rawValue), .integer(now), .text(DeliveryStateRule.historyEntry(at: now))]).run()
                }
                // An in-flight delivery whose lease ran out belongs to a worker that died: claim it again.
                let due = try connection.statement("""
                    SELECT \(Self.deliveryColumns) FROM deliveries
                    WHERE destination = ?1 AND \(DeliveryRuleSQL.isClaimable("deliveries", now: "?2"))
                    ORDER BY next_attempt_at, sequence LIMIT ?3
                    """).bind([.text(destination), .integer(now), .integer(Int64(limit))]).rows(Self.readDelivery)
                var claimed: [DeliveryRecord] = []
                for var delivery in due {
                    try connection.statement("UPDATE deliveries SET status = 'in-flight', next_attempt_at = ?2, updated_at = ?3 WHERE id = ?1")
                        .bind([.text(delivery.id.rawValue), .integer(leaseUntil), .integer(now)]).run()
                    delivery.status = .inFlight
                    delivery.nextAttemptAt = leaseUntil
                    claimed.append(delivery)
                }
                return claimed
            }
        }
    }

    /// One hub process works on an SQLite file, so at its start every in-flight delivery
    /// belongs to a worker of a process that has died: it is due again at once (under the
    /// same key, so the destination does not post it twice).
    public func releaseOrphanedClaims(destination: String, now: Int64) async throws -> Int {
        try await run { connection in
            try connection.transaction(durable: false) {
                try connection.statement("UPDATE deliveries SET status = 'pending', next_attempt_at = ?2 WHERE destination = ?1 AND status = 'in-flight'")
                    .bind([.text(destination), .integer(now)]).run()
                return connection.changes
            }
        }
    }

    public func nextDueTime(destination: String) async throws -> Int64? {
        try await run { connection in
            try connection.statement("SELECT MIN(next_attempt_at) FROM deliveries WHERE destination = ?1 AND status IN \(DeliveryRuleSQL.list(DeliveryStatus.claimable))")
                .bind([.text(destination)]).firstRow { $0.isNull(0) ? nil : $0.integer(0) } ?? nil
        }
    }

    public func recordDeliveryAttempts(_ attempts: [DeliveryAttemptRecord]) async throws {
        try await run { connection in
            try connection.transaction(durable: false) {
                let now = WallClock.nowMilliseconds()
                for attempt in attempts {
                    try connection.statement("""
                        UPDATE deliveries SET status = ?2, attempts = ?3, next_attempt_at = ?4, last_status_code = ?5,
                            last_error = ?6, updated_at = ?7
                        WHERE id = ?1 AND \(DeliveryRuleSQL.acceptsAttempt("deliveries", hasClaim: "?8 IS NOT NULL", claimedUntil: "?8"))
                        """).bind([.text(attempt.deliveryID.rawValue), .text(attempt.status.rawValue), .integer(Int64(attempt.attempts)),
                                   .integer(attempt.nextAttemptAt), attempt.lastStatusCode.map { .integer(Int64($0)) },
                                   .text(attempt.lastError), .integer(now), attempt.claimedUntil.map { .integer($0) }]).run()
                    // Taken over after this worker's lease ran out: the newer outcome stands.
                    guard connection.changes == 1 else { continue }
                    for entry in attempt.timeline { try Self.insertTimeline(entry, connection) }
                    if let exception = attempt.exception { try Self.insertException(exception, connection) }
                    // The event's own status follows its deliveries.
                    guard let eventID = try connection.statement("SELECT event_id FROM deliveries WHERE id = ?1")
                        .bind([.text(attempt.deliveryID.rawValue)]).firstRow({ $0.text(0) }) ?? nil else { continue }
                    let status = EventStatus.following(try connection.statement("SELECT status FROM deliveries WHERE event_id = ?1")
                        .bind([.text(eventID)]).rows { DeliveryStatus(rawValue: $0.text(0) ?? "") ?? .pending })
                    try connection.statement("UPDATE events SET status = ?2 WHERE id = ?1 AND status != 'accepted'")
                        .bind([.text(eventID), .text(status.rawValue)]).run()
                }
            }
        }
    }

    public func delivery(id: DeliveryID) async throws -> DeliveryRecord? {
        try await run { connection in
            try connection.statement("SELECT \(Self.deliveryColumns) FROM deliveries WHERE id = ?1").bind([.text(id.rawValue)]).firstRow(Self.readDelivery)
        }
    }

    public func deliveries(source: DeliverySource) async throws -> [DeliveryRecord] {
        try await run { connection in
            try connection.statement("SELECT \(Self.deliveryColumns) FROM deliveries WHERE event_id = ?1 ORDER BY sequence")
                .bind([.text(source.rawValue)]).rows(Self.readDelivery)
        }
    }

    public func deliveries(status: DeliveryStatus?, destination: String?, limit: Int, before: Int64?) async throws -> [(record: DeliveryRecord, sequence: Int64)] {
        try await run { connection in
            try connection.statement("""
                SELECT \(Self.deliveryColumns) FROM deliveries
                WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR destination = ?2) AND (?3 IS NULL OR sequence < ?3)
                ORDER BY sequence DESC LIMIT ?4
                """).bind([.text(status?.rawValue), .text(destination), before.map { .integer($0) }, .integer(Int64(limit))])
                .rows { row in (try Self.readDelivery(row), row.integer(16)) }
        }
    }

    public func requeueDelivery(id: DeliveryID, idempotencyKey: String, body: String?, now: Int64, timeline: TimelineEntry, audit: AuditDraft?) async throws -> DeliveryRecord? {
        try await run { connection in
            try connection.transaction {
                guard try connection.statement("SELECT 1 FROM deliveries WHERE id = ?1").bind([.text(id.rawValue)]).firstRow({ _ in true }) != nil else {
                    return nil
                }
                try Self.requeue(DeliveryRequeue(deliveryID: id, idempotencyKey: idempotencyKey, body: body), now: now, connection)
                try Self.insertTimeline(timeline, connection)
                try Self.appendAudit(audit.map { [$0] } ?? [], connection)
                return try connection.statement("SELECT \(Self.deliveryColumns) FROM deliveries WHERE id = ?1").bind([.text(id.rawValue)]).firstRow(Self.readDelivery)
            }
        }
    }

    public func deliveryCounts() async throws -> [(destination: String, status: DeliveryStatus, count: Int)] {
        try await run { connection in
            try connection.statement("SELECT destination, status, COUNT(*) FROM deliveries GROUP BY destination, status ORDER BY destination, status")
                .rows { row in
                    (row.text(0) ?? "", DeliveryStatus(rawValue: row.text(1) ?? "") ?? .pending, Int(row.integer(2)))
                }
        }
    }
}

// MARK: - EDI control numbers

extension SQLiteStore {
    public func reserveX12ControlNumbers(partner: String, sets: Int) async throws -> X12ControlNumberReservation {
        try await run { connection in
            try connection.transaction {
                let last = try connection.statement("SELECT interchange, grp, transaction_set FROM x12_control_numbers WHERE partner = ?1")
                    .bind([.text(partner)]).firstRow { (Int($0.integer(0)), Int($0.integer(1)), Int($0.integer(2))) } ?? (0, 0, 0)
                // ISA13 is nine digits; GS06 and ST02 allow more, but wrap with it for readability.
                let next = { (value: Int, count: Int) in value + count > 999_999_999 ? 1 : value + 1 }
                let reservation = X12ControlNumberReservation(
                    interchange: next(last.0, 1), group: next(last.1, 1), firstSet: next(last.2, max(1, sets)))
                try connection.statement("""
                    INSERT INTO x12_control_numbers (partner, interchange, grp, transaction_set) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (partner) DO UPDATE SET interchange = excluded.interchange, grp = excluded.grp,
                        transaction_set = excluded.transaction_set
                    """).bind([.text(partner), .integer(Int64(reservation.interchange)), .integer(Int64(reservation.group)),
                               .integer(Int64(reservation.firstSet + max(1, sets) - 1))]).run()
                return reservation
            }
        }
    }
}

// MARK: - Exceptions

extension SQLiteStore {
    public func exceptions(_ filter: ExceptionFilter, limit: Int, before: Int64?) async throws -> [ExceptionRecord] {
        // Oldest first pages forward from the cursor; newest first pages back.
        let (page, order) = filter.oldestFirst ? ("sequence > ?4", "ASC") : ("sequence < ?4", "DESC")
        return try await run { connection in
            try connection.statement("""
                SELECT \(Self.exceptionColumns) FROM exceptions
                WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR type = ?2) AND (?3 IS NULL OR correlation_id = ?3)
                    AND (?4 IS NULL OR \(page)) AND (?6 IS NULL OR document = ?6) AND (?7 IS NULL OR owner = ?7)
                    AND \(filter.overdueSQL)
                ORDER BY sequence \(order) LIMIT ?5
                """).bind([.text(filter.status?.rawValue), .text(filter.type?.rawValue), .text(filter.correlationID?.rawValue),
                           before.map { .integer($0) }, .integer(Int64(limit)), .text(filter.document), .text(filter.owner)])
                .rows(Self.readException)
        }
    }

    public func exception(id: String) async throws -> ExceptionRecord? {
        try await run { connection in
            try connection.statement("SELECT \(Self.exceptionColumns) FROM exceptions WHERE id = ?1").bind([.text(id)]).firstRow(Self.readException)
        }
    }

    static let exceptionColumns = """
        id, type, status, created_at, correlation_id, system, event_id, delivery_id, summary, context, history, sequence,
        document, owner, updated_at
        """

    static func readException(_ row: SQLiteRow) throws -> ExceptionRecord {
        ExceptionRecord(
            id: row.text(0) ?? "",
            type: try decode("exceptions.type", row.text(1)) { text in
                guard let type = ExceptionType(rawValue: text) else { throw StoreError.corrupt(text) }
                return type
            },
            status: try decode("exceptions.status", row.text(2)) { text in
                guard let status = ExceptionStatus(rawValue: text) else { throw StoreError.corrupt(text) }
                return status
            },
            createdAt: row.integer(3), correlationID: row.id(4), system: row.text(5), eventID: row.optionalID(6),
            deliveryID: row.optionalID(7), summary: row.text(8) ?? "", context: row.text(9) ?? "{}", history: row.text(10) ?? "[]",
            sequence: row.integer(11), document: row.text(12), owner: row.text(13),
            updatedAt: row.isNull(14) ? row.integer(3) : row.integer(14))
    }
}
