import Foundation
import SutureModel

/// Reads the members of one JSON object of a request body, so that every refusal names
/// the field (`lines[1].quantity`) and says what it must be.
///
/// Members the profile does not name are ignored, not refused: the hub may send more
/// fields than docs/erp-profile.md lists.
struct ERPFieldReader {
    /// Which quantities a field accepts.
    enum Sign {
        case positive, nonNegative, negative, any
    }

    private let members: [(String, JSONValue)]
    let path: String

    init(_ value: JSONValue, path: String = "") throws(ERPRejection) {
        guard case .object(let members) = value else {
            throw .invalid("\(path.isEmpty ? "the body" : path) must be a JSON object")
        }
        self.members = members
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member's value; null counts as absent.
    func value(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    func optionalString(_ key: String) throws(ERPRejection) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw .invalid("\(name(key)) must be a string") }
        guard !text.allSatisfy(\.isWhitespace) else { throw .invalid("\(name(key)) must not be empty") }
        return text
    }

    func string(_ key: String) throws(ERPRejection) -> String {
        guard let text = try optionalString(key) else { throw .invalid("\(name(key)) is required") }
        return text
    }

    func oneOf(_ key: String, _ allowed: [String]) throws(ERPRejection) -> String {
        let text = try string(key)
        guard allowed.contains(text) else {
            throw .invalid("\(name(key)) must be one of \(allowed.joined(separator: ", ")), not \(text)")
        }
        return text
    }

    /// A decimal written as a JSON number or a decimal string, kept exact.
    func quantity(_ key: String, _ sign: Sign) throws(ERPRejection) -> Decimal {
        guard let value = value(key) else { throw .invalid("\(name(key)) is required") }
        let text: String
        switch value {
        case .number(let number): text = number
        case .string(let string): text = string
        default: throw .invalid("\(name(key)) must be a decimal number or a decimal string")
        }
        guard let decimal = ExactDecimal.parse(text) else {
            throw .invalid("\(name(key)) must be a plain decimal such as 12 or \"0.5\", not \(text)")
        }
        switch sign {
        case .positive where decimal <= 0: throw .invalid("\(name(key)) must be more than 0")
        case .nonNegative where decimal < 0: throw .invalid("\(name(key)) must not be negative")
        case .negative where decimal >= 0: throw .invalid("\(name(key)) must be below 0 in a reversal")
        default: return decimal
        }
    }

    /// A line number: a whole number from 1, as a JSON number or a string of digits.
    func optionalLineNumber(_ key: String) throws(ERPRejection) -> Int? {
        guard let value = value(key) else { return nil }
        let text: String
        switch value {
        case .number(let number): text = number
        case .string(let string): text = string
        default: throw .invalid("\(name(key)) must be a line number")
        }
        guard let number = Int(text), number >= 1 else {
            throw .invalid("\(name(key)) must be a whole number from 1, not \(text)")
        }
        return number
    }

    func lineNumber(_ key: String) throws(ERPRejection) -> Int {
        guard let number = try optionalLineNumber(key) else { throw .invalid("\(name(key)) is required") }
        return number
    }

    /// An RFC 3339 date-time such as 2026-05-18T10:15:00Z.
    func dateTime(_ key: String) throws(ERPRejection) -> String {
        let text = try string(key)
        guard ERPTimestamp.isDateTime(text) else {
            throw .invalid("\(name(key)) must be an RFC 3339 date-time such as 2026-05-18T10:15:00Z, not \(text)")
        }
        return text
    }

    /// A calendar date such as 2027-01-31.
    func optionalDate(_ key: String) throws(ERPRejection) -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard ERPTimestamp.isDate(text) else {
            throw .invalid("\(name(key)) must be a date such as 2027-01-31, not \(text)")
        }
        return text
    }

    func array(_ key: String, nonEmpty: Bool) throws(ERPRejection) -> [JSONValue] {
        guard let value = value(key) else { throw .invalid("\(name(key)) is required") }
        guard let values = value.arrayValue else { throw .invalid("\(name(key)) must be an array") }
        if nonEmpty && values.isEmpty { throw .invalid("\(name(key)) must have at least one line") }
        return values
    }

    /// A reader for element `index` of array member `key`.
    func element(_ value: JSONValue, of key: String, at index: Int) throws(ERPRejection) -> ERPFieldReader {
        try ERPFieldReader(value, path: "\(name(key))[\(index)]")
    }
}
