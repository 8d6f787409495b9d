import Crypto
import Foundation
public import SutureConfig
public import SutureModel
public import SutureDelivery
public import SutureStore
public import SutureProcurement

/// Signed webhooks (CONTRACT §5, Standard Webhooks): the normalized event, POSTed with
/// `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<HMAC-SHA256>`.
public struct WebhookConnector: Connector {
    public let system: String
    let settings: SystemSettings
    let http: HTTPDeliveryClient
    let signer: WebhookSigner
    public let retryPolicy: DeliveryRetryPolicy

    public init(settings: SystemSettings, http: HTTPDeliveryClient) throws {
        self.system = settings.name
        self.settings = settings
        self.http = http
        self.signer = WebhookSigner(secret: settings.secret ?? "")
        self.retryPolicy = try DeliveryRetryPolicy(
            maxAttempts: settings.retry.maxAttempts, initialBackoff: settings.retry.initialBackoff,
            maxBackoff: settings.retry.maxBackoff, clientErrors: .retried)
    }

    public func encode(_ event: CanonicalInventoryEvent, eventID: String, correlationID: String, deliveryID: String,
                       lookup: any MasterDataLookup) async throws -> NewDelivery {
        let body = JSONValue.object([
            ("id", .string(eventID)),
            ("type", .string("inventory.\(event.type.rawValue)")),
            ("occurredAt", .string(InventoryEventJSON.timestamp(event.occurredAt))),
            ("correlationId", .string(correlationID)),
            ("data", InventoryEventJSON.json(event)),
        ])
        return NewDelivery(id: deliveryID, destination: system, method: "POST", path: "", body: body.serialized(),
                           idempotencyKey: "suture-\(deliveryID)")
    }

    /// Order status changes and invoice outcomes reach subscribers as signed events too
    /// (`purchase-order.status`, `invoice.matched`); reversals do, as `receipt.voided`.
    public func encode(_ document: OutboundDocument, deliveryID: String, correlationID: String, lookup: any MasterDataLookup) async throws -> NewDelivery? {
        let type: String
        let data: JSONValue
        let id: String
        switch document {
        case .purchaseOrderStatus(let order, let revision):
            (type, data, id) = ("purchase-order.status", PurchaseOrderJSON.json(order), "purchase-order:\(order.number):r\(revision)")
        case .apInvoice(let invoice, _, let match):
            (type, data, id) = ("invoice.\(match == "matched" ? "matched" : "approved")", InvoiceJSON.json(invoice), invoice.sourceID)
        case .purchaseOrder850:
            return nil
        case .receiptReversal(let original, let reason):
            (type, data, id) = ("receipt.voided", .object([("event", .string(original.eventID)), ("reason", .string(reason))]),
                                original.eventID + ".void")
        }
        let body = JSONValue.object([
            ("id", .string(id)), ("type", .string(type)), ("occurredAt", .string(InventoryEventJSON.timestamp(Date()))),
            ("correlationId", .string(correlationID)), ("data", data),
        ])
        return NewDelivery(id: deliveryID, destination: system, method: "POST", path: "", body: body.serialized(),
                           idempotencyKey: "suture-\(deliveryID)")
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
            ("traceparent", TraceContext(traceparent: delivery.traceparent)?.childSpan().traceparent ?? delivery.traceparent),
        ]
        let result = await http.call(method: "POST", url: (settings.url ?? "") + delivery.path, headers: headers, body: delivery.body,
                                     timeout: settings.timeout)
        return DeliveryResponse(outcome: result.outcome, detail: result.detail)
    }
}

/// Standard Webhooks signatures: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`.
public struct WebhookSigner: Sendable {
    let key: SymmetricKey

    /// `secret` is `whsec_<base64>` (the key is the decoded bytes) or raw text.
    public init(secret: String) {
        if secret.hasPrefix("whsec_"), let decoded = Data(base64Encoded: String(secret.dropFirst(6))) {
            key = SymmetricKey(data: decoded)
        } else {
            key = SymmetricKey(data: Data(secret.utf8))
        }
    }

    public func signature(id: String, timestamp: Int, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(body)".utf8), using: key)
        return "v1," + Data(mac).base64EncodedString()
    }
}
