/// Reads a GS1 element string: AIs and their data back to back, with FNC1 sent as the
/// GS character (0x1D) after every variable-length element that is not the last.
struct GS1ElementStringParser {
    let validator: GS1ElementValidator

    /// Reads the element string in `range` of `bytes` (the symbology identifier already
    /// removed) into `result`.
    func parse(_ bytes: BarcodeBytes, range: Range<Int>, into result: inout BarcodeParseResult) {
        var index = range.lowerBound
        let end = range.upperBound
        let elementsBefore = result.elements.count
        result.elements.reserveCapacity(elementsBefore + 8)
        while index < end {
            // A leading FNC1, the separator after an element, or one a printer added
            // after a predefined-length element: none of them carries data.
            if bytes[index] == ASCII.groupSeparator {
                index += 1
                continue
            }
            guard let (aiIndex, aiLength) = ApplicationIdentifier.index(startingAt: index, in: bytes, end: end) else {
                reportUnreadableAI(bytes, at: index, end: end, into: &result)
                return
            }
            let ai = ApplicationIdentifier.all[aiIndex]
            let valueStart = index + aiLength
            var valueEnd = valueStart
            let limit: Int
            if case .fixed(let length) = ai.length { limit = min(end, valueStart + length) } else { limit = end }
            while valueEnd < limit, bytes[valueEnd] != ASCII.groupSeparator { valueEnd += 1 }

            if case .fixed(let length) = ai.length, valueEnd - valueStart < length {
                let cutByEnd = valueEnd == end
                result.elements.append(GS1Element(ai: ai.code, value: bytes.string(in: valueStart..<valueEnd)))
                result.fail(BarcodeError(
                    cutByEnd ? .truncated : .invalidLength, ai: ai.code, position: valueEnd + 1,
                    "\(ai.title) must be exactly \(length) characters, but "
                        + (cutByEnd ? "the data ends" : "an FNC1 (GS) comes") + " after \(valueEnd - valueStart)"))
                index = valueEnd
                continue
            }
            validator.accept(aiIndex: aiIndex, bytes: bytes, range: valueStart..<valueEnd, positionOffset: 1, into: &result)
            index = valueEnd
            if ai.requiresFNC1, index < end, bytes[index] != ASCII.groupSeparator {
                // Only fixed-length AIs get here: the next AI starts where this data ends,
                // so reading can go on after noting the missing separator.
                result.fail(BarcodeError(.missingFNC1, ai: ai.code, position: index + 1,
                                         "\(ai.title) is not of predefined length, so an FNC1 (GS) must follow it before the next AI"))
            }
        }
        if result.elements.count == elementsBefore {
            result.fail(BarcodeError(.truncated, position: end + 1, "the element string holds no element"))
        }
        GS1ElementValidator.reportConflicts(since: elementsBefore, in: &result)
    }

    private func reportUnreadableAI(_ bytes: BarcodeBytes, at index: Int, end: Int, into result: inout BarcodeParseResult) {
        var digits = index
        while digits < end, digits < index + 4, ASCII.isDigit(bytes[digits]) { digits += 1 }
        if digits == index {
            result.fail(BarcodeError(.invalidCharacter, position: index + 1,
                                     "an AI (digits) was expected, found \(String.describing(byte: bytes[index]))"))
        } else if digits == end, digits - index < 4 {
            result.fail(BarcodeError(.truncated, position: index + 1,
                                     "the data ends inside an AI ('\(bytes.string(in: index..<digits))')"))
        } else {
            let text = bytes.string(in: index..<digits)
            result.fail(BarcodeError(.unknownAI, ai: text, position: index + 1,
                                     "no Application Identifier starts with '\(text)'; "
                                         + "if the data before it was variable-length, an FNC1 (GS) may be missing"))
        }
    }
}
