public import SutureX12

/// What the simulated supplier sends back for one purchase order.
public struct SupplierOrderAnswer: Hashable, Sendable {
    /// The 855 acknowledgment, one PO1 and ACK per ordered line.
    public var acknowledgment: X12Document
    /// The 856 ship notice; nil when nothing ships (every line backordered).
    public var shipNotice: X12Document?
    /// The 810 invoice for what shipped; nil when nothing ships.
    public var invoice: X12Document?

    public init(acknowledgment: X12Document, shipNotice: X12Document?, invoice: X12Document?) {
        self.acknowledgment = acknowledgment
        self.shipNotice = shipNotice
        self.invoice = invoice
    }

    /// The documents in the order they are sent: 855, then 856 and 810.
    public var documents: [X12Document] { [acknowledgment] + [shipNotice, invoice].compactMap { $0 } }
}
