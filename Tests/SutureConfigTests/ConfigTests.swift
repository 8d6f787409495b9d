import Foundation
import SutureConfig
import SutureProcurement
import SutureModel
import SutureX12
import Testing

@Suite struct ConfigTests {
    static let contractExample = """
        store: "sqlite:suture-data/suture.db"
        http: { host: 127.0.0.1, port: 8080 }
        clients:
          - name: storeroom-a
            token: ${STOREROOM_A_TOKEN}
            scopes: [events:write, events:read]
            rateLimit: { perSecond: 200, burst: 400 }
        systems:
          storeroom-a: { kind: inventory }
          erp:
            kind: erp-http
            url: http://127.0.0.1:9100
            token: ${ERP_TOKEN}
            rateLimit: { perSecond: 50, burst: 50 }
            retry: { maxAttempts: 12, initialBackoff: 200ms, maxBackoff: 60s }
            timeout: 10s
          analytics:
            kind: webhook
            url: http://127.0.0.1:9200/events
            secret: ${ANALYTICS_SECRET}
          acme-medical:
            kind: supplier-x12
            interchangeId: ACMEMED
            exchange: exchange/acme
        routes:
          - match: { type: [receipt] }
            to: [erp, analytics]
          - match: { type: [issue, adjustment, transfer, return, count] }
            to: [erp]
        matching:
          price: { percent: 2, absolute: "5.00" }
          quantity: { absolute: "0" }
        """

    static let environment = ["STOREROOM_A_TOKEN": "tok-a", "ERP_TOKEN": "tok-erp", "ANALYTICS_SECRET": "whsec_c2VjcmV0"]

    @Test func theContractsExampleLoads() throws {
        let configuration = try SutureConfiguration.load(yaml: Self.contractExample, environment: Self.environment)
        #expect(configuration.store == "sqlite:suture-data/suture.db")
        #expect(configuration.http.port == 8080)
        #expect(configuration.clients.first?.name == "storeroom-a")
        #expect(configuration.clients.first?.tokenSHA256 == ClientSettings.hash(token: "tok-a"))
        #expect(configuration.clients.first?.rateLimit == RateLimitSettings(perSecond: 200, burst: 400))
        let erp = try #require(configuration.systems.first { $0.name == "erp" })
        #expect(erp.kind == .erpHTTP)
        #expect(erp.connection == .erpHTTP(ERPSettings(url: "http://127.0.0.1:9100", token: "tok-erp")))
        #expect(erp.delivery.retry.initialBackoff == .milliseconds(200))
        #expect(erp.delivery.retry.maxBackoff == .seconds(60))
        #expect(erp.delivery.timeout == .seconds(10))
        #expect(configuration.systems.map(\.name) == ["storeroom-a", "erp", "analytics", "acme-medical"])
        #expect(configuration.routes[0] == RouteSettings(types: ["receipt"], to: ["erp", "analytics"]))
        #expect(configuration.matching.priceAbsolute == Decimal(string: "5.00"))
        #expect(configuration.matching.pricePercent == 2)
    }

    @Test func anEmptyFileMeansTheDefaults() throws {
        let configuration = try SutureConfiguration.load(yaml: "", environment: [:])
        #expect(configuration.store == "sqlite:suture-data/suture.db")
        #expect(configuration.http.host == "127.0.0.1")
        #expect(configuration.http.port == 8080)
    }

    /// The defaults are written once, in the spec; a system that leaves a key out gets
    /// what the reference says, and so do the settings types' `defaults`.
    @Test func systemKeysLeftOutTakeTheDefaultsTheReferenceShows() throws {
        let configuration = try SutureConfiguration.load(yaml: """
            systems:
              erp: { kind: erp-http, url: "http://127.0.0.1:9100/" }
              hook: { kind: webhook, url: "http://127.0.0.1:9200/events", secret: s3cret, rateLimit: { perSecond: 7 } }
              acme: { kind: supplier-x12, interchangeId: " ACMEMED ", exchange: exchange/acme }
            """, environment: [:])
        let erp = try #require(configuration.systems.first { $0.name == "erp" })
        #expect(erp.connection == .erpHTTP(ERPSettings(url: "http://127.0.0.1:9100")), "the trailing slash is dropped once, here")
        let expected = DeliverySettings(
            rateLimit: RateLimitSettings(perSecond: 50, burst: 50),
            retry: RetrySettings(maxAttempts: 12, initialBackoff: .milliseconds(200), maxBackoff: .seconds(60)),
            timeout: .seconds(10),
            circuitBreaker: CircuitBreakerSettings(failureThreshold: 5, coolDown: .seconds(30), maxCoolDown: .seconds(300)),
            concurrency: 8)
        #expect(erp.delivery == expected)
        #expect(DeliverySettings.defaults == expected)
        let hook = try #require(configuration.systems.first { $0.name == "hook" })
        #expect(hook.delivery.rateLimit == RateLimitSettings(perSecond: 7, burst: 7), "burst follows perSecond")
        #expect(hook.connection == .webhook(WebhookSettings(url: "http://127.0.0.1:9200/events", secret: "s3cret")))
        let acme = try #require(configuration.systems.first { $0.name == "acme" })
        guard case .supplierX12(let supplier) = acme.connection else {
            Issue.record("acme is \(acme.kind)")
            return
        }
        #expect(supplier == SupplierX12Settings(interchangeID: "ACMEMED", exchange: "exchange/acme", senderID: "SUTUREHUB",
                                                version: .v004010, pollInterval: .seconds(2), currency: "USD"))
        #expect(SupplierX12Settings(interchangeID: "ACMEMED", exchange: "exchange/acme") == supplier)
        let reference = ConfigReference.markdown()
        for row in ["| `systems.<system-name>.retry.maxAttempts` | integer 1-1000 | `12` |",
                    "| `systems.<system-name>.rateLimit.perSecond` | integer 1-1000000 | `50` |",
                    "| `systems.<system-name>.senderId` | string | `SUTUREHUB` |",
                    "| `systems.<system-name>.pollInterval` | duration (`200ms`, `10s`, `5m`) | `2s` |"] {
            #expect(reference.contains(row), "\(row)")
        }
    }

    @Test func aDevelopmentDefaultIsTakenOnlyWhenTheVariableIsUnsetAndIsFlagged() throws {
        let yaml = """
            systems:
              erp: { kind: erp-http, url: "http://127.0.0.1:9100", token: "${ERP_TOKEN:-dev-token}" }
            """
        let development = try SutureConfiguration.load(yaml: yaml, environment: [:])
        #expect(development.systems.first?.connection == .erpHTTP(ERPSettings(url: "http://127.0.0.1:9100", token: "dev-token")))
        #expect(development.warnings.map(\.description) == ["line 2: systems.erp.token: uses the development default of ERP_TOKEN; set ERP_TOKEN in production"])
        let production = try SutureConfiguration.load(yaml: yaml, environment: ["ERP_TOKEN": "s3cret"])
        #expect(production.systems.first?.connection == .erpHTTP(ERPSettings(url: "http://127.0.0.1:9100", token: "s3cret")))
        #expect(production.warnings.isEmpty)
    }

    @Test func aClientWithoutRateLimitHasNoLimitAndOneWithItMustGiveTheRate() throws {
        let configuration = try SutureConfiguration.load(yaml: """
            clients:
              - { name: a, token: t, scopes: [admin] }
            """, environment: [:])
        #expect(configuration.clients[0].rateLimit == nil)
        let problems = Self.problems("""
            clients:
              - { name: a, token: t, scopes: [admin], rateLimit: { burst: 3 } }
            """)
        #expect(problems.map(\.path) == ["clients[0].rateLimit.perSecond"], "\(problems)")
    }

    /// Loads `yaml` expecting failure; returns the problems.
    static func problems(_ yaml: String, environment: [String: String] = environment) -> [ConfigProblem] {
        do {
            _ = try SutureConfiguration.load(yaml: yaml, environment: environment)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func unknownKeyAndMissingVariableAreBothReportedWithTheirLines() {
        let problems = Self.problems("""
            http:
              port: 8080
              colour: blue
            systems:
              erp:
                kind: erp-http
                url: http://127.0.0.1:9100
                token: ${NOT_SET_ANYWHERE}
            """, environment: [:])
        #expect(problems.count == 2)
        let unknown = problems.first { $0.path == "http.colour" }
        #expect(unknown?.line == 3)
        #expect(unknown?.message.contains("unknown key 'colour'") == true)
        let missing = problems.first { $0.path == "systems.erp.token" }
        #expect(missing?.line == 8)
        #expect(missing?.message.contains("NOT_SET_ANYWHERE") == true)
        #expect(unknown?.description == "line 3: http.colour: unknown key 'colour'; allowed here: host, port, maxBodyBytes, maxBatchBodyBytes, shutdownGrace, idleTimeout, maxConnectionsPerAddress, tls, clientRateLimit")
    }

    @Test(arguments: [
        ("http: { port: 99999 }", "http.port", 1, "from 0 to 65535"),
        ("store: mysql://x", "store", 1, "sqlite:PATH"),
        ("systems:\n  erp: { kind: erp-http }", "systems.erp.url", 2, "is required"),
        ("systems:\n  erp: { kind: mainframe }", "systems.erp.kind", 2, "unknown kind 'mainframe'"),
        ("systems:\n  erp: { kind: erp-http, url: ftp://x }", "systems.erp.url", 2, "http:// or https://"),
        ("systems:\n  erp: { kind: erp-http, url: http://x, timeout: soon }", "systems.erp.timeout", 2, "duration"),
        ("systems:\n  erp: { kind: erp-http, url: http://x, retry: { maxAttempts: 0 } }", "systems.erp.retry.maxAttempts", 2, "from 1 to 1000"),
        ("systems:\n  s: { kind: inventory, url: http://x }", "systems.s.url", 2, "unknown key 'url'"),
        ("systems:\n  acme: { kind: supplier-x12, interchangeId: A, exchange: x, currency: usd }", "systems.acme.currency", 2, "ISO 4217"),
        ("routes:\n  - to: [nowhere]", "routes[0].to[0]", 2, "no system named 'nowhere'"),
        ("systems:\n  suture: { kind: inventory }", "systems.suture", 2, "the source of the events Suture raises itself"),
        ("systems:\n  fhir: { kind: fhir, url: http://x }", "systems.fhir", 2, "the source of the FHIR resources posted to /fhir/r5"),
        ("systems:\n  ehr: { kind: fhir }", "systems.ehr.url", 2, "is required"),
        ("replenishment: { autoApproveUpTo: some }", "replenishment.autoApproveUpTo", 1, "decimal"),
        ("routes:\n  - match: { type: [sale] }\n    to: []", "routes[0].match.type[0]", 2, "'sale' is not one of"),
        ("clients:\n  - name: a\n    scopes: [events:write]", "clients[0]", 2, "needs `token` or `tokenSHA256`"),
        ("clients:\n  - name: a\n    token: x\n    scopes: [everything]", "clients[0].scopes[0]", 4, "'everything' is not one of"),
        ("clients:\n  - name: a\n    tokenSHA256: abc\n    scopes: [admin]", "clients[0].tokenSHA256", 3, "64 hex digits"),
        ("matching:\n  price: { percent: lots }", "matching.price.percent", 2, "decimal"),
        ("http: [1, 2]", "http", 1, "must be a mapping"),
        ("http:\n  port: 1\n  port: 2", "", 2, "repeated key port"),
        ("http: {", "", 1, "not valid YAML"),
    ])
    func eachProblemNamesItsKeyPathAndLine(yaml: String, path: String, line: Int, message: String) {
        let problems = Self.problems(yaml)
        #expect(problems.count >= 1, "no problem reported for \(yaml)")
        let problem = problems.first { $0.path == path }
        #expect(problem != nil, "\(problems)")
        #expect(problem?.line == line || path.isEmpty, "\(problems)")
        #expect(problem?.message.contains(message) == true, "\(problems)")
    }

    @Test func durationsParse() {
        #expect(ConfigDuration.parse("200ms") == .milliseconds(200))
        #expect(ConfigDuration.parse("1.5s") == .milliseconds(1500))
        #expect(ConfigDuration.parse("5m") == .seconds(300))
        #expect(ConfigDuration.parse("1h") == .seconds(3600))
        #expect(ConfigDuration.parse("90d") == .seconds(90 * 86_400))
        for bad in ["", "s", "10", "-1s", "1w", "1 s", "1e3s"] { #expect(ConfigDuration.parse(bad) == nil, "\(bad)") }
    }

    @Test func tokenSecretsAreKeptOnlyAsHashes() throws {
        let configuration = try SutureConfiguration.load(yaml: Self.contractExample, environment: Self.environment)
        #expect(configuration.clients[0].tokenSHA256.count == 64)
        #expect(configuration.clients[0].tokenSHA256 != "tok-a")
        #expect(ClientSettings.hash(token: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// docs/configuration.md is generated from the spec; this keeps the committed file current.
    @Test func configurationReferenceInDocsIsCurrent() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/configuration.md")
        let committed = try String(contentsOf: docs, encoding: .utf8)
        #expect(committed == ConfigReference.markdown(), "run: swift run suture config reference > docs/configuration.md")
    }

    @Test func everyKeyOfTheContractExampleIsInTheReference() {
        let reference = ConfigReference.markdown()
        for key in ["`store`", "`http.port`", "`clients[].rateLimit.burst`", "`systems.<system-name>.retry.maxAttempts`",
                    "`systems.<system-name>.interchangeId`", "`routes[].match.type`", "`matching.price.absolute`"] {
            #expect(reference.contains(key), "\(key)")
        }
    }
}
