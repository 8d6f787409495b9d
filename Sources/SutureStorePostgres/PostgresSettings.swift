import Foundation
import SutureStore
import SutureDelivery
import NIOSSL
import PostgresNIO

/// How to reach one PostgreSQL database, read from a `postgres://` store URL.
///
/// The URL follows libpq's form, `postgres://USER:PASSWORD@HOST:PORT/DATABASE?PARAMS`, so
/// the same text works with `psql` (but for `pool_size`, Suture's own). Only the parameters
/// Suture acts on are accepted; any other is refused rather than silently ignored (a
/// mistyped `sslmode` must not quietly turn TLS off).
struct PostgresSettings: Sendable {
    /// Whether to speak TLS to the server.
    enum TLSMode: String, Sendable {
        case disable
        /// TLS if the server offers it, plain otherwise.
        case prefer
        /// TLS or no connection.
        case require
    }

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    var tls: TLSMode
    /// Extra startup parameters sent when connecting (`options`, `application_name`).
    var startupParameters: [(String, String)]
    /// The most connections this node's pool opens. Every node has its own pool, so the
    /// server's `max_connections` must cover the sum over nodes.
    var poolSize: Int
    /// The URL with the password hidden, for logs and errors.
    var redacted: String

    /// The URL parameters understood here; libpq's names and meanings.
    static let supportedParameters = ["sslmode", "options", "application_name", "pool_size"]

    /// Twice the processor cores, at least 4: a node's work runs on its cores, and every
    /// pooled connection keeps buffers as large as the largest message it carried (a batch
    /// of events), so connections beyond what the cores can keep busy only cost memory.
    /// PostgresNIO's own default of 20 grew a node past 150 MB on a 2-core machine, at
    /// no gain in throughput (docs/performance.md, "Memory").
    static let defaultPoolSize = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)

    init(url text: String) throws(StoreError) {
        let redacted = StoreURL.postgres(url: text).description
        self.redacted = redacted
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else { throw .invalidURL("the store URL '\(redacted)' is not a valid postgres:// URL") }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidURL("the store URL '\(redacted)' names no host; write postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let username = components.user, !username.isEmpty else {
            throw .invalidURL("the store URL '\(redacted)' names no user; write postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalidURL("the store URL '\(redacted)' names no database; write postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        // URLComponents leaves an out-of-range port to us (it only checks for digits).
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw .invalidURL("the store URL '\(redacted)' has port \(port), which is not between 1 and 65535")
        }
        // URLComponents keeps an IPv6 literal's brackets ([::1]); a socket address has none.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.username = username
        self.password = components.password
        self.database = database  // URLComponents.path is already percent-decoded
        // A server on this machine is reached without TLS unless asked; libpq's default
        // (`prefer`) holds for any other host.
        self.tls = Self.isLoopback(self.host) ? .disable : .prefer
        self.startupParameters = []
        self.poolSize = Self.defaultPoolSize
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default:
                    throw .invalidURL("the store URL '\(redacted)' has sslmode=\(value); use disable, prefer or require")
                }
            case "options", "application_name":
                startupParameters.append((item.name, value))
            case "pool_size":
                guard let size = Int(value), (1...1_000).contains(size) else {
                    throw .invalidURL("the store URL '\(redacted)' has pool_size=\(value); use a number of connections from 1 to 1000")
                }
                poolSize = size
            default:
                throw .invalidURL("the store URL '\(redacted)' has the parameter '\(item.name)', which Suture does not use; "
                                  + "supported: \(Self.supportedParameters.joined(separator: ", "))")
            }
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Settings for the one connection that migrates the schema at start.
    func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch self.tls {
        case .disable:
            tls = .disable
        case .prefer, .require:
            // Certificates are always verified (libpq's verify-full): a hub that trusts any
            // certificate would hand its database password to whoever answers.
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: .makeClientConfiguration())
            } catch {
                throw .unavailable("cannot set up TLS for \(redacted): \(error)")
            }
            tls = self.tls == .require ? .require(context) : .prefer(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// How long a pooled connection may sit idle before the pool closes it.
    static let idleTimeout: Duration = .seconds(5)

    /// Settings for the pool that serves every request after start.
    func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.maximumConnections = poolSize
        // The pool arms a timer each time a connection goes back idle (keep-alive, and an idle
        // timeout) and cancels it at the next lease; a cancelled timer's task lives on until
        // its deadline. At thousands of leases a second, PostgresNIO's defaults (30 s
        // keep-alive, 60 s idle timeout) kept about a minute of dead timers: a node grew by
        // 37 MB in its first minute of load (docs/performance.md, "Second round"). So a
        // connection idle for 5 seconds is closed (opened again when needed) and no keep-alive
        // runs: dead timers stay a few seconds' worth, and no connection sits idle long enough
        // for a firewall to drop it silently, which is what keep-alive queries guard against.
        configuration.options.connectionIdleTimeout = Self.idleTimeout
        configuration.options.keepAliveBehavior = nil
        return configuration
    }
}
