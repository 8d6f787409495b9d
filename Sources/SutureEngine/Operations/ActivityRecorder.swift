import Foundation
import Logging
public import ServiceLifecycle
public import SutureModel
public import SutureStore
import Synchronization

/// Counts what this node accepted and delivered per minute, and writes the counts to the
/// store every few seconds (one row per node, system and minute), where the dashboard of
/// any node reads them. Off the hot paths: ingest and delivery only add to memory here.
public final class ActivityRecorder: Service {
    /// This node's name in the store's activity and circuit rows.
    public let node: String
    let store: any Store
    let interval: Duration
    let logger: Logger
    private let pending = Mutex<[Key: ActivityCount]>([:])
    /// One flush at a time: a dashboard that flushes while the timer's flush is writing
    /// waits for it, so it reads every count made before it asked.
    private let flushing = AsyncGate()

    struct Key: Hashable {
        let system: String
        let minute: Int64
    }

    init(node: String, store: any Store, interval: Duration = .seconds(2), logger: Logger) {
        self.node = node
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// Events accepted into the inbox.
    public func accepted(_ count: Int, at now: Int64 = WallClock.nowMilliseconds()) {
        guard count > 0 else { return }
        update(system: "", now: now) { $0.accepted += count }
    }

    /// One delivery's outcome: delivered (with its ingest-to-delivery latency) or a failed attempt.
    public func attempt(destination: String, delivered: Bool, latencyMilliseconds: Int64?, at now: Int64 = WallClock.nowMilliseconds()) {
        update(system: destination, now: now) { count in
            if delivered {
                count.delivered += 1
                if let latencyMilliseconds { count.latency[ActivityCount.bucket(milliseconds: latencyMilliseconds)] += 1 }
            } else {
                count.failed += 1
            }
        }
    }

    private func update(system: String, now: Int64, _ change: (inout ActivityCount) -> Void) {
        let key = Key(system: system, minute: now / 60_000)
        pending.withLock { pending in
            var count = pending[key] ?? ActivityCount(system: system, minute: key.minute, node: node)
            change(&count)
            pending[key] = count
        }
    }

    /// Writes what was counted since the last flush; on failure the counts are kept for the next.
    public func flush() async {
        await flushing.enter()
        await write()
        await flushing.leave()
    }

    private func write() async {
        let counts = pending.withLock { pending in
            defer { pending.removeAll() }
            return Array(pending.values)
        }
        guard !counts.isEmpty else { return }
        do {
            try await store.recordActivity(counts)
        } catch {
            logger.warning("cannot record the activity figures: \(error); kept for the next try")
            pending.withLock { pending in
                for count in counts {
                    let key = Key(system: count.system, minute: count.minute)
                    guard var merged = pending[key] else { pending[key] = count; continue }
                    merged.accepted += count.accepted
                    merged.delivered += count.delivered
                    merged.failed += count.failed
                    for index in merged.latency.indices { merged.latency[index] += count.latency[index] }
                    pending[key] = merged
                }
            }
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.interval)
                await self.flush()
            }
        }
        await flush()
    }
}

/// A lock for async code: `enter` waits (without blocking a thread) until the holder leaves.
actor AsyncGate {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            held = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
