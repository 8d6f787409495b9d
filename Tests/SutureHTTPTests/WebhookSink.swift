import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import NIOCore
import Synchronization
import SutureProcurement
import SutureDelivery
import SutureTestSupport

/// A webhook subscriber for tests: records every request it receives, answers 204.
final class WebhookSink: Sendable {
    struct Received: Sendable {
        let headers: [String: String]
        let body: String
    }

    private let requests = Mutex<[Received]>([])
    let url: String

    private init(url: String) { self.url = url }

    func received() -> [Received] { requests.withLock { $0 } }

    /// Runs a sink on a free loopback port for the duration of `body`; over HTTPS with the
    /// certificate and key files of `tls`, when given.
    static func with(tls: (certificate: URL, key: URL)? = nil, _ body: (WebhookSink) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let box = Mutex<WebhookSink?>(nil)
        let router = Router()
        router.post("/events") { request, context -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            box.withLock { $0 }?.requests.withLock { $0.append(Received(headers: headers, body: String(buffer: buffer))) }
            return Response(status: .noContent)
        }
        var logger = Logger(label: "webhook-sink")
        logger.logLevel = .critical
        var server = HTTPServerBuilder.http1()
        if let tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate.path).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.key.path, format: .pem)
            server = try .tls(server, tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        }
        let app = Application(router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        try await withRunningServices([app]) {
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            let sink = WebhookSink(url: "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)/events")
            box.withLock { $0 = sink }
            try await body(sink)
        }
    }
}
