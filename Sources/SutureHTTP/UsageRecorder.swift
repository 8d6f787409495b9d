import Logging
import ServiceLifecycle
import SutureModel
import SutureStore
import Synchronization

/// What the hub notes about its clients on each request, without a write per request:
/// when each stored client was last seen, and the calls of deprecated operations per client
/// (docs/governance.md). Kept in memory and written to the store in one batch every
/// `interval`, once more at shutdown, and before the figures are read.
final class UsageRecorder: Sendable {
    private struct Pending {
        var lastUsed: [String: Int64] = [:]
        var deprecated: [String: DeprecatedCalls] = [:]
    }

    private let store: any ClientStore
    private let pending = Mutex(Pending())

    init(store: any ClientStore) {
        self.store = store
    }

    func clientUsed(_ name: String, at: Int64) {
        pending.withLock { pending in pending.lastUsed[name] = max(pending.lastUsed[name] ?? 0, at) }
    }

    func deprecatedCall(_ operation: String, client: String, at: Int64) {
        pending.withLock { pending in
            let key = operation + "\u{1F}" + client
            var calls = pending.deprecated[key] ?? DeprecatedCalls(operation: operation, client: client, calls: 0, lastAt: at)
            calls.calls += 1
            calls.lastAt = max(calls.lastAt, at)
            pending.deprecated[key] = calls
        }
    }

    /// Writes what was noted since the last flush; what cannot be written is kept for the next.
    func flush() async throws {
        let batch = pending.withLock { pending in
            defer { pending = Pending() }
            return pending
        }
        do {
            try await store.recordClientUse(batch.lastUsed)
            try await store.recordDeprecatedCalls(Array(batch.deprecated.values))
        } catch {
            // Put the counts back, so a store outage loses none of them.
            pending.withLock { pending in
                for (name, at) in batch.lastUsed { pending.lastUsed[name] = max(pending.lastUsed[name] ?? 0, at) }
                for (key, calls) in batch.deprecated {
                    var merged = pending.deprecated[key] ?? DeprecatedCalls(operation: calls.operation, client: calls.client, calls: 0, lastAt: calls.lastAt)
                    merged.calls += calls.calls
                    merged.lastAt = max(merged.lastAt, calls.lastAt)
                    pending.deprecated[key] = merged
                }
            }
            throw error
        }
    }

    /// The service that flushes every `interval` until shutdown, then once more.
    struct Flusher: Service {
        let recorder: UsageRecorder
        let interval: Duration
        let logger: Logger

        func run() async throws {
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    await flush()
                }
            }
            await flush()
        }

        private func flush() async {
            do { try await recorder.flush() } catch {
                logger.warning("could not record client usage: \(error)")
            }
        }
    }
}
