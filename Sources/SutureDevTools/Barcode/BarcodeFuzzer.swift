public import SutureBarcode
public import SutureModel

/// Feeds the barcode parser mutated copies of valid barcodes (bit flips, insertions,
/// deletions, splices, stray GS characters, invalid UTF-8, oversized input) to show that
/// no input makes it crash. Any crash is the failure; the counts are for the report.
public struct BarcodeFuzzer: Sendable {
    /// The valid barcodes the mutants start from.
    public let seeds: [String]
    public let parser: BarcodeParser

    /// The default parser has a fixed reference year so that a run repeats exactly from its seed.
    public init(seeds: [String] = BarcodeBenchmarkCorpus.samples, parser: BarcodeParser = BarcodeParser(referenceYear: 2026)) {
        self.seeds = seeds.isEmpty ? [""] : seeds
        self.parser = parser
    }

    /// Parses `iterations` mutants made from `seed`, and renders each result as JSON too.
    /// Returns how many inputs were parsed and how many of them were valid.
    public func run(iterations: Int, seed: UInt64) -> (inputs: Int, valid: Int) {
        var random = SeededRandomGenerator(seed: seed)
        var valid = 0
        for _ in 0..<max(0, iterations) {
            let input = mutant(using: &random)
            let result = parser.parse(input)
            _ = result.jsonValue().serialized()
            if result.isValid { valid += 1 }
        }
        return (max(0, iterations), valid)
    }

    /// Bytes that mean something to one of the parsers, so mutations reach deep branches.
    private static let interestingBytes: [UInt8] = Array("\u{1D}()/+$%*]?&=#0123456789AZaz.- \r\n\\".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xE2, 0xFF]

    /// One mutated input: a seed with one to four mutations, decoded as UTF-8 with
    /// replacement characters where the bytes are not valid UTF-8.
    public func mutant(using random: inout SeededRandomGenerator) -> String {
        var bytes = Array(seeds[Int.random(in: 0..<seeds.count, using: &random)].utf8)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            mutate(&bytes, using: &random)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func mutate(_ bytes: inout [UInt8], using random: inout SeededRandomGenerator) {
        func position(_ extra: Int = 0) -> Int { Int.random(in: 0...(max(0, bytes.count - 1 + extra)), using: &random) }
        func interesting() -> UInt8 { Self.interestingBytes[Int.random(in: 0..<Self.interestingBytes.count, using: &random)] }
        switch Int.random(in: 0..<10, using: &random) {
        case 0 where !bytes.isEmpty:
            bytes[position()] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1 where !bytes.isEmpty:
            bytes[position()] = interesting()
        case 2:
            bytes.insert(interesting(), at: position(1))
        case 3:
            bytes.insert(UInt8.random(in: 0...255, using: &random), at: position(1))
        case 4 where !bytes.isEmpty:
            let start = position()
            bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...4, using: &random)))
        case 5:
            let other = Array(seeds[Int.random(in: 0..<seeds.count, using: &random)].utf8)
            bytes = Array(bytes.prefix(position(1))) + other.suffix(Int.random(in: 0...other.count, using: &random))
        case 6:
            bytes.insert(0x1D, at: position(1))
        case 7 where !bytes.isEmpty:
            bytes.removeLast(Int.random(in: 0...bytes.count, using: &random))
        case 8 where !bytes.isEmpty:
            // Repeat a chunk, now and then far past the longest input accepted.
            let start = position()
            let chunk = bytes[start..<min(bytes.count, start + Int.random(in: 1...8, using: &random))]
            let times = Int.random(in: 0..<20, using: &random) == 0 ? 1_200 : Int.random(in: 1...6, using: &random)
            bytes.insert(contentsOf: Array(repeatElement(chunk, count: times).joined()), at: start)
        default:
            bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                Bool.random(using: &random) ? interesting() : UInt8.random(in: 0...255, using: &random)
            }
        }
    }
}
