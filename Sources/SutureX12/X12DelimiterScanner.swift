/// Finds the bytes that matter inside segments (terminator, element separator, CR, LF) eight
/// at a time: segment splitting is the part of parsing that sees every byte. It keeps the
/// word it last loaded with a bit per delimiter found, so a segment costs one load per
/// eight bytes and a bit scan per delimiter.
struct X12DelimiterScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let terminator: UInt8
    let element: UInt8
    let terminatorWord: UInt64
    let elementWord: UInt64
    /// Where the loaded word starts, and the high bit of each of its bytes that is a delimiter not yet returned.
    private var base = Int.min / 2
    private var pending: UInt64 = 0

    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let crWord = UInt64(X12Tokenizer.cr) &* ones
    static let lfWord = UInt64(X12Tokenizer.lf) &* ones

    init(_ bytes: UnsafeBufferPointer<UInt8>, terminator: UInt8, element: UInt8) {
        self.bytes = bytes
        self.terminator = terminator
        self.element = element
        terminatorWord = UInt64(terminator) &* Self.ones
        elementWord = UInt64(element) &* Self.ones
    }

    /// The high bit set in exactly the bytes of `word` that are zero.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & lows) &+ lows) | word | lows) }

    @inline(__always)
    func isDelimiter(_ byte: UInt8) -> Bool {
        byte == terminator || byte == element || byte == X12Tokenizer.cr || byte == X12Tokenizer.lf
    }

    /// The delimiter bits of the eight bytes from `start` (fewer at the end of the input).
    @inline(__always)
    func delimiters(at start: Int) -> UInt64 {
        if start + 8 <= bytes.count, let base = bytes.baseAddress {
            let word = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: start, as: UInt64.self))
            return Self.zeroBytes(word ^ terminatorWord) | Self.zeroBytes(word ^ elementWord)
                | Self.zeroBytes(word ^ Self.crWord) | Self.zeroBytes(word ^ Self.lfWord)
        }
        var found: UInt64 = 0
        for offset in 0..<max(0, bytes.count - start) where isDelimiter(bytes[start + offset]) {
            found |= 0x80 << UInt64(offset * 8)
        }
        return found
    }

    /// The index of the first delimiter not yet passed; `bytes.count` or more when none is left.
    var current: Int {
        @inline(__always) get { base &+ pending.trailingZeroBitCount &>> 3 }
    }

    /// Moves to the first delimiter at or after `start`.
    @inline(__always)
    mutating func seek(_ start: Int) {
        if start >= base, start < base &+ 8 {
            pending &= ~0 &<< UInt64((start &- base) &* 8)
        } else {
            base = start
            pending = delimiters(at: start)
        }
        skipEmptyWords()
    }

    /// Passes the current delimiter.
    @inline(__always)
    mutating func advance() {
        pending &= pending &- 1
        skipEmptyWords()
    }

    @inline(__always)
    private mutating func skipEmptyWords() {
        while pending == 0 {
            base &+= 8
            if base >= bytes.count { base = bytes.count; pending = 1; return }
            pending = delimiters(at: base)
        }
    }
}
