import Crypto
import SutureModel
public import Foundation
public import SutureProcurement

/// Suture's configuration, checked and typed. Built from a YAML file by `load`, or
/// `defaults` when `suture serve` runs without one. Every default comes from `ConfigSpec`.
public struct SutureConfiguration: Sendable {
    public var store: String
    public var http: HTTPSettings
    public var clients: [ClientSettings]
    public var systems: [SystemSettings]
    public var routes: [RouteSettings]
    public var matching: MatchingTolerances
    public var operations: OperationsSettings
    public var retention: RetentionSettings
    public var replenishment: ReplenishmentSettings
    /// What the file allows but production should not keep (a development default taken
    /// for an unset environment variable); `config check` and `serve` print them.
    public var warnings: [ConfigProblem] = []

    /// The configuration of an empty file: every key at its declared default.
    public static let defaults = ConfigDefaults.build(ConfigSpec.rootKeys, SutureConfiguration.init)

    /// The defaults, to change in code (tests, `suture bench`).
    public init() {
        self = .defaults
    }

    /// Checks and loads a configuration text; throws every problem found, not just the first.
    public static func load(yaml: String, file: String = "config", environment: [String: String]) throws(ConfigProblems) -> SutureConfiguration {
        var checker = ConfigChecker(environment: environment)
        let checked = checker.check(yaml: yaml)
        guard checker.problems.isEmpty, let checked else { throw ConfigProblems(file: file, problems: checker.problems) }
        do {
            var configuration = try SutureConfiguration(checked)
            configuration.warnings = checker.warnings
            return configuration
        } catch {
            throw ConfigProblems(file: file, problems: [error])
        }
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

    /// Builds the typed value from a checked tree, whose keys with defaults are all present.
    init(_ value: ConfigValue) throws(ConfigProblem) {
        store = try value.text("store")
        http = try HTTPSettings(try value.member("http"))
        clients = try (value["clients"]?.items ?? []).map { client throws(ConfigProblem) in try ClientSettings(client) }
        systems = try (value["systems"]?.members ?? []).map { name, settings throws(ConfigProblem) in try SystemSettings(name: name, settings) }
        routes = try (value["routes"]?.items ?? []).map { route throws(ConfigProblem) in try RouteSettings(route) }
        let matching = try value.member("matching")
        self.matching = MatchingTolerances()
        self.matching.pricePercent = try matching.member("price").decimal("percent")
        self.matching.priceAbsolute = try matching.member("price").decimal("absolute")
        self.matching.quantityAbsolute = try matching.member("quantity").decimal("absolute")
        operations = try OperationsSettings(value)
        retention = try RetentionSettings(try value.member("retention"))
        replenishment = try ReplenishmentSettings(try value.member("replenishment"))
    }
}

/// Where and how the HTTP server listens.
public struct HTTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var maxBodyBytes: Int
    public var maxBatchBodyBytes: Int
    /// The quota of clients without one of their own.
    public var clientRateLimit: RateLimitSettings
    /// How long a stopping hub lets in-flight work finish.
    public var shutdownGrace: Duration
    /// A connection silent this long is closed.
    public var idleTimeout: Duration
    /// Connections one address may hold at once; 0: no cap.
    public var maxConnectionsPerAddress: Int
    /// HTTPS, when set.
    public var tls: TLSSettings?

    init(_ value: ConfigValue) throws(ConfigProblem) {
        host = try value.text("host")
        port = try value.integer("port")
        maxBodyBytes = try value.integer("maxBodyBytes")
        maxBatchBodyBytes = try value.integer("maxBatchBodyBytes")
        clientRateLimit = try RateLimitSettings(try value.member("clientRateLimit"))
        idleTimeout = try value.duration("idleTimeout")
        shutdownGrace = try value.duration("shutdownGrace")
        maxConnectionsPerAddress = try value.integer("maxConnectionsPerAddress")
        tls = value["tls"] == nil ? nil : TLSSettings(certificate: try value.member("tls").text("certificate"), key: try value.member("tls").text("key"),
                                                     clientCA: value["tls"]?["clientCA"] == nil ? nil : try value.member("tls").text("clientCA"))
    }
}

/// The files of the hub's HTTPS (docs/governance.md, "TLS").
public struct TLSSettings: Sendable, Equatable {
    public var certificate: String
    public var key: String
    /// Client certificates signed by these are required (mutual TLS).
    public var clientCA: String?

    public init(certificate: String, key: String, clientCA: String? = nil) {
        self.certificate = certificate
        self.key = key
        self.clientCA = clientCA
    }
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

    /// The checker made sure the client has exactly one of `token` and `tokenSHA256`.
    init(_ value: ConfigValue) throws(ConfigProblem) {
        let hash = value["tokenSHA256"] == nil ? Self.hash(token: try value.text("token")) : try value.text("tokenSHA256").lowercased()
        self.init(name: try value.text("name"), tokenSHA256: hash, scopes: value.words("scopes"),
                  rateLimit: value["rateLimit"] == nil ? nil : try RateLimitSettings(try value.member("rateLimit")))
    }

    /// The hex SHA-256 of a token, as stored and compared.
    public static func hash(token: String) -> String {
        Hex.encode(SHA256.hash(data: Array(token.utf8)))
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

    init(_ value: ConfigValue) throws(ConfigProblem) {
        self.init(types: value["match"]?["type"]?.items.compactMap(\.string),
                  sources: value["match"]?["source"]?.items.compactMap(\.string),
                  to: value.words("to"))
    }
}
