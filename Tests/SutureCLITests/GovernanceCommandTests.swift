import Foundation
import SutureTestSupport
import Testing

/// `suture clients list|revoke|rotate|update` and `suture audit verify` as an operator runs
/// them, and clients created by command on two PostgreSQL nodes (docs/governance.md).
@Suite struct GovernanceCommandTests {
    static func lastLine(_ text: String) -> String { text.split(separator: "\n").last.map(String.init) ?? "" }

    @Test func clientsCommandsChangeTheStoreAndAuditVerifyNamesATamperedEntry() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = ["--store", "sqlite:data/suture.db"]
        let added = try await SutureProcess.run(["clients", "add", "scanner-1", "--scope", "events:write", "--rate", "5"] + store, in: directory)
        #expect(added.status == 0, "\(added.stderr)")
        let rotated = try await SutureProcess.run(["clients", "rotate", "scanner-1", "--grace", "2h"] + store, in: directory)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(Self.lastLine(rotated.stdout).hasPrefix("sut_") && Self.lastLine(rotated.stdout) != Self.lastLine(added.stdout))
        let updated = try await SutureProcess.run(["clients", "update", "scanner-1", "--scope", "events:read"] + store, in: directory)
        #expect(updated.status == 0, "\(updated.stderr)")

        let list = try await SutureProcess.run(["clients", "list"] + store, in: directory)
        #expect(list.status == 0, "\(list.stderr)")
        let row = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("scanner-1") })
        #expect(row.contains("rotating until") && row.contains("events:read") && row.contains("never"), "\(list.stdout)")
        #expect(!list.stdout.contains("sut_"), "tokens are never listed")

        let revoked = try await SutureProcess.run(["clients", "revoke", "scanner-1"] + store, in: directory)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let again = try await SutureProcess.run(["clients", "revoke", "scanner-1"] + store, in: directory)
        #expect(again.status != 0 && again.stderr.contains("was revoked"), "\(again.stderr)")
        let missing = try await SutureProcess.run(["clients", "rotate", "nobody"] + store, in: directory)
        #expect(missing.status != 0 && missing.stderr.contains("no client named 'nobody'"))
        #expect(missing.stderr.split(separator: "\n").count == 1, "one line: \(missing.stderr)")

        // Four changes, each an entry; the chain verifies.
        let verified = try await SutureProcess.run(["audit", "verify"] + store, in: directory)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("verified: 4 entries"), "\(verified.stdout)")

        // One byte of entry 2 edited in the file: verify exits 1 and names entry 2.
        let database = directory.appendingPathComponent("data/suture.db").path
        let edit = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"update audit_log set details = replace(details, '2', '3') where seq = 2\"); c.commit()",
            database])
        #expect(edit.status == 0, "\(edit.stderr)")
        let broken = try await SutureProcess.run(["audit", "verify"] + store, in: directory)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("broken at entry 2:"), "\(broken.stderr)")
    }

    @Test(.enabled(if: !PostgresTestSchema.isSkipped, "SUTURE_TEST_POSTGRES=skip"))
    func aClientsQuotaIsSummedAcrossNodesAndItsRevocationHoldsOnEveryNodeAtOnce() async throws {
        try await PostgresTestSchema.withSchema { storeURL in
            let directory = try SutureProcess.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            try "store: \"\(storeURL)\"\n".write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
            // A quota of 1 per second with a burst of 4: five quick calls spread over two nodes.
            let added = try await SutureProcess.run(["clients", "add", "storeroom-b", "--scope", "masterdata:read", "--rate", "1", "--burst", "4",
                                                     "--config", "suture.yaml"], in: directory)
            #expect(added.status == 0, "\(added.stderr)")
            let token = Self.lastLine(added.stdout)
            let nodes = [try await ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory),
                         try await ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory)]
            // Twelve calls at once, alternating between the nodes: the burst of 4 is shared, plus at
            // most one call per second the calls took.
            let urls = nodes.map { $0.baseURL.appendingPathComponent("v1/items") }
            let started = ContinuousClock.now
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<12 { group.addTask { try await http("GET", urls[index % 2], token: token).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let elapsed = ContinuousClock.now - started
            let admitted = statuses.filter { $0 == 200 }.count
            #expect(Set(statuses).isSubset(of: [200, 429]), "\(statuses)")
            #expect(admitted >= 4 && admitted <= 4 + Int(elapsed.components.seconds) + 1, "one quota for both nodes: \(statuses) in \(elapsed)")

            let revoked = try await SutureProcess.run(["clients", "revoke", "storeroom-b", "--config", "suture.yaml"], in: directory)
            #expect(revoked.status == 0, "\(revoked.stderr)")
            for node in nodes {
                #expect(try await http("GET", node.baseURL.appendingPathComponent("v1/items"), token: token).status == 401)
            }
            for node in nodes { await node.stop() }
        }
    }
}

@Suite struct PruneCommandTests {
    @Test func pruneDryRunCountsThenPruneDeletesAndTheAuditChainStillVerifies() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            store: "sqlite:data/suture.db"
            retention: { audit: 1ms, every: 1h }
            """.write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
        for name in ["a", "b", "c"] {
            #expect(try await SutureProcess.run(["clients", "add", name, "--scope", "events:read", "--config", "suture.yaml"], in: directory).status == 0)
        }
        let dryRun = try await SutureProcess.run(["prune", "--dry-run", "--config", "suture.yaml"], in: directory)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("audit: would delete 3 older than 1ms"), "\(dryRun.stdout)")
        #expect(dryRun.stdout.contains("events: would delete 0 older than 90d"))
        #expect(dryRun.stdout.contains("dry run: nothing was deleted"))

        let pruned = try await SutureProcess.run(["prune", "--config", "suture.yaml"], in: directory)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("audit: deleted 3"), "\(pruned.stdout)")
        #expect(pruned.stdout.contains("gave back"))
        #expect(pruned.stderr.contains("pruning audit: 3 deleted"), "the progress line: \(pruned.stderr)")

        // The chain continues from its checkpoint: the prune's own entry.
        let verified = try await SutureProcess.run(["audit", "verify", "--config", "suture.yaml"], in: directory)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("verified: 1 entries, continuing from checkpoint 3"), "\(verified.stdout)")
    }
}
