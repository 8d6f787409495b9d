import Foundation
import Logging
import SutureConfig
import SutureEngine
import SutureModel
import SutureStore
import SutureStoreFactory
import SutureTestSupport
import Testing

/// The dashboard of any node shows the whole cluster: what each node counted and the
/// circuit states each reported live in the shared PostgreSQL store.
@Suite struct ClusterOperationsTests {
    @Test func oneNodesDashboardShowsWhatAnotherNodeDeliveredAndItsOpenCircuit() async throws {
        try await PostgresTestSchema.withSchema { url in
            var configuration = SutureConfiguration()
            configuration.systems = [SystemSettings(name: "ops", connection: .webhook(WebhookSettings(url: "http://127.0.0.1:9/unused", secret: "s")))]
            let logger = { var logger = Logger(label: "cluster-dashboard"); logger.logLevel = .critical; return logger }()
            let first = try await StoreFactory.open(StoreURL(url))
            let second = try await StoreFactory.open(StoreURL(url))
            let nodes = [try Pipeline(configuration: configuration, store: first, logger: logger),
                         try Pipeline(configuration: configuration, store: second, logger: logger)]
            // The first node delivers three (one slow) and fails one, and its circuit opens.
            let now = WallClock.nowMilliseconds()
            for latency: Int64 in [3, 40, 2000] {
                nodes[0].operations.activity.attempt(destination: "ops", delivered: true, latencyMilliseconds: latency, at: now)
            }
            nodes[0].operations.activity.attempt(destination: "ops", delivered: false, latencyMilliseconds: nil, at: now)
            nodes[1].operations.activity.accepted(5, at: now)
            await nodes[0].operations.activity.flush()
            try await first.recordCircuitState(CircuitStateRecord(destination: "ops", node: nodes[0].operations.activity.node, state: "open", since: now))
            // The second node's dashboard (which flushes its own counts first) sees it all.
            let dashboard = try await nodes[1].operations.dashboard()
            let ops = try #require(dashboard.systems.first { $0.name == "ops" })
            #expect(ops.delivered1h == 3)
            #expect(ops.failed1h == 1)
            #expect(ops.failureRate1h == 25)
            #expect(ops.circuit == "open")
            #expect(ops.state == "down")
            #expect(ops.latencyP50Ms == 50, "the bucket the middle delivery (40 ms) falls in")
            #expect(ops.latencyP99Ms == 2500)
            #expect(dashboard.accepted1h == 5)
            // The three fall in one minute, the last one or (when the minute turned since) the one before.
            #expect(dashboard.deliveredPerMinute.reduce(0, +) == 3)
            #expect(dashboard.deliveredPerMinute.suffix(2).contains(3))
            // A later report from the second node (closed) is the newest state.
            try await second.recordCircuitState(CircuitStateRecord(destination: "ops", node: nodes[1].operations.activity.node, state: "closed",
                                                                   since: now + 1))
            #expect(try await nodes[0].operations.dashboard().systems.first { $0.name == "ops" }?.circuit == "closed")
            await first.close()
            await second.close()
        }
    }
}
