import ArgumentParser
import Foundation
import ServiceLifecycle
import Hummingbird
import Logging
import SutureConfig
import SutureHTTP
import SutureStore
import SutureDelivery
import UnixSignals
import SutureProcurement

/// `suture serve`: runs the hub until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the hub (default: \(SutureConfiguration.defaults.http.host):\(SutureConfiguration.defaults.http.port) with the embedded SQLite store \(SutureConfiguration.defaults.store)).")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Address to listen on (overrides http.host).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (overrides http.port).")
    var port: Int?

    func run() async throws {
        let configuration = try storeOptions.loadConfiguration()
        if let port, !(0...65535).contains(port) { throw CLIError("--port must be 0 to 65535, not \(port)") }
        let store = try await storeOptions.openStore(configuration)
        var logger = Logger(label: "suture")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        for warning in configuration.warnings { logger.warning("configuration: \(warning)") }
        let hub: Hub
        do {
            hub = try Hub(configuration: configuration, store: store, logger: logger)
        } catch {
            await store.close()
            throw CLIError("cannot start: \(error)")
        }
        let host = host ?? configuration.http.host
        let storeDescription = store.location
        let scheme = configuration.http.tls == nil ? "http" : "https"
        let app = hub.makeApplication(host: host, port: port, logger: logger) { boundPort in
            // One line on standard output that scripts and tests can wait for.
            FileHandle.standardOutput.write(Data("Suture listening on \(scheme)://\(host):\(boundPort) (store \(storeDescription))\n".utf8))
        }
        do {
            // SIGTERM drains: the server stops accepting, in-flight requests and delivery
            // attempts finish, for at most http.shutdownGrace.
            var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = configuration.http.shutdownGrace
            try await ServiceGroup(configuration: group).run()
        } catch {
            await store.close()
            throw CLIError("the server stopped: \(error)")
        }
        await store.close()
    }
}
