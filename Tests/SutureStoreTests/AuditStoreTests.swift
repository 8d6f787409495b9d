import Foundation
import SutureModel
import SutureStore
import SutureStoreFactory
import SutureTestSupport
import Testing

/// The audit chain as both stores keep it (docs/governance.md, "Audit log"): written with
/// the change or not at all, verified entry by entry, and broken by any edit or removal.
@Suite struct AuditStoreTests {
    typealias Kind = StoreTests.Kind

    static func draft(_ index: Int, actor: String = "auditor") -> AuditDraft {
        AuditDraft(at: 1_780_000_000_000 + Int64(index), actor: actor, action: "item.put", target: "item:ITEM-\(index)",
                   details: .object([("note", .string("change \(index)")), ("amount", .number("1.50"))]))
    }

    /// Runs one SQL statement on the store's own tables, behind the store's back (a tamperer).
    static func tamper(_ kind: Kind, _ location: String, _ sql: String) async throws {
        switch kind {
        case .sqlite:
            let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", location, sql])
            #expect(result.status == 0, "\(result.stderr)")
        case .postgres:
            let schema = try #require(PostgresTestSchema.schema(of: location))
            try await PostgresTestSchema.execute(sql.replacingOccurrences(of: "audit_", with: "\(schema).audit_"), on: try PostgresTestSchema.serverURL())
        }
    }

    @Test(arguments: StoreTests.kinds)
    func anEditedOrRemovedEntryBreaksTheChainAtThatEntry(kind: Kind) async throws {
        try await StoreTests.withStore(kind) { store, location in
            // Given five entries written three ways: alone, with a master-data write, with a change set.
            try await store.appendAudit([Self.draft(1), Self.draft(2)])
            _ = try await store.putItem(try StoreTests.gloves(), by: ChangeAuthor(actor: "auditor", at: 1_780_000_000_003))
            var changes = StoreChanges()
            changes.audit = [Self.draft(4), Self.draft(5)]
            try await store.commit(changes)
            let verified = try await store.verifyAuditChain()
            #expect(verified.broken == nil && verified.entries == 5 && verified.head?.seq == 5)
            let stored = try await store.auditChain(after: 0, limit: 10)
            #expect(stored.map(\.seq) == [1, 2, 3, 4, 5])
            #expect(stored[0].prev == AuditChain.genesis && stored[1].prev == stored[0].hash)
            #expect(stored[2].action == "item.put" && stored[2].target == "item:GLOVE-M" && stored[2].actor == "auditor")
            #expect(stored[3].details == #"{"amount":1.50,"note":"change 4"}"#, "details are kept as canonical JSON")

            // When one byte of entry 3's details is edited: the chain breaks at entry 3.
            try await Self.tamper(kind, location, "UPDATE audit_log SET details = replace(details, 'Nitrile', 'Nitrilf') WHERE seq = 3")
            let edited = try await store.verifyAuditChain()
            #expect(edited.broken?.seq == 3, "\(String(describing: edited.broken))")
            #expect(edited.broken?.reason.contains("hash does not match") == true)
            try await Self.tamper(kind, location, "UPDATE audit_log SET details = replace(details, 'Nitrilf', 'Nitrile') WHERE seq = 3")
            #expect(try await store.verifyAuditChain().broken == nil, "restoring the byte restores the chain")

            // When entry 2 is removed: the chain breaks where entry 3 no longer follows.
            try await Self.tamper(kind, location, "DELETE FROM audit_log WHERE seq = 2")
            let removed = try await store.verifyAuditChain()
            #expect(removed.broken?.seq == 3 && removed.broken?.reason.contains("missing") == true, "\(String(describing: removed.broken))")
        }
    }

    @Test(arguments: StoreTests.kinds)
    func removingTheNewestEntryIsSeenByTheHead(kind: Kind) async throws {
        try await StoreTests.withStore(kind) { store, location in
            try await store.appendAudit((1...3).map { Self.draft($0) })
            try await Self.tamper(kind, location, "DELETE FROM audit_log WHERE seq = 3")
            let result = try await store.verifyAuditChain()
            #expect(result.broken?.seq == 3, "\(String(describing: result.broken))")
            #expect(result.entries == 2)
        }
    }

    @Test(arguments: StoreTests.kinds)
    func aChangeThatRollsBackLeavesNoEntry(kind: Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            _ = try await store.putItem(try StoreTests.gloves(), by: ChangeAuthor(actor: "auditor", at: 1_780_000_000_001))
            // Another item claiming the gloves' GTIN is refused, and its entry with it.
            var thief = try StoreTests.gloves()
            thief.id = "THIEF"
            await #expect(throws: StoreError.self) { _ = try await store.putItem(thief, by: ChangeAuthor(actor: "auditor", at: 1_780_000_000_002)) }
            var changes = StoreChanges()
            changes.audit = [Self.draft(3)]
            changes.exceptionChanges = [ExceptionChange(id: "no-such-exception", expected: [.open], status: .resolved, historyEntry: "{}")]
            await #expect(throws: StoreError.self) { try await store.commit(changes) }
            let entries = try await store.auditChain(after: 0, limit: 10)
            #expect(entries.map(\.target) == ["item:GLOVE-M"])
            #expect(try await store.verifyAuditChain().broken == nil)
        }
    }

    @Test func twoNodesWritingAtOnceKeepOneValidChain() async throws {
        try await PostgresTestSchema.withSchema { url in
            let first = try await StoreFactory.open(StoreURL(url))
            let second = try await StoreFactory.open(StoreURL(url))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (node, store) in [(0, first), (1, second)] {
                    for writer in 0..<4 {
                        group.addTask {
                            for index in 0..<10 {
                                try await store.appendAudit([Self.draft(node * 1000 + writer * 100 + index, actor: "node-\(node)")])
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await first.verifyAuditChain()
            #expect(result.broken == nil, "\(String(describing: result.broken))")
            #expect(result.entries == 80 && result.head?.seq == 80)
            #expect(Set(try await second.auditEntries(AuditQuery(limit: 100)).map(\.actor)) == ["node-0", "node-1"])
            await first.close()
            await second.close()
        }
    }
}
