import ArgumentParser
import Foundation
import Logging
import SutureEngine
import SutureModel
import SutureStore
import Synchronization

/// `suture items import`: loads an item master into the store (docs/master-data.md, "Import").
struct ItemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "Work with the item master.",
        subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import an item master (CSV with a header row, or JSON lines), checked row by row as PUT /v1/items checks an item; nothing is stored if any row is refused, unless --partial.")

        @Argument(help: "The file: .csv (header: \(ItemImport.csvColumns.joined(separator: ","))) or .ndjson/.jsonl (one item per line).")
        var file: String

        @Flag(name: .long, help: "Check every row and count what would change; store nothing.")
        var dryRun = false

        @Flag(name: .long, help: "Store the rows that pass and list the others (default: one refused row stores nothing).")
        var partial = false

        @Option(name: .long, help: "The file's format when its name does not say: csv or ndjson.")
        var format: String?

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let format = try resolvedFormat()
            let bytes: [UInt8]
            do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file))) } catch {
                throw CLIError("cannot read \(file): \(error.localizedDescription)")
            }
            let configuration = try storeOptions.loadConfiguration()
            let store = try await storeOptions.openStore(configuration)
            // Changed items go into the outbox of every system a route names for
            // `item.changed`; a running hub delivers them.
            let masterData: MasterData
            do {
                var logger = Logger(label: "suture-items-import")
                logger.logLevel = .error
                masterData = MasterData(store: store, orders: try Pipeline(configuration: configuration, store: store, logger: logger).orders)
            } catch {
                await store.close()
                throw CLIError("cannot start: \(error)")
            }
            // A progress line on standard error, rewritten in place, at most a few times a second.
            let lastShown = Mutex<ContinuousClock.Instant?>(nil)
            let started = ContinuousClock.now
            let report: ItemImport.Report
            do {
                report = try await ItemImport(masterData: masterData).run(
                    bytes, format: format, by: ChangeAuthor(actor: CommandActor.name, at: WallClock.nowMilliseconds(), verb: "import"),
                    partial: partial, dryRun: dryRun
                ) { done, total in
                    let show = lastShown.withLock { last in
                        guard done == total || last.map({ ContinuousClock.now - $0 > .milliseconds(250) }) ?? true else { return false }
                        last = .now
                        return true
                    }
                    if show { FileHandle.standardError.write(Data("\rchecking and writing items: \(done) of \(total)...   ".utf8)) }
                }
            } catch {
                await store.close()
                throw CLIError("cannot import into \(store.location): \(error)")
            }
            await store.close()
            if lastShown.withLock({ $0 != nil }) { FileHandle.standardError.write(Data("\n".utf8)) }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            for error in report.errors {
                FileHandle.standardError.write(Data("row \(error.row)\(error.field.isEmpty ? "" : ", \(error.field)"): \(error.message)\n".utf8))
            }
            let rate = seconds > 0 ? " (\(Int(Double(report.rows) / seconds)) rows/s)" : ""
            print("created \(report.created), updated \(report.updated), unchanged \(report.unchanged), errors \(report.errors.count); \(report.rows) rows in \(String(format: "%.1f", seconds)) s\(rate)")
            if dryRun {
                print("dry run: nothing was stored in \(store.location)")
            } else if !report.stored {
                print("nothing was stored in \(store.location): fix the rows above, or import with --partial to store the others")
            } else {
                print("stored in \(store.location)")
            }
            if !report.errors.isEmpty { throw ExitCode(1) }
        }

        func resolvedFormat() throws -> ItemImport.Format {
            if let format {
                guard let known = ItemImport.Format(rawValue: format) else { throw CLIError("--format: '\(format)' must be csv or ndjson") }
                return known
            }
            let lower = file.lowercased()
            if lower.hasSuffix(".csv") { return .csv }
            if lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") { return .ndjson }
            throw CLIError("cannot tell the format of \(file) from its name: give --format csv or --format ndjson")
        }
    }
}
