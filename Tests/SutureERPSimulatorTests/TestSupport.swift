import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import SutureERPSimulator
import SutureModel
import SutureTestSupport
import Testing

/// A simulator listening on an ephemeral loopback port, with a client for it.
struct RunningSimulator: Sendable {
    let simulator: ERPSimulator
    let client: TestHTTPClient

    var ledger: ERPLedger { simulator.ledger }
}

/// The token the tests configure unless they say otherwise.
let testToken = "erp-test-token"

/// Starts a simulator on 127.0.0.1 port 0, runs `body` against it, and stops it.
func withRunningSimulator(
    _ configuration: ERPSimulatorConfiguration = ERPSimulatorConfiguration(token: testToken),
    _ body: (RunningSimulator) async throws -> Void
) async throws {
    let simulator = try ERPSimulator(configuration: configuration)
    let (ports, listening) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "erp-simulator-tests")
    logger.logLevel = .critical
    try await withRunningServices([simulator.makeApplication(host: "127.0.0.1", port: 0, logger: logger) { port in listening.yield(port) }]) {
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let client = TestHTTPClient(port: port, token: configuration.token)
        defer { client.close() }
        try await body(RunningSimulator(simulator: simulator, client: client))
    }
}

/// A response as the tests look at it.
struct TestResponse: Sendable {
    let status: Int
    let headers: [String: String]
    let data: Data

    var json: JSONValue? { try? JSONValue.parse(Array(data)) }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// The `code` of an error body.
    var code: String? { json?["code"]?.stringValue }
}

/// A small HTTP/1.1 client over `URLSession`, enough to talk to the simulator the way the
/// hub's delivery does: bearer token, `Idempotency-Key`, `traceparent`, JSON body.
struct TestHTTPClient: Sendable {
    let port: Int
    let token: String?
    private let session: URLSession

    init(port: Int, token: String?) {
        self.port = port
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 15
        session = URLSession(configuration: configuration)
    }

    func close() { session.finishTasksAndInvalidate() }

    func send(
        _ method: String, _ path: String, json: String? = nil, idempotencyKey: String? = nil,
        traceparent: String? = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        authorization: String? = nil, sendToken: Bool = true
    ) async throws -> TestResponse {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let authorization {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        } else if sendToken, let token {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        if let traceparent { request.setValue(traceparent, forHTTPHeaderField: "traceparent") }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return TestResponse(status: http.statusCode, headers: headers, data: data)
    }

    /// `POST /receipts` under `key`.
    func postReceipt(_ body: String, key: String) async throws -> TestResponse {
        try await send("POST", "/receipts", json: body, idempotencyKey: key)
    }

    /// The control API's JSON at `path`.
    func control(_ method: String, _ path: String, json: String? = nil) async throws -> JSONValue {
        let response = try await send(method, path, json: json, sendToken: false)
        #expect(response.status == 200, "\(method) \(path) answered \(response.status)")
        return try #require(response.json)
    }
}

/// A valid receipt body (docs/erp-profile.md, "POST /receipts") for `receiptID`.
func receiptBody(_ receiptID: String = "R-1", item: String = "ERP-4711", unit: String = "EA", quantity: String = "\"24\"",
                 purchaseOrder: String = "PO123456") -> String {
    """
    {"receiptId":"\(receiptID)","purchaseOrder":"\(purchaseOrder)","location":"MAIN-OR-STORE",\
    "receivedAt":"2026-05-18T10:15:00Z","lines":[{"poLine":1,"item":"\(item)","quantity":\(quantity),\
    "unit":"\(unit)","lot":"LOT4711","expiry":"2027-01-31","serial":null}]}
    """
}

/// A valid inventory transaction body for `transactionID`.
func transactionBody(_ transactionID: String = "T-1", type: String = "issue", item: String = "ERP-4711",
                     unit: String = "EA", quantity: String = "2") -> String {
    """
    {"transactionId":"\(transactionID)","type":"\(type)","item":"\(item)","location":"MAIN-OR-STORE",\
    "quantity":\(quantity),"unit":"\(unit)","occurredAt":"2026-05-18T10:15:00.250+02:00","reason":"case 42"}
    """
}

extension JSONValue {
    /// The integer a number member holds, for comparisons in tests.
    var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }
}
