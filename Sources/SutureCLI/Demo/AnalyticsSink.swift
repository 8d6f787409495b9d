import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SutureEngine
import Synchronization

/// The demo's analytics platform: receives the hub's signed webhooks, checks each
/// signature (Standard Webhooks) and keeps what arrived, by event type.
final class AnalyticsSink: Sendable {
    let secret: String
    private let received = Mutex<[(type: String, signed: Bool)]>([])

    init(secret: String) {
        self.secret = secret
    }

    /// Event types received with a valid signature.
    var signedTypes: [String] { received.withLock { $0.filter(\.signed).map(\.type) } }
    var unsigned: Int { received.withLock { $0.filter { !$0.signed }.count } }

    func makeApplication(port: Int, onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        let signer = WebhookSigner(secret: secret)
        router.post("/events") { request, _ -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
            let timestamp = Int(request.headers[HTTPField.Name("webhook-timestamp")!] ?? "") ?? 0
            let signed = request.headers[HTTPField.Name("webhook-signature")!] == signer.signature(id: id, timestamp: timestamp, body: body)
            let type = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["type"] as? String ?? "?"
            self.received.withLock { $0.append((type, signed)) }
            return Response(status: signed ? .noContent : .unauthorized)
        }
        var logger = Logger(label: "analytics-sink")
        logger.logLevel = .critical
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                           onServerRunning: { await onListening($0.localAddress?.port ?? 0) }, logger: logger)
    }
}
