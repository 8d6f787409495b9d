import Foundation
public import SutureConfig
public import SutureModel
public import SutureDelivery
public import SutureStore
import SutureProcurement

/// The reference ERP REST profile (docs/erp-profile.md): the calls
/// `ERPEncoder` builds, sent with a bearer token, the delivery's idempotency key and a
/// child span of its trace.
public struct ERPConnector: Connector {
    public let system: String
    let settings: ERPSettings
    let timeout: Duration
    let store: any Store
    let http: HTTPDeliveryClient
    public let retryPolicy: DeliveryRetryPolicy
    let encoder: ERPEncoder

    public init(system: String, settings: ERPSettings, delivery: DeliverySettings, store: any Store, http: HTTPDeliveryClient) throws {
        self.system = system
        self.encoder = ERPEncoder(system: system)
        self.settings = settings
        self.timeout = delivery.timeout
        self.store = store
        self.http = http
        self.retryPolicy = try DeliveryRetryPolicy(
            maxAttempts: delivery.retry.maxAttempts, initialBackoff: delivery.retry.initialBackoff,
            maxBackoff: delivery.retry.maxBackoff, clientErrors: .permanent)
    }

    public func encode(_ event: CanonicalInventoryEvent, eventID: EventID, correlationID: CorrelationID, deliveryID: DeliveryID,
                       lookup: any MasterDataLookup) async throws -> NewDelivery {
        try await encoder.encode(event, eventID: eventID, deliveryID: deliveryID, lookup: lookup)
    }

    public func encode(_ document: OutboundDocument, deliveryID: DeliveryID, correlationID: CorrelationID, lookup: any MasterDataLookup) async throws -> NewDelivery? {
        try await encoder.encode(document, deliveryID: deliveryID, lookup: lookup)
    }

    public func send(_ delivery: DeliveryRecord) async -> DeliveryResponse {
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"),
            ("Idempotency-Key", delivery.idempotencyKey),
            ("traceparent", TraceContext(traceparent: delivery.traceparent)?.childSpan().traceparent ?? delivery.traceparent),
        ]
        if let token = settings.token { headers.append(("Authorization", "Bearer \(token)")) }
        let result = await http.call(method: delivery.method, url: settings.url + delivery.path, headers: headers, body: delivery.body,
                                     timeout: timeout)
        return DeliveryResponse(outcome: result.outcome, detail: result.detail)
    }
}
