public import Foundation
public import SutureModel

/// Why an event was refused by a purchase order line, with the line, its state and the
/// event, so the exception or problem detail can say what to fix. The line is unchanged.
public struct PurchaseOrderLineError: Error, Hashable, Sendable, CustomStringConvertible {
    public let lineNumber: Int
    public let state: PurchaseOrderLineStateMachine.State
    /// The refused event; nil when the line itself could not be created.
    public let event: PurchaseOrderLineEvent?
    public let reason: Reason

    public init(
        lineNumber: Int, state: PurchaseOrderLineStateMachine.State, event: PurchaseOrderLineEvent?, reason: Reason
    ) {
        self.lineNumber = lineNumber
        self.state = state
        self.event = event
        self.reason = reason
    }

    /// What is wrong.
    public enum Reason: Sendable, Hashable {
        case invalidLineNumber
        case nonPositiveOrdered(Decimal)
        case lineClosed
        case lineCancelled
        /// Acknowledgments, ship notices and cancelling make no sense once matched.
        case lineMatched
        case quantityNotPositive(Decimal)
        case quantityZero
        case quantityNegative(Decimal)
        case unitPriceNegative(Decimal)
        case backorderExceedsOrdered(backordered: Decimal, ordered: Decimal)
        case reversalExceedsReceived(received: Decimal, reversal: Decimal)
        case creditExceedsInvoiced(invoiced: Decimal, credit: Decimal)
        case substituteIsOrderedItem(ItemID)
        case emptyChange
        case nothingInvoiced
        case activityBeforeCancel(shipped: Decimal, received: Decimal, invoiced: Decimal)
    }

    public var description: String {
        let what = event.map { "\($0) refused" } ?? "cannot be created"
        return "PO line \(lineNumber) (\(state.rawValue)): \(what): \(explanation)"
    }

    private var explanation: String {
        let f = ExactDecimal.format
        switch reason {
        case .invalidLineNumber:
            return "line numbers start at 1"
        case .nonPositiveOrdered(let quantity):
            return "the ordered quantity must be above 0, got \(f(quantity))"
        case .lineClosed:
            return "the line is closed; post late goods or invoices against a new line or order"
        case .lineCancelled:
            return "the line is cancelled; nothing more can happen on it"
        case .lineMatched:
            return "the line is already matched; reverse the receipt or credit the invoice first"
        case .quantityNotPositive(let quantity):
            return "the quantity must be above 0, got \(f(quantity))"
        case .quantityZero:
            return "the quantity must not be 0 (negative reverses, positive adds)"
        case .quantityNegative(let quantity):
            return "the quantity must not be negative, got \(f(quantity))"
        case .unitPriceNegative(let price):
            return "the unit price must not be negative, got \(f(price))"
        case .backorderExceedsOrdered(let backordered, let ordered):
            return "backordered \(f(backordered)) is more than the \(f(ordered)) ordered"
        case .reversalExceedsReceived(let received, let reversal):
            return "reversing \(f(reversal)) would take receipts below 0 (received so far: \(f(received)))"
        case .creditExceedsInvoiced(let invoiced, let credit):
            return "crediting \(f(credit)) would take invoices below 0 (invoiced so far: \(f(invoiced)))"
        case .substituteIsOrderedItem(let item):
            return "the substitute \(item) is the item ordered; acknowledge it as accepted instead"
        case .emptyChange:
            return "a change acknowledgment needs a new quantity, a new unit price, or both"
        case .nothingInvoiced:
            return "nothing has been invoiced on the line, so there is nothing to match"
        case .activityBeforeCancel(let shipped, let received, let invoiced):
            return "goods or invoices exist (shipped \(f(shipped)), received \(f(received)), invoiced \(f(invoiced)));"
                + " reverse them first, or close the line instead"
        }
    }
}
