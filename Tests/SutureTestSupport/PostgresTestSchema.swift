public import Foundation
import Logging
import PostgresNIO

/// A PostgreSQL schema of its own for each test, so tests running in parallel on one
/// database never see each other's rows: created empty before the test, dropped after.
///
/// The server comes from `SUTURE_TEST_POSTGRES_URL`; its URL is handed to the store with
/// `options=-csearch_path=<schema>`, as a deployment would name a schema.
public enum PostgresTestSchema {
    public static let urlVariable = "SUTURE_TEST_POSTGRES_URL"
    public static let switchVariable = "SUTURE_TEST_POSTGRES"

    /// Whether PostgreSQL tests were switched off on purpose (`SUTURE_TEST_POSTGRES=skip`).
    public static var isSkipped: Bool { ProcessInfo.processInfo.environment[switchVariable] == "skip" }

    /// Why a PostgreSQL test cannot run, told to whoever reads the test report.
    public struct Unconfigured: Error, CustomStringConvertible {
        public var description: String {
            "\(urlVariable) is not set: PostgreSQL store tests need a server, e.g. "
                + "\(urlVariable)=postgres://postgres:ci_pw@127.0.0.1:55432/suture_test "
                + "(scripts/with-postgres starts a throwaway one); set \(switchVariable)=skip to leave them out on purpose"
        }
    }

    /// The server's URL from the environment; throws `Unconfigured` (failing the test) without it.
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[urlVariable], !url.isEmpty else { throw Unconfigured() }
        return url
    }

    /// Runs `body` with a store URL whose tables live in a new, empty schema, dropped afterwards.
    public static func withSchema(_ body: (String) async throws -> Void) async throws {
        let server = try serverURL()
        let schema = "s_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE SCHEMA \(schema)", on: server)
        do {
            try await body(url(server, schema: schema))
        } catch {
            try? await execute("DROP SCHEMA \(schema) CASCADE", on: server)
            throw error
        }
        try await execute("DROP SCHEMA \(schema) CASCADE", on: server)
    }

    /// `server` with its search_path set to `schema`, and a small pool: tests run in
    /// parallel, several nodes each, against one server's `max_connections` (100 by default).
    public static func url(_ server: String, schema: String) -> String {
        server + (server.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema + "&pool_size=\(poolSize)"
    }

    /// The schema a URL made by `url(_:schema:)` names, to qualify tables in `execute`.
    public static func schema(of url: String) -> String? {
        guard let range = url.range(of: "search_path%3D") else { return nil }
        return String(url[range.upperBound...].prefix { $0 != "&" })
    }

    /// Connections per store in tests; enough for the cluster tests' concurrency to contend.
    static let poolSize = 4

    /// What went wrong with a set-up statement, in full: PostgresNIO's own description of
    /// its errors says nothing, to keep data out of logs, but a failing test must say why.
    public struct SetupFailed: Error, CustomStringConvertible {
        public var statement: String
        public var error: any Error
        public var description: String { "PostgreSQL test set-up failed on '\(statement)': \(String(reflecting: error))" }
    }

    /// Runs one statement on a connection of its own to the server (not through a store).
    ///
    /// The test server is on this machine, so the connection is made without TLS.
    public static func execute(_ sql: String, on server: String) async throws {
        guard let components = URLComponents(string: server), let host = components.host, let user = components.user else {
            throw Unconfigured()
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        let logger = Logger(label: "suture.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw SetupFailed(statement: sql, error: error)
        }
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
        } catch {
            try? await connection.close()
            throw SetupFailed(statement: sql, error: error)
        }
        try await connection.close()
    }
}
