/// Numbers as X12 writes them.
enum X12Number {
    /// Type R: an optional minus, digits, at most one decimal point, at least one digit (`.5` is allowed).
    static func isDecimal(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isDecimal($0) }
    }

    static func isDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        var sawDot = false
        var index = bytes.startIndex
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if byte == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else {
                return false
            }
            index += 1
        }
        return digits > 0
    }

    /// Type N2 (two implied decimals) as a decimal: `12345` is `123.45`, `-5` is `-0.05`; nil unless digits.
    static func impliedDecimal(_ text: String, places: Int = 2) -> String? {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var padded = String(digits)
        if padded.count <= places { padded = String(repeating: "0", count: places - padded.count + 1) + padded }
        let whole = padded.dropLast(places)
        let fraction = padded.suffix(places)
        return (negative ? "-" : "") + whole + "." + fraction
    }

    /// A decimal in currency units back to N2: `123.45` is `12345`; nil when it has more than two decimals.
    static func toImpliedDecimal(_ text: String, places: Int = 2) -> String? {
        guard isDecimal(text) else { return nil }
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard fraction.count <= places else { return nil }
        var digits = String(whole) + fraction + String(repeating: "0", count: places - fraction.count)
        while digits.count > 1, digits.first == "0" { digits.removeFirst() }
        return (negative && digits != "0" ? "-" : "") + digits
    }
}
