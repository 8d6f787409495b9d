/// The GS1 modulo-10 check digit shared by GTIN, GLN and SSCC.
///
/// Digits are weighted 3 and 1 alternately from the rightmost data digit; the check
/// digit brings the weighted sum up to a multiple of ten.
public enum GS1CheckDigit {
    /// The check digit for `digits` (the data digits, without a check digit), or nil
    /// when `digits` is empty or holds anything but ASCII digits.
    public static func compute(for digits: some StringProtocol) -> UInt8? {
        var text = String(digits)
        return text.withUTF8 { compute(bytes: $0, range: 0..<$0.count) }
    }

    /// The same on the data digits at `range` of `bytes`: what parsers call on their input
    /// buffer, without building a string per key.
    public static func compute(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> UInt8? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        var sum = 0
        var weight = 3
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            sum &+= Int(digit) &* weight
            weight = 4 - weight
        }
        return UInt8((10 - sum % 10) % 10)
    }

    /// Whether the last digit of `code` is the right check digit for the digits before it.
    public static func isValid(_ code: some StringProtocol) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count >= 2, let last = bytes.last, last >= 0x30, last <= 0x39 else { return false }
        guard let expected = compute(for: String(decoding: bytes.dropLast(), as: UTF8.self)) else { return false }
        return expected == last - 0x30
    }
}

/// Why a GS1 identifier (GTIN, GLN, SSCC) was refused.
public enum GS1IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case notDigits(String)
    case wrongLength(String, allowed: [Int])
    case checkDigit(String, expected: UInt8)

    public var description: String {
        switch self {
        case .notDigits(let text):
            return "'\(text)' must contain only digits"
        case .wrongLength(let text, let allowed):
            let lengths = allowed.map(String.init).joined(separator: ", ")
            return "'\(text)' has \(text.count) digits; allowed lengths are \(lengths)"
        case .checkDigit(let text, let expected):
            return "'\(text)' has a wrong check digit: expected \(expected), found \(text.last.map(String.init) ?? "")"
        }
    }

    /// Checks digits, length and check digit of a GS1 key; returns the text on success.
    static func validate(_ text: String, lengths: [Int]) throws(GS1IdentifierError) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits(text) }
        guard lengths.contains(text.utf8.count) else { throw .wrongLength(text, allowed: lengths) }
        let expected = GS1CheckDigit.compute(for: text.dropLast())!
        guard text.utf8.last! - 0x30 == expected else { throw .checkDigit(text, expected: expected) }
    }
}
