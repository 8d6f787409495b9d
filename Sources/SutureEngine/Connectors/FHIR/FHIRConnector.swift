import Foundation
public import SutureConfig
public import SutureModel
public import SutureDelivery
public import SutureStore
import SutureFHIR
import SutureProcurement

/// Requisitions as FHIR R5 SupplyRequests for an outside FHIR server (`kind: fhir`,
/// docs/fhir.md): `PUT <url>/SupplyRequest/<requisition id>` with the requisition's state,
/// so a retry or a newer state updates the same resource. Each requisition's newest state
/// replaces an older one waiting to be sent (the delivery's state key).
public struct FHIRConnector: Connector {
    public let system: String
    let settings: FHIRSettings
    let timeout: Duration
    let http: HTTPDeliveryClient
    public let retryPolicy: DeliveryRetryPolicy

    public init(system: String, settings: FHIRSettings, delivery: DeliverySettings, http: HTTPDeliveryClient) throws {
        self.system = system
        self.settings = settings
        self.timeout = delivery.timeout
        self.http = http
        // A FHIR server refuses a resource it cannot take with a 4xx: sending it again changes nothing.
        self.retryPolicy = try DeliveryRetryPolicy(
            maxAttempts: delivery.retry.maxAttempts, initialBackoff: delivery.retry.initialBackoff,
            maxBackoff: delivery.retry.maxBackoff, clientErrors: .permanent)
    }

    /// Inventory events are not sent to a FHIR server; a route naming one is refused here.
    public func encode(_ event: CanonicalInventoryEvent, eventID: EventID, correlationID: CorrelationID, deliveryID: DeliveryID,
                       lookup: any MasterDataLookup) async throws -> NewDelivery {
        throw EventNormalizer.Failure(.invalidDocument, "\(system) is a FHIR server: it takes requisitions (SupplyRequest), not inventory events")
    }

    public func encode(_ document: OutboundDocument, deliveryID: DeliveryID, correlationID: CorrelationID, lookup: any MasterDataLookup) async throws -> NewDelivery? {
        guard case .requisition(let requisition, let version, let updatedAt) = document else { return nil }
        let resource = FHIRMapping.supplyRequest(requisition, version: version, updatedAt: updatedAt)
        return NewDelivery(id: deliveryID, destination: system, method: "PUT", path: "/SupplyRequest/\(requisition.id)",
                           body: resource.json.serialized(), idempotencyKey: "suture-\(deliveryID)", stateKey: "requisition:\(requisition.id)")
    }

    public func send(_ delivery: DeliveryRecord) async -> DeliveryResponse {
        await http.send(delivery, to: settings.url, headers: [("Content-Type", FHIR.mediaType), ("Accept", FHIR.mediaType)],
                        token: settings.token, timeout: timeout)
    }
}
