import Foundation
import SutureEngine
import SutureModel
import SutureStore
import SutureStoreSQLite

/// `suture bench masterdata`: an item master of `items` rows imported into a fresh SQLite
/// store (rows/s, as `suture items import` does it: checked, one transaction, a version
/// per item), then a snapshot of as many records compared with it (records/s), with the
/// disk's synced commits measured in the same run (docs/performance.md, "Master data").
enum BenchMasterData {
    struct Figures {
        var importRowsPerSecond: Double
        var reimportRowsPerSecond: Double
        var compareRecordsPerSecond: Double
        var differences: Int
    }

    static func run(items count: Int) async throws -> Figures {
        try await withFreshSQLiteStore("md") { try await measure($0, count: count) }
    }

    static func measure(_ store: SQLiteStore, count: Int) async throws -> Figures {

        // The file: every item with a GTIN (check digit computed), two packaging levels.
        var csv = "id,description,gtin,baseUnit,packaging,manufacturer,lotControlled\n"
        for index in 0..<count {
            let body = "0614141" + String(format: "%06d", index)
            let gtin = body + String(GS1CheckDigit.compute(for: body) ?? 0)
            csv += "ITEM-\(index),\"Bench item \(index), sterile\",\(gtin),EA,BX=10;CS=100,Acme,\(index % 2 == 0)\n"
        }
        let bytes = Array(csv.utf8)
        let importer = ItemImport(masterData: MasterData(store: store))
        let author = ChangeAuthor(actor: "bench", at: WallClock.nowMilliseconds(), verb: "import")
        var started = ContinuousClock.now
        let report = try await importer.run(bytes, format: .csv, by: author, partial: false, dryRun: false)
        let importSeconds = BenchCommand.seconds(ContinuousClock.now - started)
        guard report.created == count, report.errors.isEmpty else { throw BenchError.unexpectedStatus(report.errors.count) }
        started = ContinuousClock.now
        let again = try await importer.run(bytes, format: .csv, by: author, partial: false, dryRun: false)
        let reimportSeconds = BenchCommand.seconds(ContinuousClock.now - started)
        guard again.unchanged == count else { throw BenchError.unexpectedStatus(again.unchanged) }

        // The ERP knows every item under its own code; one in a hundred differs.
        let system = try SystemName("erp")
        var records: [SystemItemRecord] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            _ = try await store.putCrosswalk(CrosswalkEntry(system: system, kind: .items, code: "E\(index)", canonical: "ITEM-\(index)"))
            let description = index % 100 == 0 ? "Bench item \(index)" : "Bench item \(index), sterile"
            records.append(SystemItemRecord(code: "E\(index)", description: description, unit: "EA", status: "active"))
        }
        started = ContinuousClock.now
        let drift = try await MasterDataDrift(masterData: MasterData(store: store)).compare(system: system, records: records)
        let compareSeconds = BenchCommand.seconds(ContinuousClock.now - started)
        return Figures(importRowsPerSecond: Double(count) / importSeconds, reimportRowsPerSecond: Double(count) / reimportSeconds,
                       compareRecordsPerSecond: Double(count) / compareSeconds, differences: drift.differences.count)
    }
}
