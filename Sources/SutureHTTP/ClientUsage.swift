import Logging
import ServiceLifecycle
import SutureModel
import SutureStore
import Synchronization

/// When each stored client was last seen, noted in memory per request and written to the
/// store in one batch every `interval` (and once more at shutdown), so a busy client
/// costs no write per request. `GET /v1/admin/clients` and `suture clients list` show it.
final class ClientUsage: Sendable {
    private let store: any ClientStore
    private let seen = Mutex<[String: Int64]>([:])

    init(store: any ClientStore) {
        self.store = store
    }

    func note(_ name: String, at: Int64) {
        seen.withLock { seen in seen[name] = max(seen[name] ?? 0, at) }
    }

    /// Writes what was noted since the last flush.
    func flush() async throws {
        let batch = seen.withLock { seen in
            defer { seen = [:] }
            return seen
        }
        try await store.recordClientUse(batch)
    }

    /// The service that flushes every `interval` until shutdown, then once more.
    struct Flusher: Service {
        let usage: ClientUsage
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
            do { try await usage.flush() } catch {
                logger.warning("could not record when clients were last seen: \(error)")
            }
        }
    }
}
