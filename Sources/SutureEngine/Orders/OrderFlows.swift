import Foundation
import SutureConfig
public import SutureModel
import SutureDelivery
public import SutureStore
import SutureX12
public import SutureProcurement

/// The purchasing flows over the store: purchase orders tracked line by line, supplier
/// acknowledgments and ship notices applied to them, and invoices matched three ways.
///
/// Every change is one `StoreChanges` commit: the order's new version, the status update
/// to the ERP, exceptions and timeline together. Two writers of one order cannot both
/// win; the loser reads again and applies its change to the newer order.
public struct OrderFlows: Sendable {
    public let store: any Store
    let connectors: [String: any Connector]
    let routes: [RouteSettings]
    let systems: [SystemSettings]
    public let matcher: InvoiceMatcher
    let wake: @Sendable (String) -> Void

    init(store: any Store, connectors: [String: any Connector], configuration: SutureConfiguration, wake: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.connectors = connectors
        self.routes = configuration.routes
        self.systems = configuration.systems
        self.matcher = InvoiceMatcher(tolerances: configuration.matching)
        self.wake = wake
    }

    // MARK: Reading

    public func purchaseOrder(_ number: String) async throws -> (order: PurchaseOrder, document: StoredDocument)? {
        guard let document = try await store.document(.purchaseOrder, key: number) else { return nil }
        return (try Self.decodeOrder(document), document)
    }

    public func invoice(_ number: String) async throws -> (invoice: Invoice, document: StoredDocument)? {
        guard let document = try await store.document(.invoice, key: number) else { return nil }
        return (try Self.decodeInvoice(document), document)
    }

    /// Tracked purchase orders in number order; `search` matches the number.
    public func purchaseOrders(_ query: ListQuery) async throws -> Page<(order: PurchaseOrder, document: StoredDocument)> {
        let page = try await store.documents(.purchaseOrder, query)
        return Page(records: try page.records.map { (try Self.decodeOrder($0), $0) }, next: page.next)
    }

    /// Invoices in number order; `search` matches the number or the purchase order.
    public func invoices(_ query: ListQuery) async throws -> Page<(invoice: Invoice, document: StoredDocument)> {
        let page = try await store.documents(.invoice, query)
        return Page(records: try page.records.map { (try Self.decodeInvoice($0), $0) }, next: page.next)
    }

    static func decodeOrder(_ document: StoredDocument) throws -> PurchaseOrder {
        do { return try PurchaseOrderJSON.order(try JSONValue.parse(document.body)) } catch {
            throw StoreError.corrupt("purchase order \(document.key): \(error)")
        }
    }

    static func decodeInvoice(_ document: StoredDocument) throws -> Invoice {
        do { return try InvoiceJSON.invoice(try JSONValue.parse(document.body)) } catch {
            throw StoreError.corrupt("invoice \(document.key): \(error)")
        }
    }

    // MARK: Purchase orders

    /// Starts tracking an order. The same order sent again is answered with the stored one
    /// (`created` false); another order under a number in use is a conflict. `alsoCommit` is
    /// written in the order's own transaction (the requisitions it orders), only when the
    /// order is created.
    public func createPurchaseOrder(_ request: PurchaseOrderJSON.Request, trace: TraceContext, actor: String,
                                    alsoCommit: StoreChanges = StoreChanges())
        async throws -> (order: PurchaseOrder, document: StoredDocument, created: Bool) {
        if let existing = try await purchaseOrder(request.number) {
            guard Self.sameOrder(existing.order, request) else {
                throw StoreError.conflict("purchase order \(request.number) exists with other content; use a new number for a new order")
            }
            return (existing.order, existing.document, false)
        }
        guard let supplier = try await store.supplier(request.supplier) else {
            throw MasterDataError.invalidReference(field: "supplier", message: "no supplier '\(request.supplier)'; create it first")
        }
        guard supplier.status == .active else {
            throw MasterDataError.invalidReference(field: "supplier", message: "supplier '\(request.supplier)' is retired (inactive)")
        }
        guard let shipTo = try await store.location(request.shipTo) else {
            throw MasterDataError.invalidReference(field: "shipTo", message: "no location '\(request.shipTo)'; create it first")
        }
        guard shipTo.status == .active else {
            throw MasterDataError.invalidReference(field: "shipTo", message: "location '\(request.shipTo)' is retired (inactive)")
        }
        var lines: [PurchaseOrderLine] = []
        var overContract: [(line: Int, discrepancy: InvoiceMatcher.Discrepancy)] = []
        let contracts = try await ContractPrices(store: store).inForce(supplier: request.supplier, items: request.lines.map(\.item),
                                                                       on: ContractPrice.day(of: request.orderedAt ?? Date()))
        for (index, line) in request.lines.enumerated() {
            guard let item = try await store.item(line.item) else {
                throw MasterDataError.invalidReference(field: "lines[\(index)].item", message: "no item '\(line.item)'; create it first")
            }
            guard item.packaging.units.contains(line.unit) else {
                throw MasterDataError.invalidReference(
                    field: "lines[\(index)].unit",
                    message: "item \(item.id) comes in \(item.packaging.units.map(\.code).joined(separator: ", ")), not \(line.unit)")
            }
            // A line without a price takes the contract price in force; one above it beyond the
            // price tolerance opens a price-variance exception (the order still goes out).
            var unitPrice = line.unitPrice
            if let contract = contracts[line.item] {
                if let price = unitPrice {
                    if let discrepancy = matcher.overContract(price, unit: line.unit, contract: contract, packaging: item.packaging) {
                        overContract.append((line.line, discrepancy))
                    }
                } else {
                    unitPrice = contract.price(per: line.unit, packaging: item.packaging)
                }
            }
            do {
                lines.append(PurchaseOrderLine(machine: try PurchaseOrderLineStateMachine(
                    lineNumber: line.line, item: line.item, ordered: Quantity(line.quantity, line.unit), unitPrice: unitPrice)))
            } catch {
                throw MasterDataError.invalidReference(field: "lines[\(index)]", message: "\(error)")
            }
        }
        let order = PurchaseOrder(number: request.number, supplier: request.supplier, shipTo: request.shipTo,
                                  orderedAt: request.orderedAt, lines: lines)
        let now = WallClock.nowMilliseconds()
        var changes = StoreChanges()
        changes.timeline = [TimelineEntry(at: now, correlationID: trace.correlationID, stage: .orderCreated, system: nil, outcome: "ok",
                                          detail: "purchase order \(order.number) for \(order.supplier), \(lines.count) line\(lines.count == 1 ? "" : "s"), tracked by \(actor)")]
        // A supplier that trades X12 gets the order as an 850; the order remembers which
        // group carried it, so the supplier's 997/999 can be matched to it.
        var reference: String?
        if let partner = supplier.interchangeID, let system = x12System(interchangeID: partner) {
            let sent = try await documentDeliveries(.purchaseOrder850(order), idBase: "po.\(order.number).850", source: .purchaseOrder(order.number),
                                                    correlationID: trace.correlationID, traceparent: trace.traceparent, lookup: store,
                                                    destinations: [system.name])
            changes.append(sent)
            if let body = sent.deliveries.first?.delivery.body, let group = X12Parser.parse(Array(body.utf8)).groups.first?.control {
                reference = Self.x12Reference(system: system.name, group: group)
            }
        } else {
            changes.timeline.append(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .routed, system: nil, outcome: "skipped",
                                                  detail: "no supplier-x12 system trades with \(order.supplier); no 850 was written"))
        }
        let document = StoredDocument(kind: .purchaseOrder, key: order.number, version: 1, correlationID: trace.correlationID,
                                      traceparent: trace.traceparent, status: order.status, reference: reference,
                                      body: PurchaseOrderJSON.json(order).serialized(), createdAt: now, updatedAt: now)
        changes.documents = [DocumentWrite(document, expectedVersion: nil)]
        changes.audit = [AuditDraft(at: now, actor: actor, action: "purchase-order.create", target: "purchase-order:\(order.number)",
                                    details: PurchaseOrderJSON.json(order))]
        if !overContract.isEmpty {
            let summary = "PO \(order.number) is priced over contract: "
                + overContract.map { "line \($0.line): \($0.discrepancy.description)" }.joined(separator: " | ")
            let context = JSONValue.object([
                ("purchaseOrder", PurchaseOrderJSON.json(order)),
                ("lines", .array(overContract.map { .object([("line", .integer($0.line)), ("discrepancy", InvoiceJSON.discrepancy($0.discrepancy))]) })),
            ])
            let exception = NewException(id: Identifiers.make("exc"), type: .priceVariance, correlationID: trace.correlationID,
                                         system: order.supplier.rawValue, eventID: nil, deliveryID: nil, summary: summary,
                                         context: context.serialized(), document: "purchase-order:\(order.number)")
            changes.exceptions.append(exception)
            changes.timeline.append(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .exception, system: nil,
                                                  outcome: ExceptionType.priceVariance.rawValue, detail: "\(exception.id): \(summary)"))
        }
        changes.append(alsoCommit)
        do {
            try await store.commit(changes)
        } catch StoreError.conflict(let detail) {
            // Created concurrently: answer as for a repeat, if it is the same order.
            guard try await store.document(.purchaseOrder, key: request.number) != nil else { throw StoreError.conflict(detail) }
            return try await createPurchaseOrder(request, trace: trace, actor: actor)
        }
        for destination in Set(changes.deliveries.map(\.delivery.destination)) { wake(destination) }
        return (order, document, true)
    }

    /// How an order records the X12 group that carried its 850 (`x12:<system>:<GS06>`).
    static func x12Reference(system: String, group: String) -> String { "x12:\(system):\(Int(group) ?? 0)" }

    static func sameOrder(_ order: PurchaseOrder, _ request: PurchaseOrderJSON.Request) -> Bool {
        order.supplier == request.supplier && order.shipTo == request.shipTo && order.lines.count == request.lines.count
            && zip(order.lines, request.lines).allSatisfy { stored, asked in
                stored.machine.lineNumber == asked.line && stored.machine.item == asked.item && stored.machine.unit == asked.unit
                    && stored.machine.quantities.ordered == asked.quantity
                    // A line sent without a price took the contract's; the same request again is the same order.
                    && (stored.machine.unitPrice == asked.unitPrice || asked.unitPrice == nil || stored.machine.quantities.acknowledged != nil)
            }
    }

    /// Changes one order: `change` edits it and says what else to write; the new version,
    /// the status update to the ERP and the timeline are added here. A concurrent writer
    /// makes it read the order again and run `change` again.
    @discardableResult
    func modifyOrder<T: Sendable>(
        _ number: String, correlationID: CorrelationID, traceparent: String,
        _ change: (inout PurchaseOrder, StoredDocument) async throws -> (changes: StoreChanges, result: T)
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            guard let (order, document) = try await purchaseOrder(number) else {
                throw OrderError.notFound("no purchase order '\(number)'")
            }
            var changed = order
            let (extra, result) = try await change(&changed, document)
            var changes = extra
            if changed != order {
                changes.append(try await orderWrite(changed, before: order, document: document, correlationID: correlationID,
                                                    traceparent: traceparent))
            }
            do {
                try await store.commit(changes)
                for destination in Set(changes.deliveries.map(\.delivery.destination)) { wake(destination) }
                return result
            } catch StoreError.staleVersion where attempt < 5 {
                continue
            }
        }
    }

    /// The write of a changed order: its next version and, when a line's state or
    /// quantities moved, a status update to the systems that take orders.
    func orderWrite(_ order: PurchaseOrder, before: PurchaseOrder, document: StoredDocument, correlationID: CorrelationID,
                    traceparent: String, lookup: (any MasterDataLookup)? = nil) async throws -> StoreChanges {
        var changes = StoreChanges()
        let version = document.version + 1
        var written = document
        written.version = version
        written.status = order.status
        written.body = PurchaseOrderJSON.json(order).serialized()
        written.updatedAt = WallClock.nowMilliseconds()
        changes.documents = [DocumentWrite(written, expectedVersion: document.version)]
        let moved = zip(order.lines, before.lines).contains { $0.machine.state != $1.machine.state || $0.machine.quantities != $1.machine.quantities }
        if moved {
            changes.append(try await documentDeliveries(.purchaseOrderStatus(order, revision: version), idBase: "po.\(order.number).r\(version)",
                                                        source: .purchaseOrder(order.number), correlationID: correlationID, traceparent: traceparent,
                                                        lookup: lookup ?? store))
        }
        return changes
    }

    /// Deliveries of a document to every destination its route type names.
    func documentDeliveries(_ document: OutboundDocument, idBase: String, source: DeliverySource, correlationID: CorrelationID, traceparent: String,
                            lookup: any MasterDataLookup, destinations explicit: [String]? = nil) async throws -> StoreChanges {
        var changes = StoreChanges()
        let destinations = explicit ?? document.routeType.map {
            EventRouter.destinations(forDocument: $0, routes: routes, systems: systems, namedOnly: document.needsNamedRoute)
        } ?? []
        let now = WallClock.nowMilliseconds()
        for destination in destinations {
            guard let connector = connectors[destination] else { continue }
            let id = Identifiers.delivery(base: idBase, destination: destination)
            guard let delivery = try await connector.encode(document, deliveryID: id, correlationID: correlationID, lookup: lookup) else { continue }
            changes.deliveries.append(OutboundDelivery(delivery, source: source, correlationID: correlationID, traceparent: traceparent))
            changes.timeline.append(TimelineEntry(at: now, correlationID: correlationID, stage: .routed, system: destination, outcome: "ok",
                                                  detail: "\(delivery.method) \(delivery.path) queued as \(id)"))
        }
        return changes
    }

    // MARK: Acknowledgments and ship notices

    /// Applies a supplier's acknowledgment (855) to its order's lines; backorders and
    /// substitutions open exceptions. Applying the same document again changes nothing.
    public func apply(_ acknowledgment: OrderAcknowledgment, trace: TraceContext) async throws -> PurchaseOrder {
        try await modifyOrder(acknowledgment.purchaseOrder, correlationID: trace.correlationID, traceparent: trace.traceparent) { order, document in
            var changes = StoreChanges()
            guard !order.appliedDocuments.contains(acknowledgment.documentID) else { return (changes, order) }
            let now = WallClock.nowMilliseconds()
            for line in acknowledgment.lines {
                guard let index = order.lineIndex(line.line) else {
                    throw MasterDataError.invalidReference(field: "line", message: "purchase order \(order.number) has no line \(line.line)")
                }
                for answer in line.acknowledgments {
                    let transition: PurchaseOrderLineTransition
                    do { transition = try order.lines[index].machine.apply(.acknowledgment(answer)) } catch {
                        throw MasterDataError.invalidReference(field: "line \(line.line)", message: "\(error)")
                    }
                    changes.timeline.append(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .acknowledged, system: nil, outcome: "ok",
                                                          detail: "PO \(order.number) line \(line.line): \(answer); now \(PurchaseOrderLine.name(transition.to))"))
                    for notice in transition.notices {
                        guard let exception = noticeException(notice, order: order, line: order.lines[index], document: document, correlationID: trace.correlationID) else { continue }
                        changes.exceptions.append(exception)
                        changes.timeline.append(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .exception, system: nil,
                                                              outcome: exception.type.rawValue, detail: "\(exception.id): \(exception.summary)"))
                    }
                }
            }
            order.appliedDocuments.append(acknowledgment.documentID)
            return (changes, order)
        }
    }

    /// Applies a ship notice (856): shipped quantities and announced lots per line.
    public func apply(_ notice: ShipNoticeInput, trace: TraceContext) async throws -> PurchaseOrder {
        try await modifyOrder(notice.purchaseOrder, correlationID: trace.correlationID, traceparent: trace.traceparent) { order, _ in
            var changes = StoreChanges()
            let documentID = "856:\(notice.number)"
            guard !order.appliedDocuments.contains(documentID) else { return (changes, order) }
            let now = WallClock.nowMilliseconds()
            for line in notice.lines {
                let index = try self.lineIndex(in: order, line: line.line, item: line.item, field: "lines")
                let machine = order.lines[index].machine
                guard let item = try await store.item(line.item ?? machine.item) else {
                    throw MasterDataError.invalidReference(field: "item", message: "no item '\(line.item ?? machine.item)'")
                }
                let quantity: Quantity
                do { quantity = try item.packaging.convert(line.quantity, to: machine.unit) } catch {
                    throw MasterDataError.invalidReference(field: "quantity", message: "\(line.quantity) cannot be put in \(machine.unit): \(error)")
                }
                do { try order.lines[index].machine.apply(.shipNotice(quantity: quantity.value)) } catch {
                    throw MasterDataError.invalidReference(field: "line \(machine.lineNumber)", message: "\(error)")
                }
                order.lines[index].shipments.append(PurchaseOrderLine.Shipment(notice: notice.number, quantity: quantity.value, lots: line.lots,
                                                                               expiry: line.expiry))
                changes.timeline.append(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .shipped, system: nil, outcome: "ok",
                                                      detail: "PO \(order.number) line \(machine.lineNumber): ship notice \(notice.number) announces \(quantity)"))
            }
            order.appliedDocuments.append(documentID)
            return (changes, order)
        }
    }

    /// The line a document means: by number, else the one live line that takes the item.
    func lineIndex(in order: PurchaseOrder, line: Int?, item: ItemID?, field: String) throws -> Int {
        if let line {
            guard let index = order.lineIndex(line) else {
                throw MasterDataError.invalidReference(field: field, message: "purchase order \(order.number) has no line \(line)")
            }
            return index
        }
        let candidates = order.lines.indices.filter { index in
            item.map(order.lines[index].takes) ?? false && ![.cancelled, .closed].contains(order.lines[index].machine.state)
        }
        guard candidates.count == 1 else {
            throw MasterDataError.invalidReference(field: field, message: candidates.isEmpty
                ? "purchase order \(order.number) has no open line for item \(item.map(\.rawValue) ?? "?")"
                : "purchase order \(order.number) has several lines for item \(item.map(\.rawValue) ?? "?"); name the line")
        }
        return candidates[0]
    }

    /// The exception a line notice opens, if it is one a person must see.
    func noticeException(_ notice: PurchaseOrderLineNotice, order: PurchaseOrder, line: PurchaseOrderLine, document: StoredDocument,
                         correlationID: CorrelationID) -> NewException? {
        let type: ExceptionType
        let summary: String
        let f = ExactDecimal.format
        switch notice {
        case .backordered(let quantity):
            type = .backorder
            summary = "\(order.supplier) backordered \(f(quantity)) \(line.machine.unit) of \(line.machine.item) on PO \(order.number) line \(line.machine.lineNumber)"
        case .substituted(let item, let quantity):
            type = .supplierSubstitution
            summary = "\(order.supplier) will ship \(f(quantity)) \(line.machine.unit) of \(item) instead of \(line.machine.item) on PO \(order.number) line \(line.machine.lineNumber); accept with substitute"
        default:
            return nil
        }
        let context = JSONValue.object([
            ("purchaseOrder", .string(order.number)), ("poLine", .integer(line.machine.lineNumber)),
            ("line", PurchaseOrderJSON.line(line)),
        ])
        return NewException(id: Identifiers.make("exc"), type: type, correlationID: correlationID, system: order.supplier.rawValue,
                            eventID: nil, deliveryID: nil, summary: summary, context: context.serialized(), document: document.sourceID)
    }

}

/// Why an order flow refused a request, beyond bad fields and references.
public enum OrderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the request names does not exist.
    case notFound(String)
    /// The request does not fit the current state (an action on a closed exception...).
    case notAllowed(String)

    public var description: String {
        switch self {
        case .notFound(let detail), .notAllowed(let detail): return detail
        }
    }
}

/// A supplier's acknowledgment of an order in canonical terms (from an 855).
public struct OrderAcknowledgment: Sendable, Equatable {
    public var purchaseOrder: String
    /// Identifies the document, so applying it twice is noticed (`855:<sender>:<control>`).
    public var documentID: String
    public var lines: [Line]

    public init(purchaseOrder: String, documentID: String, lines: [Line]) {
        self.purchaseOrder = purchaseOrder
        self.documentID = documentID
        self.lines = lines
    }

    /// What the supplier said about one line, quantities in the line's unit.
    public struct Line: Sendable, Equatable {
        public var line: Int
        public var acknowledgments: [PurchaseOrderLineAcknowledgment]

        public init(line: Int, acknowledgments: [PurchaseOrderLineAcknowledgment]) {
            self.line = line
            self.acknowledgments = acknowledgments
        }
    }
}

/// A ship notice in canonical terms (from an 856): what is on its way, per order line.
public struct ShipNoticeInput: Sendable, Equatable {
    public var number: String
    public var purchaseOrder: String
    public var lines: [Line]

    public init(number: String, purchaseOrder: String, lines: [Line]) {
        self.number = number
        self.purchaseOrder = purchaseOrder
        self.lines = lines
    }

    /// One shipped item: the order line (or the item, to find it), quantity and lots.
    public struct Line: Sendable, Equatable {
        public var line: Int?
        public var item: ItemID?
        public var quantity: Quantity
        public var lots: [String]
        /// The lots' expiry (`YYYY-MM-DD`), when the notice gives one.
        public var expiry: String?

        public init(line: Int?, item: ItemID?, quantity: Quantity, lots: [String], expiry: String? = nil) {
            self.line = line
            self.item = item
            self.quantity = quantity
            self.lots = lots
            self.expiry = expiry
        }
    }
}
