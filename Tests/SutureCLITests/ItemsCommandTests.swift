import Foundation
import SutureTestSupport
import Testing

/// `suture items import` (docs/master-data.md, "Importing an item master").
@Suite struct ItemsCommandTests {
    @Test func aRefusedRowStoresNothingAndExitsOneUnlessPartialAndAReimportIsUnchanged() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestItemMaster.csv.write(to: directory.appendingPathComponent("items.csv"), atomically: true, encoding: .utf8)
        let store = ["--store", "sqlite:suture.db"]

        let refused = try await SutureProcess.run(["items", "import", "items.csv"] + store, in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("row 7, gtin: '00614141000013' has a wrong check digit"), "\(refused.stderr)")
        #expect(refused.stderr.contains("checking and writing items: 7 of 7"), "a progress line: \(refused.stderr)")
        #expect(refused.stdout.contains("nothing was stored"), "\(refused.stdout)")

        let dryRun = try await SutureProcess.run(["items", "import", "items.csv", "--dry-run", "--partial"] + store, in: directory)
        #expect(dryRun.stdout.contains("created 7, updated 0, unchanged 0, errors 1"), "\(dryRun.stdout)")
        #expect(dryRun.stdout.contains("dry run: nothing was stored"))

        let partial = try await SutureProcess.run(["items", "import", "items.csv", "--partial"] + store, in: directory)
        #expect(partial.status == 1, "a refused row still fails the command")
        #expect(partial.stdout.contains("created 7, updated 0, unchanged 0, errors 1"), "\(partial.stdout)")
        #expect(partial.stdout.contains("stored in sqlite:suture.db"))

        // The fixed file: the seventh item is created, the others are unchanged.
        let fixed = TestItemMaster.csv.replacingOccurrences(of: "00614141000013", with: "00614141000012")
        try fixed.write(to: directory.appendingPathComponent("items.csv"), atomically: true, encoding: .utf8)
        let again = try await SutureProcess.run(["items", "import", "items.csv"] + store, in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("created 1, updated 0, unchanged 7, errors 0"), "\(again.stdout)")

        // Every change is audited by the person who ran the command, and the chain holds.
        let verified = try await SutureProcess.run(["audit", "verify"] + store, in: directory)
        #expect(verified.status == 0 && verified.stdout.contains("verified: 8 entries"), "\(verified.stdout)\(verified.stderr)")

        let unknown = try await SutureProcess.run(["items", "import", "items.txt"] + store, in: directory)
        #expect(unknown.status != 0 && unknown.stderr.contains("give --format csv or --format ndjson"), "\(unknown.stderr)")
    }
}
