public import Foundation

/// Reads one JSON object field by field, so that every error names its field and
/// fields the reader was never asked for are refused by name instead of ignored.
///
/// The HTTP API reads request bodies with it, and the pipeline reads stored events with
/// it, so a body is judged the same way wherever it is read.
public struct JSONObjectReader {
    private let members: [(String, JSONValue)]
    /// Where this object sits in the document (`packaging[0]`), empty for the top level.
    public let path: String
    private var read: Set<String> = []

    public init(_ value: JSONValue, path: String = "") throws(JSONFieldError) {
        guard case .object(let members) = value else {
            throw JSONFieldError(.invalid, field: path, message: "\(path.isEmpty ? "the body" : path) must be a JSON object")
        }
        self.members = members
        self.path = path
    }

    public func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value of `key` (nil when absent or null), marking it as read.
    public mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members.first(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    public mutating func optionalString(_ key: String) throws(JSONFieldError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be a string") }
        return text
    }

    public mutating func string(_ key: String) throws(JSONFieldError) -> String {
        guard let text = try optionalString(key) else { throw missing(key) }
        return text
    }

    /// A non-empty string after trimming: what names, codes and descriptions must be.
    public mutating func text(_ key: String) throws(JSONFieldError) -> String {
        let text = try string(key)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw JSONFieldError(.invalid, field: fieldPath(key), message: "must not be empty")
        }
        return text
    }

    /// An optional string that, when present, must not be empty.
    public mutating func optionalText(_ key: String) throws(JSONFieldError) -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw JSONFieldError(.invalid, field: fieldPath(key), message: "must not be empty when given")
        }
        return text
    }

    public mutating func optionalBool(_ key: String) throws(JSONFieldError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be true or false") }
        return flag
    }

    public mutating func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(JSONFieldError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let text) = value, let number = Int(text), range.contains(number) else {
            throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A decimal written as a JSON number or a string; kept exact.
    public mutating func optionalDecimal(_ key: String) throws(JSONFieldError) -> Decimal? {
        guard let value = value(key) else { return nil }
        let text: String
        switch value {
        case .number(let number): text = number
        case .string(let string): text = string
        default: throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be a decimal number or a decimal string")
        }
        guard let decimal = ExactDecimal.parse(text) else {
            throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be a plain decimal such as 12 or \"0.5\", not \(text)")
        }
        return decimal
    }

    public mutating func optionalArray(_ key: String) throws(JSONFieldError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let values) = value else { throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be an array") }
        return values
    }

    /// A field parsed by a validating initializer; its error becomes the message.
    public mutating func optional<T>(_ key: String, _ make: (String) throws -> T) throws(JSONFieldError) -> T? {
        guard let text = try optionalString(key) else { return nil }
        do { return try make(text) } catch {
            var kind = JSONFieldError.Kind.invalid
            if case GS1IdentifierError.checkDigit = error { kind = .checkDigit }
            throw JSONFieldError(kind, field: fieldPath(key), message: "\(error)")
        }
    }

    public mutating func required<T>(_ key: String, _ make: (String) throws -> T) throws(JSONFieldError) -> T {
        guard let value = try optional(key, make) else { throw missing(key) }
        return value
    }

    /// Refuses fields that were never read: a typo must not be silently dropped. The
    /// message names the field each unknown one looks like a misspelling of.
    public func rejectUnknownFields() throws(JSONFieldError) {
        let unknown = members.map(\.0).filter { !read.contains($0) }
        guard unknown.isEmpty else {
            let guesses = unknown.compactMap { name in
                NearestName.to(name, among: read).map { "'\(name)': did you mean \($0)?" }
            }
            throw JSONFieldError(.unknown, fields: unknown.map(fieldPath),
                                 message: "this object accepts \(read.sorted().joined(separator: ", "))"
                                     + (guesses.isEmpty ? "" : "; " + guesses.joined(separator: "; ")))
        }
    }

    /// The refusal of a required field that is absent. When the object has a field that
    /// looks like a misspelling of it, the message names that field: a typo in a required
    /// name is found here, before the unknown fields are.
    public func missing(_ key: String) -> JSONFieldError {
        let unread = members.map(\.0).filter { !read.contains($0) }
        guard let typo = unread.first(where: { NearestName.to($0, among: [key]) != nil }) else {
            return JSONFieldError(.missing, field: fieldPath(key), message: "is required")
        }
        return JSONFieldError(.missing, field: fieldPath(key), message: "is required; the body has '\(typo)': did you mean \(key)?")
    }
}

/// Why a field of a JSON object was refused: which field and what is wrong with it.
public struct JSONFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case missing
        case invalid
        case checkDigit
        case unknown
    }

    public let kind: Kind
    /// The fields at fault, as dotted paths (`packaging[1].gtin`); one except for unknown fields.
    public let fields: [String]
    public let message: String

    public init(_ kind: Kind, field: String, message: String) {
        self.init(kind, fields: [field], message: message)
    }

    public init(_ kind: Kind, fields: [String], message: String) {
        self.kind = kind
        self.fields = fields
        self.message = message
    }

    public var field: String { fields.first ?? "" }

    public var description: String {
        switch kind {
        case .unknown: return "unknown field \(fields.joined(separator: ", ")); \(message)"
        default: return field.isEmpty ? message : "\(field): \(message)"
        }
    }
}
