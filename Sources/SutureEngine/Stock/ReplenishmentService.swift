import Logging
public import ServiceLifecycle
import Synchronization
import SutureModel

/// Runs replenishment (docs/stock.md, "Requisitions"): for the needs whose stock changed, as
/// the processor reports them, and for every par level at start and every `every`. A run
/// that fails (the store unreachable) keeps its needs for the next.
public final class ReplenishmentService: Service, Sendable {
    public let replenisher: Replenisher
    let every: Duration
    let logger: Logger
    let wakeup = Wakeup()
    let pending = Mutex<Set<StockNeed>>([])

    init(replenisher: Replenisher, every: Duration, logger: Logger) {
        self.replenisher = replenisher
        self.every = every
        self.logger = logger
    }

    /// Stock of these needs changed (processed events, a par level set): check them soon.
    public func stockChanged(_ needs: some Sequence<StockNeed>) {
        let added = pending.withLock { pending in
            let before = pending.count
            pending.formUnion(needs)
            return pending.count > before
        }
        if added { wakeup.signal() }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            let clock = ContinuousClock()
            // The first full run at start catches a need whose stock changed just before a stop.
            var nextFull = clock.now
            while !Task.isCancelled {
                await self.wakeup.wait(upTo: max(.zero, nextFull - clock.now))
                guard !Task.isCancelled else { break }
                let needs = self.pending.withLock { pending in
                    defer { pending.removeAll() }
                    return pending
                }
                let full = clock.now >= nextFull
                guard full || !needs.isEmpty else { continue }
                do {
                    let summary = try await self.replenisher.run(needs: full ? nil : needs)
                    if !summary.proposed.isEmpty || !summary.purchaseOrders.isEmpty || !summary.problems.isEmpty {
                        self.logger.info("""
                            replenishment: \(summary.proposed.count) requisition(s) raised, \(summary.autoApproved) approved automatically, \
                            \(summary.purchaseOrders.count) purchase order(s) placed
                            """,
                                         metadata: ["problems": "\(summary.problems)"])
                    }
                } catch {
                    self.logger.warning("replenishment run failed; trying again: \(error)")
                    self.stockChanged(needs)
                    try? await Task.sleep(for: .seconds(1))
                }
                if full { nextFull = clock.now + self.every }
            }
        }
    }
}
