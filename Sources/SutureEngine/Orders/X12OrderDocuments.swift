import Foundation
import SutureConfig
public import SutureModel
import SutureDelivery
import SutureStore
public import SutureX12
import SutureProcurement

/// Supplier documents from X12 into the order flows: an 855 becomes an
/// ``OrderAcknowledgment``, an 856 one ``ShipNoticeInput`` per order, an 810 an ``Invoice``.
///
/// The supplier's codes are read through the crosswalk of its system (the `supplier-x12`
/// system whose `interchangeId` is the sender, else the supplier's own id): units (`CA` is
/// taken as `CS` when unmapped), items by buyer part, GTIN or vendor part.
extension OrderFlows {
    /// What happened to one document of an interchange.
    public struct AppliedDocument: Sendable, Equatable {
        public var set: String
        public var number: String?
        /// `applied`, `exception` (an exception was opened), or `ignored` (a set the flows do not take).
        public var outcome: String
        public var detail: String
    }

    /// Feeds the documents of an accepted interchange into the flows: all of them, or only
    /// `documents` (the sets its acknowledgment accepted). A document the flows cannot use
    /// (an unknown order, an unknown item) opens an `invalid-document` exception with the
    /// document; the others are applied regardless. A store that cannot be reached throws,
    /// so the caller keeps the interchange and tries again later.
    public func receive(_ interchange: X12ParseResult, documents: [X12Document]? = nil, trace: TraceContext) async throws -> [AppliedDocument] {
        let sender = interchange.interchange?.sender.trimmingCharacters(in: .whitespaces) ?? ""
        var applied: [AppliedDocument] = []
        for document in documents ?? interchange.documents {
            do {
                applied.append(try await receive(document, sender: sender, control: interchange.interchange?.control ?? "", trace: trace))
            } catch let error as StoreError where error.isTransient {
                throw error
            } catch {
                let summary = "\(document.set) \(document.number ?? document.control) from \(sender) cannot be applied: \(error)"
                let exception = NewException(
                    id: Identifiers.make("exc"), type: .invalidDocument, correlationID: trace.correlationID, system: sender, eventID: nil,
                    deliveryID: nil, summary: summary,
                    context: JSONValue.object([("document", document.json()), ("sender", .string(sender))]).serialized(),
                    document: document.purchaseOrder.map { "purchase-order:\($0)" })
                var changes = StoreChanges()
                changes.exceptions = [exception]
                changes.timeline = [TimelineEntry(at: WallClock.nowMilliseconds(), correlationID: trace.correlationID, stage: .exception, system: sender,
                                                  outcome: ExceptionType.invalidDocument.rawValue, detail: "\(exception.id): \(summary)")]
                try await store.commit(changes)
                applied.append(AppliedDocument(set: document.set, number: document.number, outcome: "exception", detail: "\(exception.id): \(summary)"))
            }
        }
        return applied
    }

    func receive(_ document: X12Document, sender: String, control: String, trace: TraceContext) async throws -> AppliedDocument {
        let system = try await supplierSystem(sender: sender)
        switch document.type {
        case .poAcknowledgment?:
            let acknowledgment = try await acknowledgment(document, system: system, id: "855:\(sender):\(control):\(document.control)")
            let order = try await apply(acknowledgment, trace: trace)
            return AppliedDocument(set: document.set, number: document.number, outcome: "applied",
                                   detail: "PO \(order.number) acknowledged; now \(order.status)")
        case .shipNotice?:
            var details: [String] = []
            for notice in try await shipNotices(document, system: system) {
                let order = try await apply(notice, trace: trace)
                details.append("PO \(order.number) now \(order.status)")
            }
            return AppliedDocument(set: document.set, number: document.number, outcome: "applied", detail: details.joined(separator: "; "))
        case .invoice?:
            let invoice = try await invoice(document, system: system)
            let (matched, _) = try await submitInvoice(invoice, trace: trace, actor: "system:\(system)")
            return AppliedDocument(set: document.set, number: document.number, outcome: matched.status == .exception ? "exception" : "applied",
                                   detail: "invoice \(matched.number) \(matched.status.rawValue)")
        case .acknowledgment?:
            return try await applyFunctionalAcknowledgment(document, system: system, trace: trace)
        case .priceCatalog?, .inventoryAdvice?:
            // The newest catalog and availability of each supplier are kept whole, for people and reports.
            let kind: DocumentKind = document.type == .priceCatalog ? .priceCatalog : .inventoryAdvice
            let now = WallClock.nowMilliseconds()
            let stored = try await store.document(kind, key: system.rawValue)
            var changes = StoreChanges()
            changes.documents = [DocumentWrite(StoredDocument(
                kind: kind, key: system.rawValue, version: (stored?.version ?? 0) + 1, correlationID: trace.correlationID,
                traceparent: trace.traceparent, status: "current", reference: document.number, body: document.json().serialized(),
                createdAt: stored?.createdAt ?? now, updatedAt: now), expectedVersion: stored?.version)]
            changes.timeline = [TimelineEntry(at: now, correlationID: trace.correlationID, stage: .received, system: system.rawValue, outcome: "ok",
                                              detail: "\(document.set) with \(document.lines.count) lines is now \(system)'s current \(kind.rawValue)")]
            try await store.commit(changes)
            guard document.type == .priceCatalog else {
                return AppliedDocument(set: document.set, number: document.number, outcome: "applied",
                                       detail: "\(document.lines.count) lines kept as \(system)'s \(kind.rawValue)")
            }
            return try await applyPriceCatalog(document, sender: sender, system: system, trace: trace)
        default:
            return AppliedDocument(set: document.set, number: document.number, outcome: "ignored",
                                   detail: "\(document.set) documents are acknowledged but not applied to orders")
        }
    }

    /// A supplier's 997/999 about our 850s: each acknowledged group is matched to the order
    /// its 850 went in, which records whether the supplier accepted it; a rejection opens an
    /// `invalid-document` exception on the order.
    func applyFunctionalAcknowledgment(_ document: X12Document, system: SystemName, trace: TraceContext) async throws -> AppliedDocument {
        guard let acknowledgment = document.acknowledgment else {
            return AppliedDocument(set: document.set, number: nil, outcome: "ignored", detail: "no AK1 group response")
        }
        let accepted = acknowledgment.groupStatus == "A" || acknowledgment.groupStatus == "E"
        let reference = Self.x12Reference(system: system.rawValue, group: acknowledgment.groupControl)
        let orders = try await store.documents(.purchaseOrder, reference: reference)
        guard !orders.isEmpty else {
            return AppliedDocument(set: document.set, number: nil, outcome: "ignored",
                                   detail: "group \(acknowledgment.groupControl) carried no order Suture sent to \(system)")
        }
        for stored in orders {
            try await modifyOrder(stored.key, correlationID: stored.correlationID, traceparent: stored.traceparent) { order, _ in
                var changes = StoreChanges()
                let note = "\(document.set == "999" ? "999" : "997"):\(acknowledgment.groupControl):\(accepted ? "accepted" : "rejected")"
                guard !order.appliedDocuments.contains(note) else { return (changes, ()) }
                order.appliedDocuments.append(note)
                let now = WallClock.nowMilliseconds()
                changes.timeline.append(TimelineEntry(at: now, correlationID: stored.correlationID, stage: .acknowledged, system: system.rawValue,
                                                      outcome: accepted ? "ok" : "rejected",
                                                      detail: "\(system) \(accepted ? "accepted" : "rejected") the 850 of PO \(order.number) (AK9 \(acknowledgment.groupStatus))"))
                if !accepted {
                    let exception = NewException(
                        id: Identifiers.make("exc"), type: .invalidDocument, correlationID: stored.correlationID, system: system.rawValue,
                        eventID: nil, deliveryID: nil,
                        summary: "\(system) rejected the 850 of PO \(order.number): \(acknowledgment.groupErrors.joined(separator: ", "))",
                        context: JSONValue.object([("acknowledgment", document.json()), ("purchaseOrder", .string(order.number))]).serialized(),
                        document: stored.sourceID)
                    changes.exceptions.append(exception)
                }
                return (changes, ())
            }
        }
        return AppliedDocument(set: document.set, number: nil, outcome: "applied",
                               detail: "the 850 of \(orders.map(\.key).joined(separator: ", ")) \(accepted ? "accepted" : "rejected") by \(system)")
    }

    /// A supplier's 832: its lines become the supplier's contract prices (docs/master-data.md,
    /// "Contract prices"). Lines naming no item or unit Suture knows are left out and listed
    /// in one `invalid-document` exception; the others apply.
    func applyPriceCatalog(_ document: X12Document, sender: String, system: SystemName, trace: TraceContext) async throws -> AppliedDocument {
        guard let supplier = try await supplier(trading: sender) else {
            throw OrderError.notFound("no supplier has interchangeId '\(sender)'; set it on the supplier (PUT /v1/suppliers/{id}) to take its prices")
        }
        let outcome = try await ContractPrices(store: store).apply(
            catalog: document, supplier: supplier.id, system: system.rawValue, today: ContractPrice.day(of: Date()), trace: trace
        ) { line, unitCode in
            guard let item = try await self.item(line, system: system), let definition = try await store.item(item),
                  let unit = try await self.unit(unitCode, system: system) ?? Optional(definition.packaging.baseUnit),
                  definition.packaging.units.contains(unit) else { return nil }
            return (item, unit)
        }
        var detail = "\(outcome.applied) contract prices of \(supplier.id) set, \(outcome.unchanged) unchanged"
        guard !outcome.refused.isEmpty else {
            return AppliedDocument(set: document.set, number: document.number, outcome: "applied", detail: detail)
        }
        detail += "; \(outcome.refused.count) lines left out: " + outcome.refused.prefix(5).joined(separator: "; ")
            + (outcome.refused.count > 5 ? " and \(outcome.refused.count - 5) more" : "")
        let exception = NewException(
            id: Identifiers.make("exc"), type: .invalidDocument, correlationID: trace.correlationID, system: system.rawValue, eventID: nil,
            deliveryID: nil, summary: "832 \(document.number ?? document.control) from \(sender): \(detail)",
            context: JSONValue.object([("refused", .array(outcome.refused.map(JSONValue.string))), ("sender", .string(sender)),
                                       ("supplier", .string(supplier.id.rawValue))]).serialized(),
            document: nil)
        var changes = StoreChanges()
        changes.exceptions = [exception]
        changes.timeline = [TimelineEntry(at: WallClock.nowMilliseconds(), correlationID: trace.correlationID, stage: .exception, system: system.rawValue,
                                          outcome: ExceptionType.invalidDocument.rawValue, detail: "\(exception.id): \(exception.summary)")]
        try await store.commit(changes)
        return AppliedDocument(set: document.set, number: document.number, outcome: "exception", detail: detail)
    }

    /// The supplier whose `interchangeId` is `sender` (suppliers are few: read page by page).
    func supplier(trading sender: String) async throws -> Supplier? {
        let partner = sender.trimmingCharacters(in: .whitespaces)
        var after: String?
        repeat {
            let page = try await store.suppliers(ListQuery(after: after, limit: 500))
            if let found = page.records.first(where: { $0.interchangeID == partner }) { return found }
            after = page.next
        } while after != nil
        return nil
    }

    /// The supplier-x12 system that trades under an interchange id (ISA06/ISA08).
    func x12System(interchangeID: String) -> SystemSettings? {
        let partner = interchangeID.trimmingCharacters(in: .whitespaces)
        return systems.first { system in
            guard case .supplierX12(let settings) = system.connection else { return false }
            return settings.interchangeID == partner
        }
    }

    /// The system whose crosswalks hold a sender's codes.
    func supplierSystem(sender: String) async throws -> SystemName {
        if let system = x12System(interchangeID: sender) { return try SystemName(system.name) }
        return try SystemName(sender.isEmpty ? "supplier" : sender.lowercased())
    }

    func order(for document: X12Document) async throws -> PurchaseOrder {
        guard let number = document.purchaseOrder else { throw OrderError.notFound("\(document.set) \(document.control) names no purchase order") }
        guard let (order, _) = try await purchaseOrder(number) else { throw OrderError.notFound("purchase order \(number) is not tracked by Suture") }
        return order
    }

    func unit(_ code: String?, system: SystemName) async throws -> UnitOfMeasure? {
        guard let code, !code.isEmpty else { return nil }
        if let entry = try await store.crosswalk(system: system, kind: .units, code: code) { return try UnitOfMeasure(entry.canonical) }
        return try UnitOfMeasure(code == "CA" ? "CS" : code)
    }

    func item(_ line: X12LineItem, system: SystemName) async throws -> ItemID? {
        if let buyerPart = line.buyerPart, let id = try? ItemID(buyerPart), try await store.item(id) != nil { return id }
        if let gtin = line.gtin, let (item, _) = try await store.item(byGTIN: gtin) { return item.id }
        if let vendorPart = line.vendorPart, let entry = try await store.crosswalk(system: system, kind: .items, code: vendorPart) {
            return try ItemID(entry.canonical)
        }
        return nil
    }

    /// A quantity as written in `unit`, put in the order line's unit.
    func lineQuantity(_ text: String?, unit: UnitOfMeasure?, line: PurchaseOrderLine) async throws -> Decimal {
        guard let text, let value = ExactDecimal.parse(text) else { throw OrderError.notAllowed("a quantity is missing or not a number") }
        let unit = unit ?? line.machine.unit
        guard unit != line.machine.unit else { return value }
        guard let item = try await store.item(line.machine.item) else { throw OrderError.notFound("no item \(line.machine.item)") }
        return try item.packaging.convert(Quantity(value, unit), to: line.machine.unit).value
    }

    func acknowledgment(_ document: X12Document, system: SystemName, id: String) async throws -> OrderAcknowledgment {
        let order = try await order(for: document)
        var lines: [OrderAcknowledgment.Line] = []
        for line in document.lines {
            guard let number = line.line.flatMap({ Int($0) }), let index = order.lineIndex(number) else {
                throw OrderError.notFound("PO \(order.number) has no line \(line.line ?? "?")")
            }
            let orderLine = order.lines[index]
            let lineUnit = try await unit(line.unit, system: system)
            var answers: [PurchaseOrderLineAcknowledgment] = []
            for ack in line.acknowledgments {
                let quantity = try await lineQuantity(ack.quantity ?? line.quantity, unit: try await unit(ack.unit, system: system) ?? lineUnit, line: orderLine)
                switch ack.status {
                case "IA", "AC", "AR": answers.append(.accepted(quantity: quantity))
                case "IB": answers.append(.backordered(quantity: quantity))
                case "IS":
                    guard let substitute = try await item(line, system: system), substitute != orderLine.machine.item else {
                        throw OrderError.notAllowed("PO \(order.number) line \(number) is substituted, but the substitute item is not known")
                    }
                    answers.append(.substituted(item: substitute, quantity: quantity))
                case "IC", "IQ", "IP":
                    let price = line.unitPrice.flatMap(ExactDecimal.parse)
                    answers.append(.changed(quantity: ack.status == "IP" ? nil : quantity, unitPrice: ack.status == "IQ" ? nil : price))
                case "IR", "ID": answers.append(.accepted(quantity: 0))
                default: throw OrderError.notAllowed("ACK01 code \(ack.status) on PO \(order.number) line \(number) is not understood")
                }
            }
            lines.append(OrderAcknowledgment.Line(line: number, acknowledgments: answers))
        }
        return OrderAcknowledgment(purchaseOrder: order.number, documentID: id, lines: lines)
    }

    func shipNotices(_ document: X12Document, system: SystemName) async throws -> [ShipNoticeInput] {
        var byOrder: [(String, [ShipNoticeInput.Line])] = []
        for line in document.lines {
            guard let number = line.purchaseOrder ?? document.purchaseOrder else {
                throw OrderError.notAllowed("ship notice \(document.number ?? document.control) has an item under no purchase order")
            }
            guard let quantity = line.quantity.flatMap(ExactDecimal.parse), let unit = try await unit(line.unit, system: system) else {
                throw OrderError.notAllowed("ship notice \(document.number ?? document.control): an item has no quantity or unit")
            }
            let entry = ShipNoticeInput.Line(line: line.line.flatMap { Int($0) }, item: try await item(line, system: system),
                                             quantity: Quantity(quantity, unit), lots: line.lot.map { [$0] } ?? [], expiry: line.expiry)
            if let index = byOrder.firstIndex(where: { $0.0 == number }) { byOrder[index].1.append(entry) } else { byOrder.append((number, [entry])) }
        }
        return byOrder.map { ShipNoticeInput(number: document.number ?? document.control, purchaseOrder: $0.0, lines: $0.1) }
    }

    func invoice(_ document: X12Document, system: SystemName) async throws -> Invoice {
        let order = try await order(for: document)
        guard let number = document.number else { throw OrderError.notAllowed("the 810 has no invoice number (BIG02)") }
        var lines: [Invoice.Line] = []
        var sum = Decimal(0)
        for (index, line) in document.lines.enumerated() {
            let poLine = line.line.flatMap { Int($0) }.flatMap { order.lineIndex($0) != nil ? $0 : nil }
            let orderLine = poLine.flatMap { order.lineIndex($0) }.map { order.lines[$0] }
            guard let item = try await item(line, system: system) ?? orderLine?.machine.item else {
                throw OrderError.notAllowed("invoice \(number) line \(index + 1) names no item Suture knows")
            }
            guard let quantity = line.quantity.flatMap(ExactDecimal.parse), let price = line.unitPrice.flatMap(ExactDecimal.parse),
                  let unit = try await unit(line.unit, system: system) else {
                throw OrderError.notAllowed("invoice \(number) line \(index + 1) lacks a quantity, unit or price")
            }
            sum += quantity * price
            lines.append(Invoice.Line(line: index + 1, poLine: poLine, item: item, quantity: quantity, unit: unit, unitPrice: price))
        }
        let date = document.date.flatMap { text -> Date? in
            guard text.count == 8 else { return nil }
            return try? InventoryEventJSON.parseTimestamp("\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))T00:00:00Z")
        } ?? Date()
        return Invoice(number: number, purchaseOrder: order.number, supplier: order.supplier, invoicedAt: date,
                       currency: try CurrencyCode(document.currency ?? "USD"), total: document.total.flatMap(ExactDecimal.parse) ?? sum, lines: lines)
    }
}
