import PostgresNIO
public import SutureStore
public import SutureDelivery
public import SutureModel

// MARK: - Events

extension PostgresStore {
    public func appendEvents(_ events: [NewEvent]) async throws -> [AppendOutcome] {
        // One transaction for the batch (group commit).
        try await transaction("appending \(events.count) event(s)") { session in
            // Two nodes inserting batches that share keys in different orders would each
            // hold a key the other waits for: a deadlock, which PostgreSQL breaks only after
            // `deadlock_timeout` (a second), and a retried batch can meet the other again.
            // Taking a lock per key, all in one order, first makes the second batch wait
            // for the first to commit instead. The UNIQUE constraint still decides; these
            // locks only order the waiting (a hash collision costs a wait, never a wrong answer).
            try await session.run("""
                SELECT pg_advisory_xact_lock(h) FROM (
                    SELECT DISTINCT hashtextextended(c || E'\\n' || k, 0) AS h
                    FROM unnest(\(events.map(\.client))::text[], \(events.map(\.idempotencyKey))::text[]) AS keys(c, k)
                    ORDER BY h
                ) AS ordered
                """)
            try await Self.notify(.events, session)
            // Set-based, a handful of statements per batch whatever its size: one read of
            // the keys already taken, one insert of the new events, one of their timeline rows.
            var existing: [String: (id: EventID, correlationID: CorrelationID, hash: String, status: String)] = [:]
            for row in try await session.rows("""
                SELECT e.client, e.idempotency_key, e.id, e.correlation_id, e.request_hash, e.status
                FROM events e JOIN unnest(\(events.map(\.client))::text[], \(events.map(\.idempotencyKey))::text[]) AS keys(c, k)
                    ON e.client = keys.c AND e.idempotency_key = keys.k
                """) {
                let (client, key, id, correlationID, hash, status) = try row.decode((String, String, EventID, CorrelationID, String, String).self)
                existing[client + "\u{0}" + key] = (id, correlationID, hash, status)
            }
            // Decide each event in order: a key stored before, a key earlier in this batch, or new.
            var decided: [AppendOutcome?] = []
            var fresh: [NewEvent] = []
            var inBatch: [String: NewEvent] = [:]
            for event in events {
                let scopedKey = event.client + "\u{0}" + event.idempotencyKey
                if let stored = existing[scopedKey] {
                    decided.append(Self.outcome(of: event, against: stored))
                } else if let earlier = inBatch[scopedKey] {
                    decided.append(.repeatedKey(requestHash: event.requestHash, existingID: earlier.id, existingCorrelationID: earlier.correlationID,
                                                existingHash: earlier.requestHash, existingStatus: .accepted))
                } else {
                    inBatch[scopedKey] = event
                    fresh.append(event)
                    decided.append(nil)
                }
            }
            guard !fresh.isEmpty else { return decided.compactMap { $0 } }
            // UNIQUE (client, idempotency_key) decides between nodes. With the key locks
            // above, a batch that had one of these keys has committed by now and the read
            // found it; should any writer insert without those locks, this insert waits for
            // its transaction and inserts nothing for a key it committed, and that event is
            // answered from the winner's row (READ COMMITTED: the next statement sees it).
            // DO NOTHING, not a caught unique violation, which would abort the whole batch.
            let inserted = Set(try await session.rows("""
                INSERT INTO events (id, client, idempotency_key, request_hash, correlation_id, traceparent, type, source,
                    status, payload, received_at)
                SELECT id, client, key, hash, correlation, traceparent, type, source, 'accepted', payload, received
                FROM unnest(\(fresh.map(\.id))::text[], \(fresh.map(\.client))::text[], \(fresh.map(\.idempotencyKey))::text[],
                            \(fresh.map(\.requestHash))::text[], \(fresh.map(\.correlationID))::text[], \(fresh.map(\.traceparent))::text[],
                            \(fresh.map(\.type.rawValue))::text[], \(fresh.map(\.source))::text[], \(fresh.map(\.payload))::text[],
                            \(fresh.map(\.receivedAt))::bigint[]) WITH ORDINALITY
                    AS new(id, client, key, hash, correlation, traceparent, type, source, payload, received, position)
                ORDER BY position
                ON CONFLICT (client, idempotency_key) DO NOTHING
                RETURNING id
                """).map { try $0.decode(EventID.self) })
            let accepted = fresh.filter { inserted.contains($0.id) }
            if !accepted.isEmpty {
                try await session.run("""
                    INSERT INTO timeline (correlation_id, at, stage, system, outcome, detail)
                    SELECT correlation, at, 'received', source, 'ok', detail
                    FROM unnest(\(accepted.map(\.correlationID))::text[], \(accepted.map(\.receivedAt))::bigint[], \(accepted.map(\.source))::text[],
                                \(accepted.map { "\($0.type.rawValue) event \($0.id) accepted from client \($0.client)" })::text[])
                        AS entry(correlation, at, source, detail)
                    """)
            }
            var outcomes: [AppendOutcome] = []
            outcomes.reserveCapacity(events.count)
            for (event, outcome) in zip(events, decided) {
                if let outcome {
                    outcomes.append(outcome)
                } else if inserted.contains(event.id) {
                    outcomes.append(.accepted(id: event.id, correlationID: event.correlationID))
                } else {
                    guard let winner = try await Self.existingEvent(client: event.client, key: event.idempotencyKey, session) else {
                        throw StoreError.unavailable("\(location): the idempotency key '\(event.idempotencyKey)' of client \(event.client) was taken and then vanished")
                    }
                    outcomes.append(Self.outcome(of: event, against: winner))
                }
            }
            // Later duplicates of a key inserted in this batch were answered as duplicates of
            // it; if that insert lost to another writer, answer them from the winner too.
            for (index, event) in events.enumerated() {
                guard case .duplicate(let id, _, _) = outcomes[index], !inserted.contains(id), inBatch[event.client + "\u{0}" + event.idempotencyKey]?.id == id,
                      let winner = try await Self.existingEvent(client: event.client, key: event.idempotencyKey, session) else { continue }
                outcomes[index] = Self.outcome(of: event, against: winner)
            }
            return outcomes
        }
    }

    /// A LIMIT as SQLite reads one: a negative limit means no limit (NULL in PostgreSQL,
    /// which refuses a negative one).
    static func rowLimit(_ limit: Int) -> Int64? { limit < 0 ? nil : Int64(limit) }

    /// The stored event holding a client's idempotency key: id, correlation id, request hash, status.
    static func existingEvent(client: String, key: String, _ session: PostgresSession) async throws
        -> (id: EventID, correlationID: CorrelationID, hash: String, status: String)? {
        try await session.first("""
            SELECT id, correlation_id, request_hash, status FROM events WHERE client = \(client) AND idempotency_key = \(key)
            """).map { try $0.decode((EventID, CorrelationID, String, String).self) }
    }

    /// `AppendOutcome.repeatedKey` for a key stored earlier.
    static func outcome(of event: NewEvent, against existing: (id: EventID, correlationID: CorrelationID, hash: String, status: String)) -> AppendOutcome {
        .repeatedKey(requestHash: event.requestHash, existingID: existing.id, existingCorrelationID: existing.correlationID,
                     existingHash: existing.hash, existingStatus: EventStatus(rawValue: existing.status) ?? .accepted)
    }

    /// The oldest accepted events, claimed or not: a read. Processors use `claimAcceptedEvents`.
    public func acceptedEvents(limit: Int) async throws -> [StoredEvent] {
        try await autocommit("reading accepted events") { session in
            try await session.rows("""
                SELECT \(unescaped: Self.eventColumns()) FROM events WHERE status = 'accepted' ORDER BY sequence LIMIT \(Self.rowLimit(limit))::bigint
                """).map(Self.readEvent)
        }
    }

    /// Claims the oldest accepted events for this node's processor until `leaseUntil`.
    ///
    /// As `claimDueDeliveries`: one statement, `FOR UPDATE SKIP LOCKED` passes over events
    /// another node is claiming this instant, and a claim whose lease ran out (its node
    /// died mid-batch) is taken over. Processing the same event twice is harmless anyway
    /// (`recordProcessing` keeps the first result); the lease keeps it rare.
    public func claimAcceptedEvents(limit: Int, now: Int64, leaseUntil: Int64) async throws -> [StoredEvent] {
        try await autocommit("claiming accepted events") { session in
            try await session.rows("""
                WITH due AS (
                    SELECT id FROM events
                    WHERE status = 'accepted' AND (claimed_until IS NULL OR claimed_until <= \(now))
                    ORDER BY sequence
                    LIMIT \(Self.rowLimit(limit))::bigint
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE events e SET claimed_until = \(leaseUntil)
                FROM due WHERE e.id = due.id
                RETURNING \(unescaped: Self.eventColumns(prefix: "e.")), e.sequence
                """).map { row in (try Self.readEvent(row), try row.makeRandomAccess()[11].decode(Int64.self)) }
                // RETURNING has no order: oldest first, as accepted.
                .sorted { $0.1 < $1.1 }
                .map(\.0)
        }
    }

    /// Several nodes may share a PostgreSQL database.
    public var sharedByNodes: Bool { true }

    /// The generic cell rate algorithm over one row per destination: the upsert takes the
    /// row's lock, so reservations from every node take turns and each gets its own slots.
    /// A delivery worker reserves the slots of everything it claimed at once.
    ///
    /// Committed without waiting for the WAL to reach the disk (`relaxedCommit`): every
    /// reservation of a destination updates the same row, and a durable commit would hold
    /// that row's lock through a disk sync, one node after another. A reservation lost to a
    /// server crash lets a few calls through early after the restart, as SQLite's
    /// non-durable commit of the same row may after a power cut; nothing else is written here.
    public func reserveDeliverySlots(destination: String, count: Int, interval: Int64, tolerance: Int64, now: Int64) async throws -> [Int64] {
        guard count > 0 else { return [] }
        let span = interval * Int64(count)
        return try await autocommit("reserving \(count) call slot(s) to \(destination)") { session in
            let row = try await session.first("""
                INSERT INTO rate_limits (destination, tat)
                SELECT \(destination), \(now) + \(span) FROM \(unescaped: Self.relaxedCommit) WHERE true
                ON CONFLICT (destination) DO UPDATE SET tat = GREATEST(rate_limits.tat, \(now)) + \(span)
                RETURNING tat
                """)
            let tat = try row?.decode(Int64.self) ?? now + span
            return RateSlots.waits(tat: tat, count: count, interval: interval, tolerance: tolerance, now: now)
        }
    }

    /// As `reserveDeliverySlots`, one call per client, committed the same way.
    public func admitClientCall(client: String, interval: Int64, tolerance: Int64, now: Int64) async throws -> Int64 {
        let key = "client:" + client
        return try await autocommit("admitting a call of client \(client)") { session in
            let admitted = try await session.first("""
                INSERT INTO rate_limits (destination, tat)
                SELECT \(key), \(now) + \(interval) FROM \(unescaped: Self.relaxedCommit) WHERE true
                ON CONFLICT (destination) DO UPDATE SET tat = GREATEST(rate_limits.tat, \(now)) + \(interval)
                    WHERE GREATEST(rate_limits.tat, \(now)) - \(tolerance) <= \(now)
                RETURNING tat
                """) != nil
            if admitted { return 0 }
            let tat = try await session.first("SELECT tat FROM rate_limits WHERE destination = \(key)").map { try $0.decode(Int64.self) } ?? now
            return max(1, tat - tolerance - now)
        }
    }

    /// A one-row FROM item that turns `synchronous_commit` off for the rest of the statement's
    /// own (implicit) transaction, so its commit does not wait for the disk: one round trip,
    /// where BEGIN, SET LOCAL and COMMIT would take three more. PostgreSQL writes the commit
    /// record before it resets transaction-local settings, so the setting applies to it.
    /// (`WHERE true` after it keeps `ON CONFLICT` from being read as a join condition.)
    static let relaxedCommit = "(SELECT set_config('synchronous_commit', 'off', true)) AS relaxed_commit"

    public func recordProcessing(_ results: [ProcessedEvent]) async throws {
        guard !results.isEmpty else { return }
        try await transaction("recording the processing of \(results.count) event(s)") { session in
            // Only an event still accepted takes a result: one processed already (by another
            // node, or by an earlier run whose result was thought lost) keeps its first
            // result, and this one is skipped whole. A concurrent writer's commit is waited
            // for and the condition checked again on its row. Set-based: one statement for the
            // events, one for their deliveries, one for the timeline, whatever the batch size.
            let taken = try await session.rows("""
                UPDATE events e SET status = r.status, normalized = CASE WHEN r.has_normalized THEN r.normalized END
                FROM unnest(\(results.map(\.eventID))::text[], \(results.map(\.status.rawValue))::text[],
                            \(results.map { $0.normalized != nil })::bool[], \(results.map { $0.normalized ?? "" })::text[])
                    AS r(id, status, has_normalized, normalized)
                WHERE e.id = r.id AND e.status = 'accepted'
                RETURNING e.id, e.correlation_id, e.traceparent
                """).map { try $0.decode((EventID, CorrelationID, String).self) }
            var trace = Dictionary(taken.map { ($0.0, (correlationID: $0.1, traceparent: $0.2)) }, uniquingKeysWith: { first, _ in first })
            // Each event taken once, with its first result in the batch.
            var kept: [(result: ProcessedEvent, correlationID: CorrelationID, traceparent: String)] = []
            for result in results {
                guard let (correlationID, traceparent) = trace.removeValue(forKey: result.eventID) else { continue }
                kept.append((result, correlationID, traceparent))
            }
            try await Self.insertDeliveries(kept.flatMap { taken in
                taken.result.deliveries.map {
                    OutboundDelivery($0, source: .event(taken.result.eventID), correlationID: taken.correlationID, traceparent: taken.traceparent)
                }
            }, session)
            for exception in kept.flatMap(\.result.exceptions) { try await Self.insertException(exception, session) }
            try await Self.insertTimeline(kept.flatMap(\.result.timeline), session)
            // The stock movements of the whole batch together (a few statements, not two per
            // event), then each event's other effects in order.
            try await Self.applyStock(kept.flatMap(\.result.effects.stock), session)
            for taken in kept {
                var effects = taken.result.effects
                effects.stock = []
                try await Self.apply(effects, session)
            }
        }
    }

    public func event(id: EventID) async throws -> StoredEvent? {
        try await autocommit("reading event \(id)") { session in
            try await session.first("SELECT \(unescaped: Self.eventColumns()) FROM events WHERE id = \(id)").map(Self.readEvent)
        }
    }

    public func timeline(correlationID: CorrelationID) async throws -> [TimelineEntry] {
        try await autocommit("reading the timeline of \(correlationID)") { session in
            try await session.rows("""
                SELECT at, correlation_id, stage, system, outcome, detail FROM timeline
                WHERE correlation_id = \(correlationID) ORDER BY at, sequence
                """).map { row in
                    let (at, correlationID, stage, system, outcome, detail) =
                        try row.decode((Int64, CorrelationID?, String?, String?, String?, String?).self)
                    return TimelineEntry(at: at, correlationID: correlationID ?? "", stage: TimelineStage(rawValue: stage ?? ""),
                                         system: system, outcome: outcome ?? "", detail: detail ?? "")
                }
        }
    }

    public func appendTimeline(_ entries: [TimelineEntry]) async throws {
        try await transaction("appending \(entries.count) timeline entr(ies)") { session in
            for entry in entries { try await Self.insertTimeline(entry, session) }
        }
    }

    /// An event's columns, each name after `prefix` (a table alias).
    static func eventColumns(prefix: String = "") -> String {
        ["id", "client", "idempotency_key", "correlation_id", "traceparent", "type", "source", "status", "payload", "normalized", "received_at"]
            .map { prefix + $0 }.joined(separator: ", ")
    }

    static func readEvent(_ row: PostgresRow) throws -> StoredEvent {
        let (id, client, key, correlationID, traceparent, type, source, status, payload, normalized, receivedAt) =
            try row.decode((EventID?, String?, String?, CorrelationID?, String?, String?, String?, String?, String?, String?, Int64).self)
        return StoredEvent(
            id: id ?? "", client: client ?? "", idempotencyKey: key ?? "",
            correlationID: correlationID ?? "", traceparent: traceparent ?? "",
            type: try decodeRaw("events.type", type, as: InventoryEventType.self),
            source: source ?? "",
            status: try decodeRaw("events.status", status, as: EventStatus.self),
            payload: payload ?? "", normalized: normalized, receivedAt: receivedAt)
    }

    /// Inserts timeline entries in one statement (none: nothing is sent).
    static func insertTimeline(_ entries: [TimelineEntry], _ session: PostgresSession) async throws {
        guard entries.count > 1 else {
            if let entry = entries.first { try await insertTimeline(entry, session) }
            return
        }
        try await session.run("""
            INSERT INTO timeline (correlation_id, at, stage, system, outcome, detail)
            SELECT correlation, at, stage, CASE WHEN has_system THEN system END, outcome, detail
            FROM unnest(\(entries.map(\.correlationID))::text[], \(entries.map(\.at))::bigint[], \(entries.map(\.stage.rawValue))::text[],
                        \(entries.map { $0.system != nil })::bool[], \(entries.map { $0.system ?? "" })::text[],
                        \(entries.map(\.outcome))::text[], \(entries.map(\.detail))::text[])
                WITH ORDINALITY AS entry(correlation, at, stage, has_system, system, outcome, detail, position)
            ORDER BY position
            """)
    }

    static func insertTimeline(_ entry: TimelineEntry, _ session: PostgresSession) async throws {
        try await session.run("""
            INSERT INTO timeline (correlation_id, at, stage, system, outcome, detail)
            VALUES (\(entry.correlationID), \(entry.at), \(entry.stage.rawValue), \(entry.system), \(entry.outcome), \(entry.detail))
            """)
    }

    static func insertException(_ exception: NewException, _ session: PostgresSession) async throws {
        let now = WallClock.nowMilliseconds()
        try await session.run("""
            INSERT INTO exceptions (id, type, status, created_at, updated_at, correlation_id, system, event_id, delivery_id, summary,
                context, history, document)
            VALUES (\(exception.id), \(exception.type.rawValue), 'open', \(now), \(now), \(exception.correlationID),
                \(exception.system), \(exception.eventID), \(exception.deliveryID), \(exception.summary), \(exception.context), '[]',
                \(exception.document))
            """)
    }

    /// Inserts deliveries in one statement; one that exists already (the same work done
    /// again after its result was lost) is left as it is, since delivery ids are derived
    /// from their source. Each destination's workers hear of it when the transaction commits.
    static func insertDeliveries(_ outbound: [OutboundDelivery], _ session: PostgresSession) async throws {
        guard !outbound.isEmpty else { return }
        let now = WallClock.nowMilliseconds()
        let deliveries = outbound.map(\.delivery)
        try await session.run("""
            INSERT INTO deliveries (id, event_id, correlation_id, traceparent, destination, method, path, body,
                idempotency_key, status, attempts, next_attempt_at, created_at, updated_at, state_key)
            SELECT id, source, correlation, traceparent, destination, method, path, body, key, 'pending', 0, \(now), \(now), \(now),
                NULLIF(state_key, '')
            FROM unnest(\(deliveries.map(\.id))::text[], \(outbound.map(\.source.rawValue))::text[], \(outbound.map(\.correlationID))::text[],
                        \(outbound.map(\.traceparent))::text[], \(deliveries.map(\.destination))::text[], \(deliveries.map(\.method))::text[],
                        \(deliveries.map(\.path))::text[], \(deliveries.map(\.body))::text[], \(deliveries.map(\.idempotencyKey))::text[],
                        \(deliveries.map { $0.stateKey ?? "" })::text[])
                WITH ORDINALITY AS new(id, source, correlation, traceparent, destination, method, path, body, key, state_key, position)
            ORDER BY position
            ON CONFLICT (id) DO NOTHING
            """)
        for destination in Set(deliveries.map(\.destination)).sorted() {
            try await notify(.deliveries(destination: destination), session)
        }
    }

    /// Tells every node's listener, when the transaction commits, that there is work
    /// (PostgreSQL sends identical notices of one transaction once).
    static func notify(_ work: WorkNotice, _ session: PostgresSession) async throws {
        try await session.run("SELECT pg_notify(\(workChannel), \(work.payload))")
    }
}

// MARK: - Deliveries

extension PostgresStore {
    /// A delivery's columns, the event's `received_at` last; `d` names the deliveries table.
    static let deliveryColumns = """
        d.id, d.event_id, d.correlation_id, d.traceparent, d.destination, d.method, d.path, d.body, d.idempotency_key,
        d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.updated_at, d.sequence,
        (SELECT received_at FROM events WHERE events.id = d.event_id)
        """

    static func readDelivery(_ row: PostgresRow) throws -> (record: DeliveryRecord, sequence: Int64) {
        let (id, eventID, correlationID, traceparent, destination, method, path, body, key, status, attempts,
             nextAttemptAt, lastStatusCode, lastError, createdAt, updatedAt, sequence, receivedAt) =
            try row.decode((DeliveryID?, String?, CorrelationID?, String?, String?, String?, String?, String?, String?, String?,
                            Int64, Int64, Int64?, String?, Int64, Int64, Int64, Int64?).self)
        let record = DeliveryRecord(
            id: id ?? "", source: DeliverySource(rawValue: eventID ?? ""), correlationID: correlationID ?? "", traceparent: traceparent ?? "",
            destination: destination ?? "", method: method ?? "", path: path ?? "", body: body ?? "",
            idempotencyKey: key ?? "",
            status: try decodeRaw("deliveries.status", status, as: DeliveryStatus.self),
            attempts: Int(attempts), nextAttemptAt: nextAttemptAt,
            lastStatusCode: lastStatusCode.map { Int($0) }, lastError: lastError,
            createdAt: createdAt, updatedAt: updatedAt, eventReceivedAt: receivedAt ?? 0)
        return (record, sequence)
    }

    public func claimDueDeliveries(destination: String, now: Int64, leaseUntil: Int64, limit: Int) async throws -> [DeliveryRecord] {
        try await transaction("claiming deliveries to \(destination)") { session in
            // Claims of one destination take turns across nodes (a lock held to the commit),
            // so the state rule below sees every claim made before it: two states of one thing
            // are never in flight at once. The claim itself is one statement after the lock.
            try await session.run("SELECT pg_advisory_xact_lock(hashtext('suture.delivery_claims'), hashtext(\(destination)))")
            let entry = DeliveryStateRule.historyEntry(at: now)
            // `superseded`: an older state that a newer one of the same thing replaces is not
            // sent again (`DeliveryStateKeyRule`); `noted` says so in the timeline and `resolved`
            // closes the exceptions open on it. `due`: what is claimed; `FOR UPDATE SKIP
            // LOCKED` passes over rows another transaction holds, and an in-flight delivery
            // whose lease ran out belongs to a worker that died: it is due again.
            return try await session.rows("""
                WITH superseded AS (
                    UPDATE deliveries old SET status = 'superseded', last_error = \(DeliveryStateRule.supersededNote), updated_at = \(now)
                    WHERE old.destination = \(destination) AND \(unescaped: DeliveryRuleSQL.isSupersededByNewer("old", now: String(now)))
                    RETURNING old.correlation_id, old.id
                ), noted AS (
                    INSERT INTO timeline (correlation_id, at, stage, system, outcome, detail)
                    SELECT correlation_id, \(now), \(TimelineStage.superseded.rawValue), \(destination), 'ok', id || \(DeliveryStateRule.timelineDetail) FROM superseded
                ), resolved AS (
                    UPDATE exceptions SET status = 'resolved', updated_at = \(now),
                        history = \(unescaped: DeliveryStateRule.appendedHistory(DeliveryStateRule.sqlLiteral(entry)))
                    FROM superseded WHERE exceptions.delivery_id = superseded.id AND exceptions.status IN ('open', 'in-progress')
                ), due AS (
                    SELECT id, next_attempt_at FROM deliveries candidate
                    WHERE destination = \(destination) AND \(unescaped: DeliveryRuleSQL.isClaimable("candidate", now: String(now)))
                    ORDER BY next_attempt_at, sequence
                    LIMIT \(Self.rowLimit(limit))::bigint
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE deliveries d SET status = 'in-flight', next_attempt_at = \(leaseUntil), updated_at = \(now)
                FROM due WHERE d.id = due.id
                RETURNING \(unescaped: Self.deliveryColumns), due.next_attempt_at
                """).map { row in
                    // RETURNING has no order: put the claims back in due order.
                    (try Self.readDelivery(row), try row.makeRandomAccess()[18].decode(Int64.self))
                }
                .sorted { ($0.1, $0.0.sequence) < ($1.1, $1.0.sequence) }
                .map(\.0.record)
        }
    }

    /// Does nothing: several nodes share this database, so an in-flight delivery may be in
    /// the hands of a live worker on another node. Its lease decides; when it runs out,
    /// `claimDueDeliveries` hands the delivery out again.
    public func releaseOrphanedClaims(destination: String, now: Int64) async throws -> Int { 0 }

    public func nextDueTime(destination: String) async throws -> Int64? {
        try await autocommit("finding the next delivery due to \(destination)") { session in
            try await session.first("""
                SELECT MIN(next_attempt_at) FROM deliveries WHERE destination = \(destination) AND status IN \(unescaped: DeliveryRuleSQL.list(DeliveryStatus.claimable))
                """).map { try $0.decode(Int64?.self) } ?? nil
        }
    }

    public func recordDeliveryAttempts(_ batch: [DeliveryAttemptRecord]) async throws {
        // One attempt per delivery, the first, as recording them one by one would keep.
        var seen: Set<DeliveryID> = []
        let attempts = batch.filter { seen.insert($0.deliveryID).inserted }
        guard !attempts.isEmpty else { return }
        try await transaction("recording \(attempts.count) delivery attempt(s)") { session in
            let now = WallClock.nowMilliseconds()
            // Set-based, a handful of statements per batch whatever its size. An attempt made
            // under a lease is kept only if the delivery is still in flight under that lease:
            // one taken over by another node after this one's lease ran out keeps its outcome.
            // (Arrays cannot hold NULL here: -1 and the `has_` flags stand for it.)
            let updated = try await session.rows("""
                UPDATE deliveries d SET status = a.status, attempts = a.attempts, next_attempt_at = a.next_attempt_at,
                    last_status_code = NULLIF(a.code, -1), last_error = CASE WHEN a.has_error THEN a.error END, updated_at = \(now)
                FROM unnest(\(attempts.map(\.deliveryID))::text[], \(attempts.map(\.status.rawValue))::text[],
                            \(attempts.map { Int64($0.attempts) })::bigint[], \(attempts.map(\.nextAttemptAt))::bigint[],
                            \(attempts.map { Int64($0.lastStatusCode ?? -1) })::bigint[], \(attempts.map { $0.lastError != nil })::bool[],
                            \(attempts.map { $0.lastError ?? "" })::text[], \(attempts.map { $0.claimedUntil != nil })::bool[],
                            \(attempts.map { $0.claimedUntil ?? 0 })::bigint[])
                    AS a(id, status, attempts, next_attempt_at, code, has_error, error, has_claim, claimed)
                WHERE d.id = a.id AND \(unescaped: DeliveryRuleSQL.acceptsAttempt("d", hasClaim: "a.has_claim", claimedUntil: "a.claimed"))
                RETURNING d.id, d.event_id
                """).map { try $0.decode((DeliveryID, String).self) }
            // The timeline and exception of an attempt go with it: none for a delivery that did
            // not take it (gone, or taken over), as in the SQLite store.
            let recorded = Set(updated.map(\.0))
            let kept = attempts.filter { recorded.contains($0.deliveryID) }
            try await Self.insertTimeline(kept.flatMap(\.timeline), session)
            for exception in kept.compactMap(\.exception) { try await Self.insertException(exception, session) }

            // Each event's own status follows its deliveries. Two nodes finishing two
            // deliveries of one event at once would each count the other's as still open and
            // leave the event 'routed': lock the events first, in one order, so the second
            // counts after the first has committed (READ COMMITTED: a new statement, a new snapshot).
            let eventIDs = Array(Set(updated.map(\.1))).sorted()
            guard !eventIDs.isEmpty else { return }
            try await session.run("SELECT 1 FROM events WHERE id = ANY(\(eventIDs)::text[]) ORDER BY id FOR UPDATE")
            try await session.run("""
                UPDATE events e SET status = \(unescaped: DeliveryRuleSQL.eventStatus(open: "c.open", failed: "c.failed"))
                FROM (SELECT event_id, COUNT(*) FILTER (WHERE \(unescaped: DeliveryRuleSQL.isOpen("deliveries"))) AS open,
                             COUNT(*) FILTER (WHERE \(unescaped: DeliveryRuleSQL.hasFailed("deliveries"))) AS failed
                      FROM deliveries WHERE event_id = ANY(\(eventIDs)::text[]) GROUP BY event_id) c
                WHERE e.id = c.event_id AND e.status != 'accepted'
                """)
        }
    }

    public func delivery(id: DeliveryID) async throws -> DeliveryRecord? {
        try await autocommit("reading delivery \(id)") { session in
            try await session.first("SELECT \(unescaped: Self.deliveryColumns) FROM deliveries d WHERE d.id = \(id)")
                .map { try Self.readDelivery($0).record }
        }
    }

    public func deliveries(source: DeliverySource) async throws -> [DeliveryRecord] {
        try await autocommit("reading the deliveries of \(source)") { session in
            try await session.rows("SELECT \(unescaped: Self.deliveryColumns) FROM deliveries d WHERE d.event_id = \(source.rawValue) ORDER BY d.sequence")
                .map { try Self.readDelivery($0).record }
        }
    }

    public func deliveries(status: DeliveryStatus?, destination: String?, limit: Int, before: Int64?) async throws -> [(record: DeliveryRecord, sequence: Int64)] {
        try await autocommit("listing deliveries") { session in
            try await session.rows("""
                SELECT \(unescaped: Self.deliveryColumns) FROM deliveries d
                WHERE (\(status?.rawValue)::text IS NULL OR d.status = \(status?.rawValue)::text)
                    AND (\(destination)::text IS NULL OR d.destination = \(destination)::text)
                    AND (\(before)::bigint IS NULL OR d.sequence < \(before)::bigint)
                ORDER BY d.sequence DESC LIMIT \(Self.rowLimit(limit))::bigint
                """).map(Self.readDelivery)
        }
    }

    public func requeueDelivery(id: DeliveryID, idempotencyKey: String, body: String?, now: Int64, timeline: TimelineEntry, audit: AuditDraft?) async throws -> DeliveryRecord? {
        try await transaction("requeueing delivery \(id)") { session in
            guard try await session.first("SELECT 1 FROM deliveries WHERE id = \(id)") != nil else { return nil }
            try await Self.requeue(DeliveryRequeue(deliveryID: id, idempotencyKey: idempotencyKey, body: body), now: now, session)
            try await Self.insertTimeline(timeline, session)
            try await Self.appendAudit(audit.map { [$0] } ?? [], session)
            return try await session.first("SELECT \(unescaped: Self.deliveryColumns) FROM deliveries d WHERE d.id = \(id)")
                .map { try Self.readDelivery($0).record }
        }
    }

    public func deliveryCounts() async throws -> [(destination: String, status: DeliveryStatus, count: Int)] {
        try await autocommit("counting deliveries") { session in
            try await session.rows("""
                SELECT destination, status, COUNT(*) FROM deliveries GROUP BY destination, status
                ORDER BY destination COLLATE "C", status COLLATE "C"
                """).map { row in
                    let (destination, status, count) = try row.decode((String?, String?, Int64).self)
                    return (destination ?? "", DeliveryStatus(rawValue: status ?? "") ?? .pending, Int(count))
                }
        }
    }
}

// MARK: - EDI control numbers

extension PostgresStore {
    public func reserveX12ControlNumbers(partner: String, sets: Int) async throws -> X12ControlNumberReservation {
        try await transaction("reserving X12 control numbers for \(partner)") { session in
            // Make sure the partner's row exists, then lock it: reservations from every
            // node for one partner take turns on that row lock, each reading what the
            // last one committed. (A concurrent first insert waits on the key and does nothing.)
            try await session.run("""
                INSERT INTO x12_control_numbers (partner, interchange, grp, transaction_set) VALUES (\(partner), 0, 0, 0)
                ON CONFLICT (partner) DO NOTHING
                """)
            let row = try await session.first("""
                SELECT interchange, grp, transaction_set FROM x12_control_numbers WHERE partner = \(partner) FOR UPDATE
                """)
            var last: (Int64, Int64, Int64) = (0, 0, 0)
            if let row { last = try row.decode((Int64, Int64, Int64).self) }
            // ISA13 is nine digits; GS06 and ST02 allow more, but wrap with it for readability.
            let next = { (value: Int, count: Int) in value + count > 999_999_999 ? 1 : value + 1 }
            let reservation = X12ControlNumberReservation(
                interchange: next(Int(last.0), 1), group: next(Int(last.1), 1), firstSet: next(Int(last.2), max(1, sets)))
            try await session.run("""
                UPDATE x12_control_numbers SET interchange = \(Int64(reservation.interchange)), grp = \(Int64(reservation.group)),
                    transaction_set = \(Int64(reservation.firstSet + max(1, sets) - 1))
                WHERE partner = \(partner)
                """)
            return reservation
        }
    }
}

// MARK: - Exceptions

extension PostgresStore {
    public func exceptions(_ filter: ExceptionFilter, limit: Int, before: Int64?) async throws -> [ExceptionRecord] {
        try await autocommit("listing exceptions") { session in
            try await session.rows("""
                SELECT \(unescaped: Self.exceptionColumns) FROM exceptions
                WHERE (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue)::text)
                    AND (\(filter.type?.rawValue)::text IS NULL OR type = \(filter.type?.rawValue)::text)
                    AND (\(filter.correlationID)::text IS NULL OR correlation_id = \(filter.correlationID)::text)
                    AND (\(before)::bigint IS NULL OR \(unescaped: filter.oldestFirst ? "sequence >" : "sequence <") \(before)::bigint)
                    AND (\(filter.document)::text IS NULL OR document = \(filter.document)::text)
                    AND (\(filter.owner)::text IS NULL OR owner = \(filter.owner)::text)
                    AND \(unescaped: filter.overdueSQL)
                ORDER BY sequence \(unescaped: filter.oldestFirst ? "ASC" : "DESC") LIMIT \(Self.rowLimit(limit))::bigint
                """).map(Self.readException)
        }
    }

    public func exception(id: String) async throws -> ExceptionRecord? {
        try await autocommit("reading exception \(id)") { session in
            try await session.first("SELECT \(unescaped: Self.exceptionColumns) FROM exceptions WHERE id = \(id)").map(Self.readException)
        }
    }

    static let exceptionColumns = """
        id, type, status, created_at, correlation_id, system, event_id, delivery_id, summary, context, history, sequence,
        document, owner, updated_at
        """

    static func readException(_ row: PostgresRow) throws -> ExceptionRecord {
        let (id, type, status, createdAt, correlationID, system, eventID, deliveryID, summary, context, history, sequence,
             document, owner, updatedAt) =
            try row.decode((String?, String?, String?, Int64, CorrelationID?, String?, EventID?, DeliveryID?, String?, String?, String?, Int64,
                            String?, String?, Int64?).self)
        return ExceptionRecord(
            id: id ?? "",
            type: try decodeRaw("exceptions.type", type, as: ExceptionType.self),
            status: try decodeRaw("exceptions.status", status, as: ExceptionStatus.self),
            createdAt: createdAt, correlationID: correlationID ?? "", system: system, eventID: eventID,
            deliveryID: deliveryID, summary: summary ?? "", context: context ?? "{}", history: history ?? "[]",
            sequence: sequence, document: document, owner: owner, updatedAt: updatedAt ?? createdAt)
    }
}
