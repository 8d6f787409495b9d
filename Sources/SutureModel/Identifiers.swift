/// A canonical identifier: the code Suture itself uses for an item, location or supplier.
///
/// Identifiers are 1 to 64 characters of letters, digits and `-_.:/` so that they can be
/// used in URL paths and file names without escaping surprises.
public struct CanonicalID<Kind>: Hashable, Sendable, ValidatedStringValue, CustomStringConvertible, Comparable, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) throws(IdentifierError) {
        try Self.validate(rawValue)
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        do { try self.init(value) } catch { preconditionFailure("\(error)") }
    }

    public var description: String { rawValue }
    public var stringValue: String { rawValue }
    public init(validating text: String) throws { try self.init(text) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }



    /// The validation every identifier and external code shares.
    public static func validate(_ text: String) throws(IdentifierError) {
        guard !text.isEmpty else { throw .empty }
        guard text.utf8.count <= 64 else { throw .tooLong(text) }
        let allowed: (UInt8) -> Bool = { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/")
        }
        guard text.utf8.allSatisfy(allowed) else { throw .invalidCharacters(text) }
    }
}

public enum ItemKind {}
public enum LocationKind {}
public enum SupplierKind {}
public enum SystemKind {}

public typealias ItemID = CanonicalID<ItemKind>
public typealias LocationID = CanonicalID<LocationKind>
public typealias SupplierID = CanonicalID<SupplierKind>
/// The name of a connected system as the configuration declares it (`erp`, `storeroom-a`).
public typealias SystemName = CanonicalID<SystemKind>

/// Why an identifier or code was refused.
public enum IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(String)
    case invalidCharacters(String)

    public var description: String {
        switch self {
        case .empty: return "must not be empty"
        case .tooLong(let text): return "'\(text.prefix(70))...' is longer than 64 characters"
        case .invalidCharacters(let text):
            return "'\(text)' may only contain letters, digits and - _ . : /"
        }
    }
}
