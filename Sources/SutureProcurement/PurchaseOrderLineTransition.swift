public import Foundation
public import SutureModel

/// What applying one event did to a purchase order line: the state before and after,
/// and the facts the order-status and matching flows may turn into exceptions.
public struct PurchaseOrderLineTransition: Sendable, Hashable {
    public let from: PurchaseOrderLineStateMachine.State
    public let to: PurchaseOrderLineStateMachine.State
    public let notices: [PurchaseOrderLineNotice]

    public init(
        from: PurchaseOrderLineStateMachine.State, to: PurchaseOrderLineStateMachine.State,
        notices: [PurchaseOrderLineNotice] = []
    ) {
        self.from = from
        self.to = to
        self.notices = notices
    }

    /// Whether the state changed (quantities may change without it: a second partial receipt).
    public var changedState: Bool { from != to }
}

/// A fact about a line worth a person's attention. The state machine only reports it;
/// whether it breaks contract or tolerance, and so opens an exception, is the flows' call.
public enum PurchaseOrderLineNotice: Sendable, Hashable {
    /// The supplier put this quantity on backorder (`backorder` exception).
    case backordered(quantity: Decimal)
    /// The supplier will ship another item (`supplier-substitution` exception).
    case substituted(item: ItemID, quantity: Decimal)
    /// The supplier changed the quantity it will ship from what was ordered.
    case quantityChanged(ordered: Decimal, acknowledged: Decimal)
    /// The supplier changed the unit price (`price-variance` if beyond tolerance).
    case priceChanged(from: Decimal?, to: Decimal)
    /// Ship notices now add up to more than was ordered, by `excess`.
    case overShipped(excess: Decimal)
    /// Receipts now add up to more than was ordered, by `excess`.
    case overReceived(excess: Decimal)
    /// Invoices now add up to more than was ordered, by `excess`.
    case overInvoiced(excess: Decimal)
    /// A receipt or invoice changed a matched line, so it has to be matched again.
    case matchInvalidated
}
