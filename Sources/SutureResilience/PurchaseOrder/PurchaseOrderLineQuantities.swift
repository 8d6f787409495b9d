public import Foundation

/// The running quantities of a purchase order line, exact and in the line's unit; what
/// `GET /v1/purchase-orders/{number}` shows beside the state.
public struct PurchaseOrderLineQuantities: Sendable, Hashable {
    public var ordered: Decimal
    /// What the supplier committed to ship now; nil until it acknowledged the line.
    public var acknowledged: Decimal?
    public var backordered: Decimal
    public var shipped: Decimal
    public var received: Decimal
    public var invoiced: Decimal

    public init(
        ordered: Decimal, acknowledged: Decimal? = nil, backordered: Decimal = 0, shipped: Decimal = 0,
        received: Decimal = 0, invoiced: Decimal = 0
    ) {
        self.ordered = ordered
        self.acknowledged = acknowledged
        self.backordered = backordered
        self.shipped = shipped
        self.received = received
        self.invoiced = invoiced
    }
}
