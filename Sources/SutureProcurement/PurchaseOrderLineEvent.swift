public import Foundation
public import SutureModel

/// Something that happened to a purchase order line, from the supplier, the dock, AP
/// or a person, which ``PurchaseOrderLineStateMachine`` applies.
///
/// Quantities are exact and already in the line's unit: the caller converts a 856 in
/// cases to a line kept in boxes before it builds the event.
public enum PurchaseOrderLineEvent: Sendable, Hashable, CustomStringConvertible {
    /// A line acknowledgment from the supplier (an 855 ACK segment).
    case acknowledgment(PurchaseOrderLineAcknowledgment)
    /// A ship notice (856) for this quantity; must be above 0.
    case shipNotice(quantity: Decimal)
    /// Goods received; a negative quantity reverses earlier receipts (a voided or
    /// corrected receipt, a return to the supplier). Must not be 0.
    case receipt(quantity: Decimal)
    /// An invoice line for this quantity; a negative quantity is a credit. Must not be 0.
    case invoice(quantity: Decimal)
    /// The 3-way match of PO, receipts and invoice succeeded (or its variance was approved).
    case matched
    /// The line is finished, whatever was received (a short close included).
    case close
    /// The line is withdrawn before anything was shipped, received or invoiced.
    case cancel
    /// The buyer refuses the backorder: the backordered quantity leaves the line (it is no
    /// longer on order), except what has shipped, been received or invoiced meanwhile, and
    /// what the supplier accepted stays. A line that was all backordered, with nothing
    /// shipped, received or invoiced, is cancelled; on a closed or cancelled line it does nothing.
    case cancelBackorder

    public var description: String {
        switch self {
        case .acknowledgment(let acknowledgment): return "acknowledgment (\(acknowledgment))"
        case .shipNotice(let quantity): return "ship notice of \(ExactDecimal.format(quantity))"
        case .receipt(let quantity) where quantity < 0: return "receipt reversal of \(ExactDecimal.format(-quantity))"
        case .receipt(let quantity): return "receipt of \(ExactDecimal.format(quantity))"
        case .invoice(let quantity) where quantity < 0: return "invoice credit of \(ExactDecimal.format(-quantity))"
        case .invoice(let quantity): return "invoice of \(ExactDecimal.format(quantity))"
        case .matched: return "match"
        case .close: return "close"
        case .cancel: return "cancel"
        case .cancelBackorder: return "cancel of the backorder"
        }
    }
}

/// What a supplier said about one PO line (855 ACK01 `IA`, `IB`, `IS`, `IC`/`IQ`/`IP`).
///
/// An 855 may carry several of these for one line (6 accepted and 4 backordered), and a
/// later 855 may revise them: each sets its own quantity, and the state machine keeps
/// accepted plus backordered within the ordered quantity, the newest answer winning.
public enum PurchaseOrderLineAcknowledgment: Sendable, Hashable, CustomStringConvertible {
    /// The supplier will ship this quantity.
    case accepted(quantity: Decimal)
    /// This quantity is on backorder, to be shipped later.
    case backordered(quantity: Decimal)
    /// The supplier will ship this quantity of another item instead.
    case substituted(item: ItemID, quantity: Decimal)
    /// Accepted with changes: a new quantity, a new unit price, or both.
    case changed(quantity: Decimal?, unitPrice: Decimal?)

    public var description: String {
        switch self {
        case .accepted(let quantity): return "accepted \(ExactDecimal.format(quantity))"
        case .backordered(let quantity): return "backordered \(ExactDecimal.format(quantity))"
        case .substituted(let item, let quantity): return "substituted \(ExactDecimal.format(quantity)) of \(item)"
        case .changed(let quantity, let unitPrice):
            let parts = [
                quantity.map { "quantity \(ExactDecimal.format($0))" },
                unitPrice.map { "unit price \(ExactDecimal.format($0))" },
            ].compactMap { $0 }
            return "changed " + (parts.isEmpty ? "nothing" : parts.joined(separator: ", "))
        }
    }
}
