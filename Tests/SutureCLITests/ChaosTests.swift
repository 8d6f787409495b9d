import Foundation
import SutureTestSupport
import Testing

/// The short `suture bench chaos`: every flow (events, orders with their 855, 856 and 810,
/// invoices matched, voids, supplier files) under load while nodes are killed with SIGKILL
/// three times; the bench counts ERP postings per business key and supplier documents per
/// control number and exits 1 on anything lost or duplicated. The long run (`--kills 20`) is
/// opt-in (docs/operations.md, "Chaos").
@Suite(.serialized) struct ChaosTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs the bench and checks its verdict line by line, printing its output for the log.
    static func expectNothingLostOrDuplicated(status: Int32, stdout: String, stderr: String, kills: Int) {
        print(stdout)
        let lines = stdout.split(separator: "\n").map(String.init)
        #expect(status == 0, "\(stderr.suffix(2000))")
        #expect(lines.contains("lost: 0"))
        #expect(lines.contains("duplicated: 0"))
        // The kills happened, under load, and every flow ran.
        #expect(lines.filter { $0.hasPrefix("chaos: kill ") }.count == kills)
        let totals = lines.first { $0.contains(" events, ") && $0.contains(" orders ") } ?? ""
        let numbers = totals.split(separator: " ").compactMap { Int($0) }
        #expect(numbers.count >= 5 && numbers.allSatisfy { $0 > 0 }, "every flow ran: \(totals)")
    }

    @Test func oneNodeOnSQLiteKilledThreeTimesLosesAndDuplicatesNothing() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await SutureProcess.run(["bench", "chaos", "--kills", "3", "--chaos-seconds", "15", "--output", "chaos.json"], in: directory)
        Self.expectNothingLostOrDuplicated(status: result.status, stdout: result.stdout, stderr: result.stderr, kills: 3)
    }

    /// Three nodes on a PostgreSQL server of their own (started by scripts/with-postgres on
    /// another port, so restarting it disturbs no other test), killed three times, and the
    /// server itself restarted once halfway.
    @Test(.enabled(if: !PostgresTestSchema.isSkipped, "SUTURE_TEST_POSTGRES=skip"))
    func threeNodesOnPostgreSQLKilledThreeTimesWithTheServerRestartedLoseAndDuplicateNothing() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = Self.repository.appendingPathComponent("scripts/with-postgres")
        let bench = """
            "$SUTURE_BINARY" bench chaos --kills 3 --chaos-seconds 20 --nodes 3 --store "$SUTURE_TEST_POSTGRES_URL" \
              --restart-store "$SUTURE_TEST_POSTGRES_RESTART" --output chaos.json
            """
        var environment = ProcessInfo.processInfo.environment
        environment["SUTURE_BINARY"] = SutureProcess.binary.path
        environment["SUTURE_TEST_POSTGRES_PORT"] = "55439"
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [script.path, "bash", "-c", bench],
                                                directory: directory, environment: environment)
        Self.expectNothingLostOrDuplicated(status: result.status, stdout: result.stdout, stderr: result.stderr, kills: 3)
        #expect(result.stdout.contains("chaos: restarting the store's server"))
    }
}
