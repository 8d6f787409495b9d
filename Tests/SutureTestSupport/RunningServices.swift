import Logging
public import ServiceLifecycle

/// Runs services (test servers: hubs, simulators, sinks) for the duration of `body`, then
/// shuts them down gracefully and waits for them.
///
/// Graceful, not cancelled: a server whose task is cancelled with connections open can
/// trip SwiftNIO's "NIOAsyncWriter deinitialised without finish()" trap, which kills the
/// whole test process (apple/swift-nio#3481); shut down gracefully it closes each
/// connection first.
public func withRunningServices<T: Sendable>(
    _ services: [any Service], _ body: () async throws -> T
) async throws -> T {
    var logger = Logger(label: "test-services")
    logger.logLevel = .critical
    let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let result: T
        do {
            result = try await body()
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}
