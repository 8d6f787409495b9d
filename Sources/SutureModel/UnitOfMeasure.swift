/// A canonical unit of measure code, as X12 writes it (`EA`, `BX`, `CS`, ...).
///
/// Codes are upper-case letters and digits, one to four characters. Suture does not
/// invent conversions between units: how many `EA` are in a `BX` comes from an item's
/// packaging, never from the unit itself.
public struct UnitOfMeasure: Hashable, Sendable, ValidatedStringValue, CustomStringConvertible, Comparable, ExpressibleByStringLiteral {
    public let code: String

    public init(_ code: String) throws(UnitOfMeasureError) {
        guard (1...4).contains(code.utf8.count),
              code.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) })
        else { throw UnitOfMeasureError.invalidCode(code) }
        self.code = code
    }

    /// For literals in code and tests; a literal that is not a valid code is a programming error.
    public init(stringLiteral value: String) {
        do { try self.init(value) } catch { preconditionFailure("\(error)") }
    }

    public var description: String { code }
    public var stringValue: String { code }
    public init(validating text: String) throws { try self.init(text) }

    /// A readable name for well-known codes (X12 355 code list and UCUM-like names), else nil.
    public var name: String? { Self.knownNames[code] }

    public static func < (lhs: UnitOfMeasure, rhs: UnitOfMeasure) -> Bool { lhs.code < rhs.code }



    public static let each: UnitOfMeasure = "EA"

    /// Common supply-chain units (X12 element 355) with their names.
    public static let knownNames: [String: String] = [
        "EA": "each", "BX": "box", "CS": "case", "CA": "case", "PK": "pack", "PL": "pallet",
        "DZ": "dozen", "BG": "bag", "BT": "bottle", "CT": "carton", "KT": "kit", "RL": "roll",
        "TB": "tube", "VI": "vial", "AM": "ampoule", "PR": "pair", "ST": "set", "SY": "syringe",
        "TY": "tray", "UN": "unit", "ML": "millilitre", "LT": "litre", "GR": "gram", "KG": "kilogram",
        "MG": "milligram", "MR": "metre", "CM": "centimetre", "IN": "inch", "FT": "foot",
    ]
}

/// Why a unit code was refused.
public enum UnitOfMeasureError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidCode(String)

    public var description: String {
        switch self {
        case .invalidCode(let code):
            return "'\(code)' is not a unit code: use 1 to 4 upper-case letters or digits, such as EA, BX or CS"
        }
    }
}
