public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
public import SutureDelivery
import SutureProcurement
public import SutureModel
public import SutureStore

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

    /// Clients that trust the certificate authorities of one PEM file, by the file's path:
    /// made once per file and kept for the process's life, like `shared`.
    private static let trustingClients = Mutex<[String: HTTPClient]>([:])

    /// The client for a system whose HTTPS certificate comes from the authorities in
    /// `caFile` (a private CA) instead of the machine's trust store; the server's certificate
    /// and host name are verified as ever. `key` names the setting in the error when the
    /// file cannot be read (read once, when the hub starts).
    public static func trusting(caFile: String, key: String) throws(ConnectorSetupError) -> HTTPDeliveryClient {
        let roots: [NIOSSLCertificate]
        do { roots = try NIOSSLCertificate.fromPEMFile(caFile) } catch {
            throw ConnectorSetupError("\(key): cannot read \(caFile) as PEM certificates: \(error)")
        }
        guard !roots.isEmpty else { throw ConnectorSetupError("\(key): \(caFile) holds no PEM certificate") }
        let client = trustingClients.withLock { clients in
            if let client = clients[caFile] { return client }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(roots)
            var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.timeout.connect = .seconds(5)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[caFile] = client
            return client
        }
        return HTTPDeliveryClient(client: client)
    }

    /// Makes one attempt at a delivery to `baseURL` + its path, as every HTTP connector does:
    /// `headers`, then a child span of the delivery's trace in `traceparent` and, with a `token`,
    /// `Authorization: Bearer`.
    public func send(_ delivery: DeliveryRecord, to baseURL: String, headers: [(String, String)], token: String? = nil,
                     timeout: Duration) async -> DeliveryResponse {
        var headers = headers
        headers.append(("traceparent", TraceContext(traceparent: delivery.traceparent)?.childSpan().traceparent ?? delivery.traceparent))
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let result = await call(method: delivery.method, url: baseURL + delivery.path, headers: headers, body: delivery.body, timeout: timeout)
        return DeliveryResponse(outcome: result.outcome, detail: result.detail)
    }

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

    /// A GET answered with JSON; anything but 2xx or a failure to connect throws, with a
    /// readable reason.
    public func get(_ url: String, headers: [(String, String)], timeout: Duration) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let milliseconds = Int64(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let response: HTTPClientResponse
        do { response = try await client.execute(request, timeout: .milliseconds(milliseconds)) } catch {
            throw ERPReadError(Self.describe(error, url: url))
        }
        let buffer = try await response.body.collect(upTo: 64 << 20)
        guard (200...299).contains(Int(response.status.code)) else {
            throw ERPReadError("GET \(url) answered \(response.status.code): \(String(decoding: buffer.readableBytesView.prefix(Self.keptBodyBytes), as: UTF8.self))")
        }
        do { return try JSONValue.parse(Array(buffer.readableBytesView)) } catch {
            throw ERPReadError("GET \(url) did not answer JSON: \(error)")
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
        case let error as NIOSSLError:
            let text = String(describing: error)
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return "the certificate of \(place) is not trusted (a private CA must be named in the system's caFile): \(text)"
            }
            return "the TLS handshake with \(place) failed: \(text)"
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "the certificate of \(place) is not trusted: it is not issued for that host name"
        case ChannelError.connectTimeout:
            return "no connection to \(place) within the connect time-out"
        default:
            return "cannot reach \(place): \(error)"
        }
    }
}

/// A connector setting that stops the hub from starting (a CA file that cannot be read),
/// as one line naming the setting.
public struct ConnectorSetupError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
