import Foundation
import SutureConfig
public import SutureModel
import SutureDelivery
import SutureStore
public import SutureProcurement

extension OrderFlows {
    /// Takes an invoice and matches it at once. The same invoice sent again is answered
    /// with the stored one (`created` false); another invoice under that number is a conflict.
    public func submitInvoice(_ invoice: Invoice, trace: TraceContext, actor: String) async throws -> (invoice: Invoice, created: Bool) {
        if let existing = try await self.invoice(invoice.number) {
            guard Self.sameInvoice(existing.invoice, invoice) else {
                throw StoreError.conflict("invoice \(invoice.number) exists with other content; a correction needs a new number")
            }
            return (existing.invoice, false)
        }
        guard let (order, _) = try await purchaseOrder(invoice.purchaseOrder) else {
            throw MasterDataError.invalidReference(field: "purchaseOrder", message: "purchase order '\(invoice.purchaseOrder)' is not tracked by Suture")
        }
        guard order.supplier == invoice.supplier else {
            throw MasterDataError.invalidReference(field: "supplier", message: "purchase order \(order.number) is with \(order.supplier), not \(invoice.supplier)")
        }
        do {
            let audit = AuditDraft(at: WallClock.nowMilliseconds(), actor: actor, action: "invoice.submit", target: "invoice:\(invoice.number)",
                                   details: .object([("purchaseOrder", .string(invoice.purchaseOrder)), ("supplier", .string(invoice.supplier.rawValue)),
                                                     ("currency", .string(invoice.currency.code)), ("total", .number(ExactDecimal.format(invoice.total))),
                                                     ("lines", .integer(invoice.lines.count))]))
            let matched = try await match(invoice, trace: trace, creating: true, audit: audit)
            return (matched, true)
        } catch StoreError.conflict(let detail) {
            // Submitted twice at the same instant: the second is answered like a repeat.
            guard try await self.invoice(invoice.number) != nil else { throw StoreError.conflict(detail) }
            return try await submitInvoice(invoice, trace: trace, actor: actor)
        }
    }

    static func sameInvoice(_ stored: Invoice, _ new: Invoice) -> Bool {
        stored.purchaseOrder == new.purchaseOrder && stored.supplier == new.supplier && stored.currency == new.currency
            && stored.total == new.total && stored.lines == new.lines
    }

    /// Matches an invoice against its order (taking back what an earlier match of it
    /// charged), and writes the outcome: a match posts to AP; a variance opens one
    /// exception with the evidence of every line that did not match.
    func match(_ invoice: Invoice, trace: TraceContext, creating: Bool, resolving: ExceptionChange? = nil, audit: AuditDraft? = nil) async throws -> Invoice {
        let now = WallClock.nowMilliseconds()
        return try await modifyOrder(invoice.purchaseOrder, correlationID: trace.correlationID, traceparent: trace.traceparent) { order, _ in
            var current = invoice
            self.creditBack(invoice.number, in: &order)
            var packaging: [ItemID: PackagingHierarchy] = [:]
            for item in Set(invoice.lines.map(\.item) + order.lines.map(\.machine.item)) {
                if let definition = try await store.item(item) { packaging[item] = definition.packaging }
            }
            // The supplier's contract prices in force on the invoice's date are checked too.
            let contracts = try await ContractPrices(store: store).inForce(supplier: order.supplier, items: invoice.lines.map(\.item),
                                                                           on: ContractPrice.day(of: invoice.invoicedAt))
            current.results = matcher.match(invoice, order: order, packaging: packaging, contracts: contracts)
            // Every line that converted is charged to its PO line, matched or not: the order
            // shows what was invoiced, and a rejection takes it back.
            for result in current.results {
                guard let poLine = result.poLine, let quantity = result.quantity, quantity != 0, let index = order.lineIndex(poLine) else { continue }
                do { try order.lines[index].machine.apply(.invoice(quantity: quantity)) } catch { continue }
                order.lines[index].invoices.append(PurchaseOrderLine.InvoiceCharge(invoice: invoice.number, quantity: quantity,
                                                                                   unitPrice: result.unitPrice ?? 0))
            }
            var changes = StoreChanges()
            if let resolving { changes.exceptionChanges.append(resolving) }
            if let audit { changes.audit.append(audit) }
            let failing = current.results.filter { !$0.isMatched }
            if failing.isEmpty {
                current.status = .matched
                changes.append(try await self.post(current, order: &order, match: "matched", trace: trace))
            } else {
                current.status = .exception
                let type: ExceptionType = failing.contains { $0.discrepancies.contains { $0.exceptionType == .priceVariance } } ? .priceVariance : .quantityMismatch
                let summary = "invoice \(invoice.number) does not match PO \(order.number): "
                    + failing.map { "line \($0.line): \($0.discrepancies.map(\.description).joined(separator: "; "))" }.joined(separator: " | ")
                let context = JSONValue.object([
                    ("invoice", InvoiceJSON.json(current)),
                    ("purchaseOrder", PurchaseOrderJSON.json(order)),
                    ("tolerances", .object([
                        ("pricePercent", .string(ExactDecimal.format(matcher.tolerances.pricePercent))),
                        ("priceAbsolute", .string(ExactDecimal.format(matcher.tolerances.priceAbsolute))),
                        ("quantityAbsolute", .string(ExactDecimal.format(matcher.tolerances.quantityAbsolute))),
                    ])),
                ])
                let exception = NewException(id: Identifiers.make("exc"), type: type, correlationID: trace.correlationID, system: order.supplier.rawValue,
                                             eventID: nil, deliveryID: nil, summary: summary, context: context.serialized(), document: current.sourceID)
                changes.exceptions.append(exception)
                changes.timeline.append(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .exception, system: nil,
                                                      outcome: type.rawValue, detail: "\(exception.id): \(summary)"))
            }
            changes.timeline.insert(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .matched, system: nil,
                                                  outcome: failing.isEmpty ? "ok" : "variance",
                                                  detail: "invoice \(invoice.number) against PO \(order.number): \(current.results.count - failing.count) of \(current.results.count) lines match"),
                                    at: 0)
            changes.documents.append(try await self.invoiceWrite(current, creating: creating, trace: trace))
            return (changes, current)
        }
    }

    /// Marks the invoice's lines matched and queues the AP posting.
    func post(_ invoice: Invoice, order: inout PurchaseOrder, match: String, trace: TraceContext) async throws -> StoreChanges {
        for result in invoice.results {
            guard let poLine = result.poLine, let index = order.lineIndex(poLine) else { continue }
            _ = try? order.lines[index].machine.apply(.matched)
        }
        do {
            return try await documentDeliveries(.apInvoice(invoice, order: order, match: match), idBase: "inv.\(invoice.number)",
                                                source: .invoice(invoice.number), correlationID: trace.correlationID,
                                                traceparent: trace.traceparent, lookup: store)
        } catch let failure as EventNormalizer.Failure {
            // The ERP has no code or unit for something on the invoice: the invoice is kept,
            // and the exception's `retry` matches and posts it again after the fix.
            var changes = StoreChanges()
            let exception = NewException(
                id: Identifiers.make("exc"), type: failure.type, correlationID: trace.correlationID, system: nil, eventID: nil, deliveryID: nil,
                summary: "invoice \(invoice.number) cannot be posted to AP: \(failure.summary)",
                context: JSONValue.object([("invoice", InvoiceJSON.json(invoice))] + failure.details).serialized(), document: invoice.sourceID)
            changes.exceptions = [exception]
            changes.timeline = [TimelineEntry(at: WallClock.nowMilliseconds(), correlationID: trace.correlationID, stage: .exception, system: nil,
                                              outcome: failure.type.rawValue, detail: "\(exception.id): \(exception.summary)")]
            return changes
        }
    }

    /// Takes back what earlier matches of this invoice charged to the order's lines.
    func creditBack(_ invoice: String, in order: inout PurchaseOrder) {
        for index in order.lines.indices {
            let charged = order.lines[index].invoices.filter { $0.invoice == invoice }.reduce(Decimal(0)) { $0 + $1.quantity }
            guard charged != 0 else { continue }
            _ = try? order.lines[index].machine.apply(.invoice(quantity: -charged))
            order.lines[index].invoices.removeAll { $0.invoice == invoice }
        }
    }

    /// The invoice document to write: created, or the next version of the stored one.
    func invoiceWrite(_ invoice: Invoice, creating: Bool, trace: TraceContext) async throws -> DocumentWrite {
        let now = WallClock.nowMilliseconds()
        let stored = creating ? nil : try await store.document(.invoice, key: invoice.number)
        let document = StoredDocument(kind: .invoice, key: invoice.number, version: (stored?.version ?? 0) + 1,
                                      correlationID: stored?.correlationID ?? trace.correlationID, traceparent: stored?.traceparent ?? trace.traceparent,
                                      status: invoice.status.rawValue, reference: invoice.purchaseOrder,
                                      body: InvoiceJSON.json(invoice).serialized(), createdAt: stored?.createdAt ?? now, updatedAt: now)
        return DocumentWrite(document, expectedVersion: stored?.version)
    }

    /// A person accepted an invoice's variance: its lines are matched and it posts to AP
    /// as `approved-variance`.
    func approve(_ invoice: Invoice, trace: TraceContext, resolving: ExceptionChange) async throws -> Invoice {
        try await modifyOrder(invoice.purchaseOrder, correlationID: trace.correlationID, traceparent: trace.traceparent) { order, _ in
            var current = invoice
            current.status = .approved
            var changes = StoreChanges()
            changes.exceptionChanges = [resolving]
            changes.append(try await self.post(current, order: &order, match: "approved-variance", trace: trace))
            changes.documents.append(try await self.invoiceWrite(current, creating: false, trace: trace))
            return (changes, current)
        }
    }

    /// A person refused an invoice: what it charged is taken back; nothing was posted.
    func reject(_ invoice: Invoice, trace: TraceContext, resolving: ExceptionChange) async throws -> Invoice {
        try await modifyOrder(invoice.purchaseOrder, correlationID: trace.correlationID, traceparent: trace.traceparent) { order, _ in
            var current = invoice
            current.status = .rejected
            self.creditBack(invoice.number, in: &order)
            var changes = StoreChanges()
            changes.exceptionChanges = [resolving]
            changes.documents.append(try await self.invoiceWrite(current, creating: false, trace: trace))
            return (changes, current)
        }
    }
}
