import ArgumentParser
import Foundation
import SutureModel
import SutureX12
import SutureDevTools
import SutureProcurement
import SutureDelivery

/// `suture x12 ...`: ASC X12 interchanges (docs/formats.md, "X12 JSON").
struct X12Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x12",
        abstract: "Parse and acknowledge ASC X12 interchanges (004010 and 005010).",
        subcommands: [Parse.self, Ack.self, Fuzz.self])

    static func read(_ file: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("\(file): cannot read the file")
        }
        return Array(data)
    }

    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse and validate an interchange; exit 0 if valid, 1 otherwise.")

        @Flag(help: "Print the canonical JSON (docs/formats.md, section X12 JSON).") var json = false
        @Argument(help: "The X12 file.") var file: String

        func run() async throws {
            let result = X12Parser.parse(try X12Command.read(file))
            if json {
                print(result.json().serialized())
            } else {
                if let header = result.interchange {
                    print("interchange \(header.control) from \(header.sender) to \(header.receiver), version \(header.version), usage \(header.usage)")
                }
                for document in result.documents {
                    print("  \(document.set) \(document.control) \(document.number ?? "-"): \(document.lines.count) lines")
                }
                for error in result.errors { print("error \(error)") }
                print(result.valid ? "valid" : "invalid: \(result.errors.count) errors")
            }
            if !result.valid { throw ExitCode(1) }
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the 997 (004010) or 999 (005010) acknowledging a file; exit 0 if it accepts everything, 1 otherwise.")

        @Argument(help: "The X12 file.") var file: String

        func run() async throws {
            let result = X12Parser.parse(try X12Command.read(file))
            let acknowledgment: X12Acknowledger.Acknowledgment
            do {
                acknowledgment = try X12Acknowledger.acknowledge(result, timestamp: X12Timestamp(Date()))
            } catch {
                throw CLIError("\(file): \(error)")
            }
            print(acknowledgment.text, terminator: acknowledgment.text.hasSuffix("\n") ? "" : "\n")
            if !acknowledgment.acceptsEverything { throw ExitCode(1) }
        }
    }

    struct Fuzz: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse random mutations of valid interchanges; fails on any crash or broken invariant (opt-in, long).")

        @Option(help: "How many inputs.") var iterations = 100_000
        @Option(help: "Random seed, for reproducible runs.") var seed: UInt64 = 1

        func run() async throws {
            let started = ContinuousClock.now
            let report = X12Fuzzer.run(iterations: iterations, seed: seed)
            print("x12 fuzz: \(report) (seed \(seed), \(ContinuousClock.now - started))")
            if !report.failures.isEmpty { throw ExitCode(1) }
        }
    }
}
