import Foundation
import Logging
import SutureConfig
import SutureERPSimulator
import SutureModel
import SutureStore
import SutureDelivery
import SutureEngine
import Testing
import Tracing
import SutureTestSupport
import SutureProcurement

/// A hub wired to an in-process ERP simulator over loopback, with the receiving scene's
/// master data: gloves (1 CS = 10 BX = 100 EA), storeroom-a's and the ERP's codes.
struct PipelineHarness {
    let hub: TestHub
    let erp: ERPSimulator
    let token: String

    static let erpToken = "erp-secret"

    static func with(
        faults: ERPFaults = .none,
        adjust: (inout SutureConfiguration) -> Void = { _ in },
        tracer: (any Tracer)? = nil,
        _ body: (PipelineHarness) async throws -> Void
    ) async throws {
        let erp = try ERPSimulator(configuration: ERPSimulatorConfiguration(token: erpToken, faults: faults))
        let logger = { var logger = Logger(label: "erp-sim"); logger.logLevel = .critical; return logger }()
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        try await withRunningServices([erp.makeApplication(host: "127.0.0.1", port: 0, logger: logger) { continuation.yield($0) }]) {
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            var configuration = SutureConfiguration()
            configuration.systems = [
                SystemSettings(name: "storeroom-a", connection: .inventory),
                SystemSettings(name: "erp", connection: .erpHTTP(ERPSettings(url: "http://127.0.0.1:\(port)", token: erpToken)),
                               delivery: DeliverySettings(
                                   rateLimit: RateLimitSettings(perSecond: 500, burst: 500),
                                   retry: Self.fastRetry(maxAttempts: 8),
                                   timeout: .seconds(5),
                                   circuitBreaker: CircuitBreakerSettings(failureThreshold: 3, coolDown: .milliseconds(300), maxCoolDown: .seconds(1)),
                                   concurrency: DeliverySettings.defaults.concurrency)),
            ]
            configuration.routes = [RouteSettings(types: nil, to: ["erp"])]
            adjust(&configuration)
            try await TestHub.with(configuration: configuration, tracer: tracer) { (hub: TestHub) async throws in
                try await Self.seed(hub.store)
                let token = try await hub.token(scopes: ["admin"])
                try await body(PipelineHarness(hub: hub, erp: erp, token: token))
            }
        }
    }

    static func fastRetry(maxAttempts: Int) -> RetrySettings {
        RetrySettings(maxAttempts: maxAttempts, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200))
    }

    /// The default delivery settings with fast retries.
    static func fastDelivery(maxAttempts: Int) -> DeliverySettings {
        var delivery = DeliverySettings.defaults
        delivery.retry = fastRetry(maxAttempts: maxAttempts)
        return delivery
    }

    static func seed(_ store: any Store) async throws {
        _ = try await store.putItem(Item(
            id: "GLOVE-M", description: "Nitrile gloves M", gtin: try GTIN("00614141000012"),
            packaging: try PackagingHierarchy(baseUnit: "EA", levels: [
                PackagingLevel(unit: "BX", quantity: 10, gtin: try GTIN("10614141000019")),
                PackagingLevel(unit: "CS", quantity: 100, gtin: try GTIN("20614141000016")),
            ]), lotControlled: true))
        _ = try await store.putLocation(Location(id: "GENERAL", name: "General", type: .facility))
        _ = try await store.putLocation(Location(id: "MAIN-OR-STORE", name: "OR store", type: .storeroom, parent: "GENERAL"))
        for entry in [
            CrosswalkEntry(system: "storeroom-a", kind: .items, code: "7788", canonical: "GLOVE-M"),
            CrosswalkEntry(system: "storeroom-a", kind: .locations, code: "OR-1", canonical: "MAIN-OR-STORE"),
            CrosswalkEntry(system: "storeroom-a", kind: .units, code: "CA", canonical: "CS"),
            CrosswalkEntry(system: "erp", kind: .items, code: "ERP-100234", canonical: "GLOVE-M", unit: "BX"),
            CrosswalkEntry(system: "erp", kind: .locations, code: "WH-OR", canonical: "MAIN-OR-STORE"),
            CrosswalkEntry(system: "erp", kind: .units, code: "BOX", canonical: "BX"),
        ] {
            _ = try await store.putCrosswalk(entry)
        }
    }

    static func receipt(quantity: String = "2", unit: String = "CA", lot: String? = "LOT4711", item: String = "7788") -> String {
        let lotMember = lot.map { #","lot":"\#($0)""# } ?? ""
        return #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"\#(item)","quantity":"\#(quantity)","unit":"\#(unit)"\#(lotMember),"expiry":"2030-01-31","purchaseOrder":"PO123456","poLine":1}"#
    }

    /// Waits until the hub has nothing left to do by the store's own count: no event waiting for
    /// the processor, no delivery pending or in flight. A check that nothing more happened (no
    /// second posting) means something only then; a fixed sleep passes whether or not a late
    /// duplicate was still on its way.
    func settled() async -> Bool {
        await eventually {
            guard let dashboard = try? await hub.pipeline.operations.dashboard() else { return false }
            return dashboard.inboxBacklog == 0 && dashboard.systems.allSatisfy { $0.backlog == 0 }
        }
    }

    func post(_ body: String, key: String) async throws -> TestResponse {
        try await hub.request("POST", "/v1/events", token: token, json: body, headers: ["Idempotency-Key": key])
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held. The wait is
/// generous: the suite's PostgreSQL pass runs every HTTP test's hub at once on two cores, and a
/// condition that holds in under a second alone has taken over 20 s there.
func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return try await condition()
}
