import Foundation
public import SutureModel
import SutureDelivery
public import SutureStore
import SutureProcurement
import SutureConfig

/// The orders one processor batch has read, with the version each was read at, so that
/// several receipts of a batch change one order in turn and each write expects the last.
final class OrderBatch {
    var orders: [String: (order: PurchaseOrder, document: StoredDocument)?] = [:]
}

/// What linking a receipt (or a return) to its purchase order line came to.
struct ReceivingLink {
    /// The event with the line it was put on (`poLine` filled in when found by item).
    var canonical: CanonicalInventoryEvent
    var exceptions: [NewException] = []
    /// True when the event must wait for a person (no line takes it): nothing is posted.
    var hold = false
    var effects = StoreChanges()
    var timeline: [TimelineEntry] = []
}

extension OrderFlows {
    /// Links a receipt or return that names a tracked purchase order to its line: puts the
    /// quantity in the line's unit, applies it to the line, checks it against the ship
    /// notice (or the open quantity) and the announced lots, and queues the status update.
    /// Nil when the event names no order, or one Suture does not track (it is posted as is).
    func link(_ canonical: CanonicalInventoryEvent, event: StoredEvent, orders: OrderBatch, lookup: any MasterDataLookup) async throws -> ReceivingLink? {
        guard canonical.type == .receipt || canonical.type == .return, let number = canonical.purchaseOrder else { return nil }
        let loaded: (order: PurchaseOrder, document: StoredDocument)?
        if let cached = orders.orders[number] {
            loaded = cached
        } else {
            loaded = try await purchaseOrder(number)
            orders.orders[number] = loaded
        }
        guard let (order, document) = loaded else { return nil }
        let now = WallClock.nowMilliseconds()
        var link = ReceivingLink(canonical: canonical)
        func hold(_ type: ExceptionType, _ summary: String) -> ReceivingLink {
            var held = link
            held.hold = true
            held.exceptions = [exception(type, summary, event: event, canonical: canonical, order: order, line: nil, document: document)]
            return held
        }

        let index: Int
        do {
            index = try lineIndex(in: order, line: canonical.poLine, item: canonical.item, field: "poLine")
        } catch {
            return hold(.unmatchedReceipt, "\(canonical.type.rawValue) of \(canonical.item) cannot be put on PO \(number): \(error)")
        }
        var changed = order
        let line = order.lines[index]
        guard line.takes(canonical.item) else {
            let substitute = line.machine.substitute == canonical.item ? " (the supplier's substitute; accept it first)" : ""
            return hold(.unmatchedReceipt, "PO \(number) line \(line.machine.lineNumber) is for \(line.machine.item), not \(canonical.item)\(substitute)")
        }
        guard !line.receipts.contains(where: { $0.source == event.id.rawValue }) else {
            // Linked before (the event is processed again after a retry): nothing to add.
            link.canonical.poLine = line.machine.lineNumber
            return link
        }
        guard let item = try await lookup.item(canonical.item) else { return nil }
        let quantity: Quantity
        do { quantity = try item.packaging.convert(canonical.quantity, to: line.machine.unit) } catch {
            return hold(.uomMismatch, "\(canonical.quantity) of \(canonical.item) cannot be put in PO \(number) line \(line.machine.lineNumber)'s unit \(line.machine.unit): \(error)")
        }
        let signed = canonical.type == .return ? -quantity.value : quantity.value
        let transition: PurchaseOrderLineTransition
        do { transition = try changed.lines[index].machine.apply(.receipt(quantity: signed)) } catch {
            return hold(.unmatchedReceipt, "PO \(number): \(error)")
        }
        changed.lines[index].receipts.append(PurchaseOrderLine.Receipt(source: event.id.rawValue, quantity: signed, lot: canonical.lot, expiry: canonical.expiry))
        link.canonical.poLine = line.machine.lineNumber
        let f = ExactDecimal.format
        link.timeline.append(TimelineEntry(
            at: now, correlationID: event.correlationID, stage: .linked, system: nil, outcome: "ok",
            detail: "PO \(number) line \(line.machine.lineNumber): \(canonical.type == .return ? "returned" : "received") \(quantity); line now \(PurchaseOrderLine.name(transition.to)) (\(f(changed.lines[index].machine.quantities.received)) of \(f(line.machine.quantities.ordered)) \(line.machine.unit) received)"))

        if canonical.type == .receipt {
            let q = changed.lines[index].machine.quantities
            let announced = line.shipments.isEmpty ? nil : q.shipped
            let expected = announced ?? q.ordered
            if q.received > expected {
                link.exceptions.append(exception(
                    .quantityMismatch,
                    "PO \(number) line \(line.machine.lineNumber): \(f(q.received)) \(line.machine.unit) received against \(f(expected)) \(line.machine.unit) \(announced == nil ? "ordered" : "on the ship notice")",
                    event: event, canonical: canonical, order: changed, line: changed.lines[index], document: document,
                    extra: [("expected", .string(f(expected))), ("expectedFrom", .string(announced == nil ? "order" : "ship notice")),
                            ("received", .string(f(q.received))), ("receipt", .string(f(quantity.value)))]))
            }
            let lots = line.announcedLots
            if let lot = canonical.lot, !lots.isEmpty, !lots.contains(lot) {
                link.exceptions.append(exception(
                    .lotMismatch, "PO \(number) line \(line.machine.lineNumber): lot \(lot) received, the ship notice announced \(lots.joined(separator: ", "))",
                    event: event, canonical: canonical, order: changed, line: changed.lines[index], document: document,
                    extra: [("announcedLots", .array(lots.map(JSONValue.string)))]))
            } else if let lot = canonical.lot, let expiry = canonical.expiry,
                      let announced = line.shipments.first(where: { $0.lots.contains(lot) })?.expiry, announced != expiry {
                link.exceptions.append(exception(
                    .lotMismatch, "PO \(number) line \(line.machine.lineNumber): lot \(lot) received with expiry \(expiry), the ship notice announced \(announced)",
                    event: event, canonical: canonical, order: changed, line: changed.lines[index], document: document,
                    extra: [("announcedExpiry", .string(announced))]))
            }
        }
        link.effects = try await orderWrite(changed, before: order, document: document, correlationID: event.correlationID,
                                            traceparent: event.traceparent, lookup: lookup)
        if canonical.type == .receipt {
            let q = changed.lines[index].machine.quantities
            let advice = ReceivingAdvice(event: event.id, purchaseOrder: number, supplier: order.supplier, line: line.machine.lineNumber,
                                         item: canonical.item, received: quantity, receivedOnLine: q.received,
                                         expected: line.shipments.isEmpty ? q.ordered : q.shipped, lot: canonical.lot, expiry: canonical.expiry,
                                         receivedAt: canonical.occurredAt)
            link.effects.append(try await documentDeliveries(.receivingAdvice(advice), idBase: "receipt.\(event.id.rawValue)",
                                                             source: .purchaseOrder(number), correlationID: event.correlationID,
                                                             traceparent: event.traceparent, lookup: lookup,
                                                             destinations: try await supplierDestinations(order.supplier)))
        }
        var written = document
        written.version += 1
        orders.orders[number] = (changed, written)
        return link
    }

    /// Where a supplier hears of receipts: its `supplier-x12` system (by its interchange id) and
    /// the webhook systems configured as its portal (`supplier:`).
    func supplierDestinations(_ id: SupplierID) async throws -> [String] {
        var destinations: [String] = []
        if let partner = try await store.supplier(id)?.interchangeID, let system = x12System(interchangeID: partner) {
            destinations.append(system.name)
        }
        for system in systems {
            guard case .webhook(let settings) = system.connection, settings.supplier == id.rawValue else { continue }
            destinations.append(system.name)
        }
        return destinations
    }

    func exception(_ type: ExceptionType, _ summary: String, event: StoredEvent, canonical: CanonicalInventoryEvent, order: PurchaseOrder,
                   line: PurchaseOrderLine?, document: StoredDocument, extra: [(String, JSONValue)] = []) -> NewException {
        var context: [(String, JSONValue)] = [
            ("event", (try? JSONValue.parse(event.payload)) ?? .null),
            ("normalized", InventoryEventJSON.json(canonical)),
            ("purchaseOrder", .string(order.number)),
        ]
        if let line { context.append(("line", PurchaseOrderJSON.line(line))) }
        context += extra
        return NewException(id: Identifiers.make("exc"), type: type, correlationID: event.correlationID, system: event.source,
                            eventID: event.id, deliveryID: nil, summary: summary, context: JSONValue.object(context).serialized(),
                            document: document.sourceID)
    }

    // MARK: Compensation

    /// Voids a posted receipt: every destination that got it gets the reversal (the ERP a
    /// receipt with negated quantities under `<receiptId>.void`), and the PO line gives the
    /// quantity back. Voiding again returns the same reversals and posts nothing more.
    public func voidReceipt(eventID: EventID, reason: String, actor: String, resolving: ExceptionChange? = nil) async throws -> [DeliveryRecord] {
        guard let event = try await store.event(id: eventID) else { throw OrderError.notFound("no event '\(eventID)'") }
        guard event.type == .receipt else { throw OrderError.notAllowed("event \(eventID) is a \(event.type.rawValue); only receipts are voided (a return reverses itself)") }
        let deliveries = try await store.deliveries(source: .event(eventID))
        let originals = deliveries.filter { !$0.id.isReversal }
        let existing = deliveries.filter(\.id.isReversal)
        if !existing.isEmpty {
            if let resolving { try await store.commit({ var c = StoreChanges(); c.exceptionChanges = [resolving]; return c }()) }
            return existing
        }
        guard !originals.isEmpty else {
            throw OrderError.notAllowed("event \(eventID) was never posted (status \(event.status.rawValue)); there is nothing to reverse")
        }
        if let pending = originals.first(where: { $0.status != .delivered }) {
            throw OrderError.notAllowed("delivery \(pending.id) to \(pending.destination) is \(pending.status.rawValue); void the receipt once it is delivered, or resolve its exception")
        }
        let now = WallClock.nowMilliseconds()
        var changes = StoreChanges()
        // Voided as an exception's action: that action's entry records it; else its own entry.
        if let resolving {
            changes.exceptionChanges.append(resolving)
        } else {
            changes.audit = [AuditDraft(at: now, actor: actor, action: "receipt.void", target: "event:\(eventID)",
                                        details: .object([("reason", .string(reason))]))]
        }
        for original in originals {
            guard let connector = connectors[original.destination],
                  let reversal = try await connector.encode(.receiptReversal(original: original, reason: reason), deliveryID: original.id.reversal,
                                                            correlationID: event.correlationID, lookup: store) else { continue }
            changes.deliveries.append(OutboundDelivery(reversal, source: .event(event.id), correlationID: event.correlationID, traceparent: event.traceparent))
            changes.timeline.append(TimelineEntry(at: now, correlationID: event.correlationID, stage: .voided, system: original.destination, outcome: "ok",
                                                  detail: "receipt \(eventID) voided by \(actor): \(reason); reversal \(reversal.method) \(reversal.path) queued"))
        }
        try await giveBack(event, why: "the void", with: changes)
        return try await store.deliveries(source: .event(eventID)).filter(\.id.isReversal)
    }

    /// Takes a receipt's quantity back off the order line it was put on (a void, or a held
    /// receipt a person rejected), committed with `changes`.
    func giveBack(_ event: StoredEvent, why: String, with changes: StoreChanges) async throws {
        let now = WallClock.nowMilliseconds()
        // The goods leave the stock ledger too (nothing, if the event never moved stock).
        var changes = changes
        changes.stock.append(StockLedger.reversal(of: event.id, at: now))
        let canonical = event.normalized.flatMap { try? InventoryEventJSON.canonical(try JSONValue.parse($0)) }
        guard let number = canonical?.purchaseOrder, try await purchaseOrder(number) != nil else {
            try await store.commit(changes)
            for destination in Set(changes.deliveries.map(\.delivery.destination)) { wake(destination) }
            return
        }
        try await modifyOrder(number, correlationID: event.correlationID, traceparent: event.traceparent) { order, _ in
            var changes = changes
            for index in order.lines.indices {
                let net = order.lines[index].received(from: event.id)
                guard net > 0 else { continue }
                do { try order.lines[index].machine.apply(.receipt(quantity: -net)) } catch { continue }
                order.lines[index].receipts.append(PurchaseOrderLine.Receipt(source: PurchaseOrderLine.Receipt.reversalSource(of: event.id), quantity: -net, lot: nil, expiry: nil))
                changes.timeline.append(TimelineEntry(at: now, correlationID: event.correlationID, stage: .linked, system: nil, outcome: "ok",
                                                      detail: "PO \(number) line \(order.lines[index].machine.lineNumber): \(ExactDecimal.format(net)) \(order.lines[index].machine.unit) given back by \(why)"))
            }
            return (changes, ())
        }
    }
}
