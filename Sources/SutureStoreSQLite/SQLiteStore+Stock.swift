import Foundation
public import SutureModel
public import SutureStore

// MARK: - Stock ledger

extension SQLiteStore {
    /// Applies movements inside the caller's transaction: each (source, leg) once; quantities
    /// are exact decimals kept as text, added here (one writer at a time on SQLite).
    static func applyStock(_ movements: [StockMovement], _ connection: SQLiteConnection) throws {
        for movement in movements {
            let recorded = try movement.reverses.map { source in
                try connection.statement("""
                    SELECT source, leg, at, location, item, lot, kind, quantity FROM stock_movements WHERE source = ?1 ORDER BY leg
                    """).bind([.text(source)]).rows(readMovement)
            } ?? []
            var onHand: Decimal = 0
            if movement.kind == .count {
                let quantities = try connection.statement("""
                    SELECT on_hand FROM stock_levels WHERE location = ?1 AND item = ?2 AND (?3 = '' OR lot = ?3)
                    """).bind([.text(movement.location.rawValue), .text(movement.item.rawValue), .text(movement.lot)]).rows { $0.text(0) ?? "0" }
                onHand = quantities.reduce(0) { $0 + (ExactDecimal.parse($1) ?? 0) }
            }
            for record in StockRule.apply(movement, recorded: recorded, onHand: onHand) {
                try connection.statement("""
                    INSERT INTO stock_movements (source, leg, at, location, item, lot, kind, quantity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                    ON CONFLICT (source, leg) DO NOTHING
                    """).bind([.text(record.source), .integer(Int64(record.leg)), .integer(record.at), .text(record.location.rawValue),
                               .text(record.item.rawValue), .text(record.lot), .text(record.kind.rawValue),
                               .text(ExactDecimal.format(record.quantity))]).run()
                // Applied before (the same event processed again): the ledger has it already.
                guard connection.changes == 1 else { continue }
                let current = try connection.statement("SELECT on_hand FROM stock_levels WHERE location = ?1 AND item = ?2 AND lot = ?3")
                    .bind([.text(record.location.rawValue), .text(record.item.rawValue), .text(record.lot)]).firstRow { $0.text(0) ?? "0" }
                let onHand = (current.flatMap(ExactDecimal.parse) ?? 0) + record.quantity
                try connection.statement("""
                    INSERT INTO stock_levels (location, item, lot, expiry, on_hand, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    ON CONFLICT (location, item, lot) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at,
                        expiry = COALESCE(excluded.expiry, stock_levels.expiry)
                    """).bind([.text(record.location.rawValue), .text(record.item.rawValue), .text(record.lot),
                               .text(movement.kind == .reversal ? nil : movement.expiry), .text(ExactDecimal.format(onHand)),
                               .integer(record.at)]).run()
            }
        }
    }

    public func stockLevels(location: LocationID?, item: ItemID?) async throws -> [StockLevel] {
        try await run { connection in
            try connection.statement("""
                SELECT location, item, lot, expiry, on_hand, updated_at FROM stock_levels
                WHERE (?1 IS NULL OR location = ?1) AND (?2 IS NULL OR item = ?2) ORDER BY location, item, lot
                """).bind([.text(location?.rawValue), .text(item?.rawValue)]).rows { row in
                    StockLevel(location: try Self.decode("stock_levels.location", row.text(0)) { try LocationID($0) },
                               item: try Self.decode("stock_levels.item", row.text(1)) { try ItemID($0) },
                               lot: row.text(2) ?? "", expiry: row.text(3),
                               onHand: try Self.decode("stock_levels.on_hand", row.text(4)) { text in
                                   guard let value = ExactDecimal.parse(text) else { throw StoreError.corrupt(text) }
                                   return value
                               },
                               updatedAt: row.integer(5))
                }
        }
    }

    public func stockMovements(item: ItemID, location: LocationID?, since: Int64) async throws -> [StockMovementRecord] {
        try await run { connection in
            try connection.statement("""
                SELECT source, leg, at, location, item, lot, kind, quantity FROM stock_movements
                WHERE item = ?1 AND (?2 IS NULL OR location = ?2) AND at >= ?3 ORDER BY at, source, leg
                """).bind([.text(item.rawValue), .text(location?.rawValue), .integer(since)]).rows(Self.readMovement)
        }
    }

    static func readMovement(_ row: SQLiteRow) throws -> StockMovementRecord {
        StockMovementRecord(
            source: row.text(0) ?? "", leg: Int(row.integer(1)), at: row.integer(2),
            location: try decode("stock_movements.location", row.text(3)) { try LocationID($0) },
            item: try decode("stock_movements.item", row.text(4)) { try ItemID($0) },
            lot: row.text(5) ?? "",
            kind: try decode("stock_movements.kind", row.text(6)) { text in
                guard let kind = StockMovement.Kind(rawValue: text) else { throw StoreError.corrupt(text) }
                return kind
            },
            quantity: try decode("stock_movements.quantity", row.text(7)) { text in
                guard let value = ExactDecimal.parse(text) else { throw StoreError.corrupt(text) }
                return value
            })
    }
}
