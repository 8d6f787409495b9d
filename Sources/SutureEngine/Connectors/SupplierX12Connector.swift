import Foundation
public import SutureConfig
public import SutureModel
public import SutureDelivery
public import SutureStore
import SutureX12
public import SutureProcurement

/// A supplier that trades ASC X12 through a managed folder (`kind: supplier-x12`): a
/// purchase order for it is written as an 850 into `out/`, with persisted, increasing
/// control numbers; what it sends back into `in/` is read by the ``SupplierExchangePoller``.
///
/// The interchange is built when the order is tracked and kept in the delivery, so every
/// retry writes the same bytes under the same name (a partner that already took the file
/// sees the same ISA13 again and drops it as a duplicate).
public struct SupplierX12Connector: Connector {
    public let system: String
    let settings: SystemSettings
    let store: any Store
    public let folder: ExchangeFolder
    public let retryPolicy: DeliveryRetryPolicy

    public init(settings: SystemSettings, store: any Store) throws {
        self.system = settings.name
        self.settings = settings
        self.store = store
        self.folder = ExchangeFolder(path: settings.exchange ?? settings.name)
        self.retryPolicy = try DeliveryRetryPolicy(
            maxAttempts: settings.retry.maxAttempts, initialBackoff: settings.retry.initialBackoff,
            maxBackoff: settings.retry.maxBackoff, clientErrors: .retried)
    }

    /// The envelope of what Suture writes to this supplier.
    var parties: X12EnvelopeParties {
        X12EnvelopeParties(sender: settings.senderID, receiver: settings.interchangeID ?? system)
    }

    var version: X12Version { X12Version(rawValue: settings.x12Version) ?? .v004010 }

    public func encode(_ event: CanonicalInventoryEvent, eventID: String, correlationID: String, deliveryID: String,
                       lookup: any MasterDataLookup) async throws -> NewDelivery {
        throw EventNormalizer.Failure(.invalidDocument, "\(system) is a supplier-x12 system; it takes purchase orders, not inventory events (check the routes)")
    }

    public func encode(_ document: OutboundDocument, deliveryID: String, correlationID: String, lookup: any MasterDataLookup) async throws -> NewDelivery? {
        guard case .purchaseOrder850(let order) = document else { return nil }
        let systemName = try SystemName(system)
        var lines: [X12LineItem] = []
        for line in order.lines {
            let machine = line.machine
            let item = try await lookup.item(machine.item)
            let vendorPart = try await lookup.crosswalkCodes(system: systemName, kind: .items, canonical: machine.item.rawValue).first?.code
            let unitCode = try await lookup.crosswalkCodes(system: systemName, kind: .units, canonical: machine.unit.code).first?.code
                ?? (machine.unit.code == "CS" ? "CA" : machine.unit.code)
            let gtin = item.flatMap { item in item.packaging.levels.first { $0.unit == machine.unit }?.gtin ?? (item.packaging.baseUnit == machine.unit ? item.gtin : nil) }
            lines.append(X12LineItem(line: String(machine.lineNumber), quantity: ExactDecimal.format(machine.quantities.ordered), unit: unitCode,
                                     unitPrice: machine.unitPrice.map(ExactDecimal.format), gtin: gtin, vendorPart: vendorPart,
                                     buyerPart: machine.item.rawValue, description: item?.description))
        }
        let shipTo = try await store.location(order.shipTo)
        let supplier = try await store.supplier(order.supplier)
        let date = X12Timestamp(order.orderedAt ?? Date())
        let x12 = X12Document(
            set: "850", control: "0001", number: order.number, purchaseOrder: order.number, date: date.date, purpose: "00", typeCode: "SA",
            currency: "USD",
            parties: [
                X12Party(code: "ST", name: shipTo?.name ?? order.shipTo.rawValue, idQualifier: "92", id: order.shipTo.rawValue),
                X12Party(code: "SE", name: supplier?.name ?? order.supplier.rawValue, idQualifier: "92", id: order.supplier.rawValue),
            ],
            lines: lines)
        let numbers = try await store.reserveX12ControlNumbers(partner: system, sets: 1)
        let text: String
        do {
            text = try X12Writer(version: version).write(
                [x12], parties: parties,
                control: X12ControlNumbers(interchange: numbers.interchange, group: numbers.group, firstSet: numbers.firstSet),
                timestamp: X12Timestamp(Date()))
        } catch {
            throw EventNormalizer.Failure(.invalidDocument, "the 850 for \(order.number) cannot be written: \(error)")
        }
        let name = "850-\(ExchangeFolder.safeName(order.number))-\(String(format: "%09d", numbers.interchange)).x12"
        return NewDelivery(id: deliveryID, destination: system, method: "FILE", path: "out/\(name)", body: text,
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
