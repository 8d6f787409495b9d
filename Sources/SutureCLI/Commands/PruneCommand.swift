import ArgumentParser
import Foundation
import SutureConfig
import SutureEngine
import SutureModel
import SutureStore
import Synchronization

/// `suture prune`: runs the retention policy once (docs/governance.md, "Retention").
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Run the retention policy once: delete finished records older than their period and give the space back.")

    @Flag(name: .long, help: "Count what would be deleted; change nothing.")
    var dryRun = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let configuration = try storeOptions.loadConfiguration()
        let store = try await storeOptions.openStore(configuration)
        let pruner = Pruner(store: store, settings: configuration.retention)
        // A progress line on standard error, rewritten in place, at most a few times a second.
        let lastShown = Mutex<ContinuousClock.Instant?>(nil)
        let run: RetentionRun
        do {
            run = try await pruner.run(dryRun: dryRun, actor: CommandActor.name) { kind, deleted in
                let show = lastShown.withLock { last in
                    guard last.map({ ContinuousClock.now - $0 > .milliseconds(250) }) ?? true else { return false }
                    last = .now
                    return true
                }
                if show { FileHandle.standardError.write(Data("\rpruning \(kind.rawValue): \(deleted) deleted...   ".utf8)) }
            }
        } catch {
            await store.close()
            throw CLIError("cannot prune \(store.location): \(error)")
        }
        await store.close()
        if lastShown.withLock({ $0 != nil }) { FileHandle.standardError.write(Data("\n".utf8)) }
        let verb = dryRun ? "would delete" : "deleted"
        for kind in RetentionKind.allCases {
            let period = configuration.retention.period(kind.rawValue).map { "older than \(ConfigDuration.describe($0))" } ?? ""
            print("\(kind.rawValue): \(verb) \(run.deleted[kind] ?? 0) \(period)")
        }
        if dryRun {
            print("dry run: nothing was deleted from \(store.location)")
        } else {
            print("gave back \(run.bytesReclaimed) bytes in \(run.durationMilliseconds) ms; \(store.location) is now \(run.storeBytes) bytes")
        }
    }
}
