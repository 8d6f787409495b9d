public import Foundation
public import SutureModel
public import SutureStore
import SutureDelivery
import SutureProcurement

/// Turns canonical events and documents into webhook envelopes
/// (`{"id","type","occurredAt","correlationId","data"}`, docs/webhooks.md). No I/O:
/// `WebhookConnector` signs and sends what this builds.
public struct WebhookEncoder: Sendable {
    public let system: String

    public init(system: String) {
        self.system = system
    }

    /// The envelope of a normalized inventory event (`inventory.receipt`, ...).
    public func encode(_ event: CanonicalInventoryEvent, eventID: EventID, correlationID: CorrelationID, deliveryID: DeliveryID) -> NewDelivery {
        let body = JSONValue.object([
            ("id", .string(eventID.rawValue)),
            ("type", .string("inventory.\(event.type.rawValue)")),
            ("occurredAt", .string(InventoryEventJSON.timestamp(event.occurredAt))),
            ("correlationId", .string(correlationID.rawValue)),
            ("data", InventoryEventJSON.json(event)),
        ])
        return NewDelivery(id: deliveryID, destination: system, method: "POST", path: "", body: body.serialized(),
                           idempotencyKey: "suture-\(deliveryID)")
    }

    /// Order status changes and invoice outcomes reach subscribers as signed events too
    /// (`purchase-order.status`, `invoice.matched`); reversals do, as `receipt.voided`.
    public func encode(_ document: OutboundDocument, deliveryID: DeliveryID, correlationID: CorrelationID, at now: Date) -> NewDelivery? {
        let type: String
        let data: JSONValue
        let id: String
        switch document {
        case .purchaseOrderStatus(let order, let revision):
            (type, data, id) = ("purchase-order.status", PurchaseOrderJSON.json(order), "purchase-order:\(order.number):r\(revision)")
        case .apInvoice(let invoice, _, let match):
            (type, data, id) = ("invoice.\(match == "matched" ? "matched" : "approved")", InvoiceJSON.json(invoice), invoice.sourceID)
        case .purchaseOrder850, .requisition:
            return nil
        case .receivingAdvice(let advice):
            (type, data, id) = ("receipt.advice", advice.json, "receipt:\(advice.event.rawValue)")
        case .alert(let notice):
            (type, data, id) = (notice.type, .object([
                ("name", .string(notice.name)), ("value", .number(AlertNumber.text(notice.value))),
                ("threshold", .number(AlertNumber.text(notice.threshold))),
                ("since", .string(InventoryEventJSON.timestamp(milliseconds: notice.since))),
            ]), notice.id)
        case .recordChanged(let record):
            // The canonical record as it now is; the delivery id is unique per change.
            (type, data, id) = (record.changeType, record.json, deliveryID.rawValue)
        case .receiptReversal(let original, let reason):
            (type, data, id) = ("receipt.voided", .object([("event", .string(original.source.rawValue)), ("reason", .string(reason))]),
                                original.source.rawValue + ".void")
        }
        let body = JSONValue.object([
            ("id", .string(id)), ("type", .string(type)), ("occurredAt", .string(InventoryEventJSON.timestamp(now))),
            ("correlationId", .string(correlationID.rawValue)), ("data", data),
        ])
        return NewDelivery(id: deliveryID, destination: system, method: "POST", path: "", body: body.serialized(),
                           idempotencyKey: "suture-\(deliveryID)")
    }
}
