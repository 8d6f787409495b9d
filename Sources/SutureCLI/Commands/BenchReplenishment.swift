import Foundation
import Logging
import SutureConfig
import SutureEngine
import SutureModel
import SutureProcurement
import SutureStore
import SutureStoreSQLite

/// `suture bench replenishment`: a fresh SQLite store with `parLevels` par levels (100 items at
/// as many locations as it takes), one in ten of them at or below its reorder point; then a
/// full replenishment run that raises and orders their requisitions (auto-approved, one
/// purchase order per location), a second full run with nothing left to raise, and runs for one
/// need as a processed event starts them, with the disk's synced commits measured in the same
/// run (docs/performance.md, "Replenishment").
enum BenchReplenishment {
    struct Figures {
        var parLevels: Int
        var firstRunSeconds: Double
        var requisitions: Int
        var purchaseOrders: Int
        var quietRunSeconds: Double
        var singleNeedMilliseconds: Double
    }

    static func run(parLevels count: Int) async throws -> Figures {
        try await withFreshSQLiteStore("repl") { try await measure($0, count: count) }
    }

    static func measure(_ store: SQLiteStore, count: Int) async throws -> Figures {
        let itemsPerLocation = min(100, count)
        let locations = (count + itemsPerLocation - 1) / itemsPerLocation
        let author = ChangeAuthor(actor: "bench", at: WallClock.nowMilliseconds(), verb: "seed", audited: false)
        let items = try (0..<itemsPerLocation).map { index in
            Item(id: try ItemID("ITEM-\(index)"), description: "Bench item \(index)",
                 packaging: try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 12)]))
        }
        _ = try await store.putItems(items, by: author, partial: false, dryRun: false, then: [], progress: { _ in })
        _ = try await store.putSupplier(Supplier(id: "BENCH-SUPPLY", name: "Bench supply"))
        for item in items {
            _ = try await ContractPrices(store: store).put(ContractPrice(supplier: "BENCH-SUPPLY", item: item.id, unit: "BX", price: 24, currency: "USD",
                                                                         validFrom: "2020-01-01", source: "api"), actor: "bench")
        }
        print("seeding \(count) par levels at \(locations) locations...")
        var stock = StoreChanges()
        var seeded = 0
        for location in 0..<locations {
            let id = try LocationID("WARD-\(location)")
            _ = try await store.putLocation(Location(id: id, name: "Ward \(location)", type: .storeroom))
            for item in items where seeded < count {
                seeded += 1
                try await ParLevels(store: store).put(ParLevel(location: id, item: item.id, par: 100, reorderPoint: 20, unit: "EA"), actor: "bench")
                // One need in ten is at its reorder point; the others hold 60.
                let onHand: Decimal = seeded % 10 == 0 ? 20 : 60
                stock.stock.append(StockMovement(source: "seed:\(seeded)", at: WallClock.nowMilliseconds(), location: id, item: item.id, lot: nil,
                                                 expiry: nil, kind: .receipt, quantity: onHand))
            }
        }
        try await store.commit(stock)

        var configuration = SutureConfiguration()
        configuration.replenishment = ReplenishmentSettings(every: .seconds(3600), autoApproveUpTo: 1_000_000)
        let logger = { var logger = Logger(label: "bench-replenishment"); logger.logLevel = .critical; return logger }()
        let replenisher = try Pipeline(configuration: configuration, store: store, logger: logger).replenishment.replenisher
        var started = ContinuousClock.now
        let first = try await replenisher.run()
        let firstSeconds = BenchCommand.seconds(ContinuousClock.now - started)
        guard first.problems.isEmpty, first.proposed.count == count / 10 else { throw BenchError.unexpectedStatus(first.proposed.count) }
        started = ContinuousClock.now
        let quiet = try await replenisher.run()
        let quietSeconds = BenchCommand.seconds(ContinuousClock.now - started)
        guard quiet.proposed.isEmpty else { throw BenchError.unexpectedStatus(quiet.proposed.count) }
        let samples = 100
        started = ContinuousClock.now
        for sample in 0..<samples {
            let need = StockNeed(location: try LocationID("WARD-\(sample % locations)"), item: items[sample % itemsPerLocation].id)
            _ = try await replenisher.run(needs: [need])
        }
        let singleMilliseconds = BenchCommand.seconds(ContinuousClock.now - started) * 1000 / Double(samples)
        return Figures(parLevels: count, firstRunSeconds: firstSeconds, requisitions: first.proposed.count, purchaseOrders: first.purchaseOrders.count,
                       quietRunSeconds: quietSeconds, singleNeedMilliseconds: singleMilliseconds)
    }
}
