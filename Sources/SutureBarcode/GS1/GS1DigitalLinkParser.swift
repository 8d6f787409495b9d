/// Reads a GS1 Digital Link URI (GS1 Digital Link standard 1.x, uncompressed form):
/// `https://id.gs1.org/01/09506000134352/10/ABC?17=261231`.
///
/// Any host is accepted, and path segments before the primary key (a brand's own prefix)
/// are skipped. Path and query values are percent-decoded. Query members whose names are
/// not all digits (`linkType`, tracking parameters) are not GS1 data and are ignored.
struct GS1DigitalLinkParser {
    let validator: GS1ElementValidator

    /// The short names the first Digital Link release allowed in place of AI digits.
    private static let shortNames: [(name: StaticString, ai: StaticString)] = [
        ("gtin", "01"), ("cpv", "22"), ("lot", "10"), ("ser", "21"), ("sscc", "00"),
        ("gln", "414"), ("giai", "8004"), ("grai", "8003"), ("gsrn", "8018"), ("gdti", "253"),
    ]

    /// Whether the bytes at `start` begin a URI this parser reads.
    static func isDigitalLink(_ bytes: BarcodeBytes, at start: Int) -> Bool {
        bytes.hasPrefixIgnoringCase("https://", at: start) || bytes.hasPrefixIgnoringCase("http://", at: start)
    }

    func parse(_ bytes: BarcodeBytes, range: Range<Int>, into result: inout BarcodeParseResult) {
        let end = range.upperBound
        let schemeLength = bytes.hasPrefixIgnoringCase("https://", at: range.lowerBound) ? 8 : 7
        var index = range.lowerBound + schemeLength
        while index < end, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "?"), bytes[index] != UInt8(ascii: "#") {
            index += 1
        }
        guard index > range.lowerBound + schemeLength else {
            result.fail(BarcodeError(.invalidURI, position: index + 1, "the URI has no host"))
            return
        }
        let pathStart = index
        while index < end, bytes[index] != UInt8(ascii: "?"), bytes[index] != UInt8(ascii: "#") { index += 1 }
        let pathEnd = index
        var queryRange: Range<Int>?
        if index < end, bytes[index] == UInt8(ascii: "?") {
            var queryEnd = index + 1
            while queryEnd < end, bytes[queryEnd] != UInt8(ascii: "#") { queryEnd += 1 }
            queryRange = (index + 1)..<queryEnd
        }

        let elementsBefore = result.elements.count
        guard parsePath(bytes, range: pathStart..<pathEnd, into: &result) else { return }
        if let queryRange { parseQuery(bytes, range: queryRange, into: &result) }
        GS1ElementValidator.reportConflicts(since: elementsBefore, in: &result)
    }

    /// Reads the path's AI/value pairs from the primary key on; false when no primary key
    /// was found, which makes the rest meaningless.
    private func parsePath(_ bytes: BarcodeBytes, range: Range<Int>, into result: inout BarcodeParseResult) -> Bool {
        // Segments are found on the fly: (start, end) of each, with empty ones skipped.
        var segments: [Range<Int>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            if bytes[start] == UInt8(ascii: "/") { start += 1; continue }
            var stop = start
            while stop < range.upperBound, bytes[stop] != UInt8(ascii: "/") { stop += 1 }
            segments.append(start..<stop)
            start = stop
        }
        guard let keyPosition = segments.indices.first(where: { position in
            position + 1 < segments.count
                && aiIndex(of: bytes, segment: segments[position]).map { ApplicationIdentifier.all[$0].isDigitalLinkPrimaryKey } == true
        }) else {
            result.fail(BarcodeError(.missingPrimaryKey, position: range.lowerBound + 1,
                                     "the URI path holds no GS1 primary key (such as /01/ followed by a GTIN)"))
            return false
        }
        var position = keyPosition
        while position < segments.count {
            let aiSegment = segments[position]
            guard position + 1 < segments.count else {
                result.fail(BarcodeError(.invalidURI, position: aiSegment.lowerBound + 1,
                                         "path segment '\(bytes.string(in: aiSegment))' has no value after it"))
                return true
            }
            guard let aiIndex = aiIndex(of: bytes, segment: aiSegment) else {
                let text = bytes.string(in: aiSegment)
                result.fail(BarcodeError(.unknownAI, ai: text, position: aiSegment.lowerBound + 1,
                                         "path segment '\(text)' is not a known Application Identifier"))
                return true
            }
            accept(aiIndex: aiIndex, bytes: bytes, valueRange: segments[position + 1], into: &result)
            position += 2
        }
        return true
    }

    private func parseQuery(_ bytes: BarcodeBytes, range: Range<Int>, into result: inout BarcodeParseResult) {
        var start = range.lowerBound
        while start < range.upperBound {
            var stop = start
            var equals: Int?
            while stop < range.upperBound, bytes[stop] != UInt8(ascii: "&") {
                if equals == nil, bytes[stop] == UInt8(ascii: "=") { equals = stop }
                stop += 1
            }
            defer { start = stop + 1 }
            guard let equals, equals > start, bytes.firstNonDigit(in: start..<equals) == nil else { continue }
            let keyRange = start..<equals
            guard let aiIndex = ApplicationIdentifier.index(of: bytes, in: keyRange) else {
                let text = bytes.string(in: keyRange)
                result.fail(BarcodeError(.unknownAI, ai: text, position: start + 1,
                                         "query parameter '\(text)' is not a known Application Identifier"))
                continue
            }
            accept(aiIndex: aiIndex, bytes: bytes, valueRange: (equals + 1)..<stop, into: &result)
        }
    }

    private func aiIndex(of bytes: BarcodeBytes, segment: Range<Int>) -> Int? {
        if let index = ApplicationIdentifier.index(of: bytes, in: segment) { return index }
        for (name, ai) in Self.shortNames where segment.count == name.utf8CodeUnitCount {
            guard bytes.hasPrefixIgnoringCase(name, at: segment.lowerBound) else { continue }
            return ai.withUTF8Buffer { ApplicationIdentifier.index(of: $0, in: 0..<$0.count) }
        }
        return nil
    }

    /// Decodes the value if it needs it and hands it to the validator. A GTIN-8, -12 or -13
    /// in a URI is padded to 14 digits, as the Digital Link standard requires of readers.
    private func accept(aiIndex: Int, bytes: BarcodeBytes, valueRange: Range<Int>, into result: inout BarcodeParseResult) {
        let ai = ApplicationIdentifier.all[aiIndex]
        let needsPadding = ai.code == "01" && [8, 12, 13].contains(valueRange.count)
        var hasEscape = false
        for index in valueRange where bytes[index] == UInt8(ascii: "%") {
            hasEscape = true
            break
        }
        guard hasEscape || needsPadding else {
            validator.accept(aiIndex: aiIndex, bytes: bytes, range: valueRange, positionOffset: 1, into: &result)
            return
        }
        var decoded: [UInt8] = needsPadding ? Array(repeating: ASCII.zero, count: 14 - valueRange.count) : []
        let padding = decoded.count
        var index = valueRange.lowerBound
        while index < valueRange.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < valueRange.upperBound,
                      let high = Self.hexValue(bytes[index + 1]), let low = Self.hexValue(bytes[index + 2]) else {
                    result.fail(BarcodeError(.invalidPercentEncoding, ai: ai.code, position: index + 1,
                                             "'%' must be followed by two hexadecimal digits"))
                    return
                }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        decoded.withUnsafeBufferPointer { buffer in
            validator.accept(aiIndex: aiIndex, bytes: buffer, range: 0..<buffer.count,
                             positionOffset: valueRange.lowerBound + 1 - padding, into: &result)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
