import Foundation
import HTTPTypes
import Hummingbird
import SutureEngine
import SutureModel
import SutureStore
import SutureDelivery
import SutureProcurement

/// Purchase orders and invoices (docs/api.md, "Orders, receiving and invoices"; scope `orders`), receipt voids (scope
/// `events`) and the exception workbench's actions (scope `exceptions`).
enum OrderRoutes {
    static func routes(pipeline: Pipeline) -> [APIRoute] {
        let orders = pipeline.orders
        let pipeline = pipeline
        let workbench = pipeline.workbench
        return [
            APIRoute(.post, "/v1/purchase-orders", scope: "orders:write") { request, context in
                let body = try await JSONBody.parseValue(request, context: context)
                let order = try PurchaseOrderJSON.request(body)
                let outcome = try await orders.createPurchaseOrder(order, trace: context.trace,
                                                                   actor: context.actor)
                return JSONResponse.make(outcome.created ? .created : .ok, orderJSON(outcome.order, outcome.document))
            },
            APIRoute(.get, "/v1/purchase-orders", scope: "orders:read") { request, _ in
                let page = try await orders.purchaseOrders(try ListPaging.query(request.uri.queryParameters))
                return JSONResponse.make(.ok, ListPaging.json(page) { orderJSON($0.order, $0.document) })
            },
            APIRoute(.get, "/v1/purchase-orders/{number}", scope: "orders:read") { _, context in
                let number = try context.pathParameter("number")
                guard let (order, document) = try await orders.purchaseOrder(number) else {
                    throw Problem(.notFound, "no purchase order '\(number)'")
                }
                return JSONResponse.make(.ok, orderJSON(order, document))
            },
            APIRoute(.post, "/v1/invoices", scope: "orders:write") { request, context in
                let invoice = try InvoiceJSON.request(try await JSONBody.parseValue(request, context: context))
                let outcome = try await orders.submitInvoice(invoice, trace: context.trace, actor: context.actor)
                return JSONResponse.make(outcome.created ? .accepted : .ok, try await invoiceJSON(outcome.invoice, store: orders.store))
            },
            APIRoute(.get, "/v1/invoices", scope: "orders:read") { request, _ in
                let page = try await orders.invoices(try ListPaging.query(request.uri.queryParameters))
                return JSONResponse.make(.ok, ListPaging.json(page) { InvoiceJSON.json($0.invoice) })
            },
            APIRoute(.get, "/v1/invoices/{number}", scope: "orders:read") { _, context in
                let number = try context.pathParameter("number")
                guard let (invoice, _) = try await orders.invoice(number) else { throw Problem(.notFound, "no invoice '\(number)'") }
                return JSONResponse.make(.ok, try await invoiceJSON(invoice, store: orders.store))
            },
            APIRoute(.post, "/v1/events/{id}/void", scope: "events:write") { request, context in
                let id = EventID(try context.pathParameter("id"))
                let reason = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in try body.text("reason") }
                let reversals = try await orders.voidReceipt(eventID: id, reason: reason, actor: context.actor)
                return JSONResponse.make(.accepted, .object([("event", .string(id.rawValue)), ("reversals", .array(reversals.map(PipelineJSON.delivery)))]))
            },
            APIRoute(.post, "/v1/events/{id}/correct", scope: "events:write") { request, context in
                let id = EventID(try context.pathParameter("id"))
                let (quantity, unit, reason) = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    guard let quantity = try body.optionalDecimal("quantity") else {
                        throw Problem(.missingField, "quantity: is required", extensions: [("field", .string("quantity"))])
                    }
                    guard quantity > 0 else {
                        throw Problem(.invalidField, "quantity: must be above 0; void the receipt instead", extensions: [("field", .string("quantity"))])
                    }
                    return (quantity, try body.optionalText("unit"), try body.text("reason"))
                }
                let outcome = try await pipeline.corrections.correct(eventID: id, quantity: quantity, unit: unit, reason: reason,
                                                                actor: context.actor)
                let correction: JSONValue
                switch outcome.correction {
                case .accepted(let newID, let correlationID):
                    correction = EventRoutes.acceptance(id: newID, correlationID: correlationID, status: "accepted")
                case .duplicate(let newID, let correlationID, let status):
                    correction = EventRoutes.acceptance(id: newID, correlationID: correlationID, status: status.rawValue)
                case .keyConflict(let existing):
                    throw Problem(.conflict, "receipt \(id) was already corrected by \(existing)")
                }
                return JSONResponse.make(.accepted, .object([("event", .string(id.rawValue)), ("reversals", .array(outcome.reversals.map(PipelineJSON.delivery))),
                                                             ("correction", correction)]))
            },
            APIRoute(.post, "/v1/exceptions/{id}/resolve", scope: "exceptions:write") { request, context in
                let id = try context.pathParameter("id")
                let (action, note, data) = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    let action = try body.required("action") { text in
                        guard let action = ExceptionWorkbench.Action(rawValue: text) else {
                            throw FieldMessage("must be one of \(ExceptionWorkbench.Action.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                        return action
                    }
                    return (action, try body.text("note"), body.value("data"))
                }
                let exception = try await workbench.resolve(id, action: action, note: note, data: data, actor: context.actor)
                return JSONResponse.make(.ok, PipelineJSON.exception(exception, sla: pipeline.operations.sla))
            },
            APIRoute(.post, "/v1/exceptions/{id}/assign", scope: "exceptions:write") { request, context in
                let id = try context.pathParameter("id")
                let (owner, note) = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    (try body.text("owner"), try body.optionalString("note"))
                }
                let exception = try await workbench.assign(id, owner: owner, note: note, actor: context.actor)
                return JSONResponse.make(.ok, PipelineJSON.exception(exception, sla: pipeline.operations.sla))
            },
        ]
    }

    static func orderJSON(_ order: PurchaseOrder, _ document: StoredDocument) -> JSONValue {
        guard case .object(var members) = PurchaseOrderJSON.json(order) else { return .null }
        members.insert(("correlationId", .string(document.correlationID.rawValue)), at: 1)
        members.insert(("revision", .integer(document.version)), at: 2)
        return .object(members)
    }

    /// The invoice with its match results and the exceptions it opened.
    static func invoiceJSON(_ invoice: Invoice, store: any Store) async throws -> JSONValue {
        guard case .object(var members) = InvoiceJSON.json(invoice) else { return .null }
        let exceptions = try await store.exceptions(ExceptionFilter(document: invoice.sourceID), limit: 50, before: nil)
        members.append(("exceptions", .array(exceptions.map { exception in
            .object([("id", .string(exception.id)), ("type", .string(exception.type.rawValue)), ("status", .string(exception.status.rawValue)),
                     ("summary", .string(exception.summary))])
        })))
        return .object(members)
    }
}
