/// Why the writer refused to write an interchange: X12 has no escaping, so a value that would corrupt it is an error.
public enum X12WriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A value contains one of the delimiters.
    case delimiterInValue(segment: String, element: Int, value: String)
    /// An ISA field does not fit its fixed width.
    case fieldTooLong(field: String, value: String, maximum: Int)
    /// A control number outside 1...999999999.
    case controlNumberOutOfRange(field: String, value: Int)
    /// A set the writer cannot produce (832 and 846 are read only).
    case unsupportedSet(String)

    public var description: String {
        switch self {
        case .delimiterInValue(let segment, let element, let value):
            return "\(segment)\(element < 10 ? "0" : "")\(element) '\(value)' contains an X12 delimiter"
        case .fieldTooLong(let field, let value, let maximum):
            return "\(field) '\(value)' is longer than \(maximum) characters"
        case .controlNumberOutOfRange(let field, let value):
            return "\(field) control number \(value) is not between 1 and 999999999"
        case .unsupportedSet(let set):
            return "the writer cannot produce a \(set) (it writes 850, 855, 856, 810, 997 and 999)"
        }
    }
}
