import Foundation
import Hummingbird
import SutureModel
import SutureProcurement
import SutureDelivery

/// Reads a request body as one JSON object, within the server's size limit.
enum JSONBody {
    /// Collects the body (up to the context's limit) and parses it; field errors come
    /// later from the returned reader and become problems in `ProblemResponse`.
    static func parse(_ request: Request, context: SutureRequestContext) async throws -> JSONObjectReader {
        try JSONObjectReader(try await parseValue(request, context: context))
    }

    static func parseValue(_ request: Request, context: SutureRequestContext) async throws -> JSONValue {
        if let type = request.headers[.contentType]?.lowercased(),
           !(type.hasPrefix("application/json") || type.contains("+json")) {
            throw Problem(.unsupportedMediaType, "send the body as application/json, not \(type)")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try JSONValue.parse(buffer.readableBytesView)
        } catch {
            throw Problem(.malformedJSON, "the body is not valid JSON: \(error)")
        }
    }
}

extension Problem {
    /// The problem for a refused JSON field: its kind picks the type, the field is named.
    init(_ error: JSONFieldError) {
        switch error.kind {
        case .missing: self.init(.missingField, error.description, extensions: [("field", .string(error.field))])
        case .invalid: self.init(.invalidField, error.description, extensions: [("field", .string(error.field))])
        case .checkDigit: self.init(.invalidCheckDigit, error.description, extensions: [("field", .string(error.field))])
        case .unknown: self.init(.unknownField, error.description, extensions: [("fields", .array(error.fields.map(JSONValue.string)))])
        }
    }
}
