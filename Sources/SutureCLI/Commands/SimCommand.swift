import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SutureERPSimulator
import SutureSupplierSimulator
import SutureX12
import UnixSignals
import SutureProcurement
import SutureDelivery

/// `suture sim ...`: the simulators of outside systems, standalone.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run a simulator of an outside system, with fault injection.",
        subcommands: [ERP.self, Supplier.self])

    struct ERP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erp",
            abstract: "The reference ERP REST profile (docs/erp-profile.md) with a ledger at /_sim/ledger and faults at /_sim/faults.")

        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on; 0 picks a free one.") var port = 9100
        @Option(help: "Bearer token the ERP requires (none if absent).") var token: String?
        @Option(help: "Answer 429 with Retry-After above this many requests per second.") var rate: Double?
        @Option(help: "Burst allowed above --rate.") var burst: Int?
        @Option(help: "Share of requests answered 503, from 0 to 1.") var failRate: Double?
        @Option(help: "Added latency in milliseconds.") var latency: Int?
        @Option(name: .customLong("reject-unit"), help: "A unit code answered 422 UOM_MISMATCH (repeatable).") var rejectUnits: [String] = []
        @Option(name: .customLong("reject-item"), help: "An item code answered 422 UNKNOWN_ITEM (repeatable).") var rejectItems: [String] = []
        @Option(help: "Seed of the random 503s.") var seed: UInt64 = 1

        func run() async throws {
            let faults = ERPFaults(
                rateLimit: rate.map { ERPFaults.RateLimit(perSecond: $0, burst: burst) },
                unavailability: failRate.map { ERPFaults.Unavailability(probability: $0) },
                latency: latency.map { ERPFaults.Latency(milliseconds: $0) },
                unknownItems: Set(rejectItems), mismatchedUnits: Set(rejectUnits), seed: seed)
            let simulator: ERPSimulator
            do {
                simulator = try ERPSimulator(configuration: ERPSimulatorConfiguration(token: token, faults: faults))
            } catch {
                throw CLIError("\(error)")
            }
            let host = host
            let app = simulator.makeApplication(host: host, port: port) { port in
                FileHandle.standardOutput.write(Data("ERP simulator listening on http://\(host):\(port)\n".utf8))
            }
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        }
    }

    struct Supplier: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "supplier",
            abstract: "A supplier answering each 850 in DIR/out with a 997/999, 855, 856 and 810 in DIR/in.")

        @Option(help: "The exchange folder (out/ holds our 850s, in/ gets the answers).") var exchange: String
        @Option(help: "accept-all, backorder-line, substitute-item, change-price or ship-short.") var scenario = "accept-all"
        @Option(help: "The 1-based line the scenario affects.") var line = 1
        @Option(help: "Seed of lots and expiry dates.") var seed: UInt64 = 1
        @Option(help: "Milliseconds between looks at out/.") var poll = 500
        @Flag(help: "Answer what is waiting once, then exit.") var once = false
        @Option(help: "Send this price catalog as an 832 into DIR/in and exit: a CSV with the header vendorPart,buyerPart,unit,price (buyerPart may be empty).")
        var catalog: String?
        @Option(help: "The catalog's number (BCT02).") var catalogNumber = "CATALOG"
        @Option(help: "The first day the catalog's prices apply, YYYYMMDD (DTM*007).") var effective: String?

        func run() async throws {
            guard let kind = SupplierScenarioKind(rawValue: scenario) else {
                throw CLIError("--scenario must be one of \(SupplierScenarioKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let simulator = SupplierSimulator(configuration: SupplierSimulatorConfiguration(
                exchange: URL(fileURLWithPath: exchange), scenario: kind, affectedLine: line, seed: seed))
            if let catalog {
                let name = try simulator.sendPriceCatalog(try Self.catalogEntries(catalog), number: catalogNumber, effective: effective)
                print("sent \(name)")
                return
            }
            if once {
                let answers = try simulator.processPendingOrders()
                print("answered \(answers.count) file(s)")
                return
            }
            print("Supplier simulator watching \(exchange)/out (scenario \(kind.rawValue))")
            try await simulator.run(pollInterval: .milliseconds(poll))
        }

        /// The lines of a catalog CSV (no quoted fields): `vendorPart,buyerPart,unit,price`.
        static func catalogEntries(_ path: String) throws -> [SupplierCatalogEntry] {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw CLIError("cannot read \(path): \(error.localizedDescription)") }
            let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
            guard let header = rows.first, header == ["vendorPart", "buyerPart", "unit", "price"] else {
                throw CLIError("\(path): the first line must be vendorPart,buyerPart,unit,price")
            }
            return try rows.dropFirst().enumerated().map { offset, fields in
                guard fields.count == 4, !fields[0].isEmpty, !fields[2].isEmpty, Decimal(string: fields[3]) != nil else {
                    throw CLIError("\(path): row \(offset + 2) needs a vendor part, a unit and a price")
                }
                return SupplierCatalogEntry(vendorPart: fields[0], buyerPart: fields[1].isEmpty ? nil : fields[1], unit: fields[2], price: fields[3])
            }
        }
    }
}
