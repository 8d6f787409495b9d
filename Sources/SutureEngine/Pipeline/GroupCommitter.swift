public import SutureStore
import SutureDelivery
import SutureProcurement

/// Appends events to the inbox with group commit: requests that arrive while a commit is
/// being synced wait and are written together in the next transaction, so throughput is
/// not capped at one fsync per request.
///
/// The first request to find no commit under way writes, and keeps writing as long as
/// others queue up behind it; each request gets its own outcomes back.
public actor GroupCommitter {
    private struct Waiter {
        let events: [NewEvent]
        let continuation: CheckedContinuation<[AppendOutcome], any Error>
    }

    private let store: any Store
    private let committed: @Sendable () -> Void
    private var pending: [Waiter] = []
    private var writing = false
    /// The most events written in one transaction, so one commit stays short.
    private let maximumBatch = 10_000

    /// `committed` runs after each commit (to wake the event processor).
    public init(store: any Store, committed: @escaping @Sendable () -> Void) {
        self.store = store
        self.committed = committed
    }

    public func append(_ events: [NewEvent]) async throws -> [AppendOutcome] {
        if writing {
            return try await withCheckedThrowingContinuation { pending.append(Waiter(events: events, continuation: $0)) }
        }
        writing = true
        defer { writing = false }
        var own: [NewEvent]? = events
        var ownResult: Result<[AppendOutcome], any Error> = .success([])
        repeat {
            var waiters: [Waiter] = []
            var count = own?.count ?? 0
            while let next = pending.first, count + next.events.count <= maximumBatch || waiters.isEmpty && own == nil {
                waiters.append(pending.removeFirst())
                count += next.events.count
            }
            let batch = (own ?? []) + waiters.flatMap(\.events)
            let result: Result<[AppendOutcome], any Error>
            do {
                result = .success(try await store.appendEvents(batch))
            } catch {
                result = .failure(error)
            }
            var offset = 0
            if let mine = own {
                ownResult = result.map { Array($0[0..<mine.count]) }
                offset = mine.count
                own = nil
            }
            for waiter in waiters {
                switch result {
                case .success(let outcomes): waiter.continuation.resume(returning: Array(outcomes[offset..<(offset + waiter.events.count)]))
                case .failure(let error): waiter.continuation.resume(throwing: error)
                }
                offset += waiter.events.count
            }
            committed()
        } while !pending.isEmpty
        return try ownResult.get()
    }
}
