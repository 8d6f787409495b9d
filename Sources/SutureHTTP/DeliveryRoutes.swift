import Foundation
import HTTPTypes
import Hummingbird
import SutureEngine
import SutureModel
import SutureStore
import SutureDelivery
import SutureProcurement

/// Outbound deliveries, their replay, exceptions and metrics.
enum DeliveryRoutes {
    static func routes(pipeline: Pipeline) -> [APIRoute] {
        let store = pipeline.store
        let sla = pipeline.operations.sla
        return [
            APIRoute(.get, "/v1/deliveries", scope: "events:read") { request, _ in
                let query = request.uri.queryParameters
                let status = try query.get("status").map { text in
                    guard let status = DeliveryStatus(rawValue: String(text)) else {
                        throw Problem(.invalidField, "status: '\(text)' is not one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return status
                }
                let (limit, before) = try paging(query)
                let page = try await store.deliveries(status: status, destination: query.get("system").map { String($0) }, limit: limit, before: before)
                let next: JSONValue = page.count == limit ? page.last.map { .string(String($0.sequence)) } ?? .null : .null
                return JSONResponse.make(.ok, .object([("items", .array(page.map { PipelineJSON.delivery($0.record) })), ("next", next)]))
            },
            APIRoute(.post, "/v1/deliveries/{id}/replay", scope: "exceptions:write") { _, context in
                let id = DeliveryID(try context.pathParameter("id"))
                guard let delivery = try await store.delivery(id: id) else { throw Problem(.notFound, "no delivery '\(id)'") }
                guard ![.delivered, .inFlight, .superseded].contains(delivery.status) else {
                    throw Problem(.conflict, "delivery \(id) is \(delivery.status.rawValue); only pending, rejected or dead deliveries can be replayed")
                }
                let requeue = try await pipeline.replay.requeue(delivery)
                guard let requeued = try await pipeline.replay.replay(delivery, requeue, changes: BulkReplay.changes(delivery, requeue),
                                                                      actor: context.actor, bulk: false) else {
                    throw Problem(.notFound, "no delivery '\(id)'")
                }
                pipeline.wake(destination: delivery.destination)
                return JSONResponse.make(.accepted, PipelineJSON.delivery(requeued))
            },
            APIRoute(.get, "/v1/exceptions", scope: "exceptions:read") { request, _ in
                let query = request.uri.queryParameters
                var filter = ExceptionFilter()
                if let text = query.get("status") {
                    guard let status = ExceptionStatus(rawValue: String(text)) else {
                        throw Problem(.invalidField, "status: '\(text)' is not one of \(ExceptionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    filter.status = status
                }
                if let text = query.get("type") {
                    guard let type = ExceptionType(rawValue: String(text)) else {
                        throw Problem(.invalidField, "type: '\(text)' is not an exception type")
                    }
                    filter.type = type
                }
                filter.correlationID = query.get("correlationId").map { CorrelationID($0) }
                filter.document = query.get("document").map { String($0) }
                filter.owner = query.get("owner").map { String($0) }
                switch query.get("overdue") {
                case nil, "false": break
                case "true": filter.overdue = (sla, WallClock.nowMilliseconds())
                case let text?: throw Problem(.invalidField, "overdue: '\(text)' is not true or false")
                }
                switch query.get("order") {
                case nil, "newest": break
                case "oldest": filter.oldestFirst = true
                case let text?: throw Problem(.invalidField, "order: '\(text)' is not newest or oldest")
                }
                let (limit, before) = try paging(query)
                let page = try await store.exceptions(filter, limit: limit, before: before)
                let next: JSONValue = page.count == limit ? page.last.map { .string(String($0.sequence)) } ?? .null : .null
                return JSONResponse.make(.ok, .object([("items", .array(page.map { PipelineJSON.exception($0, sla: sla) })), ("next", next)]))
            },
            APIRoute(.get, "/v1/exceptions/{id}", scope: "exceptions:read") { _, context in
                let id = try context.pathParameter("id")
                guard let exception = try await store.exception(id: id) else { throw Problem(.notFound, "no exception '\(id)'") }
                return JSONResponse.make(.ok, PipelineJSON.exception(exception, sla: sla))
            },
            APIRoute(.get, "/metrics", scope: "metrics:read") { _, _ in
                let text = try await MetricsExposition.text(pipeline: pipeline)
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                                body: .init(byteBuffer: .init(string: text)))
            },
        ]
    }

    /// `?limit=` (1-500, default 50) and `?cursor=` (from a previous page's `next`).
    static func paging(_ query: Parameters) throws -> (limit: Int, before: Int64?) {
        var limit = 50
        if let text = query.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw Problem(.invalidField, "limit: must be 1 to 500") }
            limit = value
        }
        var before: Int64?
        if let text = query.get("cursor") {
            guard let value = Int64(text) else { throw Problem(.invalidField, "cursor: use the `next` value of the previous page") }
            before = value
        }
        return (limit, before)
    }
}

/// The JSON shapes of pipeline records.
enum PipelineJSON {
    static func timelineEntry(_ entry: TimelineEntry) -> JSONValue {
        .object([
            ("at", .string(InventoryEventJSON.timestamp(milliseconds: entry.at))),
            ("stage", .string(entry.stage.rawValue)),
            ("system", .optional(entry.system)),
            ("outcome", .string(entry.outcome)),
            ("detail", .string(entry.detail)),
        ])
    }

    static func delivery(_ delivery: DeliveryRecord) -> JSONValue {
        .object([
            ("id", .string(delivery.id.rawValue)),
            ("eventId", .string(delivery.source.rawValue)),
            ("correlationId", .string(delivery.correlationID.rawValue)),
            ("system", .string(delivery.destination)),
            ("status", .string(delivery.status.rawValue)),
            ("method", .string(delivery.method)),
            ("path", .string(delivery.path)),
            ("idempotencyKey", .string(delivery.idempotencyKey)),
            ("attempts", .integer(delivery.attempts)),
            ("nextAttemptAt", delivery.status == .pending ? .string(InventoryEventJSON.timestamp(milliseconds: delivery.nextAttemptAt)) : .null),
            ("lastStatusCode", delivery.lastStatusCode.map(JSONValue.integer) ?? .null),
            ("lastError", .optional(delivery.lastError)),
            ("createdAt", .string(InventoryEventJSON.timestamp(milliseconds: delivery.createdAt))),
            ("updatedAt", .string(InventoryEventJSON.timestamp(milliseconds: delivery.updatedAt))),
        ])
    }

    static func exception(_ exception: ExceptionRecord, sla: ExceptionSLA) -> JSONValue {
        let open = exception.status == .open || exception.status == .inProgress
        let now = WallClock.nowMilliseconds()
        let ageSeconds = max(0, (now - exception.createdAt) / 1000)
        let due = exception.createdAt + sla.milliseconds(exception.type)
        return .object([
            ("id", .string(exception.id)),
            ("type", .string(exception.type.rawValue)),
            ("status", .string(exception.status.rawValue)),
            ("createdAt", .string(InventoryEventJSON.timestamp(milliseconds: exception.createdAt))),
            ("ageSeconds", .integer(Int(ageSeconds))),
            ("correlationId", .string(exception.correlationID.rawValue)),
            ("system", .optional(exception.system)),
            ("eventId", .optional(exception.eventID?.rawValue)),
            ("deliveryId", .optional(exception.deliveryID?.rawValue)),
            ("document", .optional(exception.document)),
            ("owner", .optional(exception.owner)),
            ("updatedAt", .string(InventoryEventJSON.timestamp(milliseconds: exception.updatedAt))),
            ("slaDueAt", .string(InventoryEventJSON.timestamp(milliseconds: due))),
            ("overdue", .bool(open && due < now)),
            ("actions", .array(open ? ExceptionWorkbench.actions(for: exception).map { .string($0.rawValue) } : [])),
            ("summary", .string(exception.summary)),
            ("context", (try? JSONValue.parse(exception.context)) ?? .object([])),
            ("history", (try? JSONValue.parse(exception.history)) ?? .array([])),
        ])
    }
}
