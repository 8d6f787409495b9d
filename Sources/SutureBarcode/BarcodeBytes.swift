/// The raw bytes a parser reads: the input's UTF-8, borrowed without copying.
typealias BarcodeBytes = UnsafeBufferPointer<UInt8>

/// ASCII bytes the parsers look for.
enum ASCII {
    static let groupSeparator: UInt8 = 0x1D
    static let zero: UInt8 = 0x30

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

    @inline(__always)
    static func isUpperLetter(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }

    @inline(__always)
    static func isUpperAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isUpperLetter(byte) }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }
}

extension UnsafeBufferPointer<UInt8> {
    /// The number the digits in `range` spell, or nil when one of them is not a digit
    /// (or the range runs past the end).
    @inline(__always)
    func number(in range: Range<Int>) -> Int? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        var value = 0
        for index in range {
            let byte = self[index]
            guard ASCII.isDigit(byte) else { return nil }
            value = value &* 10 &+ Int(byte &- ASCII.zero)
        }
        return value
    }

    /// The index of the first byte in `range` that is not a digit, or nil if all are.
    @inline(__always)
    func firstNonDigit(in range: Range<Int>) -> Int? {
        for index in range where !ASCII.isDigit(self[index]) { return index }
        return nil
    }

    /// The bytes in `range` as a String (ASCII is by far the common case and cheap).
    @inline(__always)
    func string(in range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    /// Whether the bytes from `start` begin with `prefix`, ignoring ASCII case.
    func hasPrefixIgnoringCase(_ prefix: StaticString, at start: Int) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard start + length <= count else { return false }
        return prefix.withUTF8Buffer { expected in
            for offset in 0..<length where ASCII.lowercased(self[start + offset]) != ASCII.lowercased(expected[offset]) {
                return false
            }
            return true
        }
    }
}

extension String {
    /// A printable rendering of one input byte for error messages.
    static func describing(byte: UInt8) -> String {
        switch byte {
        case ASCII.groupSeparator: return "GS (FNC1)"
        case 0x20: return "a space"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
}
