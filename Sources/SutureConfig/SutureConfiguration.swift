import Crypto
import SutureModel
public import Foundation
public import SutureProcurement

/// Suture's configuration, checked and typed. Built from a YAML file by `load`, or
/// `defaults` when `suture serve` runs without one.
public struct SutureConfiguration: Sendable {
    public var store: String
    public var http: HTTPSettings
    public var clients: [ClientSettings]
    public var systems: [SystemSettings]
    public var routes: [RouteSettings]
    public var matching: MatchingTolerances

    public init(store: String = "sqlite:suture-data/suture.db", http: HTTPSettings = HTTPSettings(),
                clients: [ClientSettings] = [], systems: [SystemSettings] = [], routes: [RouteSettings] = [],
                matching: MatchingTolerances = MatchingTolerances()) {
        self.store = store
        self.http = http
        self.clients = clients
        self.systems = systems
        self.routes = routes
        self.matching = matching
    }

    public static let defaults = SutureConfiguration()

    /// Checks and loads a configuration text; throws every problem found, not just the first.
    public static func load(yaml: String, file: String = "config", environment: [String: String]) throws(ConfigProblems) -> SutureConfiguration {
        var checker = ConfigChecker(environment: environment)
        let checked = checker.check(yaml: yaml)
        guard checker.problems.isEmpty, let checked else { throw ConfigProblems(file: file, problems: checker.problems) }
        return SutureConfiguration(checked)
    }

    /// Reads and loads a configuration file.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigProblems) -> SutureConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigProblems(file: file, problems: [ConfigProblem(path: "", line: nil, message: "cannot read the file: \(error.localizedDescription)")])
        }
        return try load(yaml: text, file: file, environment: environment)
    }

    /// Builds the typed value from a checked tree; every lookup here was validated by the checker.
    init(_ value: ConfigValue) {
        self.init()
        if let store = value["store"]?.string { self.store = store }
        if let http = value["http"] {
            if let host = http["host"]?.string { self.http.host = host }
            if let port = http["port"]?.string.flatMap({ Int($0) }) { self.http.port = port }
            if let limit = http["maxBodyBytes"]?.string.flatMap({ Int($0) }) { self.http.maxBodyBytes = limit }
            if let limit = http["maxBatchBodyBytes"]?.string.flatMap({ Int($0) }) { self.http.maxBatchBodyBytes = limit }
        }
        clients = (value["clients"]?.items ?? []).map { client in
            let hash = client["tokenSHA256"]?.string?.lowercased()
                ?? ClientSettings.hash(token: client["token"]?.string ?? "")
            return ClientSettings(
                name: client["name"]?.string ?? "",
                tokenSHA256: hash,
                scopes: client["scopes"]?.items.compactMap(\.string) ?? [],
                rateLimit: client["rateLimit"].map(RateLimitSettings.init))
        }
        systems = (value["systems"]?.members ?? []).map { name, settings in
            SystemSettings(
                name: name,
                kind: SystemKindSetting(rawValue: settings["kind"]?.string ?? "") ?? .inventory,
                url: settings["url"]?.string,
                token: settings["token"]?.string,
                secret: settings["secret"]?.string,
                interchangeID: settings["interchangeId"]?.string,
                exchange: settings["exchange"]?.string,
                senderID: settings["senderId"]?.string ?? "SUTUREHUB",
                x12Version: settings["version"]?.string ?? "004010",
                pollInterval: settings["pollInterval"]?.string.flatMap(ConfigDuration.parse) ?? .seconds(2),
                rateLimit: settings["rateLimit"].map(RateLimitSettings.init) ?? RateLimitSettings(),
                retry: settings["retry"].map(RetrySettings.init) ?? RetrySettings(),
                timeout: settings["timeout"]?.string.flatMap(ConfigDuration.parse) ?? .seconds(10),
                circuitBreaker: settings["circuitBreaker"].map(CircuitBreakerSettings.init) ?? CircuitBreakerSettings(),
                concurrency: settings["concurrency"]?.string.flatMap { Int($0) } ?? 8)
        }
        routes = (value["routes"]?.items ?? []).map { route in
            RouteSettings(
                types: route["match"]?["type"]?.items.compactMap(\.string),
                sources: route["match"]?["source"]?.items.compactMap(\.string),
                to: route["to"]?.items.compactMap(\.string) ?? [])
        }
        if let matching = value["matching"] {
            let decimal: (ConfigValue?) -> Decimal? = { $0?.string.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }
            if let percent = decimal(matching["price"]?["percent"]) { self.matching.pricePercent = percent }
            if let absolute = decimal(matching["price"]?["absolute"]) { self.matching.priceAbsolute = absolute }
            if let quantity = decimal(matching["quantity"]?["absolute"]) { self.matching.quantityAbsolute = quantity }
        }
    }
}

/// Where and how the HTTP server listens.
public struct HTTPSettings: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var maxBodyBytes = 1_048_576
    public var maxBatchBodyBytes = 33_554_432

    public init() {}
}

/// An API client declared in the configuration.
public struct ClientSettings: Sendable, Equatable {
    public var name: String
    /// Lower-case hex SHA-256 of the token; the token itself is not kept.
    public var tokenSHA256: String
    public var scopes: [String]
    public var rateLimit: RateLimitSettings?

    public init(name: String, tokenSHA256: String, scopes: [String], rateLimit: RateLimitSettings? = nil) {
        self.name = name
        self.tokenSHA256 = tokenSHA256
        self.scopes = scopes
        self.rateLimit = rateLimit
    }

    /// The hex SHA-256 of a token, as stored and compared.
    public static func hash(token: String) -> String {
        Hex.encode(SHA256.hash(data: Array(token.utf8)))
    }
}

/// A token-bucket rate: sustained requests per second and the burst above it.
public struct RateLimitSettings: Sendable, Equatable {
    public var perSecond = 50
    public var burst = 50

    public init(perSecond: Int = 50, burst: Int? = nil) {
        self.perSecond = perSecond
        self.burst = burst ?? perSecond
    }

    init(_ value: ConfigValue) {
        let perSecond = value["perSecond"]?.string.flatMap { Int($0) } ?? 50
        self.init(perSecond: perSecond, burst: value["burst"]?.string.flatMap { Int($0) })
    }
}

/// How deliveries to a system are retried.
public struct RetrySettings: Sendable, Equatable {
    public var maxAttempts = 12
    public var initialBackoff: Duration = .milliseconds(200)
    public var maxBackoff: Duration = .seconds(60)

    public init() {}

    init(_ value: ConfigValue) {
        if let attempts = value["maxAttempts"]?.string.flatMap({ Int($0) }) { maxAttempts = attempts }
        if let initial = value["initialBackoff"]?.string.flatMap(ConfigDuration.parse) { initialBackoff = initial }
        if let maximum = value["maxBackoff"]?.string.flatMap(ConfigDuration.parse) { maxBackoff = maximum }
    }
}

/// When a system's circuit breaker opens and how long it stays open.
public struct CircuitBreakerSettings: Sendable, Equatable {
    public var failureThreshold = 5
    public var coolDown: Duration = .seconds(30)
    public var maxCoolDown: Duration = .seconds(300)

    public init(failureThreshold: Int = 5, coolDown: Duration = .seconds(30), maxCoolDown: Duration = .seconds(300)) {
        self.failureThreshold = failureThreshold
        self.coolDown = coolDown
        self.maxCoolDown = maxCoolDown
    }

    init(_ value: ConfigValue) {
        if let threshold = value["failureThreshold"]?.string.flatMap({ Int($0) }) { failureThreshold = threshold }
        if let coolDown = value["coolDown"]?.string.flatMap(ConfigDuration.parse) { self.coolDown = coolDown }
        if let maximum = value["maxCoolDown"]?.string.flatMap(ConfigDuration.parse) { maxCoolDown = maximum }
    }
}

/// The kinds of system Suture connects to.
public enum SystemKindSetting: String, Sendable, Equatable, CaseIterable {
    case inventory
    case erpHTTP = "erp-http"
    case webhook
    case supplierX12 = "supplier-x12"
}

/// One connected system and how to reach it.
public struct SystemSettings: Sendable, Equatable {
    public var name: String
    public var kind: SystemKindSetting
    public var url: String?
    public var token: String?
    public var secret: String?
    public var interchangeID: String?
    public var exchange: String?
    /// supplier-x12: Suture's own interchange id, the version of the 850s, how often `in/` is read.
    public var senderID: String
    public var x12Version: String
    public var pollInterval: Duration
    public var rateLimit: RateLimitSettings
    public var retry: RetrySettings
    public var timeout: Duration
    public var circuitBreaker: CircuitBreakerSettings
    public var concurrency: Int

    public init(name: String, kind: SystemKindSetting, url: String? = nil, token: String? = nil, secret: String? = nil,
                interchangeID: String? = nil, exchange: String? = nil, senderID: String = "SUTUREHUB", x12Version: String = "004010",
                pollInterval: Duration = .seconds(2), rateLimit: RateLimitSettings = RateLimitSettings(),
                retry: RetrySettings = RetrySettings(), timeout: Duration = .seconds(10),
                circuitBreaker: CircuitBreakerSettings = CircuitBreakerSettings(), concurrency: Int = 8) {
        self.senderID = senderID
        self.x12Version = x12Version
        self.pollInterval = pollInterval
        self.circuitBreaker = circuitBreaker
        self.concurrency = concurrency
        self.name = name
        self.kind = kind
        self.url = url
        self.token = token
        self.secret = secret
        self.interchangeID = interchangeID
        self.exchange = exchange
        self.rateLimit = rateLimit
        self.retry = retry
        self.timeout = timeout
    }
}

/// Which events a route takes (nil: all) and where they go.
public struct RouteSettings: Sendable, Equatable {
    public var types: [String]?
    public var sources: [String]?
    public var to: [String]

    public init(types: [String]? = nil, sources: [String]? = nil, to: [String]) {
        self.types = types
        self.sources = sources
        self.to = to
    }
}

