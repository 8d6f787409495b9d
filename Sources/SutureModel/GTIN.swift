/// A Global Trade Item Number, always held in its 14-digit form.
///
/// GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14 are accepted; shorter forms
/// are padded with leading zeros, which keeps the check digit valid.
public struct GTIN: Hashable, Sendable, ValidatedStringValue, CustomStringConvertible, Comparable {
    /// The 14-digit form, for example `00614141000012`.
    public let value: String

    public static let allowedLengths = [8, 12, 13, 14]

    public init(_ text: String) throws(GS1IdentifierError) {
        try GS1IdentifierError.validate(text, lengths: Self.allowedLengths)
        value = String(repeating: "0", count: 14 - text.utf8.count) + text
    }

    /// The packaging indicator digit of a GTIN-14 (0 for the base item, 1-8 for packaging levels).
    public var indicatorDigit: Int { Int(value.utf8.first! - 0x30) }

    public var description: String { value }
    public var stringValue: String { value }
    public init(validating text: String) throws { try self.init(text) }

    public static func < (lhs: GTIN, rhs: GTIN) -> Bool { lhs.value < rhs.value }


}

/// A Global Location Number: 13 digits with a GS1 check digit.
public struct GLN: Hashable, Sendable, ValidatedStringValue, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(GS1IdentifierError) {
        try GS1IdentifierError.validate(text, lengths: [13])
        value = text
    }

    public var description: String { value }
    public var stringValue: String { value }
    public init(validating text: String) throws { try self.init(text) }


}

/// A Serial Shipping Container Code: 18 digits with a GS1 check digit.
public struct SSCC: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(GS1IdentifierError) {
        try GS1IdentifierError.validate(text, lengths: [18])
        value = text
    }

    public var description: String { value }
}
