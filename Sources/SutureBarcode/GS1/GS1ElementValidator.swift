internal import SutureModel

/// Checks one element's data against the rules of its Application Identifier and records
/// it, and what it means, in a parse result.
///
/// The element string, human-readable and Digital Link parsers differ only in how they
/// find elements; what an element must look like is decided here, once.
struct GS1ElementValidator {
    /// The year two-digit years are resolved against (GS1 century rule).
    let referenceYear: Int

    /// Validates the data at `range` of `bytes` for the AI at `aiIndex` of the table and
    /// appends the element to `result`. `positionOffset` turns an index of `bytes` into a
    /// 1-based input position for error messages.
    func accept(
        aiIndex: Int, bytes: BarcodeBytes, range: Range<Int>, positionOffset: Int,
        into result: inout BarcodeParseResult
    ) {
        let ai = ApplicationIdentifier.all[aiIndex]
        let value = bytes.string(in: range)
        result.elements.append(GS1Element(ai: ai.code, value: value))
        guard checkLength(ai, range: range, positionOffset: positionOffset, into: &result),
              checkCharacters(ai, bytes: bytes, range: range, positionOffset: positionOffset, into: &result)
        else { return }

        var date: CalendarDate?
        var number: Int?
        let position = range.lowerBound + positionOffset
        switch ai.content {
        case .text:
            break
        case .key(let key, let checkDigits):
            let keyDigits = (range.lowerBound + checkDigits.lowerBound)..<(range.lowerBound + checkDigits.upperBound)
            guard checkDigit(ai, key: key, bytes: bytes, digits: keyDigits, positionOffset: positionOffset, into: &result) else { return }
        case .date(let allowsDayZero):
            date = readDate(ai, allowsDayZero ? .gs1Date : .gs1StrictDate, bytes: bytes, at: range.lowerBound, position: position, into: &result)
            guard date != nil else { return }
        case .dateHourMinute:
            guard readDate(ai, .gs1DateHourMinute, bytes: bytes, at: range.lowerBound, position: position, into: &result) != nil else { return }
        case .dateRange:
            guard range.count == 6 || range.count == 12 else {
                result.fail(BarcodeError(.invalidLength, ai: ai.code, position: position,
                                         "a harvest date is YYMMDD or YYMMDDYYMMDD, not \(range.count) digits"))
                return
            }
            guard readDate(ai, .gs1StrictDate, bytes: bytes, at: range.lowerBound, position: position, into: &result) != nil else { return }
            if range.count == 12 {
                guard readDate(ai, .gs1StrictDate, bytes: bytes, at: range.lowerBound + 6, position: position + 6, into: &result) != nil else { return }
            }
        case .dateHourOptionalMinuteSecond:
            let extra: BarcodeDateFormat
            switch range.count {
            case 8: extra = .noTime
            case 10: extra = .minute
            case 12: extra = .minuteSecond
            default:
                result.fail(BarcodeError(.invalidLength, ai: ai.code, position: position,
                                         "a production time is YYMMDDhh, YYMMDDhhmm or YYMMDDhhmmss, not \(range.count) digits"))
                return
            }
            guard readDate(ai, .gs1DateHour, bytes: bytes, at: range.lowerBound, position: position, into: &result) != nil else { return }
            if let fault = extra.checkTime(bytes, at: range.lowerBound + 8) {
                result.fail(BarcodeError(.invalidTime, ai: ai.code, position: position + 8 + fault.offset, fault.rule))
                return
            }
        case .count:
            number = bytes.number(in: range)
        }

        guard let field = ai.field else { return }
        switch field {
        case .gtin: result.gtin = value
        case .sscc: result.sscc = value
        case .lot: result.lot = value
        case .serial: result.serial = value
        case .expiry: result.expiry = date
        case .productionDate: result.productionDate = date
        case .quantity: result.quantity = number
        }
    }

    private func checkLength(
        _ ai: ApplicationIdentifier, range: Range<Int>, positionOffset: Int, into result: inout BarcodeParseResult
    ) -> Bool {
        let count = range.count
        let position = range.lowerBound + positionOffset
        switch ai.length {
        case .fixed(let expected) where count != expected:
            result.fail(BarcodeError(.invalidLength, ai: ai.code, position: position,
                                     "\(ai.title) must be exactly \(expected) characters, found \(count)"))
            return false
        case .variable(_, let max) where count > max:
            result.fail(BarcodeError(.tooLong, ai: ai.code, position: position + max,
                                     "\(ai.title) holds \(count) characters but at most \(max) are allowed; "
                                         + "if another AI follows, the separator (FNC1) before it is missing"))
            return false
        case .variable(let min, _) where count < min:
            result.fail(BarcodeError(count == 0 ? .truncated : .invalidLength, ai: ai.code, position: position,
                                     "\(ai.title) needs at least \(min) character\(min == 1 ? "" : "s"), found \(count)"))
            return false
        default:
            return true
        }
    }

    private func checkCharacters(
        _ ai: ApplicationIdentifier, bytes: BarcodeBytes, range: Range<Int>, positionOffset: Int,
        into result: inout BarcodeParseResult
    ) -> Bool {
        let digitsOnlyUntil = ai.characterSet == .numeric ? range.upperBound : range.lowerBound + ai.numericPrefix
        for index in range {
            let byte = bytes[index]
            if index < digitsOnlyUntil {
                guard ASCII.isDigit(byte) else {
                    let rule = ai.characterSet == .numeric
                        ? "\(ai.title) must be digits only" : "the first \(ai.numericPrefix) characters of \(ai.title) must be digits"
                    result.fail(BarcodeError(.invalidCharacter, ai: ai.code, position: index + positionOffset,
                                             "\(String.describing(byte: byte)) is not allowed: \(rule)"))
                    return false
                }
            } else if !Self.isInCharacterSet82(byte) {
                result.fail(BarcodeError(.invalidCharacter, ai: ai.code, position: index + positionOffset,
                                         "\(String.describing(byte: byte)) is not in GS1 character set 82"))
                return false
            }
        }
        return true
    }

    /// Whether `byte` is in GS1 AI encodable character set 82
    /// (``!"%&'()*+,-./0-9:;<=>?A-Z_a-z``), tested against a 128-bit mask.
    @inline(__always)
    static func isInCharacterSet82(_ byte: UInt8) -> Bool {
        if byte < 64 { return (0xFFFF_FFE6_0000_0000 as UInt64) >> UInt64(byte) & 1 == 1 }
        if byte < 128 { return (0x07FF_FFFE_87FF_FFFE as UInt64) >> UInt64(byte - 64) & 1 == 1 }
        return false
    }

    private func checkDigit(
        _ ai: ApplicationIdentifier, key: ApplicationIdentifier.Key, bytes: BarcodeBytes, digits: Range<Int>,
        positionOffset: Int, into result: inout BarcodeParseResult
    ) -> Bool {
        let checkIndex = digits.upperBound - 1
        let found = bytes[checkIndex] &- ASCII.zero
        // The characters were checked to be digits already, so compute cannot fail.
        let expected = GS1CheckDigit.compute(bytes: bytes, range: digits.lowerBound..<checkIndex) ?? 10
        guard expected != found else { return true }
        result.fail(BarcodeError(key.checkDigitFault, ai: ai.code, position: checkIndex + positionOffset,
                                 "the \(key.rawValue.uppercased()) check digit should be \(expected), found \(found)"))
        return false
    }

    private func readDate(
        _ ai: ApplicationIdentifier, _ format: BarcodeDateFormat, bytes: BarcodeBytes, at start: Int, position: Int,
        into result: inout BarcodeParseResult
    ) -> CalendarDate? {
        switch format.parse(bytes, at: start, referenceYear: referenceYear) {
        case .success(let date):
            return date
        case .failure(let fault):
            result.fail(BarcodeError(fault.isTime ? .invalidTime : .invalidDate, ai: ai.code,
                                     position: position + fault.offset, fault.rule))
            return nil
        }
    }

    /// GS1 forbids the same AI twice with different data: which one counts would be a guess.
    static func reportConflicts(since start: Int, in result: inout BarcodeParseResult) {
        let elements = result.elements
        guard elements.count - start > 1 else { return }
        for later in (start + 1)..<elements.count {
            for earlier in start..<later where elements[earlier].ai == elements[later].ai {
                if elements[earlier].value != elements[later].value {
                    result.fail(BarcodeError(.conflictingAI, ai: elements[later].ai,
                                             "appears twice with different data ('\(elements[earlier].value)' and '\(elements[later].value)')"))
                }
                break
            }
        }
    }
}
