import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import SutureConfig
import SutureHTTP
import SutureStore
import SutureDelivery
import SutureTestSupport
import SutureStoreFactory
import SutureStoreSQLite
import SutureProcurement
import SutureEngine
import Tracing

/// A hub running in this process on a free loopback port, with a store of its own: an
/// SQLite file, or a PostgreSQL schema when `SUTURE_TEST_STORE=postgres` (scripts/test runs
/// this suite a second time that way, so the pipeline is tested on both stores).
struct TestHub {
    let baseURL: URL
    let store: any Store
    let directory: URL
    /// The hub's pipeline, for tests that drive its parts directly (alert checks).
    let pipeline: Pipeline

    /// Starts a hub, runs `body` against it, then shuts it down and removes its files.
    static func with(
        configuration: SutureConfiguration = SutureConfiguration(),
        tracer: (any Tracer)? = nil,
        _ body: (TestHub) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-http-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        if ProcessInfo.processInfo.environment["SUTURE_TEST_STORE"] == "postgres" {
            try await PostgresTestSchema.withSchema { url in
                try await run(configuration: configuration, store: try await StoreFactory.open(StoreURL(url)), directory: directory, tracer: tracer, body)
            }
        } else {
            try await run(configuration: configuration, store: try await SQLiteStore.open(path: directory.appendingPathComponent("suture.db").path),
                          directory: directory, tracer: tracer, body)
        }
    }

    private static func run(configuration: SutureConfiguration, store: any Store, directory: URL, tracer: (any Tracer)?,
                            _ body: (TestHub) async throws -> Void) async throws {
        var logger = Logger(label: "test-hub")
        // Cancelling the server at the end of a test logs errors that are expected.
        logger.logLevel = .critical
        let hub = try Hub(configuration: configuration, store: store, logger: logger, tracer: tracer)
        
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = hub.makeApplication(host: "127.0.0.1", port: 0, logger: logger) { port in
            portContinuation.yield(port)
        }
        do {
            try await withRunningServices([app]) {
                var ports = portStream.makeAsyncIterator()
                guard let port = await ports.next() else { throw TestHubError.didNotStart }
                try await body(TestHub(baseURL: URL(string: "http://127.0.0.1:\(port)")!, store: store, directory: directory,
                                       pipeline: hub.pipeline))
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Adds a client with `scopes` directly in the store and returns its token.
    func token(scopes: [String], name: String = "client-\(UUID().uuidString.prefix(8))") async throws -> String {
        let token = "tok_\(UUID().uuidString)"
        try await store.addClient(ClientRecord(name: name, tokenHash: ClientSettings.hash(token: token), scopes: scopes))
        return token
    }

    func request(_ method: String, _ path: String, token: String? = nil, json: String? = nil, body: Data? = nil,
                 headers: [String: String] = [:]) async throws -> TestResponse {
        // The path is appended as written, so tests control its percent-encoding.
        try await HTTPTestClient.send(method, URL(string: baseURL.absoluteString + path)!, token: token, json: json, body: body, headers: headers)
    }
}

enum TestHubError: Error { case didNotStart }

/// An answer as the test sees it.
struct TestResponse {
    let status: Int
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// The body parsed as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw TestHubError.didNotStart
        }
        return object
    }
}

/// Real HTTP over loopback with URLSession.
enum HTTPTestClient {
    /// No cookie store: a test that logs in to the console sends its cookie itself, and
    /// no session leaks into other tests' requests.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration)
    }()

    static func send(_ method: String, _ url: URL, token: String? = nil, json: String? = nil, body: Data? = nil,
                     headers: [String: String] = [:]) async throws -> TestResponse {
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key] = value }
        }
        return TestResponse(status: http.statusCode, headers: fields, body: data)
    }
}
