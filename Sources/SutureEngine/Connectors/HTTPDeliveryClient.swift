public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
public import SutureDelivery
import SutureProcurement

/// Makes one HTTP call for a delivery and classifies the answer; shared by every connector.
public struct HTTPDeliveryClient: Sendable {
    let client: HTTPClient
    /// The most of an answer's body kept for the timeline and exceptions.
    static let keptBodyBytes = 4096

    public init(client: HTTPClient = HTTPDeliveryClient.shared) {
        self.client = client
    }

    /// The process's client for deliveries. A connection that is refused (nothing listens)
    /// or cannot be resolved fails the attempt at once: the delivery worker retries it on
    /// its own schedule, with backoff and the circuit breaker, instead of the HTTP client
    /// trying to connect again and again until the attempt's time-out.
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public func call(method: String, url: String, headers: [(String, String)], body: String, timeout: Duration) async -> (outcome: DeliveryOutcome, detail: String) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let milliseconds = Int64(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        do {
            let response = try await client.execute(request, timeout: .milliseconds(milliseconds))
            let buffer = try await response.body.collect(upTo: 1 << 20)
            let text = String(decoding: buffer.readableBytesView.prefix(Self.keptBodyBytes), as: UTF8.self)
            let status = Int(response.status.code)
            if (200...299).contains(status) { return (.success(status: status), text) }
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryAfter.parse($0, now: Date()) }
            return (.httpStatus(status, retryAfter: retryAfter), text)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return (.timeout, "no answer within \(timeout)")
        } catch {
            return (.connectionFailed, Self.describe(error, url: url))
        }
    }

    /// A failure to reach the system, in words a person can act on.
    static func describe(_ error: any Error, url: String) -> String {
        let place = URL(string: url).flatMap { url in url.host.map { "\($0):\(url.port ?? (url.scheme == "https" ? 443 : 80))" } } ?? url
        switch error {
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return "cannot resolve the host of \(place)"
            }
            if let first = error.connectionErrors.first?.error { return describe(first, url: url) }
            return "cannot connect to \(place)"
        case let error as IOError where error.errnoCode == ECONNREFUSED:
            return "connection refused by \(place) (nothing listens there)"
        case let error as IOError where error.errnoCode == EHOSTUNREACH || error.errnoCode == ENETUNREACH:
            return "\(place) cannot be reached from here (no route to host)"
        case let error as HTTPClientError where error == .connectTimeout:
            return "no connection to \(place) within the connect time-out"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            return "\(place) closed the connection before answering"
        case ChannelError.connectTimeout:
            return "no connection to \(place) within the connect time-out"
        default:
            return "cannot reach \(place): \(error)"
        }
    }
}
