import Foundation
import Logging
import SutureConfig
import SutureDelivery
import SutureEngine
import SutureModel
import SutureStore
import SutureStoreFactory
import SutureTestSupport
import Testing

/// Alert rules: states, notifications per transition, reminders, short breaches, and one
/// notification per transition across nodes. The checks are driven one by one
/// (`checkAlerts`), so every "nothing more was sent" follows a known number of checks.
@Suite struct AlertTests {
    static let secret = "whsec_c2VjcmV0LWtleQ=="

    /// The notifications queued for a rule, in order, as their webhook envelopes.
    static func notifications(_ store: any Store, rule: String) async throws -> [JSONValue] {
        try await store.deliveries(source: .alert(rule)).compactMap { try? JSONValue.parse($0.body) }
    }

    static func rule(_ name: String, holdFor: Duration, repeatEvery: Duration? = nil) -> AlertRule {
        AlertRule(name: name, metric: .openExceptions, comparison: .above(0), holdFor: holdFor, notify: ["ops"], repeatEvery: repeatEvery)
    }

    @Test func aRuleFiresOnceAfterItsHoldRemindsPerRepeatResolvesOnceAndAShortBreachSendsNothing() async throws {
        try await WebhookSink.with { sink in
        try await PipelineHarness.with(adjust: { configuration in
            configuration.systems.append(SystemSettings(name: "ops", connection: .webhook(WebhookSettings(url: sink.url, secret: Self.secret)),
                                                        delivery: PipelineHarness.fastDelivery(maxAttempts: 5)))
            configuration.operations.evaluateEvery = .seconds(3600)
            configuration.operations.alerts = [
                Self.rule("queue", holdFor: .milliseconds(300)),
                Self.rule("queue-reminded", holdFor: .zero, repeatEvery: .milliseconds(1500)),
                Self.rule("queue-patient", holdFor: .seconds(3600)),
            ]
        }) { harness in
            let operations = harness.hub.pipeline.operations
            let store = harness.hub.store
            try await operations.checkAlerts()
            #expect(try await Self.notifications(store, rule: "queue").isEmpty)

            // A receipt for an unknown item opens an exception: the figure crosses 0.
            #expect(try await harness.post(PipelineHarness.receipt(item: "9999"), key: "alert-1").status == 202)
            var exceptionID: String?
            #expect(await eventually {
                let page = try? JSONValue.parse(try await harness.hub.request("GET", "/v1/exceptions?status=open", token: harness.token).text)
                exceptionID = page?["items"]?.arrayValue?.first?["id"]?.stringValue
                return exceptionID != nil
            })
            let beforeFiring = ContinuousClock.now
            try await operations.checkAlerts()
            let pending = try JSONValue.parse(try await harness.hub.request("GET", "/v1/alerts", token: harness.token).text)
            let queue = pending.arrayValue?.first { $0["name"]?.stringValue == "queue" }
            #expect(queue?["state"]?.stringValue == "pending", "\(pending.serialized())")
            #expect(queue?["value"]?.numberText == "1")
            #expect(queue?["threshold"]?.numberText == "0")
            #expect(try await Self.notifications(store, rule: "queue").isEmpty, "pending sends nothing")
            // With `for: 0s` the rule fires at once.
            #expect(try await Self.notifications(store, rule: "queue-reminded").map { $0["type"]?.stringValue } == ["alert.firing"])

            // After its hold the rule fires, once, however often it is checked.
            try await Task.sleep(for: .milliseconds(350))
            try await operations.checkAlerts()
            for _ in 0..<3 { try await operations.checkAlerts() }
            let fired = try await Self.notifications(store, rule: "queue")
            #expect(fired.map { $0["type"]?.stringValue } == ["alert.firing"])
            #expect(fired.first?["data"]?["name"]?.stringValue == "queue")
            #expect(fired.first?["data"]?["value"]?.numberText == "1")
            #expect(fired.first?["data"]?["threshold"]?.numberText == "0")
            #expect(fired.first?["data"]?["since"]?.stringValue != nil)
            // The reminder rule (repeat 1.5 s) sent nothing more in those checks unless they
            // took 1.5 s (a loaded machine); 1.6 s after its last notice it reminds once, and
            // the check right after sends nothing.
            let sentSoFar = try await Self.notifications(store, rule: "queue-reminded").count
            if ContinuousClock.now - beforeFiring < .milliseconds(1500) { #expect(sentSoFar == 1) }
            try await Task.sleep(for: .milliseconds(1600))
            try await operations.checkAlerts()
            try await operations.checkAlerts()
            let reminded = try await Self.notifications(store, rule: "queue-reminded").map { $0["type"]?.stringValue }
            #expect(reminded == Array(repeating: "alert.firing", count: sentSoFar + 1))
            #expect(try await Self.notifications(store, rule: "queue-patient").isEmpty)

            // The subscriber gets them signed, over the outbox.
            #expect(await eventually { sink.received().filter { $0.body.contains("\"alert.firing\"") }.count == 1 + reminded.count })
            let received = try #require(sink.received().first { $0.body.contains("\"queue\"") && $0.body.contains("alert.firing") })
            #expect(received.headers["webhook-signature"]?.hasPrefix("v1,") == true)

            // A person rejects the exception: the figure is back under the threshold.
            let id = try #require(exceptionID)
            let resolved = try await harness.hub.request("POST", "/v1/exceptions/\(id)/resolve", token: harness.token,
                                                         json: #"{"action":"reject","note":"not our item"}"#)
            #expect(resolved.status == 200, "\(resolved.text)")
            try await operations.checkAlerts()
            try await operations.checkAlerts()
            #expect(try await Self.notifications(store, rule: "queue").map { $0["type"]?.stringValue } == ["alert.firing", "alert.resolved"])
            #expect(try await Self.notifications(store, rule: "queue-reminded").map { $0["type"]?.stringValue } == reminded + ["alert.resolved"])
            // The patient rule was pending the whole time and never fired: nothing at all.
            #expect(try await Self.notifications(store, rule: "queue-patient").isEmpty)
            let states = try JSONValue.parse(try await harness.hub.request("GET", "/v1/alerts", token: harness.token).text)
            #expect(states.arrayValue?.allSatisfy { $0["state"]?.stringValue == "ok" } == true, "\(states.serialized())")
            #expect(await eventually { sink.received().filter { $0.body.contains("\"alert.resolved\"") }.count == 2 })
        }
        }
    }

    @Test func alertsNeedMetricsRead() async throws {
        try await TestHub.with { hub in
            let reader = try await hub.token(scopes: ["events:read"])
            #expect(try await hub.request("GET", "/v1/alerts", token: reader).status == 403)
            let metrics = try await hub.token(scopes: ["metrics:read"])
            let answer = try await hub.request("GET", "/v1/alerts", token: metrics)
            #expect(answer.status == 200)
            #expect(answer.text == "[]")
        }
    }

    @Test func twoNodesOnPostgreSQLSendOneNotificationPerTransition() async throws {
        try await PostgresTestSchema.withSchema { url in
            var configuration = SutureConfiguration()
            configuration.systems = [SystemSettings(name: "ops", connection: .webhook(WebhookSettings(url: "http://127.0.0.1:9/unused", secret: Self.secret)))]
            configuration.operations.alerts = [Self.rule("cluster", holdFor: .zero)]
            let logger = { var logger = Logger(label: "alert-nodes"); logger.logLevel = .critical; return logger }()
            let first = try await StoreFactory.open(StoreURL(url))
            let second = try await StoreFactory.open(StoreURL(url))
            let nodes = [try Pipeline(configuration: configuration, store: first, logger: logger),
                         try Pipeline(configuration: configuration, store: second, logger: logger)]
            // Each round: both nodes check at the same time, several times over.
            func round() async throws {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for node in nodes {
                        group.addTask { for _ in 0..<3 { try await node.operations.checkAlerts() } }
                    }
                    try await group.waitForAll()
                }
            }
            try await round()
            var changes = StoreChanges()
            changes.exceptions = [NewException(id: "exc_cluster", type: .invalidDocument, correlationID: "cluster-trace", system: nil, eventID: nil,
                                               deliveryID: nil, summary: "a broken file", context: "{}")]
            try await first.commit(changes)
            try await round()
            #expect(try await Self.notifications(first, rule: "cluster").map { $0["type"]?.stringValue } == ["alert.firing"])
            var resolve = StoreChanges()
            resolve.exceptionChanges = [ExceptionChange(id: "exc_cluster", expected: [.open], status: .rejected, historyEntry: "{}")]
            try await second.commit(resolve)
            try await round()
            #expect(try await Self.notifications(first, rule: "cluster").map { $0["type"]?.stringValue } == ["alert.firing", "alert.resolved"])
            await first.close()
            await second.close()
        }
    }
}
