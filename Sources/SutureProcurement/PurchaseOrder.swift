public import Foundation
public import SutureModel

/// A purchase order Suture tracks, line by line, from ordered to closed.
///
/// Each line is a pure ``PurchaseOrderLineStateMachine`` plus the documents already
/// applied to it (receipts, ship notices, invoices), so that applying the same document
/// again changes nothing: a receipt event processed twice is counted once.
public struct PurchaseOrder: Sendable, Equatable {
    public var number: String
    public var supplier: SupplierID
    public var shipTo: LocationID
    public var orderedAt: Date?
    public var lines: [PurchaseOrderLine]
    /// Ids of the acknowledgments and ship notices applied (`855:<control>`, `856:<number>`).
    public var appliedDocuments: [String]

    public init(number: String, supplier: SupplierID, shipTo: LocationID, orderedAt: Date?, lines: [PurchaseOrderLine],
                appliedDocuments: [String] = []) {
        self.number = number
        self.supplier = supplier
        self.shipTo = shipTo
        self.orderedAt = orderedAt
        self.lines = lines
        self.appliedDocuments = appliedDocuments
    }

    /// The index of line `number`, if the order has it.
    public func lineIndex(_ number: Int) -> Int? { lines.firstIndex { $0.machine.lineNumber == number } }

    /// The order's status for people and the ERP: the least advanced state of its live
    /// lines, except that an order with some goods in and some not is `partially-received`.
    public var status: String {
        let live = lines.map(\.machine.state).filter { $0 != .cancelled }
        guard !live.isEmpty else { return PurchaseOrderLine.name(.cancelled) }
        let ranks = live.map(Self.rank)
        let least = live[ranks.firstIndex(of: ranks.min()!)!]
        if ranks.min()! < Self.rank(.partiallyReceived) && ranks.max()! >= Self.rank(.partiallyReceived) {
            return PurchaseOrderLine.name(.partiallyReceived)
        }
        return PurchaseOrderLine.name(least)
    }

    static func rank(_ state: PurchaseOrderLineStateMachine.State) -> Int {
        switch state {
        case .ordered: 0
        case .acknowledged: 1
        case .backordered: 2
        case .substituted: 3
        case .partiallyShipped: 4
        case .shipped: 5
        case .partiallyReceived: 6
        case .received: 7
        case .invoiced: 8
        case .matched: 9
        case .closed: 10
        case .cancelled: 11
        }
    }
}

/// One line of a tracked order: its state machine and the documents applied to it.
public struct PurchaseOrderLine: Sendable, Equatable {
    public var machine: PurchaseOrderLineStateMachine
    public var receipts: [Receipt]
    public var shipments: [Shipment]
    public var invoices: [InvoiceCharge]
    /// The supplier's substitute, once a person accepted it: goods of it are received on this line.
    public var acceptedSubstitute: ItemID?

    public init(machine: PurchaseOrderLineStateMachine, receipts: [Receipt] = [], shipments: [Shipment] = [], invoices: [InvoiceCharge] = [],
                acceptedSubstitute: ItemID? = nil) {
        self.acceptedSubstitute = acceptedSubstitute
        self.machine = machine
        self.receipts = receipts
        self.shipments = shipments
        self.invoices = invoices
    }

    /// Goods in (or out, when negative: a void or a return), in the line's unit.
    public struct Receipt: Sendable, Equatable {
        /// The inventory event (`evt_…`), or `evt_….void` for its reversal.
        public var source: String
        public var quantity: Decimal
        public var lot: String?
        public var expiry: String?

        public init(source: String, quantity: Decimal, lot: String?, expiry: String?) {
            self.source = source
            self.quantity = quantity
            self.lot = lot
            self.expiry = expiry
        }

        /// The source of the receipt that reverses `event`'s.
        public static func reversalSource(of event: EventID) -> String { event.rawValue + ".void" }
    }

    /// A ship notice's quantity for this line, with the lots it announced and their expiry:
    /// the receipt Suture expects.
    public struct Shipment: Sendable, Equatable {
        public var notice: String
        public var quantity: Decimal
        public var lots: [String]
        /// The expiry date (`YYYY-MM-DD`) the notice gave for these lots.
        public var expiry: String?

        public init(notice: String, quantity: Decimal, lots: [String], expiry: String? = nil) {
            self.notice = notice
            self.quantity = quantity
            self.lots = lots
            self.expiry = expiry
        }
    }

    /// An invoice's charge for this line (negative quantity: credited back).
    public struct InvoiceCharge: Sendable, Equatable {
        public var invoice: String
        public var quantity: Decimal
        public var unitPrice: Decimal

        public init(invoice: String, quantity: Decimal, unitPrice: Decimal) {
            self.invoice = invoice
            self.quantity = quantity
            self.unitPrice = unitPrice
        }
    }

    /// The item goods may arrive as: the one ordered, or a substitute a person accepted.
    public func takes(_ item: ItemID) -> Bool { machine.item == item || acceptedSubstitute == item }

    /// Received so far from one source (an event), reversals included.
    public func received(from event: EventID) -> Decimal {
        receipts.filter { $0.source == event.rawValue || $0.source == Receipt.reversalSource(of: event) }.reduce(Decimal(0)) { $0 + $1.quantity }
    }

    /// Lots the ship notices announced for this line.
    public var announcedLots: [String] { shipments.flatMap(\.lots) }

    /// What the status update reports beside the state: the quantity that state is about.
    public var statusQuantity: Decimal {
        let q = machine.quantities
        switch machine.state {
        case .ordered: return q.ordered
        // A line withdrawn whole by refusing its backorder has nothing left on order: the
        // cancelled quantity is what the state is about.
        case .cancelled: return q.ordered == 0 ? q.cancelled : q.ordered
        case .acknowledged, .substituted: return q.acknowledged ?? q.ordered
        case .backordered: return q.backordered
        case .partiallyShipped, .shipped: return q.shipped
        case .partiallyReceived, .received, .closed: return q.received
        case .invoiced, .matched: return q.invoiced
        }
    }

    /// A state as the API and the ERP profile write it, in kebab case (`partially-received`).
    public static func name(_ state: PurchaseOrderLineStateMachine.State) -> String {
        var name = ""
        for character in state.rawValue {
            if character.isUppercase { name += "-" + character.lowercased() } else { name.append(character) }
        }
        return name
    }
}
