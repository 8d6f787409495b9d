public import Logging
import ServiceLifecycle
public import SutureConfig
public import SutureModel
public import SutureStore

/// Retention (docs/governance.md, "Retention"): deletes finished records older than their
/// period, a small batch per transaction so ingest is never held up for long, then gives the
/// space back to the file system. Used by the service beside the others and by `suture prune`.
public struct Pruner: Sendable {
    let store: any Store
    let settings: RetentionSettings

    public init(store: any Store, settings: RetentionSettings) {
        self.store = store
        self.settings = settings
    }

    /// The time before which records of `kind` are old enough to prune at `now`.
    public func cutoff(_ kind: RetentionKind, now: Int64) -> Int64 {
        let period = settings.period(kind.rawValue) ?? .seconds(0)
        return now - period.components.seconds * 1000 - period.components.attoseconds / 1_000_000_000_000_000
    }

    /// One pass over every kind. A dry run counts what would go and changes nothing.
    /// `progress` hears, after each batch, the kind and how many of it are gone so far.
    /// A pass that deleted something is recorded in the audit log under `actor`.
    public func run(dryRun: Bool, actor: String, now: Int64 = WallClock.nowMilliseconds(),
                    progress: @Sendable (RetentionKind, Int) -> Void = { _, _ in }) async throws -> RetentionRun {
        let started = ContinuousClock.now
        var deleted: [RetentionKind: Int] = [:]
        for kind in RetentionKind.allCases {
            let cutoff = cutoff(kind, now: now)
            if dryRun {
                deleted[kind] = try await store.countPrunable(kind, before: cutoff)
                continue
            }
            var total = 0
            while !Task.isCancelled {
                let batch = try await store.pruneBatch(kind, before: cutoff, limit: settings.batchSize)
                total += batch
                if batch > 0 { progress(kind, total) }
                guard batch == settings.batchSize else { break }
                // Between batches, the store's other users go first.
                await Task.yield()
            }
            deleted[kind] = total
        }
        let reclaimed = dryRun ? 0 : try await store.reclaimSpace()
        let elapsed = ContinuousClock.now - started
        let run = RetentionRun(startedAt: now, durationMilliseconds: elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000,
                               dryRun: dryRun, deleted: deleted, bytesReclaimed: reclaimed, storeBytes: try await store.storeSize())
        if !dryRun {
            try await store.recordRetentionRun(run)
            if deleted.values.contains(where: { $0 > 0 }) {
                try await store.appendAudit([AuditDraft(at: WallClock.nowMilliseconds(), actor: actor, action: "retention.prune", target: "store",
                                                        details: run.json)])
            }
        }
        return run
    }
}

/// Runs the pruner every `retention.every`, beside the pipeline's other services.
final class PrunerService: Service {
    let pruner: Pruner
    let interval: Duration
    let logger: Logger

    init(pruner: Pruner, interval: Duration, logger: Logger) {
        self.pruner = pruner
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // The first pass waits one interval: a node starting does not add work to its start.
                try? await Task.sleep(for: self.interval)
                guard !Task.isCancelled else { return }
                do {
                    let run = try await self.pruner.run(dryRun: false, actor: "suture:retention")
                    let deleted = run.deleted.filter { $0.value > 0 }.map { "\($0.key.rawValue) \($0.value)" }.sorted()
                    if !deleted.isEmpty {
                        self.logger.info("retention pruned \(deleted.joined(separator: ", ")); \(run.bytesReclaimed) bytes given back in \(run.durationMilliseconds) ms")
                    }
                } catch is CancellationError where Task.isCancelled {
                    return
                } catch {
                    self.logger.error("retention could not prune: \(error)")
                }
            }
        }
    }
}
