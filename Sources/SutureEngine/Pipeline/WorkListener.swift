import Logging
import ServiceLifecycle
import SutureStore
import SutureDelivery
import SutureProcurement

/// Wakes this node's processor and delivery workers when another node commits work for
/// them (PostgreSQL `LISTEN`/`NOTIFY` through `Store.listenForWork`), so an idle cluster
/// does not poll; the workers' own once-a-second look covers a notice missed while the
/// listening connection was down.
struct WorkListener: Service {
    let store: any Store
    let processor: Wakeup
    let deliveries: [String: Wakeup]
    let logger: Logger

    func run() async throws {
        let processor = self.processor
        let deliveries = self.deliveries
        await cancelWhenGracefulShutdown {
            do {
                try await store.listenForWork { notice in
                    switch notice {
                    case .events: processor.signal()
                    case .deliveries(let destination): deliveries[destination]?.signal()
                    }
                }
            } catch {
                logger.error("listening for other nodes' work stopped: \(error)")
            }
        }
    }
}
