/// Reads HIBC supplier labeling data (ANSI/HIBC 2.6): a primary symbol (`+`, labeler
/// code, product number, unit of measure, check character), a secondary symbol (`+$`
/// lot, serial, expiry and quantity, then the primary's check character as a link, then
/// its own check character), or both concatenated with `/` under one check character.
struct HIBCParser {
    /// The year two-digit years are resolved against (the GS1 century rule).
    let referenceYear: Int

    /// The most characters a product number or a lot or serial number may have.
    static let maximumFieldLength = 18

    func parse(_ bytes: BarcodeBytes, range: Range<Int>, into result: inout BarcodeParseResult) {
        result.scheme = .hibc
        let start = range.lowerBound
        guard range.count >= 3 else {
            result.fail(BarcodeError(.truncated, position: start + 1,
                                     "HIBC data needs '+', at least one data character and a check character"))
            return
        }
        for index in range where HIBCCheckCharacter.value(of: bytes[index]) == nil {
            result.fail(BarcodeError(.invalidCharacter, position: index + 1,
                                     "\(String.describing(byte: bytes[index])) is not in the HIBC character set (0-9 A-Z - . space $ / + %)"))
            return
        }
        let checkIndex = range.upperBound - 1
        let expected = HIBCCheckCharacter.value(over: bytes, range: start..<checkIndex)
        let found = HIBCCheckCharacter.value(of: bytes[checkIndex]) ?? -1
        if expected != found {
            let expectedCharacter = HIBCCheckCharacter.characters[expected]
            result.fail(BarcodeError(.hibcCheckCharacter, position: checkIndex + 1,
                                     "the modulo-43 check character should be \(String.describing(byte: expectedCharacter)), found \(String.describing(byte: bytes[checkIndex]))"))
        }

        if bytes[start + 1] == UInt8(ascii: "$") {
            // A secondary symbol of its own: its last data character links it to the primary.
            guard range.count >= 4 else {
                result.fail(BarcodeError(.truncated, position: checkIndex + 1, "an HIBC secondary needs data, a link character and a check character"))
                return
            }
            result.hibcLinkCharacter = bytes.string(in: (checkIndex - 1)..<checkIndex)
            parseSecondary(bytes, range: (start + 1)..<(checkIndex - 1), into: &result)
        } else {
            var slash = start + 1
            while slash < checkIndex, bytes[slash] != UInt8(ascii: "/") { slash += 1 }
            parsePrimary(bytes, range: (start + 1)..<slash, into: &result)
            if slash < checkIndex {
                guard slash + 1 < checkIndex else {
                    result.fail(BarcodeError(.truncated, position: slash + 2, "nothing follows the '/' after the primary data"))
                    return
                }
                parseSecondary(bytes, range: (slash + 1)..<checkIndex, into: &result)
            }
        }
    }

    // MARK: - Primary

    private func parsePrimary(_ bytes: BarcodeBytes, range: Range<Int>, into result: inout BarcodeParseResult) {
        guard range.count >= 6 else {
            result.fail(BarcodeError(.truncated, position: range.lowerBound + 1,
                                     "HIBC primary data needs a 4-character labeler code, a product number and a unit-of-measure digit; found \(range.count) characters"))
            return
        }
        let licRange = range.lowerBound..<(range.lowerBound + 4)
        let productRange = licRange.upperBound..<(range.upperBound - 1)
        let unitIndex = range.upperBound - 1
        var valid = true
        if !ASCII.isUpperLetter(bytes[licRange.lowerBound]) {
            result.fail(BarcodeError(.invalidLabelerCode, position: licRange.lowerBound + 1,
                                     "a labeler code starts with a letter, found \(String.describing(byte: bytes[licRange.lowerBound]))"))
            valid = false
        } else if let bad = licRange.dropFirst().first(where: { !ASCII.isUpperAlphanumeric(bytes[$0]) }) {
            result.fail(BarcodeError(.invalidLabelerCode, position: bad + 1,
                                     "a labeler code is 4 letters or digits, found \(String.describing(byte: bytes[bad]))"))
            valid = false
        }
        if productRange.count > Self.maximumFieldLength {
            result.fail(BarcodeError(.tooLong, position: productRange.lowerBound + Self.maximumFieldLength + 1,
                                     "a product number has at most \(Self.maximumFieldLength) characters, found \(productRange.count)"))
            valid = false
        } else if let bad = productRange.first(where: { !ASCII.isUpperAlphanumeric(bytes[$0]) }) {
            result.fail(BarcodeError(.invalidProductNumber, position: bad + 1,
                                     "a product number is letters and digits, found \(String.describing(byte: bytes[bad]))"))
            valid = false
        }
        guard ASCII.isDigit(bytes[unitIndex]) else {
            result.fail(BarcodeError(.invalidUnitOfMeasure, position: unitIndex + 1,
                                     "the unit of measure is one digit 0-9, found \(String.describing(byte: bytes[unitIndex]))"))
            return
        }
        guard valid else { return }
        result.hibc = HIBCProduct(labelerCode: bytes.string(in: licRange), product: bytes.string(in: productRange),
                                  unitOfMeasure: Int(bytes[unitIndex] - ASCII.zero))
    }

    // MARK: - Secondary

    /// Reads secondary data: `range` starts at its `$` flag, or, after a concatenated
    /// primary, may start straight with a supplemental field such as `14D20261231`.
    private func parseSecondary(_ bytes: BarcodeBytes, range: Range<Int>, into result: inout BarcodeParseResult) {
        guard bytes[range.lowerBound] == UInt8(ascii: "$") else {
            parseSupplementalFields(bytes, from: range.lowerBound, end: range.upperBound, firstHasSlash: false, into: &result)
            return
        }
        guard let next = parseLotSerialAndDate(bytes, from: range.lowerBound + 1, end: range.upperBound, into: &result) else { return }
        parseSupplementalFields(bytes, from: next, end: range.upperBound, firstHasSlash: true, into: &result)
    }

    /// Reads what follows the first `$` up to the first `/`; returns where it stopped, or nil
    /// when the data cannot be read on.
    private func parseLotSerialAndDate(_ bytes: BarcodeBytes, from start: Int, end: Int, into result: inout BarcodeParseResult) -> Int? {
        var index = start
        guard index < end, bytes[index] == UInt8(ascii: "$") else {
            // `$` lot, or `$+` serial, with no date.
            if index < end, bytes[index] == UInt8(ascii: "+") {
                return readIdentifier(bytes, from: index + 1, end: end, isSerial: true, into: &result)
            }
            return readIdentifier(bytes, from: index, end: end, isSerial: false, into: &result)
        }
        index += 1
        var isSerial = false
        if index < end, bytes[index] == UInt8(ascii: "+") {
            isSerial = true
            index += 1
        }
        guard index < end else {
            result.fail(BarcodeError(.truncated, position: index + 1, "'$$' must be followed by a date format flag or an MMYY date"))
            return nil
        }
        if bytes[index] == UInt8(ascii: "8") || bytes[index] == UInt8(ascii: "9") {
            let width = bytes[index] == UInt8(ascii: "8") ? 2 : 5
            let quantityRange = (index + 1)..<(index + 1 + width)
            guard quantityRange.upperBound <= end, let quantity = bytes.number(in: quantityRange) else {
                result.fail(BarcodeError(.invalidQuantity, position: index + 2,
                                         "flag \(String.describing(byte: bytes[index])) must be followed by a \(width)-digit quantity"))
                return nil
            }
            result.quantity = quantity
            index = quantityRange.upperBound
            guard index < end else {
                result.fail(BarcodeError(.truncated, position: index + 1, "the quantity must be followed by a date format flag or an MMYY date"))
                return nil
            }
        }
        let format: BarcodeDateFormat?
        switch bytes[index] {
        case UInt8(ascii: "0"), UInt8(ascii: "1"): format = .hibcMonthYear
        case UInt8(ascii: "2"): format = .hibcMonthDayYear
        case UInt8(ascii: "3"): format = .hibcYearMonthDay
        case UInt8(ascii: "4"): format = .hibcYearMonthDayHour
        case UInt8(ascii: "5"): format = .hibcJulian
        case UInt8(ascii: "6"): format = .hibcJulianHour
        case UInt8(ascii: "7"): format = nil
        default:
            result.fail(BarcodeError(.invalidDateFormat, position: index + 1,
                                     "a date format flag 2-7 or an MMYY date (starting 0 or 1) was expected, found \(String.describing(byte: bytes[index]))"))
            return nil
        }
        // An MMYY date has no flag: its first digit is the month's.
        if bytes[index] != UInt8(ascii: "0"), bytes[index] != UInt8(ascii: "1") { index += 1 }
        if let format {
            guard index + format.length <= end else {
                result.fail(BarcodeError(.truncated, position: index + 1, "the data ends inside a \(format.name) date"))
                return nil
            }
            switch format.parse(bytes, at: index, referenceYear: referenceYear) {
            case .success(let date): result.expiry = date
            case .failure(let fault):
                result.fail(BarcodeError(fault.isTime ? .invalidTime : .invalidDate, position: index + fault.offset + 1, fault.rule))
            }
            index += format.length
        }
        return readIdentifier(bytes, from: index, end: end, isSerial: isSerial, into: &result)
    }

    /// Reads a lot or serial number up to the next `/`; returns where it stopped.
    private func readIdentifier(_ bytes: BarcodeBytes, from start: Int, end: Int, isSerial: Bool, into result: inout BarcodeParseResult) -> Int? {
        var stop = start
        while stop < end, bytes[stop] != UInt8(ascii: "/") { stop += 1 }
        let what = isSerial ? "a serial number" : "a lot number"
        guard stop - start <= Self.maximumFieldLength else {
            result.fail(BarcodeError(.tooLong, position: start + Self.maximumFieldLength + 1,
                                     "\(what) has at most \(Self.maximumFieldLength) characters, found \(stop - start)"))
            return nil
        }
        if let bad = (start..<stop).first(where: { !ASCII.isUpperAlphanumeric(bytes[$0]) }) {
            result.fail(BarcodeError(.invalidCharacter, position: bad + 1,
                                     "\(what) is letters and digits, found \(String.describing(byte: bytes[bad]))"))
            return nil
        }
        if stop > start {
            if isSerial { result.serial = bytes.string(in: start..<stop) } else { result.lot = bytes.string(in: start..<stop) }
        }
        return stop
    }

    /// Reads `/S` serial, `/16D` manufacture date, `/14D` expiry date and `/Q` quantity fields.
    private func parseSupplementalFields(
        _ bytes: BarcodeBytes, from start: Int, end: Int, firstHasSlash: Bool, into result: inout BarcodeParseResult
    ) {
        var index = start
        var expectSlash = firstHasSlash
        while index < end {
            if expectSlash {
                guard bytes[index] == UInt8(ascii: "/") else {
                    result.fail(BarcodeError(.invalidCharacter, position: index + 1,
                                             "a '/' was expected before the next field, found \(String.describing(byte: bytes[index]))"))
                    return
                }
                index += 1
            }
            expectSlash = true
            var stop = index
            while stop < end, bytes[stop] != UInt8(ascii: "/") { stop += 1 }
            if stop > index, bytes[index] == UInt8(ascii: "S") {
                guard stop > index + 1, readIdentifier(bytes, from: index + 1, end: stop, isSerial: true, into: &result) != nil else {
                    if stop == index + 1 { result.fail(BarcodeError(.truncated, position: index + 1, "the /S field holds no serial number")) }
                    return
                }
            } else if stop - index >= 3, bytes[index] == UInt8(ascii: "1"), bytes[index + 2] == UInt8(ascii: "D"),
                      bytes[index + 1] == UInt8(ascii: "6") || bytes[index + 1] == UInt8(ascii: "4") {
                let isExpiry = bytes[index + 1] == UInt8(ascii: "4")
                let dateStart = index + 3
                guard stop - dateStart == 8 else {
                    result.fail(BarcodeError(.invalidLength, position: dateStart + 1,
                                             "a /\(isExpiry ? "14D" : "16D") date is YYYYMMDD, found \(stop - dateStart) characters"))
                    return
                }
                switch BarcodeDateFormat.hibcFullDate.parse(bytes, at: dateStart, referenceYear: referenceYear) {
                case .success(let date):
                    if isExpiry { result.expiry = date } else { result.productionDate = date }
                case .failure(let fault):
                    result.fail(BarcodeError(.invalidDate, position: dateStart + fault.offset + 1, fault.rule))
                }
            } else if stop > index, bytes[index] == UInt8(ascii: "Q") {
                guard (1...5).contains(stop - index - 1), let quantity = bytes.number(in: (index + 1)..<stop) else {
                    result.fail(BarcodeError(.invalidQuantity, position: index + 2, "a /Q quantity is 1 to 5 digits"))
                    return
                }
                result.quantity = quantity
            } else {
                let text = bytes.string(in: index..<min(stop, index + 3))
                result.fail(BarcodeError(.unknownHIBCField, position: index + 1,
                                         "'\(text)' does not start a supplemental field (S, 16D, 14D or Q)"))
                return
            }
            index = stop
        }
    }
}
