import Foundation
import Logging
import SutureERPSimulator
import SutureModel
import SutureTestSupport
import Testing

/// Three `suture serve` nodes share one PostgreSQL database. Clients send events to all of
/// them while one is killed with SIGKILL; every acknowledged event reaches the ERP exactly
/// once, and the ERP's rate limit holds for the cluster, not per node.
@Suite(.serialized, .enabled(if: !PostgresTestSchema.isSkipped, "SUTURE_TEST_POSTGRES=skip"))
struct ClusterTests {
    static let perSecond = 10
    static let burst = 3
    /// Events to acknowledge before the kill, and in all: enough to keep the ERP's limit busy
    /// for a while however slow the machine (the whole suite runs beside this test).
    static let beforeKill = 30
    static let wanted = 80

    @Test func threeNodesLoseNothingPostNothingTwiceAndHoldTheClusterRateLimit() async throws {
        try await PostgresTestSchema.withSchema { storeURL in
            let directory = try SutureProcess.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            try await withERPSimulator { erp, erpPort in
                try """
                    store: "\(storeURL)"
                    systems:
                      storeroom-a: { kind: inventory }
                      erp:
                        kind: erp-http
                        url: http://127.0.0.1:\(erpPort)
                        token: erp-token
                        rateLimit: { perSecond: \(Self.perSecond), burst: \(Self.burst) }
                        retry: { maxAttempts: 50, initialBackoff: 20ms, maxBackoff: 500ms }
                        timeout: 2s
                        circuitBreaker: { failureThreshold: 50, coolDown: 200ms }
                    routes:
                      - to: [erp]
                    """.write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
                let added = try await SutureProcess.run(["clients", "add", "storeroom-a", "--scope", "admin", "--config", "suture.yaml"], in: directory)
                #expect(added.status == 0, "\(added.stderr)")
                let token = try #require(added.stdout.split(separator: "\n").last.map(String.init))

                var nodes: [ServerProcess] = []
                for _ in 0..<3 { nodes.append(try await ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory)) }
                try await CrashSafetyTests.seed(nodes[0].baseURL, token: token)

                // Six clients, two per node, send until 80 events are acknowledged (and 2.5 s have
                // passed); node 1 is killed once 30 are, and its clients move on to the next node,
                // as a load balancer would send them.
                let acknowledged = AcknowledgedEvents()
                let urls = nodes.map(\.baseURL)
                let started = ContinuousClock.now
                let enough: @Sendable () -> Bool = { acknowledged.all().count >= Self.wanted && ContinuousClock.now - started > .milliseconds(2500) }
                await withTaskGroup(of: Void.self) { senders in
                    for client in 0..<6 {
                        senders.addTask {
                            var node = client % 3
                            var index = 0
                            while !enough() && ContinuousClock.now - started < .seconds(60) {
                                let key = "cluster-\(client)-\(index)"
                                index += 1
                                let answer = try? await http("POST", urls[node].appendingPathComponent("v1/events"), token: token,
                                                             json: CrashSafetyTests.event(quantity: index), headers: ["Idempotency-Key": key])
                                guard let answer else {
                                    node = (node + 1) % 3
                                    continue
                                }
                                if (200...299).contains(answer.status), let id = try? JSONValue.parse(answer.body)["id"]?.stringValue {
                                    acknowledged.record(key: key, id: id)
                                }
                            }
                        }
                    }
                    while acknowledged.all().count < Self.beforeKill && ContinuousClock.now - started < .seconds(30) {
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                    _ = await nodes[1].stop(signal: SIGKILL)
                    await senders.waitForAll()
                }
                let acked = acknowledged.all()
                print("cluster: \(acked.count) events acknowledged by 3 nodes in \(ContinuousClock.now - started) (one killed after \(Self.beforeKill))")
                #expect(acked.count >= Self.wanted, "the load should exceed the ERP's limit for a while (\(acked.count) events)")

                // The two survivors deliver everything, including what the dead node had claimed.
                try await expectEveryEventPostedOnce(acked, to: erp, within: .seconds(120))
                let summary = await erp.ledger.summary()
                #expect(summary.duplicates.isEmpty)
                // Held over every window of seconds, not per second (ArrivalWindows says why).
                let perSecond = ArrivalWindows.perSecond(summary.requestsPerSecond.map { ($0.second, $0.requests) })
                let busiest = perSecond.max() ?? 0
                print("cluster: busiest second at the ERP \(busiest) requests (limit \(Self.perSecond)/s, burst \(Self.burst)); per second: \(perSecond)")
                let violations = ArrivalWindows.violations(perSecond, rate: Self.perSecond, burst: Self.burst)
                #expect(violations.isEmpty, "the cluster sent \(violations.joined(separator: "; ")); per second: \(perSecond)")
                #expect(busiest >= Self.perSecond / 2, "the limit should have been reached, not idled under (\(busiest))")
                for index in [0, 2] { #expect(await nodes[index].stop() == 0) }
                nodes.removeAll()
            }
        }
    }
}
