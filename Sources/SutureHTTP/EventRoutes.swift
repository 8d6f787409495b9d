import Foundation
import HTTPTypes
import Hummingbird
import SutureEngine
import SutureModel
import SutureStore
import SutureDelivery
import SutureProcurement

/// Inventory events, their timelines and deliveries (docs/api.md, "Inventory events"), scope `events`.
enum EventRoutes {
    static func routes(pipeline: Pipeline, maxBatchBodyBytes: Int) -> [APIRoute] {
        let store = pipeline.store
        return [
            APIRoute(.post, "/v1/events", scope: "events:write") { request, context in
                guard let key = request.headers[.idempotencyKey], !key.isEmpty, key.utf8.count <= 255 else {
                    throw Problem(.missingField, "the Idempotency-Key header is required (1 to 255 characters), so a retry is never taken for a new event",
                                  extensions: [("field", .string("Idempotency-Key"))])
                }
                let body = try await JSONBody.parseValue(request, context: context)
                let input = try InventoryEventJSON.parse(body).event
                let outcome = try await pipeline.intake.accept([EventIntake.Submission(body: body, input: input, idempotencyKey: key)],
                                                        client: context.client?.name ?? "", trace: context.trace)[0]
                switch outcome {
                case .accepted(let id, let correlationID):
                    return JSONResponse.make(.accepted, acceptance(id: id, correlationID: correlationID, status: "accepted"))
                case .duplicate(let id, let correlationID, let status):
                    return JSONResponse.make(.ok, acceptance(id: id, correlationID: correlationID, status: status.rawValue))
                case .keyConflict(let existing):
                    throw Problem(.conflict, "Idempotency-Key '\(key)' was already used for a different event (\(existing)); use a new key for a new event")
                }
            },
            APIRoute(.post, "/v1/events:batch", scope: "events:write") { request, context in
                try await acceptBatch(request, context: context, pipeline: pipeline, maxBatchBodyBytes: maxBatchBodyBytes)
            },
            APIRoute(.get, "/v1/events/{id}", scope: "events:read") { _, context in
                let id = EventID(try context.pathParameter("id"))
                guard let event = try await store.event(id: id) else { throw Problem(.notFound, "no event '\(id)'") }
                let deliveries = try await store.deliveries(source: .event(id))
                let timeline = try await store.timeline(correlationID: event.correlationID)
                return JSONResponse.make(.ok, .object([
                    ("id", .string(event.id.rawValue)),
                    ("correlationId", .string(event.correlationID.rawValue)),
                    ("status", .string(event.status.rawValue)),
                    ("receivedAt", .string(InventoryEventJSON.timestamp(milliseconds: event.receivedAt))),
                    ("event", (try? JSONValue.parse(event.payload)) ?? .null),
                    ("normalized", event.normalized.flatMap { try? JSONValue.parse($0) } ?? .null),
                    ("deliveries", .array(deliveries.map(PipelineJSON.delivery))),
                    ("timeline", .array(timeline.map(PipelineJSON.timelineEntry))),
                ]))
            },
            APIRoute(.get, "/v1/transactions/{correlationId}", scope: "events:read") { _, context in
                let correlationID = CorrelationID(try context.pathParameter("correlationId"))
                let timeline = try await store.timeline(correlationID: correlationID)
                guard !timeline.isEmpty else { throw Problem(.notFound, "nothing happened under correlation id '\(correlationID)'") }
                return JSONResponse.make(.ok, .array(timeline.map(PipelineJSON.timelineEntry)))
            },
        ]
    }

    /// `POST /v1/events:batch`: each event is judged on its own, then all are accepted in
    /// one group commit. The synchronous work is kept out of this async function, and the
    /// request context is not copied and changed in it: Swift 6.3's release optimizer
    /// crashed splitting its coroutine (docs/architecture.md, "Compiler").
    static func acceptBatch(_ request: Request, context: SutureRequestContext, pipeline: Pipeline, maxBatchBodyBytes: Int) async throws -> Response {
        let body = try await JSONBody.parse(request, context: context, upTo: max(context.maxUploadSize, maxBatchBodyBytes))
        var batch = try BatchResults(body)
        if !batch.submissions.isEmpty {
            let outcomes = try await pipeline.intake.accept(batch.submissions, client: context.client?.name ?? "", trace: nil)
            batch.record(outcomes)
        }
        return JSONResponse.make(.accepted, batch.json)
    }

    static func acceptance(id: EventID, correlationID: CorrelationID, status: String) -> JSONValue {
        .object([("id", .string(id.rawValue)), ("correlationId", .string(correlationID.rawValue)), ("status", .string(status))])
    }
}

/// The results of a batch, one per event in order: refusals found while reading, then
/// the inbox's outcomes for the events that were submitted.
struct BatchResults {
    private(set) var results: [JSONValue?]
    private(set) var submissions: [EventIntake.Submission] = []
    private var positions: [Int] = []

    init(_ body: JSONObjectReader) throws {
        var body = body
        guard let items = try body.optionalArray("events") else {
            throw Problem(.missingField, "events: is required, an array of events each with an idempotencyKey", extensions: [("field", .string("events"))])
        }
        try body.rejectUnknownFields()
        guard !items.isEmpty, items.count <= 100_000 else {
            throw Problem(.invalidField, "events: must hold 1 to 100000 events", extensions: [("field", .string("events"))])
        }
        results = [JSONValue?](repeating: nil, count: items.count)
        for (index, item) in items.enumerated() {
            do {
                let parsed = try InventoryEventJSON.parse(item, allowIdempotencyKey: true)
                guard let key = parsed.idempotencyKey, key.utf8.count <= 255 else {
                    throw JSONFieldError(.missing, field: "idempotencyKey", message: "is required for each event of a batch (1 to 255 characters)")
                }
                submissions.append(EventIntake.Submission(body: item, input: parsed.event, idempotencyKey: key))
                positions.append(index)
            } catch let error as JSONFieldError {
                let prefixed = JSONFieldError(error.kind, fields: error.fields.map { "events[\(index)].\($0)" }, message: error.message)
                results[index] = .object([("status", .string("rejected")), ("problem", Problem(prefixed).json(correlationID: nil))])
            }
        }
    }

    mutating func record(_ outcomes: [AppendOutcome]) {
        for (position, outcome) in zip(positions, outcomes) {
            switch outcome {
            case .accepted(let id, let correlationID):
                results[position] = EventRoutes.acceptance(id: id, correlationID: correlationID, status: "accepted")
            case .duplicate(let id, let correlationID, let status):
                results[position] = .object([("id", .string(id.rawValue)), ("correlationId", .string(correlationID.rawValue)),
                                             ("status", .string(status.rawValue)), ("duplicate", .bool(true))])
            case .keyConflict(let existing):
                results[position] = .object([("status", .string("rejected")), ("problem", Problem(
                    .conflict, "events[\(position)].idempotencyKey was already used for a different event (\(existing))").json(correlationID: nil))])
            }
        }
    }

    var json: JSONValue { .object([("results", .array(results.map { $0 ?? .null }))]) }
}
