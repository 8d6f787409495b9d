import Foundation
import SutureConfig
import SutureModel
import SutureStore
import SutureDelivery
import Testing
import SutureProcurement

@Suite struct AuthAndHeadersTests {
    @Test func noTokenIs401ProblemJSON() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let response = try await hub.request("PUT", "/v1/items/X", json: #"{"description":"X","baseUnit":"EA"}"#)
            #expect(response.status == 401)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(try response.json()["type"] as? String == "urn:suture:problem:unauthorized")
            #expect(try await hub.store.item("X") == nil)
        }
    }

    @Test func unknownTokenIs401AndMalformedHeaderIs401() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            #expect(try await hub.request("GET", "/v1/items/X", token: "nope").status == 401)
            #expect(try await hub.request("GET", "/v1/items/X", headers: ["Authorization": "Basic abc"]).status == 401)
        }
    }

    @Test func missingScopeIs403NamingIt() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let reader = try await hub.token(scopes: ["masterdata:read"])
            let response = try await hub.request("PUT", "/v1/items/X", token: reader, json: #"{"description":"X","baseUnit":"EA"}"#)
            #expect(response.status == 403)
            #expect((try response.json()["detail"] as? String)?.contains("masterdata:write") == true)
        }
    }

    @Test func adminScopeGrantsEverything() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let admin = try await hub.token(scopes: ["admin"])
            #expect(try await hub.request("PUT", "/v1/items/X", token: admin, json: #"{"description":"X","baseUnit":"EA"}"#).status == 201)
        }
    }

    @Test func clientsFromTheConfigurationAuthenticateByHash() async throws {
        var configuration = SutureConfiguration()
        configuration.clients = [ClientSettings(name: "erp-admin", tokenSHA256: ClientSettings.hash(token: "s3cret"), scopes: ["masterdata:read"])]
        try await TestHub.with(configuration: configuration) { (hub: TestHub) async throws in
            #expect(try await hub.request("GET", "/v1/items/X", token: "s3cret").status == 404)
            #expect(try await hub.request("GET", "/v1/items/X", token: "s3cret!").status == 401)
        }
    }

    @Test func everyResponseCarriesACorrelationID() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            for path in ["/health/live", "/v1/items/X", "/no/such/path"] {
                let response = try await hub.request("GET", path)
                let id = try #require(response.header("X-Correlation-Id"), "\(path)")
                #expect(id.count == 32)
                #expect(response.header("traceparent")?.contains(id) == true)
            }
        }
    }

    @Test func traceparentIsHonouredAndEchoed() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
            let response = try await hub.request("GET", "/v1/items/X", headers: ["traceparent": incoming])
            #expect(response.header("X-Correlation-Id") == "4bf92f3577b34da6a3ce929d0e0e4736")
            let echoed = try #require(response.header("traceparent"))
            #expect(echoed.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
            #expect((try response.json()["correlationId"] as? String) == "4bf92f3577b34da6a3ce929d0e0e4736")
            let garbage = try await hub.request("GET", "/health/live", headers: ["traceparent": "garbage"])
            #expect(garbage.header("X-Correlation-Id")?.count == 32)
        }
    }

    @Test func unknownPathIs404ProblemAndWrongMethodIsRefused() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let missing = try await hub.request("GET", "/v2/nothing")
            #expect(missing.status == 404)
            #expect(missing.header("Content-Type") == "application/problem+json")
            let wrongMethod = try await hub.request("POST", "/health/live")
            #expect([404, 405].contains(wrongMethod.status))
            #expect(wrongMethod.header("Content-Type") == "application/problem+json")
        }
    }

    @Test func healthEndpointsNeedNoToken() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let live = try await hub.request("GET", "/health/live")
            #expect(live.status == 200)
            #expect(try live.json()["status"] as? String == "ok")
            #expect(try await hub.request("GET", "/health/ready").status == 200)
        }
    }

    @Test func readinessIs503WhenTheStoreIsGone() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            await hub.store.close()
            let ready = try await hub.request("GET", "/health/ready")
            #expect(ready.status == 503)
            #expect(try await hub.request("GET", "/health/live").status == 200)
        }
    }
}

@Suite struct ClientQuotaTests {
    @Test func overQuotaIs429WithRetryAfterAndOtherClientsAreUnaffected() async throws {
        var configuration = SutureConfiguration()
        configuration.clients = [
            ClientSettings(name: "scanner", tokenSHA256: ClientSettings.hash(token: "scan"), scopes: ["masterdata:read"],
                           rateLimit: RateLimitSettings(perSecond: 1, burst: 3)),
            ClientSettings(name: "erp", tokenSHA256: ClientSettings.hash(token: "erp"), scopes: ["masterdata:read"]),
        ]
        try await TestHub.with(configuration: configuration) { (hub: TestHub) async throws in
            // Forty calls at once: the burst of 3 passes (404: no such item), and at most one
            // more per second the calls took (the quota's refill); the rest are refused. Sent
            // together, so a slow machine (a request took 2 s in a loaded CI run) still
            // overruns the quota; what is admitted is bounded by the time the calls took.
            let started = ContinuousClock.now
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<40 { group.addTask { try await hub.request("GET", "/v1/items/X", token: "scan") } }
                var responses: [TestResponse] = []
                for try await response in group { responses.append(response) }
                return responses
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let statuses = responses.map(\.status)
            let admitted = statuses.filter { $0 == 404 }.count
            let others = statuses.filter { $0 != 404 && $0 != 429 }
            #expect(others.isEmpty, "only 404 and 429: \(statuses)")
            #expect(admitted >= 3, "the burst passes: \(statuses)")
            #expect(Double(admitted) <= 3 + seconds + 1, "\(admitted) admitted in \(seconds) s")
            let refusal = try #require(responses.first { $0.status == 429 }, "no 429 in \(statuses) over \(seconds) s")
            #expect(Int(refusal.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(try refusal.json()["type"] as? String == "urn:suture:problem:rate-limited")
            #expect(try await hub.request("GET", "/v1/items/X", token: "erp").status == 404)
        }
    }
}

@Suite struct EDIEndpointTests {
    static let interchange = "ISA*00*          *00*          *ZZ*ACMEMED        *ZZ*SUTUREHUB      *260527*1015*U*00401*000000007*0*T*>~GS*PR*ACMEMED*SUTUREHUB*20260527*1015*7*X*004010~ST*855*0001~BAK*00*AD*PO123456*20260527~PO1*1*10*BX*45.50**VC*ABC-123~ACK*IA*10*BX~CTT*1~SE*6*0001~GE*1*7~IEA*1*000000007~"

    @Test func anAcceptedInterchangeGets202WithIts997() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["edi:write"])
            let response = try await hub.request("POST", "/v1/edi/x12", token: token, body: Data(Self.interchange.utf8),
                                                 headers: ["Content-Type": "application/edi-x12"])
            #expect(response.status == 202, "\(response.text)")
            let ack = try #require(try response.json()["ack"] as? String)
            #expect(ack.contains("ST*997*"))
            #expect(ack.contains("AK9*A*1*1*1"))
        }
    }

    @Test func aBrokenInterchangeGets400WithARejecting997() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["edi:write"])
            let broken = Self.interchange.replacingOccurrences(of: "SE*6*0001", with: "SE*9*0001")
            let response = try await hub.request("POST", "/v1/edi/x12", token: token, body: Data(broken.utf8),
                                                 headers: ["Content-Type": "application/edi-x12"])
            #expect(response.status == 400)
            #expect(response.header("Content-Type") == "application/problem+json")
            let ack = try #require(try response.json()["ack"] as? String)
            #expect(ack.contains("AK5*R"))
            let garbage = try await hub.request("POST", "/v1/edi/x12", token: token, body: Data("hello".utf8),
                                                headers: ["Content-Type": "application/edi-x12"])
            #expect(garbage.status == 400)
            #expect(try await hub.request("POST", "/v1/edi/x12", body: Data(Self.interchange.utf8)).status == 401)
        }
    }
}
