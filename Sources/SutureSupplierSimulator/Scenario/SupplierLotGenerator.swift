import SutureModel

/// Lot numbers and expiry dates for ship notices, the same for the same seed, order and line.
///
/// The project's seeded generator, seeded from the order and line: the simulator's answers
/// must repeat across runs.
struct SupplierLotGenerator {
    private var random: SeededRandomGenerator

    init(seed: UInt64, order: String, line: Int) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in order.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        random = SeededRandomGenerator(seed: seed ^ hash ^ (UInt64(truncatingIfNeeded: line) &* 0x9E37_79B9_7F4A_7C15))
    }

    mutating func next() -> UInt64 { random.next() }

    /// A lot number such as `L7K2Q9XA`: a letter and seven characters without look-alikes.
    mutating func lot() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)
        var text: [UInt8] = [UInt8(ascii: "L")]
        for _ in 0..<7 { text.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
        return String(decoding: text, as: UTF8.self)
    }

    /// An expiry `CCYYMMDD` one to three years after `date` (`CCYYMMDD`), always a real date.
    mutating func expiry(after date: String) -> String {
        let digits = Array(date.utf8).map { Int($0) - 0x30 }
        let year = digits.count == 8 && digits.allSatisfy({ (0...9).contains($0) })
            ? digits[0...3].reduce(0) { $0 * 10 + $1 } : 2026
        let expiryYear = year + 1 + Int(next() % 3)
        let month = 1 + Int(next() % 12)
        let day = 1 + Int(next() % 28)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(expiryYear)\(two(month))\(two(day))"
    }
}
