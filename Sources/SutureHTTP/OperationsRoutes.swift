import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SutureConfig
import SutureDelivery
import SutureEngine
import SutureModel
import SutureStore

/// What people watch and steer: the dashboard's figures, the alert rules, bulk replay and
/// the preview of an exception's retry (docs/console.md, docs/alerts.md).
enum OperationsRoutes {
    static func routes(pipeline: Pipeline) -> [APIRoute] {
        let operations = pipeline.operations
        let store = pipeline.store
        return [
            APIRoute(.get, "/v1/dashboard", scope: APIRoute.anyRead) { _, _ in
                let dashboard = try await operations.dashboard()
                let alerts = try await operations.alerts(dashboard)
                return JSONResponse.make(.ok, DashboardJSON.json(dashboard, alerts: alerts))
            },
            APIRoute(.get, "/v1/alerts", scope: "metrics:read") { _, _ in
                let alerts = try await operations.alerts(try await operations.dashboard())
                return JSONResponse.make(.ok, .array(alerts.map(DashboardJSON.alert)))
            },
            APIRoute(.post, "/v1/deliveries:replay", scope: "exceptions:write") { request, context in
                let (filter, dryRun, limit) = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    guard let filterValue = body.value("filter") else { throw body.missing("filter") }
                    let filter = try JSONBody.fields(try JSONObjectReader(filterValue, path: "filter")) { filter in
                        let status = try filter.required("status") { text in
                            guard text == "dead" || text == "rejected" else { throw FieldMessage("must be dead or rejected") }
                            return DeliveryStatus(rawValue: text)!
                        }
                        let type = try filter.optional("type") { text in
                            guard ["event", "invoice", "purchase-order", "alert", "master-data", "requisition"].contains(text) else {
                                throw FieldMessage("must be event, invoice, purchase-order, alert, master-data or requisition")
                            }
                            return text
                        }
                        let since = try filter.optional("since") { try InventoryEventJSON.parseTimestamp($0) }
                        let until = try filter.optional("until") { try InventoryEventJSON.parseTimestamp($0) }
                        return BulkReplay.Filter(status: status, system: try filter.optionalText("system"), type: type,
                                                 since: since.map(WallClock.milliseconds), until: until.map(WallClock.milliseconds))
                    }
                    return (filter, try body.optionalBool("dryRun") ?? false, try body.optionalInteger("limit", in: 1...10_000) ?? 1000)
                }
                let result = try await pipeline.bulkReplay.run(filter, limit: limit, dryRun: dryRun, actor: context.actor)
                return JSONResponse.make(.ok, .object([
                    ("matched", .integer(result.matched)),
                    ("replayed", .integer(result.replayed)),
                    ("dryRun", .bool(dryRun)),
                    ("deliveries", .array(result.items.map { item in
                        .object([
                            ("id", .string(item.delivery.id.rawValue)),
                            ("system", .string(item.delivery.destination)),
                            ("status", .string(item.delivery.status.rawValue)),
                            ("attempts", .integer(item.delivery.attempts)),
                            ("lastError", .optional(item.delivery.lastError)),
                            ("correlationId", .string(item.delivery.correlationID.rawValue)),
                            ("changes", .array(item.changes.map(DashboardJSON.change))),
                            ("replayed", .bool(item.replayed)),
                            ("problem", .optional(item.problem)),
                        ])
                    })),
                ]))
            },
            APIRoute(.get, "/v1/exceptions/{id}/preview", scope: "exceptions:read") { _, context in
                let id = try context.pathParameter("id")
                guard let exception = try await store.exception(id: id) else { throw Problem(.notFound, "no exception '\(id)'") }
                return JSONResponse.make(.ok, try await RetryPreview.json(exception, pipeline: pipeline))
            },
        ]
    }
}

/// What a retry of an exception would now do: for a failed delivery, the body it would
/// send and how that differs from the last one sent.
enum RetryPreview {
    static func json(_ exception: ExceptionRecord, pipeline: Pipeline) async throws -> JSONValue {
        guard let deliveryID = exception.deliveryID, let delivery = try await pipeline.store.delivery(id: deliveryID) else {
            let summary = exception.eventID != nil
                ? "a retry sends the event through normalization again, with the crosswalks and master data now in force"
                : "a retry runs the failed step again"
            return .object([("summary", .string(summary)), ("deliveries", .array([]))])
        }
        let requeue = try await pipeline.replay.requeue(delivery)
        let body = requeue.body ?? delivery.body
        let changes = BulkReplay.changes(delivery, requeue)
        let summary = changes.isEmpty
            ? "a retry sends the same body again under key \(requeue.idempotencyKey)"
            : "a retry sends \(changes.count) changed value\(changes.count == 1 ? "" : "s") under key \(requeue.idempotencyKey)"
        return .object([
            ("summary", .string(summary)),
            ("deliveries", .array([.object([
                ("id", .string(delivery.id.rawValue)),
                ("system", .string(delivery.destination)),
                ("method", .string(delivery.method)),
                ("path", .string(delivery.path)),
                ("idempotencyKey", .string(requeue.idempotencyKey)),
                ("body", (try? JSONValue.parse(body)) ?? .string(body)),
                ("changes", .array(changes.map(DashboardJSON.change))),
            ])])),
        ])
    }
}

/// The JSON shapes of the dashboard and the alerts.
enum DashboardJSON {
    static func json(_ dashboard: Dashboard, alerts: [(rule: AlertRule, state: AlertStateRecord?, value: Double)]) -> JSONValue {
        let exceptions = dashboard.exceptions
        return .object([
            ("generatedAt", .string(InventoryEventJSON.timestamp(milliseconds: dashboard.generatedAt))),
            ("systems", .array(dashboard.systems.map { system in
                .object([
                    ("name", .string(system.name)),
                    ("kind", .string(system.kind)),
                    ("state", .string(system.state)),
                    ("circuit", .string(system.circuit)),
                    ("backlog", .integer(system.backlog)),
                    ("oldestPendingSeconds", .integer(system.oldestPendingSeconds)),
                    ("delivered1h", .integer(system.delivered1h)),
                    ("failed1h", .integer(system.failed1h)),
                    ("failureRate1h", number(system.failureRate1h)),
                    ("latencyP50Ms", system.latencyP50Ms.map { .number(String($0)) } ?? .null),
                    ("latencyP99Ms", system.latencyP99Ms.map { .number(String($0)) } ?? .null),
                ])
            })),
            ("pipeline", .object([
                ("accepted1h", .integer(dashboard.accepted1h)),
                ("inboxBacklog", .integer(dashboard.inboxBacklog)),
                ("deliveredPerMinute", .array(dashboard.deliveredPerMinute.map(JSONValue.integer))),
            ])),
            ("business", .object([
                ("delayedReceipts", .integer(dashboard.delayedReceipts)),
                ("unmatchedInvoices", .integer(dashboard.unmatchedInvoices)),
                ("ordersAwaitingAcknowledgment", .integer(dashboard.ordersAwaitingAcknowledgment)),
                ("stockBelowPar", .integer(dashboard.stockBelowPar)),
                ("openExceptions", .object([
                    ("total", .integer(dashboard.openExceptions)),
                    ("overdue", .integer(dashboard.overdueExceptions)),
                    ("byType", .object(exceptions.map { ($0.type.rawValue, .integer($0.open)) })),
                    ("byAge", .object([
                        ("under1h", .integer(exceptions.reduce(0) { $0 + $1.under1h })),
                        ("under24h", .integer(exceptions.reduce(0) { $0 + $1.under24h })),
                        ("over24h", .integer(exceptions.reduce(0) { $0 + $1.over24h })),
                    ])),
                ])),
            ])),
            ("alerts", .array(alerts.map { alert in
                .object([
                    ("name", .string(alert.rule.name)),
                    ("state", .string(alert.state?.state ?? "ok")),
                    ("since", alert.state.map { .string(InventoryEventJSON.timestamp(milliseconds: $0.since)) } ?? .null),
                    ("value", number(alert.value)),
                ])
            })),
        ])
    }

    static func alert(_ alert: (rule: AlertRule, state: AlertStateRecord?, value: Double)) -> JSONValue {
        .object([
            ("name", .string(alert.rule.name)),
            ("metric", .string(alert.rule.metric.rawValue)),
            ("system", .optional(alert.rule.system)),
            ("state", .string(alert.state?.state ?? "ok")),
            ("since", alert.state.map { .string(InventoryEventJSON.timestamp(milliseconds: $0.since)) } ?? .null),
            ("value", number(alert.value)),
            ("threshold", number(alert.rule.comparison.threshold)),
            ("lastNotifiedAt", alert.state?.lastNotifiedAt.map { .string(InventoryEventJSON.timestamp(milliseconds: $0)) } ?? .null),
        ])
    }

    static func change(_ change: JSONDiff.Change) -> JSONValue {
        .object([("path", .string(change.path)), ("from", change.from ?? .null), ("to", change.to ?? .null)])
    }

    static func number(_ value: Double) -> JSONValue {
        .number(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))
    }
}
