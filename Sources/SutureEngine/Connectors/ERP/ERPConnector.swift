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

    /// The ERP's item master (`GET /items`, page by page), for drift detection.
    public func readItems() async throws -> [SystemItemRecord] {
        var records: [SystemItemRecord] = []
        var after: String?
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let token = settings.token { headers.append(("Authorization", "Bearer \(token)")) }
        repeat {
            var url = settings.url + "/items?limit=1000"
            if let after { url += "&after=" + ERPEncoder.pathSegment(after) }
            let page = try await http.get(url, headers: headers, timeout: timeout)
            guard case .array(let items) = page["items"] ?? .null else { throw ERPReadError("\(system): GET /items did not answer {\"items\":[...]}") }
            for item in items {
                guard let code = item["item"]?.stringValue else { throw ERPReadError("\(system): an item of GET /items has no \"item\" code") }
                records.append(SystemItemRecord(code: code, description: item["description"]?.stringValue, gtin: item["gtin"]?.stringValue,
                                                unit: item["unit"]?.stringValue, status: item["status"]?.stringValue,
                                                price: item["price"]?.stringValue ?? item["price"]?.numberText))
            }
            after = page["next"]?.stringValue
        } while after != nil
        return records
    }

    public func send(_ delivery: DeliveryRecord) async -> DeliveryResponse {
        await http.send(delivery, to: settings.url, headers: [("Content-Type", "application/json"), ("Idempotency-Key", delivery.idempotencyKey)],
                        token: settings.token, timeout: timeout)
    }
}

/// A read from an ERP that did not give what the profile promises.
public struct ERPReadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
