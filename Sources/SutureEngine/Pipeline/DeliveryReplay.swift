import Foundation
public import SutureModel
public import SutureStore
import SutureDelivery
import SutureProcurement

/// How a delivery goes back in its queue (a replay from the API or a retry from the
/// workbench). A dead one keeps its key and body: the destination may have posted it.
/// After a permanent rejection nothing was posted, so the body is encoded again from its
/// source (a person may have fixed a mapping) and sent under a revised key (`.r1`, `.r2`...).
public struct DeliveryReplay: Sendable {
    let connectors: [String: any Connector]
    let orders: OrderFlows

    public func requeue(_ delivery: DeliveryRecord) async throws -> DeliveryRequeue {
        guard delivery.status == .rejected else {
            return DeliveryRequeue(deliveryID: delivery.id, idempotencyKey: delivery.idempotencyKey, body: nil)
        }
        return DeliveryRequeue(deliveryID: delivery.id, idempotencyKey: Self.revisedKey(delivery.idempotencyKey),
                               body: try await reencoded(delivery))
    }

    /// The delivery's body encoded again from its source; nil keeps the stored one (a
    /// reversal, a document the connector no longer takes, an event not normalized).
    func reencoded(_ delivery: DeliveryRecord) async throws -> String? {
        guard let connector = connectors[delivery.destination], !delivery.id.isReversal else { return nil }
        let store = orders.store
        switch delivery.source {
        case .invoice(let number):
            guard let (invoice, _) = try await orders.invoice(number), let (order, _) = try await orders.purchaseOrder(invoice.purchaseOrder) else {
                return nil
            }
            let match = invoice.status == .approved ? "approved-variance" : "matched"
            return try await connector.encode(.apInvoice(invoice, order: order, match: match), deliveryID: delivery.id,
                                              correlationID: delivery.correlationID, lookup: store)?.body
        case .event(let eventID):
            guard let event = try await store.event(id: eventID), let normalized = event.normalized,
                  let canonical = try? InventoryEventJSON.canonical(try JSONValue.parse(normalized)) else { return nil }
            return try await connector.encode(canonical, eventID: event.id, correlationID: event.correlationID, deliveryID: delivery.id,
                                              lookup: store).body
        case .masterRecord(let name):
            // The record as it is now (a newer change, a fixed crosswalk apply).
            guard name.hasPrefix("item:"), let id = try? ItemID(String(name.dropFirst(5))), let item = try await store.item(id) else { return nil }
            return try await connector.encode(.recordChanged(.item(item)), deliveryID: delivery.id, correlationID: delivery.correlationID,
                                              lookup: store)?.body
        case .requisition(let id):
            guard let document = try await store.document(.requisition, key: id) else { return nil }
            let (requisition, _) = try RequisitionJSON.decode(document)
            return try await connector.encode(.requisition(requisition, version: document.version, updatedAt: document.updatedAt), deliveryID: delivery.id,
                                              correlationID: delivery.correlationID, lookup: store)?.body
        case .purchaseOrder, .alert:
            return nil
        }
    }

    /// Puts `delivery` back in its queue as a person asked (`requeue` from `requeue(_:)`,
    /// `changes` what the new body changes): the transaction's timeline says who did it and
    /// its audit entry records it. Nil if the delivery is gone; `StoreError.conflict` if
    /// someone replayed it meanwhile.
    public func replay(_ delivery: DeliveryRecord, _ requeue: DeliveryRequeue, changes: [JSONDiff.Change], actor: String, bulk: Bool) async throws -> DeliveryRecord? {
        let now = WallClock.nowMilliseconds()
        let detail = "delivery \(delivery.id) requeued by \(actor)\(bulk ? " in a bulk replay" : "") with key \(requeue.idempotencyKey)"
            + (changes.isEmpty ? "" : "; changed: " + changes.map(\.path).joined(separator: ", "))
        let entry = TimelineEntry(at: now, correlationID: delivery.correlationID, stage: .replayed, system: delivery.destination,
                                  outcome: "ok", detail: detail)
        let audit = AuditDraft(at: now, actor: actor, action: "delivery.replay", target: "delivery:\(delivery.id)", details: .object([
            ("destination", .string(delivery.destination)), ("idempotencyKey", .string(requeue.idempotencyKey)), ("bulk", .bool(bulk)),
            ("changes", .array(changes.map { .object([("field", .string($0.path)), ("from", $0.from ?? .null), ("to", $0.to ?? .null)]) })),
        ]))
        return try await orders.store.requeueDelivery(id: delivery.id, idempotencyKey: requeue.idempotencyKey, body: requeue.body,
                                                      now: now, timeline: entry, audit: audit)
    }

    /// `suture-dlv_x` becomes `suture-dlv_x.r1`, then `.r2`...
    public static func revisedKey(_ key: String) -> String {
        if let range = key.range(of: ".r", options: .backwards), let revision = Int(key[range.upperBound...]) {
            return key[..<range.lowerBound] + ".r\(revision + 1)"
        }
        return key + ".r1"
    }
}
