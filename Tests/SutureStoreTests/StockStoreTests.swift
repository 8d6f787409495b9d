import Foundation
import SutureModel
import SutureStore
import SutureTestSupport
import Testing

/// The stock ledger on both stores (docs/stock.md): movements in, levels out, each applied once.
@Suite struct StockStoreTests {
    typealias Kind = StoreTests.Kind

    static func commit(_ store: any Store, _ movements: [StockMovement]) async throws {
        var changes = StoreChanges()
        changes.stock = movements
        try await store.commit(changes)
    }

    static func move(_ source: String, _ location: LocationID, _ kind: StockMovement.Kind, _ quantity: Decimal, lot: String? = nil,
                     expiry: String? = nil, leg: Int = 0, at: Int64 = 1_780_000_000_000) -> StockMovement {
        StockMovement(source: source, leg: leg, at: at, location: location, item: "GLOVE-M", lot: lot, expiry: expiry, kind: kind, quantity: quantity)
    }

    /// On hand by `location/lot` (lot "-" for none), leaving out zeros.
    static func levels(_ store: any Store) async throws -> [String: Decimal] {
        var result: [String: Decimal] = [:]
        for level in try await store.stockLevels(location: nil, item: "GLOVE-M") where level.onHand != 0 {
            result["\(level.location)/\(level.lot.isEmpty ? "-" : level.lot)"] = level.onHand
        }
        return result
    }

    @Test(arguments: StoreTests.kinds)
    func movementsGiveTheLevelsEachAppliedOnceAndACountRecordsItsDifference(kind: Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let sequence: [StockMovement] = [
                Self.move("event:r1", "OR-1", .receipt, 100, lot: "A", expiry: "2027-01-31"),
                Self.move("event:r2", "OR-1", .receipt, 50, lot: "B", expiry: "2027-06-30"),
                Self.move("event:i1", "OR-1", .issue, -30, lot: "A"),
                Self.move("event:t1", "OR-1", .transferOut, -20, lot: "B"),
                Self.move("event:t1", "OR-2", .transferIn, 20, lot: "B", leg: 1),
                Self.move("event:a1", "OR-2", .adjustment, Decimal(string: "-2.5")!, lot: "B"),
                Self.move("event:ret1", "OR-1", .return, -5, lot: "A"),
            ]
            try await Self.commit(store, sequence)
            #expect(try await Self.levels(store) == ["OR-1/A": 65, "OR-1/B": 30, "OR-2/B": 17.5])

            // The same movements again (an event processed twice) change nothing.
            try await Self.commit(store, sequence)
            #expect(try await Self.levels(store) == ["OR-1/A": 65, "OR-1/B": 30, "OR-2/B": 17.5])

            // A count of lot A sets it; the ledger records the difference.
            try await Self.commit(store, [Self.move("event:c1", "OR-1", .count, 60, lot: "A")])
            #expect(try await Self.levels(store)["OR-1/A"] == 60)
            let movements = try await store.stockMovements(item: "GLOVE-M", location: "OR-1", since: 0)
            #expect(movements.first { $0.source == "event:c1" }?.quantity == -5)

            // Voiding the second receipt takes its 50 back from where it went (lot B at OR-1), once.
            try await Self.commit(store, [StockMovement.reversal(of: "event:r2", at: 1_780_000_100_000)])
            try await Self.commit(store, [StockMovement.reversal(of: "event:r2", at: 1_780_000_100_000)])
            #expect(try await Self.levels(store) == ["OR-1/A": 60, "OR-1/B": -20, "OR-2/B": 17.5])
            // A reversal of what moved nothing moves nothing.
            try await Self.commit(store, [StockMovement.reversal(of: "event:never", at: 1_780_000_100_000)])
            #expect(try await Self.levels(store).count == 3)

            // A count without a lot sets the location's total: 40 counted against 40 (60 - 20) is no change;
            // 30 counted records -10 on stock held without a lot.
            try await Self.commit(store, [Self.move("event:c2", "OR-1", .count, 40)])
            #expect(try await Self.levels(store)["OR-1/-"] == nil)
            try await Self.commit(store, [Self.move("event:c3", "OR-1", .count, 30)])
            let atOR1 = try await store.stockLevels(location: "OR-1", item: "GLOVE-M")
            #expect(atOR1.reduce(Decimal(0)) { $0 + $1.onHand } == 30)
            #expect(atOR1.first { $0.lot == "A" }?.expiry == "2027-01-31")
            #expect(try await store.stockLevels(location: "OR-9", item: nil).isEmpty)
        }
    }
}
