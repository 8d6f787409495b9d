import Foundation
import Hummingbird
import SutureModel

/// Reads one JSON object field by field, so that every error names its field and
/// fields the endpoint does not know are refused by name instead of ignored.
struct JSONBody {
    private let members: [(String, JSONValue)]
    private let path: String
    private var read: Set<String> = []

    init(object: JSONValue, path: String = "") throws(Problem) {
        guard case .object(let members) = object else {
            throw Problem(.invalidField, "\(path.isEmpty ? "the body" : path) must be a JSON object")
        }
        self.members = members
        self.path = path
    }

    /// Collects the request body (up to the context's limit) and parses it as a JSON object.
    static func parse(_ request: Request, context: SutureRequestContext) async throws -> JSONBody {
        if let type = request.headers[.contentType]?.lowercased(),
           !(type.hasPrefix("application/json") || type.contains("+json")) {
            throw Problem(.unsupportedMediaType, "send the body as application/json, not \(type)")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let value: JSONValue
        do {
            value = try JSONValue.parse(buffer.readableBytesView)
        } catch {
            throw Problem(.malformedJSON, "the body is not valid JSON: \(error)")
        }
        return try JSONBody(object: value)
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members.first(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    mutating func optionalString(_ key: String) throws(Problem) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw Problem(.invalidField, "\(fieldPath(key)) must be a string") }
        return text
    }

    mutating func string(_ key: String) throws(Problem) -> String {
        guard let text = try optionalString(key) else { throw Problem(.missingField, "\(fieldPath(key)) is required") }
        return text
    }

    /// A non-empty string after trimming; what names and descriptions must be.
    mutating func text(_ key: String) throws(Problem) -> String {
        let text = try string(key)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem(.invalidField, "\(fieldPath(key)) must not be empty")
        }
        return text
    }

    mutating func optionalBool(_ key: String) throws(Problem) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw Problem(.invalidField, "\(fieldPath(key)) must be true or false") }
        return flag
    }

    /// A decimal written as a JSON number or a string; kept exact.
    mutating func optionalDecimal(_ key: String) throws(Problem) -> Decimal? {
        guard let value = value(key) else { return nil }
        let text: String
        switch value {
        case .number(let number): text = number
        case .string(let string): text = string
        default: throw Problem(.invalidField, "\(fieldPath(key)) must be a decimal number or a decimal string")
        }
        guard let decimal = ExactDecimal.parse(text) else {
            throw Problem(.invalidField, "\(fieldPath(key)) must be a plain decimal such as 12 or \"0.5\", not \(text)")
        }
        return decimal
    }

    mutating func optionalArray(_ key: String) throws(Problem) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let values) = value else { throw Problem(.invalidField, "\(fieldPath(key)) must be an array") }
        return values
    }

    /// A field parsed by a validating initializer; its error becomes the detail.
    mutating func optional<T>(_ key: String, _ make: (String) throws -> T) throws(Problem) -> T? {
        guard let text = try optionalString(key) else { return nil }
        do { return try make(text) } catch {
            throw Self.problem(for: error, field: fieldPath(key))
        }
    }

    mutating func required<T>(_ key: String, _ make: (String) throws -> T) throws(Problem) -> T {
        guard let value = try optional(key, make) else { throw Problem(.missingField, "\(fieldPath(key)) is required") }
        return value
    }

    /// Refuses fields that were never read: a typo must not be silently dropped.
    func rejectUnknownFields() throws(Problem) {
        let unknown = members.map(\.0).filter { !read.contains($0) }
        guard unknown.isEmpty else {
            let names = unknown.map { fieldPath($0) }.joined(separator: ", ")
            let allowed = read.sorted().joined(separator: ", ")
            throw Problem(.unknownField, "unknown field \(names); this endpoint accepts \(allowed)",
                          extensions: [("fields", .array(unknown.map { .string(fieldPath($0)) }))])
        }
    }

    /// Maps a model validation error to a problem naming the field.
    static func problem(for error: any Error, field: String) -> Problem {
        if case GS1IdentifierError.checkDigit = error {
            return Problem(.invalidCheckDigit, "\(field): \(error)", extensions: [("field", .string(field))])
        }
        return Problem(.invalidField, "\(field): \(error)", extensions: [("field", .string(field))])
    }
}
