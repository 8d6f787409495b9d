import Foundation
import SutureModel
import SutureStore
import SutureTestSupport
import Testing

/// Master-data versions and batch writes on both stores (docs/master-data.md).
@Suite struct RecordHistoryStoreTests {
    typealias Kind = StoreTests.Kind

    @Test(arguments: StoreTests.kinds)
    func aChangeIsOneVersionWithItsFieldChangesAndAnIdenticalWriteIsNone(kind: Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            let gloves = try StoreTests.gloves()
            #expect(try await store.putItem(gloves, by: ChangeAuthor(actor: "buyer-1", at: 1_780_000_000_000)) == .created)
            var renamed = gloves
            renamed.description = "Nitrile gloves, medium"
            #expect(try await store.putItem(renamed, by: ChangeAuthor(actor: "buyer-2", at: 1_780_000_001_000)) == .updated)
            #expect(try await store.putItem(renamed, by: ChangeAuthor(actor: "buyer-3", at: 1_780_000_002_000)) == .unchanged)

            let history = try await store.history(.item, id: "GLOVE-M")
            #expect(history.map(\.version) == [2, 1], "newest first, one version per change")
            #expect(history.map(\.actor) == ["buyer-2", "buyer-1"])
            #expect(history[0].at == 1_780_000_001_000)
            #expect(history[0].changes == [JSONDiff.Change(path: "description", from: .string("Nitrile exam gloves, medium"),
                                                           to: .string("Nitrile gloves, medium"))])
            #expect(history[1].changes.contains { $0.path == "baseUnit" && $0.from == nil && $0.to == .string("EA") })
            // Audited authors leave one entry per change, none for the unchanged write.
            let entries = try await store.auditChain(after: 0, limit: 10)
            #expect(entries.map(\.actor) == ["buyer-1", "buyer-2"])
            #expect(entries.map(\.action) == ["item.put", "item.put"])

            // Locations and suppliers keep versions too; a write by the hub itself is not audited.
            let supplier = Supplier(id: "ACME", name: "Acme Medical")
            _ = try await store.putSupplier(supplier)
            var renamedSupplier = supplier
            renamedSupplier.name = "Acme Medical Inc."
            _ = try await store.putSupplier(renamedSupplier, by: ChangeAuthor(actor: "buyer-1", at: 1_780_000_003_000))
            #expect(try await store.history(.supplier, id: "ACME").map(\.actor) == ["buyer-1", "system"])
            _ = try await store.putLocation(Location(id: "GENERAL", name: "General", type: .facility))
            #expect(try await store.history(.location, id: "GENERAL").count == 1)
            #expect(try await store.history(.item, id: "NO-SUCH").isEmpty)
            #expect(try await store.auditChain(after: 0, limit: 10).count == 3)
            #expect(try await store.verifyAuditChain().broken == nil)
        }
    }

    @Test(arguments: StoreTests.kinds)
    func aBatchStoresNothingOnARefusalUnlessPartialAndNothingOnADryRun(kind: Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            _ = try await store.putItem(try StoreTests.gloves())
            let first = Item(id: "SYRINGE-5", description: "Syringe 5 ml", packaging: try PackagingHierarchy(baseUnit: "EA"))
            var thief = Item(id: "THIEF", description: "Claims the gloves' GTIN", packaging: try PackagingHierarchy(baseUnit: "EA"))
            thief.gtin = try GTIN("00614141000012")
            let last = Item(id: "SWAB-2", description: "Swab", packaging: try PackagingHierarchy(baseUnit: "EA"))
            let author = ChangeAuthor(actor: "importer", at: 1_780_000_000_000, verb: "import")

            let refused = try await store.putItems([first, thief, last], by: author, partial: false, dryRun: false)
            #expect(refused[0] == .written(.created) && refused[2] == .written(.created))
            guard case .refused(let reason) = refused[1] else { Issue.record("\(refused)"); return }
            #expect(reason.contains("GLOVE-M"), "\(reason)")
            #expect(try await store.item("SYRINGE-5") == nil, "all or nothing")
            #expect(try await store.item("SWAB-2") == nil, "all or nothing")
            #expect(try await store.history(.item, id: "SYRINGE-5").isEmpty)

            let dryRun = try await store.putItems([first, last], by: author, partial: true, dryRun: true)
            #expect(dryRun == [.written(.created), .written(.created)])
            #expect(try await store.item("SYRINGE-5") == nil, "a dry run stores nothing")

            let partial = try await store.putItems([first, thief, last], by: author, partial: true, dryRun: false)
            #expect(partial.count == 3)
            #expect(try await store.item("SYRINGE-5") == first)
            #expect(try await store.item("SWAB-2") == last)
            #expect(try await store.item("THIEF") == nil)
            #expect(try await store.auditChain(after: 0, limit: 10).map(\.action) == ["item.import", "item.import"])

            let again = try await store.putItems([first, last], by: author, partial: false, dryRun: false)
            #expect(again == [.written(.unchanged), .written(.unchanged)])
        }
    }
}
