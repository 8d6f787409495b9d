import Crypto
import Foundation
public import SutureConfig
public import SutureModel
public import SutureDelivery
public import SutureStore
import SutureProcurement

/// Signed webhooks (docs/webhooks.md; Standard Webhooks): what `WebhookEncoder`
/// builds, POSTed with `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<HMAC-SHA256>`.
public struct WebhookConnector: Connector {
    public let system: String
    let settings: WebhookSettings
    let timeout: Duration
    let http: HTTPDeliveryClient
    let signer: WebhookSigner
    public let retryPolicy: DeliveryRetryPolicy
    let encoder: WebhookEncoder

    public init(system: String, settings: WebhookSettings, delivery: DeliverySettings, http: HTTPDeliveryClient) throws {
        self.system = system
        self.encoder = WebhookEncoder(system: system)
        self.settings = settings
        self.timeout = delivery.timeout
        self.http = http
        self.signer = WebhookSigner(secret: settings.secret)
        self.retryPolicy = try DeliveryRetryPolicy(
            maxAttempts: delivery.retry.maxAttempts, initialBackoff: delivery.retry.initialBackoff,
            maxBackoff: delivery.retry.maxBackoff, clientErrors: .retried)
    }

    public func encode(_ event: CanonicalInventoryEvent, eventID: EventID, correlationID: CorrelationID, deliveryID: DeliveryID,
                       lookup: any MasterDataLookup) async throws -> NewDelivery {
        encoder.encode(event, eventID: eventID, correlationID: correlationID, deliveryID: deliveryID)
    }

    public func encode(_ document: OutboundDocument, deliveryID: DeliveryID, correlationID: CorrelationID, lookup: any MasterDataLookup) async throws -> NewDelivery? {
        encoder.encode(document, deliveryID: deliveryID, correlationID: correlationID, at: Date())
    }

    public func send(_ delivery: DeliveryRecord) async -> DeliveryResponse {
        let timestamp = Int(Date().timeIntervalSince1970)
        // The webhook id stays the same across retries so subscribers can deduplicate.
        let id = delivery.idempotencyKey
        let headers: [(String, String)] = [
            ("Content-Type", "application/json"),
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signer.signature(id: id, timestamp: timestamp, body: delivery.body)),
        ]
        return await http.send(delivery, to: settings.url, headers: headers, timeout: timeout)
    }
}
