import Foundation
import SutureDelivery
import SutureStore
import SutureStoreSQLite
import SutureTestSupport
import Testing

/// The queries a delivery worker runs on every cycle must find their rows through an index,
/// whatever the history: SQLite's own planner (through Python's sqlite3, on a store file the
/// SQLite store created) is asked how it runs them. A partial index is used only when the
/// query repeats its condition term for term; the statuses in another order made every claim
/// scan the whole deliveries table, so claims slowed as deliveries piled up.
@Suite struct QueryPlanTests {
    static func plan(_ sql: String, in file: String) async throws -> String {
        let script = """
            import sqlite3, sys
            connection = sqlite3.connect(sys.argv[1])
            for row in connection.execute("EXPLAIN QUERY PLAN " + sys.argv[2], {}):
                print(row[-1])
            """
        let result = try await ChildProcess.python(["-c", script, file, sql])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func theDeliveryClaimAndTheNextDueTimeUseTheDueIndex() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("suture.db").path
        let store = try await SQLiteStore.open(path: file)
        await store.close()

        // The claim's candidates, as SQLiteStore.claimDueDeliveries selects them.
        let claim = try await Self.plan("""
            SELECT id FROM deliveries WHERE destination = 'erp' AND \(DeliveryRuleSQL.isClaimable("deliveries", now: "0"))
            ORDER BY next_attempt_at, sequence LIMIT 10
            """, in: file)
        #expect(claim.contains("USING INDEX deliveries_due"), "\(claim)")
        #expect(!claim.contains("SCAN deliveries\n") && !claim.hasPrefix("SCAN deliveries"), "\(claim)")
        // The next due time, as SQLiteStore.nextDueTime asks for it.
        let next = try await Self.plan(
            "SELECT MIN(next_attempt_at) FROM deliveries WHERE destination = 'erp' AND status IN \(DeliveryRuleSQL.list(DeliveryStatus.claimable))",
            in: file)
        #expect(next.contains("deliveries_due"), "\(next)")
        // The lists are written as the indexes are.
        #expect(DeliveryRuleSQL.list(DeliveryStatus.claimable) == "('pending', 'in-flight')")
        #expect(DeliveryRuleSQL.list(DeliveryStatus.failed) == "('rejected', 'dead')")
    }
}
