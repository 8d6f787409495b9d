import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SutureConfig
import SutureModel
import SutureERPSimulator
import SutureHTTP
import SutureStore
import SutureStoreSQLite
import SutureSupplierSimulator

/// Everything `suture demo` runs in one process: the hub on an SQLite file of its own, the
/// reference ERP simulator, a supplier trading X12 files, and an analytics platform that
/// checks the webhooks' signatures. The outside systems are the same honest simulators the
/// tests use, reached over loopback exactly as real ones would be.
struct DemoWorld: Sendable {
    let hubURL: String
    let adminToken: String
    let erpURL: String
    let erp: ERPSimulator
    let analytics: AnalyticsSink
    let directory: URL

    static let erpToken = "demo-erp-token"
    static let analyticsSecret = "whsec_ZGVtby1hbmFseXRpY3Mtc2VjcmV0"

    /// The hub's configuration: who talks to whom, and one alert rule told to analytics.
    static func configuration(directory: URL, erpPort: Int, analyticsPort: Int) -> SutureConfiguration {
        var configuration = SutureConfiguration()
        var delivery = DeliverySettings.defaults
        delivery.retry = RetrySettings(maxAttempts: 8, initialBackoff: .milliseconds(100), maxBackoff: .seconds(2))
        configuration.systems = [
            SystemSettings(name: "storeroom-a", connection: .inventory),
            SystemSettings(name: "erp", connection: .erpHTTP(ERPSettings(url: "http://127.0.0.1:\(erpPort)", token: erpToken)), delivery: delivery),
            SystemSettings(name: "analytics", connection: .webhook(WebhookSettings(url: "http://127.0.0.1:\(analyticsPort)/events", secret: analyticsSecret)),
                           delivery: delivery),
            SystemSettings(name: "acme-medical",
                           connection: .supplierX12(SupplierX12Settings(interchangeID: "ACMEMED", exchange: directory.appendingPathComponent("exchange/acme").path,
                                                                        senderID: "SUTUREHUB", pollInterval: .milliseconds(200))),
                           delivery: delivery),
        ]
        configuration.routes = [
            RouteSettings(types: ["receipt"], to: ["erp", "analytics"]),
            RouteSettings(types: ["issue", "adjustment", "transfer", "return", "count", "purchase-order", "invoice"], to: ["erp"]),
        ]
        configuration.operations.evaluateEvery = .milliseconds(500)
        configuration.replenishment = ReplenishmentSettings(every: .seconds(300), autoApproveUpTo: 500)
        configuration.operations.alerts = [
            AlertRule(name: "erp-rejections", metric: .openExceptions, exceptionType: .rejectedByDestination, comparison: .above(0),
                      notify: ["analytics"]),
        ]
        return configuration
    }

    /// Starts everything, runs `body`, then stops everything.
    static func run<T: Sendable>(directory: URL, port: Int, _ body: @Sendable (DemoWorld) async throws -> T) async throws -> T {
        var logger = Logger(label: "suture-demo")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        let quiet = logger
        let exchange = directory.appendingPathComponent("exchange/acme")
        for folder in ["in", "out", "archive", "error"] {
            try FileManager.default.createDirectory(at: exchange.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let erp = try ERPSimulator(configuration: ERPSimulatorConfiguration(token: erpToken, faults: ERPFaults(mismatchedUnits: ["EA"])))
        let analytics = AnalyticsSink(secret: analyticsSecret)
        let supplier = SupplierSimulator(configuration: SupplierSimulatorConfiguration(exchange: exchange, supplierID: "ACMEMED", receiverID: "SUTUREHUB"))
        let store = try await SQLiteStore.open(path: directory.appendingPathComponent("suture.db").path)
        let (erpPorts, erpListening) = AsyncStream<Int>.makeStream()
        let (sinkPorts, sinkListening) = AsyncStream<Int>.makeStream()
        let (hubPorts, hubListening) = AsyncStream<Int>.makeStream()
        do {
            let outside: [any Service] = [
                erp.makeApplication(host: "127.0.0.1", port: 0, logger: quiet) { erpListening.yield($0) },
                analytics.makeApplication(port: 0) { sinkListening.yield($0) },
                LoopService { try await supplier.run(pollInterval: .milliseconds(200)) },
            ]
            let result = try await withGracefulServices(outside, logger: quiet) {
                var erpIterator = erpPorts.makeAsyncIterator()
                var sinkIterator = sinkPorts.makeAsyncIterator()
                guard let erpPort = await erpIterator.next(), let sinkPort = await sinkIterator.next() else { throw CLIError("the simulators did not start") }
                let configuration = Self.configuration(directory: directory, erpPort: erpPort, analyticsPort: sinkPort)
                let token = "demo-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                try await store.addClient(ClientRecord(name: "demo-admin-\(token.suffix(6))", tokenHash: ClientSettings.hash(token: token), scopes: ["admin"]))
                let hub = try Hub(configuration: configuration, store: store, logger: quiet)
                let app = hub.makeApplication(host: "127.0.0.1", port: port, logger: quiet) { hubListening.yield($0) }
                // A hub that cannot listen (the port is taken) ends the wait for its port.
                let server = FailureReporting(app) { hubListening.finish() }
                return try await withGracefulServices([server], logger: quiet) {
                    var hubIterator = hubPorts.makeAsyncIterator()
                    guard let hubPort = await hubIterator.next() else {
                        throw CLIError("the hub could not listen on 127.0.0.1:\(port) (in use? try --port 0 for a free one)")
                    }
                    let world = DemoWorld(hubURL: "http://127.0.0.1:\(hubPort)", adminToken: token, erpURL: "http://127.0.0.1:\(erpPort)",
                                          erp: erp, analytics: analytics, directory: directory)
                    return try await body(world)
                }
            }
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}
