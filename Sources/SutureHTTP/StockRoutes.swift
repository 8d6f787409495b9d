import Foundation
import HTTPTypes
import Hummingbird
import SutureEngine
import SutureModel
import SutureStore
import SutureProcurement

/// Stock and replenishment (docs/api.md, "Stock and replenishment"): stock positions (scope
/// `events`) and the requisitions' approval queue (scope `orders`).
enum StockRoutes {
    static func routes(pipeline: Pipeline) -> [APIRoute] {
        let store = pipeline.store
        let replenisher = pipeline.replenishment.replenisher
        return [
            APIRoute(.get, "/v1/stock", scope: "events:read") { request, _ in
                let parameters = request.uri.queryParameters
                let location = try parameters.get("location").map { text in
                    do { return try LocationID(String(text)) } catch { throw Problem(.invalidField, "location: \(error)", extensions: [("field", .string("location"))]) }
                }
                let item = try parameters.get("item").map { text in
                    do { return try ItemID(String(text)) } catch { throw Problem(.invalidField, "item: \(error)", extensions: [("field", .string("item"))]) }
                }
                let positions = try await StockPositions(store: store).positions(location: location, item: item)
                return JSONResponse.make(.ok, .array(positions.map(StockPositions.json)))
            },
            APIRoute(.get, "/v1/stock/exposure", scope: "events:read") { request, _ in
                let parameters = request.uri.queryParameters
                let critical = try parameters.get("critical").map { text -> Bool in
                    guard text == "true" || text == "false" else {
                        throw Problem(.invalidField, "critical: must be true or false, not '\(text)'", extensions: [("field", .string("critical"))])
                    }
                    return text == "true"
                } ?? false
                let days = try parameters.get("days").map { text -> Decimal in
                    guard let days = ExactDecimal.parse(String(text)), days > 0, days < 1000 else {
                        throw Problem(.invalidField, "days: must be a number of days above 0 and below 1000, not '\(text)'", extensions: [("field", .string("days"))])
                    }
                    return days
                } ?? 7
                let report = try await StockExposure(store: store).report(criticalOnly: critical, targetDays: days)
                return JSONResponse.make(.ok, StockExposure.json(report))
            },
            APIRoute(.post, "/v1/stock/transfers", scope: "events:write") { request, context in
                guard let key = request.headers[.idempotencyKey], !key.isEmpty, key.count <= 200 else {
                    throw Problem(.missingField, "the Idempotency-Key header is required (1 to 200 characters), so a retry is never taken for a new transfer",
                                  extensions: [("field", .string("Idempotency-Key"))])
                }
                let transfer = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    let item = try body.required("item") { try ItemID($0) }
                    let from = try body.required("fromLocation") { try LocationID($0) }
                    let to = try body.required("toLocation") { try LocationID($0) }
                    guard let quantity = try body.optionalDecimal("quantity") else { throw body.missing("quantity") }
                    guard quantity > 0 else { throw JSONFieldError(.invalid, field: "quantity", message: "must be above zero") }
                    guard from != to else { throw JSONFieldError(.inconsistent, field: "toLocation", message: "must differ from fromLocation") }
                    return StockTransfers.Request(item: item, from: from, to: to, quantity: quantity)
                }
                do {
                    let outcome = try await StockTransfers(store: store, intake: pipeline.intake)
                        .accept(transfer, idempotencyKey: key, client: context.client?.name ?? "", actor: context.actor, trace: context.trace)
                    return JSONResponse.make(outcome.created ? .accepted : .ok, outcome.json)
                } catch StockTransfers.Failure.unknown(let field, let message) {
                    throw Problem(.invalidReference, "\(field): \(message)", extensions: [("field", .string(field))])
                } catch let failure as StockTransfers.Failure {
                    throw Problem(.conflict, failure.description)
                }
            },
            APIRoute(.get, "/v1/requisitions", scope: "orders:read") { request, _ in
                let status = try request.uri.queryParameters.get("status").map { text in
                    guard let status = Requisition.Status(rawValue: String(text)) else {
                        throw Problem(.invalidField, "status: '\(text)' is none of \(Requisition.Status.allCases.map(\.rawValue).joined(separator: ", "))",
                                      extensions: [("field", .string("status"))])
                    }
                    return status
                }
                return JSONResponse.make(.ok, .array(try await replenisher.requisitions(status: status).map(\.json)))
            },
            APIRoute(.get, "/v1/requisitions/{id}", scope: "orders:read") { _, context in
                let id = try context.pathParameter("id")
                guard let listed = try await replenisher.requisition(id) else { throw Problem(.notFound, "no requisition '\(id)'") }
                return JSONResponse.make(.ok, listed.json)
            },
            APIRoute(.post, "/v1/requisitions/{id}/approve", scope: "orders:write") { _, context in
                let id = try context.pathParameter("id")
                return JSONResponse.make(.ok, try await decide(replenisher, [id], .approve, actor: context.actor)[0].json)
            },
            APIRoute(.post, "/v1/requisitions:approve", scope: "orders:write") { request, context in
                let ids = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    guard let values = try body.optionalArray("ids") else { throw body.missing("ids") }
                    return try values.enumerated().map { index, value in
                        guard let id = value.stringValue, !id.isEmpty else {
                            throw JSONFieldError(.invalid, field: "ids[\(index)]", message: "must be a requisition id")
                        }
                        return id
                    }
                }
                guard !ids.isEmpty, ids.count <= 500 else {
                    throw Problem(.invalidField, "ids: give 1 to 500 requisition ids", extensions: [("field", .string("ids"))])
                }
                return JSONResponse.make(.ok, .array(try await decide(replenisher, ids, .approve, actor: context.actor).map(\.json)))
            },
            APIRoute(.post, "/v1/requisitions/{id}/reject", scope: "orders:write") { request, context in
                let id = try context.pathParameter("id")
                let reason = try await JSONBody.parseIfPresent(request, context: context).map { body in
                    try JSONBody.fields(body) { body in try body.optionalText("reason") }
                } ?? nil
                return JSONResponse.make(.ok, try await decide(replenisher, [id], .reject(reason: reason), actor: context.actor)[0].json)
            },
        ]
    }

    static func decide(_ replenisher: Replenisher, _ ids: [String], _ decision: Replenisher.Decision, actor: String) async throws -> [Replenisher.Listed] {
        do {
            return try await replenisher.decide(ids, decision, actor: actor)
        } catch Replenisher.DecisionFailure.notFound(let id) {
            throw Problem(.notFound, "no requisition '\(id)'")
        } catch Replenisher.DecisionFailure.refused(let error) {
            throw Problem(.conflict, error.description)
        }
    }
}
