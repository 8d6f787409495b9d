/// Turns element bytes into `String`s, handing back the same string for the same bytes.
///
/// X12 repeats itself: qualifiers, units, prices, line numbers, party ids and item descriptions
/// come back on every line of every document. Decoding each occurrence cost more than the
/// whole segment split, and every long value was a heap allocation of its own; a small
/// direct-mapped table of recent values makes a repeat cost a hash and a compare, and documents
/// share the storage of equal long values. A miss (or a collision) decodes as usual, so the
/// strings are exactly those `String(decoding:as:)` gives.
final class X12StringPool {
    private struct Entry {
        /// The first 16 bytes (short values) or a hash of all of them (long values).
        var key0: UInt64
        var key1: UInt64
        /// The length in bytes; -1 for an empty slot.
        var count: Int
        var text: String
    }

    /// Values longer than this are decoded without pooling: free text rarely repeats.
    static let longest = 64
    private static let slotBits = 10
    private let slots: UnsafeMutablePointer<Entry>

    init() {
        slots = .allocate(capacity: 1 << Self.slotBits)
        slots.initialize(repeating: Entry(key0: 0, key1: 0, count: -1, text: ""), count: 1 << Self.slotBits)
    }

    deinit {
        slots.deinitialize(count: 1 << Self.slotBits)
        slots.deallocate()
    }

    /// The text of `bytes[range]`. Inlined into the readers: a hit is a few instructions, and the
    /// call itself cost as much.
    @inline(__always)
    func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let count = range.count
        guard count > 0, count <= Self.longest, let base = bytes.baseAddress else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        let start = base + range.lowerBound
        var key0: UInt64
        var key1: UInt64
        if count <= 16 {
            (key0, key1) = Self.packed(start, count: count, readable: bytes.count - range.lowerBound)
        } else {
            (key0, key1) = Self.hashed(start, count: count)
        }
        let mixed = (key0 ^ (key1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(count)) &* 0xBF58_476D_1CE4_E5B9
        let slot = slots + Int(truncatingIfNeeded: mixed >> UInt64(64 - Self.slotBits))
        if slot.pointee.count == count, slot.pointee.key0 == key0, slot.pointee.key1 == key1,
           count <= 16 || Self.sameBytes(slot.pointee.text, start, count) {
            return slot.pointee.text
        }
        return remember(start, count: count, key0: key0, key1: key1, in: slot)
    }

    @inline(never)
    private func remember(_ start: UnsafePointer<UInt8>, count: Int, key0: UInt64, key1: UInt64, in slot: UnsafeMutablePointer<Entry>) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        slot.pointee = Entry(key0: key0, key1: key1, count: count, text: text)
        return text
    }

    /// Up to 16 bytes as two little-endian words, zero-padded: equal keys mean equal bytes.
    @inline(__always)
    private static func packed(_ start: UnsafePointer<UInt8>, count: Int, readable: Int) -> (UInt64, UInt64) {
        if readable >= 16 {
            // Two unaligned loads then a mask: the bytes past the value are read but never kept.
            let raw = UnsafeRawPointer(start)
            var low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            var high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if count < 8 {
                low &= (1 << UInt64(count * 8)) &- 1
                high = 0
            } else if count < 16 {
                high &= (1 << UInt64((count - 8) * 8)) &- 1
            }
            return (low, high)
        }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for offset in 0..<count {
            let byte = UInt64(start[offset])
            if offset < 8 { low |= byte << UInt64(offset * 8) } else { high |= byte << UInt64((offset - 8) * 8) }
        }
        return (low, high)
    }

    /// Two independent hashes of a long value; a hit is still confirmed byte by byte.
    @inline(never)
    private static func hashed(_ start: UnsafePointer<UInt8>, count: Int) -> (UInt64, UInt64) {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        var b: UInt64 = 0x8422_2325_CBF2_9CE4
        let raw = UnsafeRawPointer(start)
        var offset = 0
        while offset + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            a = (a ^ word) &* 0x0000_0100_0000_01B3
            b = (b &+ word) &* 0x9E37_79B9_7F4A_7C15
            offset += 8
        }
        while offset < count {
            let byte = UInt64(start[offset])
            a = (a ^ byte) &* 0x0000_0100_0000_01B3
            b = (b &+ byte) &* 0x9E37_79B9_7F4A_7C15
            offset += 1
        }
        return (a, b ^ (b >> 29))
    }

    private static func sameBytes(_ text: String, _ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { stored in
            guard stored.count == count, let base = stored.baseAddress else { return false }
            let kept = UnsafeRawPointer(base), read = UnsafeRawPointer(start)
            var offset = 0
            while offset + 8 <= count {
                if kept.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != read.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
                offset += 8
            }
            while offset < count {
                if base[offset] != start[offset] { return false }
                offset += 1
            }
            return true
        } ?? false
    }
}
