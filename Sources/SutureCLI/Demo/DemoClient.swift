import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SutureModel

/// The demo's calls to its own hub, over loopback HTTP like any other client.
struct DemoClient: Sendable {
    let baseURL: String
    let token: String

    struct Answer: Sendable {
        let status: Int
        let json: JSONValue
    }

    func call(_ method: HTTPMethod, _ path: String, json: String? = nil, headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), json: (try? JSONValue.parse(body.readableBytesView)) ?? .null)
    }

    func get(_ path: String) async throws -> JSONValue { try await call(.GET, path).json }

    /// Waits until `condition` holds on what `path` answers, up to `timeout`; the last answer either way.
    func waitFor(_ path: String, timeout: Duration = .seconds(30), _ condition: (JSONValue) -> Bool) async throws -> (held: Bool, last: JSONValue) {
        let deadline = ContinuousClock.now + timeout
        var last = JSONValue.null
        while ContinuousClock.now < deadline {
            last = try await get(path)
            if condition(last) { return (true, last) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return (false, last)
    }
}
