public import Logging
public import ServiceLifecycle

/// Runs a background service again when it ends, or throws, while the hub is not stopping.
///
/// The services beside the HTTP server (the processor, the delivery workers, the exchange
/// pollers, the listener...) loop until cancelled and handle their own errors. But a group of
/// services cancels all of them, the server included, as soon as one ends: one loop that
/// ended on an error it took for its own cancellation would stop the whole node (a node that
/// lived through a PostgreSQL restart stopped listening so, in the chaos bench). Supervised,
/// such a service is logged as an error and started again a second later; the node keeps
/// answering. Stopping (graceful shutdown or cancellation) ends it as before.
public struct Supervised: Service, CustomStringConvertible {
    let service: any Service
    let logger: Logger

    public init(_ service: any Service, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    public var description: String { String(describing: type(of: service)) }

    static var stopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }

    public func run() async throws {
        while true {
            do {
                try await service.run()
                if Self.stopping { return }
                logger.error("\(description) ended while the hub runs; started again in 1 s")
            } catch {
                if Self.stopping { throw error }
                logger.error("\(description) stopped on an error: \(error); started again in 1 s")
            }
            try? await Task.sleep(for: .seconds(1))
            if Self.stopping { return }
        }
    }
}
