import Logging
import ServiceLifecycle

/// Runs services beside `body` and shuts them down gracefully when it returns or throws,
/// waiting for them: each server closes its connections, rather than being cancelled with
/// connections open (which can trap in SwiftNIO, apple/swift-nio#3481, and kill the process).
func withGracefulServices<T: Sendable>(_ services: [any Service], logger: Logger, _ body: () async throws -> T) async throws -> T {
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

/// A long-running function as a service that stops on graceful shutdown.
struct LoopService: Service {
    let body: @Sendable () async throws -> Void

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await body() }
    }
}

/// A service that calls `onFailure` when it throws (and then rethrows); graceful
/// shutdown reaches the wrapped service as it would unwrapped.
struct FailureReporting<Wrapped: Service>: Service {
    let wrapped: Wrapped
    let onFailure: @Sendable () -> Void

    init(_ wrapped: Wrapped, onFailure: @escaping @Sendable () -> Void) {
        self.wrapped = wrapped
        self.onFailure = onFailure
    }

    func run() async throws {
        do {
            try await wrapped.run()
        } catch {
            onFailure()
            throw error
        }
    }
}
