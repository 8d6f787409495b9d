/// One fault found in barcode data: a stable kebab-case code, the Application Identifier
/// it concerns (if any), where in the input it was found, and which rule failed.
///
/// Faults are values rather than thrown errors because one scan can break several rules
/// and a person fixing the label wants to see all of them at once.
public struct BarcodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code for programs (`gtin-check-digit`, `invalid-date`).
    public let code: Code
    /// The GS1 Application Identifier concerned (`"17"`), or nil.
    public let ai: String?
    /// The 1-based position in the input's UTF-8 bytes where the fault was found, or nil.
    public let position: Int?
    /// Which rule failed, for people, including the AI and the position.
    public let message: String

    public init(_ code: Code, ai: String? = nil, position: Int? = nil, _ rule: String) {
        self.code = code
        self.ai = ai
        self.position = position
        var message = ""
        if let ai { message += "AI (\(ai)): " }
        message += rule
        if let position { message += " (at character \(position))" }
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The stable codes; every check-digit or check-character fault has `check` in its code.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case emptyInput = "empty-input"
        case inputTooLong = "input-too-long"
        case unrecognizedFormat = "unrecognized-format"
        case unknownSymbology = "unknown-symbology"
        case unknownAI = "unknown-ai"
        case truncated = "truncated"
        case missingFNC1 = "missing-fnc1"
        case tooLong = "too-long"
        case invalidLength = "invalid-length"
        case invalidCharacter = "invalid-character"
        case invalidDate = "invalid-date"
        case invalidTime = "invalid-time"
        case invalidDecimalPosition = "invalid-decimal-position"
        case conflictingAI = "conflicting-ai"
        case gtinCheckDigit = "gtin-check-digit"
        case ssccCheckDigit = "sscc-check-digit"
        case glnCheckDigit = "gln-check-digit"
        case gsinCheckDigit = "gsin-check-digit"
        case gdtiCheckDigit = "gdti-check-digit"
        case gcnCheckDigit = "gcn-check-digit"
        case graiCheckDigit = "grai-check-digit"
        case gsrnCheckDigit = "gsrn-check-digit"
        case invalidURI = "invalid-uri"
        case invalidPercentEncoding = "invalid-percent-encoding"
        case missingPrimaryKey = "missing-primary-key"
        case hibcCheckCharacter = "hibc-check-character"
        case invalidLabelerCode = "invalid-labeler-code"
        case invalidProductNumber = "invalid-product-number"
        case invalidUnitOfMeasure = "invalid-unit-of-measure"
        case invalidDateFormat = "invalid-date-format"
        case invalidQuantity = "invalid-quantity"
        case unknownHIBCField = "unknown-hibc-field"
    }
}
