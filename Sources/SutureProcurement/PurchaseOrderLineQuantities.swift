public import Foundation

/// The running quantities of a purchase order line, exact and in the line's unit; what
/// `GET /v1/purchase-orders/{number}` shows beside the state.
public struct PurchaseOrderLineQuantities: Sendable, Hashable {
    /// What is on order now: as ordered, less what the buyer withdrew (`cancelled`).
    public var ordered: Decimal
    /// What the supplier committed to ship now; nil until it acknowledged the line.
    public var acknowledged: Decimal?
    public var backordered: Decimal
    public var shipped: Decimal
    public var received: Decimal
    public var invoiced: Decimal
    /// What the buyer withdrew from the line (a refused backorder); no longer in `ordered`.
    public var cancelled: Decimal

    public init(
        ordered: Decimal, acknowledged: Decimal? = nil, backordered: Decimal = 0, shipped: Decimal = 0,
        received: Decimal = 0, invoiced: Decimal = 0, cancelled: Decimal = 0
    ) {
        self.cancelled = cancelled
        self.ordered = ordered
        self.acknowledged = acknowledged
        self.backordered = backordered
        self.shipped = shipped
        self.received = received
        self.invoiced = invoiced
    }
}
