/// Reads GS1 human-readable text, each AI in parentheses before its data:
/// `(01)05901234123457(17)261231(10)A1B2C3`.
///
/// A parenthesis inside data is written `\(` as in the GS1 Barcode Syntax Resource's
/// bracketed notation, so that it is not taken for the start of the next AI.
struct GS1HumanReadableParser {
    let validator: GS1ElementValidator

    func parse(_ bytes: BarcodeBytes, range: Range<Int>, into result: inout BarcodeParseResult) {
        var index = range.lowerBound
        let end = range.upperBound
        let elementsBefore = result.elements.count
        result.elements.reserveCapacity(elementsBefore + 8)
        while index < end {
            guard bytes[index] == UInt8(ascii: "(") else {
                result.fail(BarcodeError(.invalidCharacter, position: index + 1,
                                         "an AI in parentheses was expected, found \(String.describing(byte: bytes[index]))"))
                return
            }
            var close = index + 1
            while close < end, close <= index + 5, bytes[close] != UInt8(ascii: ")") { close += 1 }
            guard close < end, bytes[close] == UInt8(ascii: ")") else {
                result.fail(BarcodeError(.truncated, position: index + 1, "the '(' of an AI has no ')' within 4 digits"))
                return
            }
            let aiRange = (index + 1)..<close
            guard let aiIndex = ApplicationIdentifier.index(of: bytes, in: aiRange) else {
                let text = bytes.string(in: aiRange)
                result.fail(BarcodeError(.unknownAI, ai: text, position: index + 2, "'\(text)' is not a known Application Identifier"))
                return
            }
            let valueStart = close + 1
            var valueEnd = valueStart
            var hasEscape = false
            while valueEnd < end, bytes[valueEnd] != UInt8(ascii: "(") {
                if bytes[valueEnd] == UInt8(ascii: "\\"), valueEnd + 1 < end, bytes[valueEnd + 1] == UInt8(ascii: "(") {
                    hasEscape = true
                    valueEnd += 1
                }
                valueEnd += 1
            }
            if hasEscape {
                let unescaped = Self.unescape(bytes, range: valueStart..<valueEnd)
                unescaped.withUnsafeBufferPointer { buffer in
                    validator.accept(aiIndex: aiIndex, bytes: buffer, range: 0..<buffer.count,
                                     positionOffset: valueStart + 1, into: &result)
                }
            } else {
                validator.accept(aiIndex: aiIndex, bytes: bytes, range: valueStart..<valueEnd, positionOffset: 1, into: &result)
            }
            index = valueEnd
        }
        if result.elements.count == elementsBefore {
            result.fail(BarcodeError(.truncated, position: end + 1, "the text holds no element"))
        }
        GS1ElementValidator.reportConflicts(since: elementsBefore, in: &result)
    }

    private static func unescape(_ bytes: BarcodeBytes, range: Range<Int>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < range.upperBound, bytes[index + 1] == UInt8(ascii: "(") {
                index += 1
            }
            output.append(bytes[index])
            index += 1
        }
        return output
    }
}
