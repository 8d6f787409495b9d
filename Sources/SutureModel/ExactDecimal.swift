public import Foundation

/// Strict parsing and canonical printing of decimal numbers written as text.
///
/// `Decimal(string:)` accepts a valid prefix ("12abc" is 12) and exponents; quantities
/// and prices on the wire must be exactly a plain decimal, so they go through here.
public enum ExactDecimal {
    /// The largest number of digits accepted; Decimal holds 38 exactly.
    public static let maximumDigits = 38

    /// Parses `-?digits(.digits)?`; nil for anything else.
    public static func parse(_ text: String) -> Decimal? {
        var digits = 0
        var sawDot = false
        var sawDigitAfterDot = false
        var index = text.utf8.startIndex
        let bytes = text.utf8
        guard !bytes.isEmpty else { return nil }
        if bytes[index] == UInt8(ascii: "-") { index = bytes.index(after: index) }
        guard index < bytes.endIndex else { return nil }
        var sawDigitBeforeDot = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if sawDot { sawDigitAfterDot = true } else { sawDigitBeforeDot = true }
            } else if byte == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else {
                return nil
            }
            index = bytes.index(after: index)
        }
        guard sawDigitBeforeDot, !sawDot || sawDigitAfterDot, digits <= maximumDigits else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The plain decimal text of `value`: no exponent, no trailing fractional zeros.
    public static func format(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 30, .plain)
        var text = rounded.description
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// The plain decimal text of `value` with at least `minimumFractionDigits` decimals
    /// (`45.5` with 2 is `45.50`); more are kept, never rounded away (a unit price of
    /// `0.125`). Money is written this way, with its currency's minor units.
    public static func text(_ value: Decimal, minimumFractionDigits: Int) -> String {
        var text = format(value)
        guard minimumFractionDigits > 0 else { return text }
        let decimals = text.firstIndex(of: ".").map { text.distance(from: text.index(after: $0), to: text.endIndex) } ?? -1
        if decimals < 0 { text += "." }
        if decimals < minimumFractionDigits { text += String(repeating: "0", count: minimumFractionDigits - max(decimals, 0)) }
        return text
    }

    /// Whether `value` has no fractional part.
    public static func isWhole(_ value: Decimal) -> Bool {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .down)
        return rounded == value
    }
}
