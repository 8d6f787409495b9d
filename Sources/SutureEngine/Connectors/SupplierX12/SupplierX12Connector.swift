import Foundation
public import SutureConfig
public import SutureModel
public import SutureDelivery
public import SutureStore
import SutureX12
import SutureProcurement

/// A supplier that trades ASC X12 through a managed folder (`kind: supplier-x12`): a
/// purchase order for it is written as an 850 into `out/`, with persisted, increasing
/// control numbers; what it sends back into `in/` is read by the ``SupplierExchangePoller``.
///
/// The interchange is built when the order is tracked and kept in the delivery, so every
/// retry writes the same bytes under the same name (a partner that already took the file
/// sees the same ISA13 again and drops it as a duplicate).
public struct SupplierX12Connector: Connector {
    public let system: String
    public let settings: SupplierX12Settings
    let store: any Store
    public let folder: ExchangeFolder
    public let retryPolicy: DeliveryRetryPolicy

    public init(system: String, settings: SupplierX12Settings, delivery: DeliverySettings, store: any Store) throws {
        self.system = system
        self.settings = settings
        self.store = store
        self.folder = ExchangeFolder(path: settings.exchange)
        self.retryPolicy = try DeliveryRetryPolicy(
            maxAttempts: delivery.retry.maxAttempts, initialBackoff: delivery.retry.initialBackoff,
            maxBackoff: delivery.retry.maxBackoff, clientErrors: .retried)
    }

    var encoder: SupplierX12Encoder {
        SupplierX12Encoder(system: system, parties: X12EnvelopeParties(sender: settings.senderID, receiver: settings.interchangeID),
                           version: settings.version, currency: settings.currency)
    }

    public func encode(_ event: CanonicalInventoryEvent, eventID: EventID, correlationID: CorrelationID, deliveryID: DeliveryID,
                       lookup: any MasterDataLookup) async throws -> NewDelivery {
        throw EventNormalizer.Failure(.invalidDocument, "\(system) is a supplier-x12 system; it takes purchase orders, not inventory events (check the routes)")
    }

    public func encode(_ document: OutboundDocument, deliveryID: DeliveryID, correlationID: CorrelationID, lookup: any MasterDataLookup) async throws -> NewDelivery? {
        if case .receivingAdvice(let advice) = document {
            let unitCode = try await encoder.unitCode(advice.received.unit, lookup: lookup)
            let vendorPart = try await lookup.crosswalkCodes(system: try SystemName(system), kind: .items, canonical: advice.item.rawValue).first?.code
            let numbers = try await store.reserveX12ControlNumbers(partner: system, sets: 1)
            let file = try encoder.receivingAdvice861(advice, unitCode: unitCode, vendorPart: vendorPart,
                                                      control: X12ControlNumbers(interchange: numbers.interchange, group: numbers.group,
                                                                                 firstSet: numbers.firstSet), at: Date())
            return NewDelivery(id: deliveryID, destination: system, method: "FILE", path: "out/\(file.name)", body: file.text,
                               idempotencyKey: "suture-\(deliveryID)")
        }
        guard case .purchaseOrder850(let order) = document else { return nil }
        let lines = try await encoder.lines(of: order, lookup: lookup)
        let shipTo = try await store.location(order.shipTo)
        let supplier = try await store.supplier(order.supplier)
        let numbers = try await store.reserveX12ControlNumbers(partner: system, sets: 1)
        let file = try encoder.purchaseOrder850(
            order, lines: lines, shipToName: shipTo?.name, supplierName: supplier?.name,
            control: X12ControlNumbers(interchange: numbers.interchange, group: numbers.group, firstSet: numbers.firstSet), at: Date())
        return NewDelivery(id: deliveryID, destination: system, method: "FILE", path: "out/\(file.name)", body: file.text,
                           idempotencyKey: "suture-\(deliveryID)")
    }

    public func send(_ delivery: DeliveryRecord) async -> DeliveryResponse {
        let name = String(delivery.path.dropFirst("out/".count))
        do {
            try folder.write(Array(delivery.body.utf8), named: name, in: folder.outbox)
            return DeliveryResponse(outcome: .success(status: 200), detail: "written to \(folder.outbox.appendingPathComponent(name).path)")
        } catch {
            // A full disk or a missing mount is an outage of the exchange: retried.
            return DeliveryResponse(outcome: .connectionFailed, detail: "\(error)")
        }
    }
}
