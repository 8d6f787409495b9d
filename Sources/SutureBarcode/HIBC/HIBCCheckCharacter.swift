/// The HIBC modulo-43 check character: the sum of the values of every character before
/// it (the leading `+` included), modulo 43, written as the character with that value.
///
/// Values follow the Code 39 character set: `0`-`9` are 0-9, `A`-`Z` 10-35, then
/// `-` 36, `.` 37, space 38, `$` 39, `/` 40, `+` 41, `%` 42.
public enum HIBCCheckCharacter {
    /// The 43 characters in value order.
    public static let characters: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%".utf8)

    /// The value (0-42) of an HIBC character, or nil for a byte outside the set.
    @inline(__always)
    public static func value(of byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x41...0x5A: return Int(byte - 0x41) + 10
        case UInt8(ascii: "-"): return 36
        case UInt8(ascii: "."): return 37
        case UInt8(ascii: " "): return 38
        case UInt8(ascii: "$"): return 39
        case UInt8(ascii: "/"): return 40
        case UInt8(ascii: "+"): return 41
        case UInt8(ascii: "%"): return 42
        default: return nil
        }
    }

    /// The check character for `data` (everything before it), or nil when `data` holds a
    /// character outside the HIBC set.
    public static func compute(for data: some StringProtocol) -> Character? {
        var sum = 0
        for byte in data.utf8 {
            guard let value = value(of: byte) else { return nil }
            sum += value
        }
        return Character(Unicode.Scalar(characters[sum % 43]))
    }

    /// The check character value over `range` of `bytes`, which must all be HIBC characters.
    static func value(over bytes: BarcodeBytes, range: Range<Int>) -> Int {
        var sum = 0
        for index in range { sum &+= value(of: bytes[index]) ?? 0 }
        return sum % 43
    }
}
