import Foundation
import SutureConfig
import SutureModel
import SutureStore
import SutureDelivery
import Testing

/// What a first user runs into at the edges of the API: wrong methods, misspelt fields,
/// money, events no route takes, lists, and a destination that is not there.
@Suite struct APIEdgeTests {
    @Test func aWrongMethodOnAnExistingPathIs405WithAllowAndAnUnknownPathIs404() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write", "masterdata:read"])
            let wrong = try await hub.request("POST", "/v1/items/GLOVE-M", token: token, json: "{}")
            #expect(wrong.status == 405)
            #expect(wrong.header("Allow") == "PUT, GET, DELETE")
            #expect(wrong.header("Content-Type") == "application/problem+json")
            #expect(try wrong.json()["type"] as? String == "urn:suture:problem:method-not-allowed")
            #expect(try wrong.json()["detail"] as? String == "/v1/items/GLOVE-M does not accept POST; it accepts PUT, GET, DELETE")
            let list = try await hub.request("POST", "/v1/items", token: token, json: "{}")
            #expect(list.status == 405)
            #expect(list.header("Allow") == "GET")
            #expect(try await hub.request("GET", "/v1/itemz/GLOVE-M", token: token).status == 404)
            #expect(try await hub.request("GET", "/v1/items/GLOVE-M/extra", token: token).status == 404)
        }
    }

    @Test func aMisspeltRequiredFieldIsNamedWithTheOneItLooksLike() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write"])
            let missing = try await hub.request("PUT", "/v1/items/GLOVE-M", token: token, json: #"{"descripton":"Gloves","baseUnit":"EA"}"#)
            #expect(missing.status == 400)
            #expect(try missing.json()["detail"] as? String == "description: is required; the body has 'descripton': did you mean description?")
            // An optional field misspelt is an unknown one, named with the nearest known field.
            let unknown = try await hub.request("PUT", "/v1/items/GLOVE-M", token: token,
                                                json: #"{"description":"Gloves","baseUnit":"EA","manufactuer":"Acme"}"#)
            #expect(unknown.status == 400)
            let detail = try #require(try unknown.json()["detail"] as? String)
            #expect(detail.contains("'manufactuer': did you mean manufacturer?"), "\(detail)")
            // Nothing close: no guess.
            let far = try await hub.request("PUT", "/v1/items/GLOVE-M", token: token, json: #"{"description":"Gloves","baseUnit":"EA","colour":"blue"}"#)
            #expect(try #require(try far.json()["detail"] as? String).contains("did you mean") == false)
        }
    }

    @Test func anEventNoRouteTakesIsUnroutedNotDelivered() async throws {
        var configuration = SutureConfiguration()
        configuration.systems = [SystemSettings(name: "storeroom-a", connection: .inventory)]
        try await TestHub.with(configuration: configuration) { (hub: TestHub) async throws in
            try await PipelineHarness.seed(hub.store)
            let token = try await hub.token(scopes: ["events:write", "events:read"])
            let accepted = try await hub.request("POST", "/v1/events", token: token, json: PipelineHarness.receipt(),
                                                 headers: ["Idempotency-Key": "nowhere-1"])
            let id = try #require(try accepted.json()["id"] as? String)
            #expect(await eventually { (try? await hub.request("GET", "/v1/events/\(id)", token: token).json()["status"]) as? String == "unrouted" })
            let event = try await hub.request("GET", "/v1/events/\(id)", token: token).json()
            #expect((event["deliveries"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func listsPageInKeyOrderAndSearchTheirFields() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write", "masterdata:read"])
            for (id, description, gtin) in [("GAUZE-4", "Gauze 4x4", "00614141000029"), ("GLOVE-M", "Nitrile gloves M", "00614141000012"),
                                            ("GLOVE-L", "Nitrile gloves L", "00614141000036")] {
                let body = #"{"description":"\#(description)","baseUnit":"EA","gtin":"\#(gtin)","manufacturerPart":"P-\#(id)"}"#
                #expect(try await hub.request("PUT", "/v1/items/\(id)", token: token, json: body).status == 201)
            }
            let first = try await hub.request("GET", "/v1/items?limit=2", token: token).json()
            #expect((first["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["GAUZE-4", "GLOVE-L"])
            let cursor = try #require(first["next"] as? String)
            let second = try await hub.request("GET", "/v1/items?limit=2&cursor=\(cursor)", token: token).json()
            #expect((second["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["GLOVE-M"])
            #expect(second["next"] is NSNull, "the last page has no next")
            let nitrile = try await hub.request("GET", "/v1/items?q=NITRILE", token: token).json()
            #expect((nitrile["items"] as? [[String: Any]])?.count == 2, "case-insensitive, anywhere in the description")
            let byGTIN = try await hub.request("GET", "/v1/items?q=0614141000029", token: token).json()
            #expect((byGTIN["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["GAUZE-4"])
            let byPart = try await hub.request("GET", "/v1/items?q=p-glove-l", token: token).json()
            #expect((byPart["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["GLOVE-L"])
            let literal = try await hub.request("GET", "/v1/items?q=%25", token: token).json()
            #expect((literal["items"] as? [[String: Any]])?.isEmpty == true, "a % in q is a character, not a wildcard")
            #expect(try await hub.request("GET", "/v1/items?limit=0", token: token).status == 400)

            _ = try await hub.request("PUT", "/v1/locations/GENERAL", token: token, json: #"{"name":"General hospital","type":"facility"}"#)
            _ = try await hub.request("PUT", "/v1/suppliers/ACME", token: token, json: #"{"name":"Acme Medical","interchangeId":"ACMEMED"}"#)
            let locations = try await hub.request("GET", "/v1/locations?q=hospital", token: token).json()
            #expect((locations["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["GENERAL"])
            let suppliers = try await hub.request("GET", "/v1/suppliers?q=acmemed", token: token).json()
            #expect((suppliers["items"] as? [[String: Any]])?.map { $0["id"] as? String } == ["ACME"])
        }
    }

    @Test func ordersAndInvoicesAreListedAndMoneyKeepsItsMinorUnits() async throws {
        try await PipelineHarness.with { harness in
            try await OrderFlowTests.seedSupplier(harness)
            for number in ["PO-7002", "PO-7001"] {
                let body = OrderFlowTests.order.replacingOccurrences(of: "PO-7001", with: number)
                #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: body).status == 201)
            }
            let order = try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()
            #expect((order["lines"] as? [[String: Any]])?.first?["unitPrice"] as? String == "45.50", "as given, not 45.5")
            let orders = try await harness.hub.request("GET", "/v1/purchase-orders", token: harness.token).json()
            #expect((orders["items"] as? [[String: Any]])?.map { $0["number"] as? String } == ["PO-7001", "PO-7002"])
            #expect(orders["next"] is NSNull)
            let invoice = try await harness.hub.request("POST", "/v1/invoices", token: harness.token,
                                                        json: OrderFlowTests.invoice(number: "INV-9", price: "45.50", order: "PO-7002"))
            #expect(invoice.status == 202, "\(invoice.text)")
            #expect(try invoice.json()["total"] as? String == "455.00")
            let invoices = try await harness.hub.request("GET", "/v1/invoices?q=po-7002", token: harness.token).json()
            let listed = try #require((invoices["items"] as? [[String: Any]])?.first)
            #expect(listed["number"] as? String == "INV-9", "found by its purchase order")
            #expect((listed["lines"] as? [[String: Any]])?.first?["unitPrice"] as? String == "45.50")
        }
    }

    /// Nothing listens on the ERP's port: the attempt fails at once as a refused connection
    /// and is retried on the schedule, instead of waiting out the call's time-out.
    @Test func aRefusedConnectionFailsTheAttemptAtOnceAndIsRetried() async throws {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let port = refusing.port
        var configuration = SutureConfiguration()
        var delivery = PipelineHarness.fastDelivery(maxAttempts: 3)
        delivery.timeout = .seconds(60)
        configuration.systems = [
            SystemSettings(name: "storeroom-a", connection: .inventory),
            SystemSettings(name: "erp", connection: .erpHTTP(ERPSettings(url: "http://127.0.0.1:\(port)")), delivery: delivery),
        ]
        configuration.routes = [RouteSettings(to: ["erp"])]
        try await TestHub.with(configuration: configuration) { (hub: TestHub) async throws in
            try await PipelineHarness.seed(hub.store)
            let token = try await hub.token(scopes: ["events:write", "events:read"])
            let accepted = try await hub.request("POST", "/v1/events", token: token, json: PipelineHarness.receipt(),
                                                 headers: ["Idempotency-Key": "refused-1"])
            let correlationID = CorrelationID(try #require(try accepted.json()["correlationId"] as? String))
            // Generous: in the suite's PostgreSQL pass every hub runs at once on two cores.
            #expect(await eventually(timeout: .seconds(120)) {
                ((try? await hub.store.timeline(correlationID: correlationID)) ?? []).filter { $0.stage == .deliveryAttempt }.count >= 2
            }, "retried on the schedule")
            let attempts = try await hub.store.timeline(correlationID: correlationID).filter { $0.stage == .deliveryAttempt }
            let first = try #require(attempts.first)
            #expect(first.detail.contains("connection refused by 127.0.0.1:\(port)"), "\(first.detail)")
            #expect(first.detail.hasPrefix("attempt 1 POST /receipts: "), "\(first.detail)")
            // The attempt's own recorded duration: far below the 60 s time-out it used to wait out.
            let milliseconds = try #require(Self.duration(of: first.detail))
            print("a refused connection's attempt took \(milliseconds) ms: \(first.detail)")
            #expect(milliseconds < 30_000, "\(first.detail)")
        }
    }


    /// The `(N ms)` a delivery-attempt entry records.
    static func duration(of detail: String) -> Int? {
        guard let open = detail.range(of: "(", options: .backwards), let end = detail.range(of: " ms)", options: .backwards),
              open.upperBound < end.lowerBound else { return nil }
        return Int(detail[open.upperBound..<end.lowerBound])
    }
}

/// A loopback port nothing listens on, held for the test: a socket bound to it without
/// `listen`, so a connection is refused and no other test's server can take the port
/// meanwhile (a port closed after binding was once taken by a parallel test's hub).
final class RefusingPort: @unchecked Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
