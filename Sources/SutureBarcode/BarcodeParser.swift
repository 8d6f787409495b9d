internal import Foundation

/// Reads barcode scan data of any form Suture knows, working out which form it is:
/// GS1 element strings (with FNC1 as GS), GS1 human-readable text, GS1 Digital Link
/// URIs, bare GTINs, and HIBC primary, secondary and concatenated data, each with or
/// without an AIM symbology identifier (`]d2`, `]C1`, `]Q3`, `]E0`, `]d1`, ...).
///
/// Parsing never throws and never traps, whatever the input: every fault becomes a
/// `BarcodeError` in the result.
public struct BarcodeParser: Sendable {
    /// The longest input read: the most characters any 2D symbology holds (QR Code,
    /// 7089 digits). Longer input cannot have come from one symbol.
    public static let maximumInputLength = 7089

    /// The year two-digit years are resolved against by the GS1 century rule: a year
    /// lands within -49...+50 years of it. Only the year matters to that rule.
    public let referenceYear: Int

    /// A parser that resolves two-digit years against `referenceYear`; tests pass a fixed
    /// year so that they do not change meaning as time passes.
    public init(referenceYear: Int) {
        self.referenceYear = referenceYear
    }

    /// A parser that resolves two-digit years against the current year (UTC).
    public init() {
        self.init(referenceYear: Self.currentYear())
    }

    /// The current year in UTC.
    public static func currentYear() -> Int {
        let days = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        return CalendarDate(daysSince1970: days).year
    }

    private static let current = BarcodeParser()

    /// Parses `text` with two-digit years resolved against the year this process started in
    /// (which can only matter for dates 50 years away, on a New Year's Day).
    public static func parse(_ text: String) -> BarcodeParseResult {
        current.parse(text)
    }

    /// Parses one scan's data.
    public func parse(_ text: String) -> BarcodeParseResult {
        var result = BarcodeParseResult(input: text)
        let handled: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            parse(bytes, into: &result)
        }
        if handled == nil {
            Array(text.utf8).withUnsafeBufferPointer { parse($0, into: &result) }
        }
        return result
    }

    private func parse(_ bytes: BarcodeBytes, into result: inout BarcodeParseResult) {
        guard bytes.count <= Self.maximumInputLength else {
            result.fail(BarcodeError(.inputTooLong, position: Self.maximumInputLength + 1,
                                     "the input has \(bytes.count) bytes; no barcode holds more than \(Self.maximumInputLength)"))
            return
        }
        var start = 0
        var end = bytes.count
        // Scanners in keyboard mode end each scan with CR or LF; that is not data.
        while end > start, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
        while start < end, bytes[start] == 0x0D || bytes[start] == 0x0A { start += 1 }
        guard start < end else {
            result.fail(BarcodeError(.emptyInput, "there is no barcode data"))
            return
        }
        guard bytes[start] == UInt8(ascii: "]") else {
            parseUnannounced(bytes, range: start..<end, hibcSymbology: nil, into: &result)
            return
        }
        guard end - start >= 3, let (symbology, payload) = BarcodeSymbology.fromAIM(code: bytes[start + 1], modifier: bytes[start + 2]) else {
            let identifier = bytes.string(in: start..<min(end, start + 3))
            result.fail(BarcodeError(.unknownSymbology, position: start + 1, "'\(identifier)' is not a symbology identifier Suture reads"))
            return
        }
        result.symbology = symbology
        let data = (start + 3)..<end
        switch payload {
        case .gs1ElementString: result.scheme = .gs1
        case .gtin: result.scheme = .gtin
        case .plain: break
        }
        guard !data.isEmpty else {
            result.fail(BarcodeError(.truncated, position: end + 1, "no data follows the symbology identifier"))
            return
        }
        switch payload {
        case .gs1ElementString:
            elementStringParser.parse(bytes, range: data, into: &result)
        case .gtin(let lengths):
            parseGTIN(bytes, range: data, lengths: lengths, into: &result)
        case .plain(let hibcSymbology):
            parseUnannounced(bytes, range: data, hibcSymbology: hibcSymbology, into: &result)
        }
    }

    /// Works out the form of data that no GS1 symbology identifier announced.
    private func parseUnannounced(
        _ bytes: BarcodeBytes, range: Range<Int>, hibcSymbology: BarcodeSymbology?, into result: inout BarcodeParseResult
    ) {
        let first = bytes[range.lowerBound]
        if first == UInt8(ascii: "+") || (first == UInt8(ascii: "*") && range.count > 1 && bytes[range.lowerBound + 1] == UInt8(ascii: "+")) {
            // Code 39 human-readable text shows the start and stop characters as '*'.
            var data = range
            if first == UInt8(ascii: "*") {
                data = data.dropFirst()
                if bytes[data.upperBound - 1] == UInt8(ascii: "*") { data = data.dropLast() }
            }
            if let hibcSymbology { result.symbology = hibcSymbology }
            HIBCParser(referenceYear: referenceYear).parse(bytes, range: data, into: &result)
        } else if first == UInt8(ascii: "(") {
            result.scheme = .gs1
            GS1HumanReadableParser(validator: validator).parse(bytes, range: range, into: &result)
        } else if GS1DigitalLinkParser.isDigitalLink(bytes, at: range.lowerBound) {
            result.scheme = .gs1
            GS1DigitalLinkParser(validator: validator).parse(bytes, range: range, into: &result)
        } else if [8, 12, 13, 14].contains(range.count), bytes.firstNonDigit(in: range) == nil {
            parseGTIN(bytes, range: range, lengths: 8...14, into: &result)
        } else if first == ASCII.groupSeparator || ASCII.isDigit(first) {
            // An element string from a reader that sends no symbology identifier.
            result.scheme = .gs1
            elementStringParser.parse(bytes, range: range, into: &result)
        } else {
            result.fail(BarcodeError(.unrecognizedFormat, position: range.lowerBound + 1,
                                     "the data is not a GS1 element string, GS1 text in parentheses, a GS1 Digital Link URI, a GTIN or HIBC data"))
        }
    }

    /// Reads a bare GTIN-8, -12, -13 or -14, as EAN/UPC and ITF-14 symbols carry.
    private func parseGTIN(_ bytes: BarcodeBytes, range: Range<Int>, lengths: ClosedRange<Int>, into result: inout BarcodeParseResult) {
        result.scheme = .gtin
        if let bad = bytes.firstNonDigit(in: range) {
            result.fail(BarcodeError(.invalidCharacter, position: bad + 1,
                                     "a GTIN is digits only, found \(String.describing(byte: bytes[bad]))"))
            return
        }
        guard lengths.contains(range.count), [8, 12, 13, 14].contains(range.count) else {
            result.fail(BarcodeError(.invalidLength, position: range.lowerBound + 1,
                                     "this symbology carries a GTIN of \(lengths.lowerBound == lengths.upperBound ? "\(lengths.lowerBound)" : "\(lengths.lowerBound) to \(lengths.upperBound)") digits, found \(range.count)"))
            return
        }
        // A GTIN is read as the data of AI 01 in its 14-digit form, so the same rules apply.
        let padding = 14 - range.count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 14) { buffer in
            for index in 0..<padding { buffer[index] = ASCII.zero }
            for index in range { buffer[padding + index - range.lowerBound] = bytes[index] }
            validator.accept(aiIndex: ApplicationIdentifier.gtinIndex, bytes: UnsafeBufferPointer(buffer), range: 0..<14,
                             positionOffset: range.lowerBound + 1 - padding, into: &result)
        }
    }

    private var validator: GS1ElementValidator { GS1ElementValidator(referenceYear: referenceYear) }
    private var elementStringParser: GS1ElementStringParser { GS1ElementStringParser(validator: validator) }
}
