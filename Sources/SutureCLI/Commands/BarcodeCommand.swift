import ArgumentParser
import Foundation
import SutureBarcode
import SutureModel
import SutureDevTools
import SutureProcurement
import SutureDelivery

/// `suture barcode ...`: GS1 and HIBC barcode data (docs/formats.md, "Barcode JSON").
struct BarcodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barcode",
        abstract: "Parse GS1 and HIBC barcode data (UDI: GTIN, lot, expiry, serial).",
        subcommands: [Parse.self, Fuzz.self])

    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse barcode data; exit 0 if every input is valid, 1 otherwise. Write the GS separator (FNC1) as the byte 0x1D.")

        @Flag(help: "One JSON object per input, one per line (docs/formats.md, section Barcode JSON).")
        var json = false

        @Argument(help: "Barcode data: GS1 element strings (with AIM symbology identifier), HRI text, Digital Link URIs, GTINs, HIBC.")
        var inputs: [String]

        func run() async throws {
            var allValid = true
            for input in inputs {
                let result = BarcodeParser.parse(input)
                allValid = allValid && result.isValid
                if json {
                    print(result.jsonValue().serialized())
                } else if result.isValid {
                    var fields = [result.scheme.map { "\($0)" } ?? "?"]
                    if let gtin = result.gtin { fields.append("gtin=\(gtin)") }
                    if let hibc = result.hibc { fields.append("hibc=\(hibc.labelerCode)/\(hibc.product)/\(hibc.unitOfMeasure)") }
                    if let lot = result.lot { fields.append("lot=\(lot)") }
                    if let expiry = result.expiry { fields.append("expiry=\(expiry)") }
                    if let serial = result.serial { fields.append("serial=\(serial)") }
                    if let quantity = result.quantity { fields.append("quantity=\(quantity)") }
                    print("valid \(fields.joined(separator: " "))")
                } else {
                    print("invalid \(result.errors.map { "\($0.code.rawValue)\($0.position.map { " at \($0)" } ?? ""): \($0.message)" }.joined(separator: "; "))")
                }
            }
            if !allValid { throw ExitCode(1) }
        }
    }

    struct Fuzz: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse random mutations of valid barcodes; fails on any crash (opt-in, long).")

        @Option(help: "How many inputs.") var iterations = 1_000_000
        @Option(help: "Random seed, for reproducible runs.") var seed: UInt64 = 1

        func run() async throws {
            let started = ContinuousClock.now
            let result = BarcodeFuzzer().run(iterations: iterations, seed: seed)
            print("barcode fuzz: \(result.inputs) inputs, \(result.valid) still valid, no crash (seed \(seed), \(ContinuousClock.now - started))")
        }
    }
}
