import Foundation
public import Logging
import ServiceLifecycle
public import SutureConfig
public import SutureModel
public import SutureStore

/// People's side of the engine: the dashboard's figures and the alert rules checked
/// against them (docs/console.md, docs/alerts.md).
public struct Operations: Sendable {
    let store: any Store
    let configuration: SutureConfiguration
    let connectors: [String: any Connector]
    public let activity: ActivityRecorder
    let wake: @Sendable (String) -> Void
    let logger: Logger

    init(store: any Store, configuration: SutureConfiguration, connectors: [String: any Connector], activity: ActivityRecorder,
         logger: Logger, wake: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.configuration = configuration
        self.connectors = connectors
        self.activity = activity
        self.logger = logger
        self.wake = wake
    }

    /// The SLAs of the exception queue.
    public var sla: ExceptionSLA { configuration.operations.storeSLA }

    /// The figures now, this node's latest counts included.
    public func dashboard() async throws -> Dashboard {
        await activity.flush()
        let now = WallClock.nowMilliseconds()
        let query = OperationsQuery(now: now, delayedReceiptAfter: OperationsSettings.milliseconds(configuration.operations.delayedReceiptAfter),
                                    sla: sla)
        return Dashboard(snapshot: try await store.operationsSnapshot(query), configuration: configuration, now: now,
                         stockBelowPar: try await ParLevels(store: store).belowReorderPoint())
    }

    /// Every rule with its recorded state and its metric's value in `dashboard`.
    public func alerts(_ dashboard: Dashboard) async throws -> [(rule: AlertRule, state: AlertStateRecord?, value: Double)] {
        let states = try await store.alertStates()
        return configuration.operations.alerts.map { rule in
            (rule, states.first { $0.name == rule.name }, dashboard.value(of: rule))
        }
    }

    /// Checks every rule once and records the transitions, each with its notifications.
    /// On several nodes the store's compare-and-set lets one node record each transition.
    public func checkAlerts() async throws {
        let rules = configuration.operations.alerts
        guard !rules.isEmpty else { return }
        let dashboard = try await dashboard()
        let states = try await store.alertStates()
        for rule in rules {
            let current = states.first { $0.name == rule.name }
            let value = dashboard.value(of: rule)
            guard let step = AlertEvaluator.step(rule, current: current, value: value, now: dashboard.generatedAt) else { continue }
            var changes = StoreChanges()
            let trace = TraceContext.random()
            if let type = step.notification {
                let notice = AlertNotice(type: type, name: rule.name, value: value, threshold: rule.comparison.threshold,
                                         since: step.state.since, id: "alert:\(rule.name):\(step.state.version)")
                for system in rule.notify {
                    guard let connector = connectors[system],
                          let delivery = try await connector.encode(.alert(notice), deliveryID: DeliveryID(rawValue: Identifiers.make("dlv")),
                                                                    correlationID: trace.correlationID, lookup: store) else { continue }
                    changes.deliveries.append(OutboundDelivery(delivery, source: .alert(rule.name), correlationID: trace.correlationID,
                                                               traceparent: trace.traceparent))
                }
                changes.timeline.append(TimelineEntry(at: dashboard.generatedAt, correlationID: trace.correlationID, stage: .alert, system: nil,
                                                      outcome: step.state.state,
                                                      detail: "\(type) \(rule.name): \(rule.metric.rawValue) is \(AlertNumber.text(value)) against \(AlertNumber.text(rule.comparison.threshold))"))
            }
            guard try await store.transitionAlert(step.state, expectedVersion: current?.version, changes: changes) else { continue }
            if let type = step.notification {
                logger.notice("\(type) \(rule.name): \(rule.metric.rawValue) is \(AlertNumber.text(value))", metadata: ["correlationId": "\(trace.correlationID)"])
                for system in rule.notify { wake(system) }
            }
        }
    }
}

/// Figures as people read them: `500`, not `500.0`.
enum AlertNumber {
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// Checks the alert rules every `dashboard.evaluateEvery`.
final class AlertMonitor: Service {
    let operations: Operations
    let interval: Duration

    init(operations: Operations, interval: Duration) {
        self.operations = operations
        self.interval = interval
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.operations.checkAlerts()
                } catch is CancellationError where Task.isCancelled {
                    return
                } catch {
                    self.operations.logger.error("cannot check the alert rules: \(error)")
                }
                try? await Task.sleep(for: self.interval)
            }
        }
    }
}
