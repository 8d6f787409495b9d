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

    /// Whether `key` was asked for.
    public func wasRead(_ key: String) -> Bool { read.contains(key) }

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
        guard !Self.isBlank(text) else {
            throw JSONFieldError(.invalid, field: fieldPath(key), message: "must not be empty")
        }
        return text
    }

    /// An optional string that, when present, must not be empty.
    public mutating func optionalText(_ key: String) throws(JSONFieldError) -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard !Self.isBlank(text) else {
            throw JSONFieldError(.invalid, field: fieldPath(key), message: "must not be empty when given")
        }
        return text
    }

    /// Empty or only white space, white space as JSON Schema's `\s` (ECMA-262) has it, so
    /// the OpenAPI document's `Text` (`pattern: "\S"`) and this check agree on every string.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { ecmaWhiteSpace.contains($0.value) }
    }

    static let ecmaWhiteSpace: Set<UInt32> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
                                              0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF]

    public mutating func optionalBool(_ key: String) throws(JSONFieldError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be true or false") }
        return flag
    }

    public mutating func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(JSONFieldError) -> Int? {
        guard let value = value(key) else { return nil }
        // A whole number may be written with a zero fraction (`12.0`), as JSON Schema's integer allows.
        guard case .number(let text) = value, let number = Int(text) ?? ExactDecimal.parse(text).flatMap(Self.whole),
              range.contains(number) else {
            throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func whole(_ value: Decimal) -> Int? {
        var rounded = Decimal(), copy = value
        NSDecimalRound(&rounded, &copy, 0, .plain)
        guard rounded == value, abs(value) < 1_000_000_000_000 else { return nil }
        return NSDecimalNumber(decimal: value).intValue
    }

    /// A decimal written as a JSON number or a string; kept exact.
    public mutating func optionalDecimal(_ key: String) throws(JSONFieldError) -> Decimal? {
        guard let value = value(key) else { return nil }
        let text: String
        switch value {
        case .number(let number) where number.contains(where: { $0 == "e" || $0 == "E" }):
            // A JSON number may use an exponent (`1.5e3`); it is read exactly where Decimal can
            // hold it, one too small for that (below about 1e-128) is zero, one too large refused.
            guard let exponent = Int(number.split(whereSeparator: { $0 == "e" || $0 == "E" }).last ?? ""),
                  let decimal = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")) ?? (exponent < 0 ? 0 : nil),
                  abs(decimal) <= Decimal(sign: .plus, exponent: 30, significand: 1) else {
                throw JSONFieldError(.invalid, field: fieldPath(key), message: "must be a number below 1e30, not \(number)")
            }
            return decimal
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
        /// Valid alone, but at odds with another field of the request (a repeated line number).
        case inconsistent
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
