import Foundation
import HTTPTypes
import Hummingbird
import SutureEngine
import SutureModel
import SutureX12
import SutureProcurement
import SutureDelivery

/// `POST /v1/edi/x12`: an interchange in, its 997/999 out (docs/api.md, "Endpoints"), scope `edi:write`.
enum EDIRoutes {
    static func routes(pipeline: Pipeline) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/edi/x12", scope: "edi:write") { request, context in
                if let type = request.headers[.contentType]?.lowercased(),
                   !(type.hasPrefix("application/edi-x12") || type.hasPrefix("text/plain") || type.hasPrefix("application/octet-stream")) {
                    throw Problem(.unsupportedMediaType, "send the interchange as application/edi-x12, not \(type)")
                }
                var request = request
                let buffer = try await request.collectBody(upTo: context.maxUploadSize)
                let result = X12Parser.parse(Array(buffer.readableBytesView))
                let acknowledgment: X12Acknowledger.Acknowledgment
                do {
                    acknowledgment = try X12Acknowledger.acknowledge(result, timestamp: X12Timestamp(Date()))
                } catch {
                    throw Problem(.invalidField, "the body is not an X12 interchange: \(error)",
                                  extensions: [("errors", .array(result.errors.map { .string("\($0)") }))])
                }
                let summary: [(String, JSONValue)] = [
                    ("ack", .string(acknowledgment.text)),
                    ("accepted", .bool(acknowledgment.acceptsEverything)),
                    ("interchange", result.json()["interchange"] ?? .null),
                    ("documents", .array(result.documents.map { document in
                        .object([("set", .string(document.set)), ("control", .string(document.control)), ("number", .optional(document.number))])
                    })),
                    ("errors", result.json()["errors"] ?? .array([])),
                ]
                guard acknowledgment.acceptsEverything else {
                    throw Problem(.invalidField, "the interchange was rejected: \(result.errors.prefix(3).map { "\($0)" }.joined(separator: "; ")); the rejecting \(acknowledgment.set) is in `ack`",
                                  extensions: summary)
                }
                // Accepted documents go on into the order flows; what they cannot use becomes
                // an exception, since the syntax was accepted and acknowledged.
                let applied = try await pipeline.orders.receive(result, trace: context.trace)
                return JSONResponse.make(.accepted, .object(summary + [("applied", .array(applied.map { document in
                    .object([("set", .string(document.set)), ("number", .optional(document.number)),
                             ("outcome", .string(document.outcome)), ("detail", .string(document.detail))])
                }))]))
            },
        ]
    }
}
