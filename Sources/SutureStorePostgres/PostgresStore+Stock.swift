import Foundation
import PostgresNIO
public import SutureModel
public import SutureStore

// MARK: - Stock ledger

extension PostgresStore {
    /// Applies movements inside the caller's transaction: each (source, leg) once (the
    /// movement's row is the claim), levels added to in NUMERIC by the database, so two nodes
    /// applying different events to one level both count.
    static func applyStock(_ movements: [StockMovement], _ session: PostgresSession) async throws {
        for movement in movements {
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
