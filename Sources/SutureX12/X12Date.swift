/// Checks and converts X12 dates (`CCYYMMDD`, or `YYMMDD` in ISA09) and numbers (type R and implied-decimal N2).
enum X12Date {
    /// `20270131` as `2027-01-31`; nil unless it is a real calendar date. `YYMMDD` is taken as 20YY.
    static func iso(_ text: String) -> String? {
        let digits = Array(text.utf8)
        guard digits.count == 8 || digits.count == 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let full = digits.count == 8 ? digits : Array("20".utf8) + digits
        func number(_ range: Range<Int>) -> Int { full[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let year = number(0..<4), month = number(4..<6), day = number(6..<8)
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let text = String(decoding: full, as: UTF8.self)
        return "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))"
    }

    /// Whether `text` is a real `CCYYMMDD` (or `YYMMDD`) date, without building the ISO text.
    static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid($0) }
    }

    /// The same check on the element's bytes: it runs for every dated segment.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 8 || bytes.count == 6 else { return false }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return false }
            value = value * 10 + Int(byte - 0x30)
        }
        if bytes.count == 6 { value += 20_000_000 }
        let year = value / 10_000, month = value / 100 % 100, day = value % 100
        return (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
