import SutureX12
import SutureModel

/// Seeded random mutation fuzzing of the parser and acknowledger: every input must give a result
/// whose faults have sane positions, whose JSON serializes, and whose acknowledgment parses clean.
public enum X12Fuzzer {
    /// What a run did; `failures` lists inputs that broke an invariant (a crash would end the process instead).
    public struct Report: Sendable, CustomStringConvertible {
        public var iterations: Int
        public var invalidInputs: Int
        public var failures: [String]

        public var description: String {
            "\(iterations) inputs, \(invalidInputs) with faults, \(failures.count) invariant failures"
        }
    }

    /// Mutates the clean samples `iterations` times from `seed` and checks each result.
    public static func run(iterations: Int, seed: UInt64) -> Report {
        var random = SeededRandomGenerator(seed: seed)
        let corpus: [[UInt8]] = X12Version.allCases.flatMap { version in
            X12SampleInterchanges.written(version: version).map { Array($0.text.utf8) }
                + [Array(X12SampleInterchanges.priceCatalog(version: version).utf8), Array(X12SampleInterchanges.inventoryAdvice(version: version).utf8)]
        }
        var report = Report(iterations: iterations, invalidInputs: 0, failures: [])
        for _ in 0..<iterations {
            var input = corpus[Int(random.next() % UInt64(corpus.count))]
            let mutations = 1 + Int(random.next() % 4)
            for _ in 0..<mutations { mutate(&input, &random) }
            if let failure = check(input) {
                report.failures.append(failure + ": " + String(decoding: input.prefix(300), as: UTF8.self))
            }
            if !X12Parser.parse(input).valid { report.invalidInputs += 1 }
        }
        return report
    }

    /// Checks one input; returns what broke, or nil.
    public static func check(_ input: [UInt8]) -> String? {
        let result = X12Parser.parse(input)
        if result.valid != result.errors.isEmpty { return "valid disagrees with errors" }
        for error in result.errors where error.position < 1 || error.position > max(1, result.segmentCount + 1) {
            return "error position \(error.position) outside 1...\(result.segmentCount + 1): \(error)"
        }
        let json = result.json().serialized()
        if (try? JSONValue.parse(json)) == nil { return "JSON does not parse back" }
        do {
            let ack = try X12Acknowledger.acknowledge(result, timestamp: X12SampleInterchanges.timestamp)
            let answer = X12Parser.parse(ack.text)
            if !answer.valid { return "acknowledgment is not a valid interchange: \(answer.errors.first!)" }
        } catch .noInterchange {
            if result.interchange != nil { return "no acknowledgment although an ISA was read" }
        } catch {
            return "acknowledgment failed: \(error)"
        }
        return nil
    }

    static let interesting: [UInt8] = Array("*~>^:\n\r ISAGSTSEGEIEAHL0123456789\u{00}".utf8) + [0xC2, 0xA0, 0xEF, 0xBB, 0xBF, 0xFF]

    static func mutate(_ input: inout [UInt8], _ random: inout SeededRandomGenerator) {
        guard !input.isEmpty else { input = interesting; return }
        let at = Int(random.next() % UInt64(input.count))
        switch random.next() % 7 {
        case 0: input[at] = interesting[Int(random.next() % UInt64(interesting.count))]
        case 1: input.remove(at: at)
        case 2: input.insert(interesting[Int(random.next() % UInt64(interesting.count))], at: at)
        case 3: input.removeSubrange(at..<min(input.count, at + Int(random.next() % 40)))
        case 4:
            // Repeat a stretch, which duplicates segments and control numbers.
            let end = min(input.count, at + Int(random.next() % 60))
            input.insert(contentsOf: input[at..<end], at: end)
        case 5: input = Array(input.prefix(at))
        default: input[at] = UInt8(truncatingIfNeeded: random.next())
        }
    }
}

