import Foundation
import PostgresNIO
public import SutureModel
public import SutureStore

// MARK: - Stock ledger

extension PostgresStore {
    /// Applies movements inside the caller's transaction: each (source, leg) once (the
    /// movement's row is the claim), levels added to in NUMERIC by the database, so two nodes
    /// applying different events to one level both count.
    ///
    /// Movements that depend only on themselves (receipts, issues, transfers, adjustments,
    /// returns) go in one statement per run of them; a reversal or a count, which reads what
    /// is recorded, is applied alone, after everything before it.
    static func applyStock(_ movements: [StockMovement], _ session: PostgresSession) async throws {
        var run: [StockMovement] = []
        for movement in movements {
            guard movement.kind == .reversal || movement.kind == .count else {
                run.append(movement)
                continue
            }
            try await applyIndependentStock(run, session)
            run = []
            try await applyStock(movement, session)
        }
        try await applyIndependentStock(run, session)
    }

    /// Movements whose ledger rows are themselves (`StockRule.apply` with nothing recorded),
    /// in two statements whatever their number: their ledger rows, each (source, leg) once,
    /// and the levels of those that were new, summed per level in NUMERIC and locked in key
    /// order (two nodes adding to the same levels take turns instead of deadlocking). A
    /// level takes the last expiry given for it, as one movement at a time would leave it.
    static func applyIndependentStock(_ movements: [StockMovement], _ session: PostgresSession) async throws {
        // Each (source, leg) once: a second one would be joined to the first one's row below.
        var seen: Set<String> = []
        let movements = movements.filter { seen.insert("\($0.leg) \($0.source)").inserted }
        guard !movements.isEmpty else { return }
        let records = movements.flatMap { StockRule.apply($0, recorded: [], onHand: 0) }
        let expiries = movements.map(\.expiry)
        guard records.count == movements.count else {
            // Not one row per movement: apply them as the general path does.
            for movement in movements { try await applyStock(movement, session) }
            return
        }
        try await session.run("""
            WITH input AS (
                SELECT * FROM unnest(\(records.map(\.source))::text[], \(records.map { Int64($0.leg) })::bigint[], \(records.map(\.at))::bigint[],
                                     \(records.map(\.location.rawValue))::text[], \(records.map(\.item.rawValue))::text[], \(records.map(\.lot))::text[],
                                     \(records.map(\.kind.rawValue))::text[], \(records.map { ExactDecimal.format($0.quantity) })::text[],
                                     \(expiries.map { $0 != nil })::bool[], \(expiries.map { $0 ?? "" })::text[])
                    WITH ORDINALITY AS m(source, leg, at, location, item, lot, kind, quantity, has_expiry, expiry, position)
            ), moved AS (
                INSERT INTO stock_movements (source, leg, at, location, item, lot, kind, quantity)
                SELECT source, leg, at, location, item, lot, kind, quantity::numeric FROM input ORDER BY position
                ON CONFLICT (source, leg) DO NOTHING
                RETURNING source, leg
            )
            INSERT INTO stock_levels (location, item, lot, expiry, on_hand, updated_at)
            SELECT input.location, input.item, input.lot,
                (array_agg(input.expiry ORDER BY input.position DESC) FILTER (WHERE input.has_expiry))[1],
                SUM(input.quantity::numeric), (array_agg(input.at ORDER BY input.position DESC))[1]
            FROM input JOIN moved ON moved.source = input.source AND moved.leg = input.leg
            GROUP BY input.location, input.item, input.lot
            ORDER BY input.location, input.item, input.lot
            ON CONFLICT (location, item, lot) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand,
                updated_at = excluded.updated_at, expiry = COALESCE(excluded.expiry, stock_levels.expiry)
            """)
    }

    /// One movement, reading what it depends on first (the movements a reversal takes back,
    /// what is on hand where a count applies).
    static func applyStock(_ movement: StockMovement, _ session: PostgresSession) async throws {
        var recorded: [StockMovementRecord] = []
        if let source = movement.reverses {
            recorded = try await session.rows("""
                SELECT source, leg, at, location, item, lot, kind, quantity::text FROM stock_movements WHERE source = \(source) ORDER BY leg
                """).map(readMovement)
        }
        var onHand: Decimal = 0
        if movement.kind == .count {
            // The rows counted are locked, so a movement of another node waits for the count.
            let rows = try await session.rows("""
                SELECT on_hand::text FROM stock_levels WHERE location = \(movement.location.rawValue) AND item = \(movement.item.rawValue)
                    AND (\(movement.lot) = '' OR lot = \(movement.lot)) FOR UPDATE
                """)
            for row in rows { onHand += ExactDecimal.parse(try row.decode(String.self)) ?? 0 }
        }
        for record in StockRule.apply(movement, recorded: recorded, onHand: onHand) {
            let quantity = ExactDecimal.format(record.quantity)
            let claimed = try await session.first("""
                INSERT INTO stock_movements (source, leg, at, location, item, lot, kind, quantity)
                VALUES (\(record.source), \(Int64(record.leg)), \(record.at), \(record.location.rawValue), \(record.item.rawValue),
                    \(record.lot), \(record.kind.rawValue), \(quantity)::numeric)
                ON CONFLICT (source, leg) DO NOTHING RETURNING 1
                """)
            // Applied before (the same event processed again): the ledger has it already.
            guard claimed != nil else { continue }
            let expiry = movement.kind == .reversal ? nil : movement.expiry
            try await session.run("""
                INSERT INTO stock_levels (location, item, lot, expiry, on_hand, updated_at)
                VALUES (\(record.location.rawValue), \(record.item.rawValue), \(record.lot), \(expiry), \(quantity)::numeric, \(record.at))
                ON CONFLICT (location, item, lot) DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand,
                    updated_at = excluded.updated_at, expiry = COALESCE(excluded.expiry, stock_levels.expiry)
                """)
        }
    }

    public func stockLevels(location: LocationID?, item: ItemID?) async throws -> [StockLevel] {
        try await autocommit("reading stock levels") { session in
            try await session.rows("""
                SELECT location, item, lot, expiry, on_hand::text, updated_at FROM stock_levels
                WHERE (\(location?.rawValue)::text IS NULL OR location = \(location?.rawValue)::text)
                    AND (\(item?.rawValue)::text IS NULL OR item = \(item?.rawValue)::text)
                ORDER BY location COLLATE "C", item COLLATE "C", lot COLLATE "C"
                """).map { row in
                    let (location, item, lot, expiry, onHand, updatedAt) = try row.decode((String, String, String, String?, String, Int64).self)
                    guard let value = ExactDecimal.parse(onHand) else { throw StoreError.corrupt("stock_levels.on_hand '\(onHand)'") }
                    return StockLevel(location: try Self.decode("stock_levels.location", location) { try LocationID($0) },
                                      item: try Self.decode("stock_levels.item", item) { try ItemID($0) },
                                      lot: lot, expiry: expiry, onHand: value, updatedAt: updatedAt)
                }
        }
    }

    public func stockMovements(item: ItemID, location: LocationID?, since: Int64) async throws -> [StockMovementRecord] {
        try await autocommit("reading stock movements") { session in
            try await session.rows("""
                SELECT source, leg, at, location, item, lot, kind, quantity::text FROM stock_movements
                WHERE item = \(item.rawValue) AND (\(location?.rawValue)::text IS NULL OR location = \(location?.rawValue)::text)
                    AND at >= \(since) ORDER BY at, source COLLATE "C", leg
                """).map(Self.readMovement)
        }
    }

    static func readMovement(_ row: PostgresRow) throws -> StockMovementRecord {
        let (source, leg, at, location, item, lot, kind, quantity) = try row.decode((String, Int64, Int64, String, String, String, String, String).self)
        guard let value = ExactDecimal.parse(quantity) else { throw StoreError.corrupt("stock_movements.quantity '\(quantity)'") }
        return StockMovementRecord(source: source, leg: Int(leg), at: at,
                                   location: try decode("stock_movements.location", location) { try LocationID($0) },
                                   item: try decode("stock_movements.item", item) { try ItemID($0) },
                                   lot: lot, kind: try decodeRaw("stock_movements.kind", kind, as: StockMovement.Kind.self), quantity: value)
    }
}
