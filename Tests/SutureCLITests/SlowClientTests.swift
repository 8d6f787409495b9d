import Foundation
import SutureTestSupport
import Testing

/// A client that opens thousands of connections and never finishes a request cannot keep
/// them (docs/governance.md, "Slow and abusive clients").
@Suite struct SlowClientTests {
    static func run(config: String, count: Int, waitSeconds: Int) async throws -> [String: Any] {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try config.write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
        let hub = try await ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/half-open-connections.py")
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                                ["python3", script.path, "127.0.0.1", String(hub.baseURL.port ?? 0), String(count), String(waitSeconds)])
        // The hub is still serving afterwards.
        let live = try await http("GET", hub.baseURL.appendingPathComponent("health/live"))
        #expect(live.status == 200)
        #expect(await hub.stop() == 0)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
    }

    @Test func twoThousandHalfRequestsAreClosedAfterTheIdleTimeoutWhileHealthAnswers() async throws {
        let report = try await Self.run(config: """
            store: "sqlite:data/suture.db"
            http: { idleTimeout: 3s, maxConnectionsPerAddress: 0 }
            """, count: 2000, waitSeconds: 60)
        print("slow clients: \(report)")
        #expect(report["connected"] as? Int == 2000)
        #expect(report["healthWhileOpen"] as? Int == 200, "/health/live answered while 2,000 half requests were open")
        #expect(report["closed"] as? Int == 2000, "every half-open connection was closed by the hub")
        #expect(report["closedAtOnce"] as? Int == 0, "none before its idle time-out")
    }

    @Test func connectionsBeyondAnAddressesCapAreClosedAtOnce() async throws {
        let report = try await Self.run(config: """
            store: "sqlite:data/suture.db"
            http: { idleTimeout: 2s, maxConnectionsPerAddress: 50 }
            """, count: 60, waitSeconds: 30)
        print("connection cap: \(report)")
        #expect(report["closed"] as? Int == 60)
        #expect(report["closedAtOnce"] as? Int == 10, "the ten beyond the cap of 50")
    }
}
