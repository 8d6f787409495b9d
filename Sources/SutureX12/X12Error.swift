/// One fault found in an interchange: a stable code, the segment and its position, and what is wrong.
///
/// Faults are values, not thrown errors, so that one pass reports every problem of a file
/// and the acknowledgment generator can answer each of them.
public struct X12Error: Hashable, Sendable, CustomStringConvertible {
    /// Stable, kebab-case code such as `se-count` or `invalid-gtin`.
    public var code: X12ErrorCode
    /// The segment id concerned (`SE`, `IEA`, `HL`...); for a missing trailer, the trailer's id.
    public var segment: String
    /// The 1-based index of the segment in the interchange, ISA being 1. For a missing
    /// segment, the position where it was expected.
    public var position: Int
    /// What is wrong, for a person.
    public var message: String
    /// The 1-based element position within the segment, when one element is at fault.
    public var element: Int?
    /// Which part of the interchange the fault belongs to, for acknowledgments.
    public var scope: X12ErrorScope
    /// The AK403/IK403 element syntax error code this fault answers to (`1` missing, `6` invalid
    /// character, `7` invalid code value, `8` invalid date), when it is about one element.
    public var elementErrorCode: String?

    public init(
        code: X12ErrorCode, segment: String, position: Int, message: String,
        element: Int? = nil, scope: X12ErrorScope = .interchange, elementErrorCode: String? = nil
    ) {
        self.code = code
        self.segment = segment
        self.position = position
        self.message = message
        self.element = element
        self.scope = scope
        self.elementErrorCode = elementErrorCode
    }

    public var description: String { "\(code.rawValue) at \(segment) (segment \(position)): \(message)" }
}

/// The stable error codes of the X12 codec.
public enum X12ErrorCode: String, Hashable, Sendable, CaseIterable {
    /// No ISA segment at the start of the input.
    case missingISA = "missing-isa"
    /// The ISA segment is not exactly 106 characters (its fields are not fixed-width).
    case isaWidth = "isa-width"
    /// The delimiters declared by the ISA are unusable (letters, digits, or the same byte twice).
    case invalidSeparators = "invalid-separators"
    /// IEA01 is not the number of functional groups.
    case ieaCount = "iea-count"
    /// GE01 is not the number of transaction sets in the group.
    case geCount = "ge-count"
    /// SE01 is not the number of segments in the transaction set.
    case seCount = "se-count"
    /// A header and its trailer carry different control numbers (ISA13/IEA02, GS06/GE02, ST02/SE02).
    case controlMismatch = "control-mismatch"
    /// A control number is used twice (ST02 within a group, GS06 within an interchange).
    case duplicateControl = "duplicate-control"
    /// A trailer (SE, GE, IEA) is missing.
    case missingTrailer = "missing-trailer"
    /// A segment appears where the envelope does not allow it (outside a set, after IEA).
    case unexpectedSegment = "unexpected-segment"
    /// A segment id that is not two or three letters and digits.
    case invalidSegment = "invalid-segment"
    /// A segment ended at a line break instead of the segment terminator.
    case missingTerminator = "missing-terminator"
    /// A mandatory segment (BEG, BAK, BSN, BIG...) is missing from a transaction set.
    case missingSegment = "missing-segment"
    /// HL02 does not refer to an earlier HL01.
    case hlParent = "hl-parent"
    /// HL01 values are not 1, 2, 3... in order.
    case hlSequence = "hl-sequence"
    /// An element is missing, malformed or has a value that is not allowed.
    case invalidElement = "invalid-element"
    /// A UPC, EAN or GTIN-14 product id with a wrong length or check digit.
    case invalidGTIN = "invalid-gtin"
    /// ISA12 or GS08 names a version other than 004010 or 005010.
    case unsupportedVersion = "unsupported-version"
    /// A transaction set this codec does not read.
    case unsupportedSet = "unsupported-set"
}

/// Where a fault lies: the interchange envelope, a functional group, or a transaction set (indexes into the parse result).
public enum X12ErrorScope: Hashable, Sendable {
    case interchange
    case group(Int)
    case transactionSet(group: Int, set: Int)
}
