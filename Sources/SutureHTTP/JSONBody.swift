import Foundation
import Hummingbird
import SutureModel
import SutureProcurement
import SutureDelivery

/// Reads a request body as one JSON object, within the server's size limit.
enum JSONBody {
    /// Collects the body (up to the context's limit) and parses it; field errors come
    /// later from the returned reader and become problems in `ProblemResponse`.
    /// The body as a JSON object; `limit` raises the context's body limit for one route.
    static func parse(_ request: Request, context: SutureRequestContext, upTo limit: Int? = nil) async throws -> JSONObjectReader {
        try JSONObjectReader(try await parseValue(request, context: context, upTo: limit))
    }

    /// The body's JSON object, or nil when the request has no body (a body that is optional).
    static func parseIfPresent(_ request: Request, context: SutureRequestContext) async throws -> JSONObjectReader? {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        if let type = request.headers[.contentType]?.lowercased(), !(type.hasPrefix("application/json") || type.contains("+json")) {
            throw Problem(.unsupportedMediaType, "send the body as application/json, not \(type)")
        }
        do {
            return try JSONObjectReader(try JSONValue.parse(buffer.readableBytesView))
        } catch let error as JSONFieldError {
            throw Problem(error)
        } catch {
            throw Problem(.malformedJSON, "the body is not valid JSON: \(error)")
        }
    }

    /// Reads a parsed body with `read`, then refuses every field `read` did not take.
    ///
    /// The reader is a `var` only inside this synchronous function, never across a
    /// suspension point of an async route: Swift 6.3's release optimizer crashed splitting
    /// the coroutine of async closures that kept one (docs/architecture.md, "Compiler").
    static func fields<T>(_ body: JSONObjectReader, _ read: (inout JSONObjectReader) throws -> T) throws -> T {
        var body = body
        let value = try read(&body)
        try body.rejectUnknownFields()
        return value
    }

    static func parseValue(_ request: Request, context: SutureRequestContext, upTo limit: Int? = nil) async throws -> JSONValue {
        if let type = request.headers[.contentType]?.lowercased(),
           !(type.hasPrefix("application/json") || type.contains("+json")) {
            throw Problem(.unsupportedMediaType, "send the body as application/json, not \(type)")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: limit ?? context.maxUploadSize)
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
        case .inconsistent: self.init(.inconsistentFields, error.description, extensions: [("field", .string(error.field))])
        }
    }
}
