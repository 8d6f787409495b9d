/// A segment id (`ISA`, `PO1`, `SE`...) packed into an integer, so that the validator and the
/// document readers compare ids without building strings.
public struct X12SegmentTag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    /// The tag of an id that is not two or three letters and digits.
    public static let invalid = X12SegmentTag(rawValue: .max)

    init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A tag from its packed value, written as a literal so that tag constants need no lazy initialization in hot loops.
    init(packed: UInt32) { rawValue = packed }

    /// Packs a two- or three-character id; anything else is `invalid`.
    public init(_ id: StaticString) {
        self = id.withUTF8Buffer { X12SegmentTag(bytes: $0) }
    }

    public init(_ id: String) {
        var id = id
        self = id.withUTF8 { X12SegmentTag(bytes: $0) }
    }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self = X12SegmentTag(bytes, from: 0, to: bytes.count)
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        let length = end - start
        guard length == 2 || length == 3 else { self = .invalid; return }
        var value: UInt32 = 0
        for index in start..<end {
            let byte = bytes[index]
            guard (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) else { self = .invalid; return }
            value = value << 8 | UInt32(byte)
        }
        // Two-letter ids take the same layout as three-letter ones with a zero last byte (`N1` is N, 1, 0).
        if length == 2 { value <<= 8 }
        rawValue = value
    }

    public var description: String {
        guard self != .invalid else { return "?" }
        var text = ""
        for shift in [16, 8, 0] {
            let byte = UInt8((rawValue >> UInt32(shift)) & 0xFF)
            if byte != 0 { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        }
        return text
    }

    static let ISA = X12SegmentTag(packed: 0x495341)  // "ISA"
    static let IEA = X12SegmentTag(packed: 0x494541)  // "IEA"
    static let GS = X12SegmentTag(packed: 0x475300)  // "GS"
    static let GE = X12SegmentTag(packed: 0x474500)  // "GE"
    static let ST = X12SegmentTag(packed: 0x535400)  // "ST"
    static let SE = X12SegmentTag(packed: 0x534500)  // "SE"
    static let HL = X12SegmentTag(packed: 0x484C00)  // "HL"
    static let TA1 = X12SegmentTag(packed: 0x544131)  // "TA1"
}
