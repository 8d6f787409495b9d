public import Foundation
public import SutureModel

/// The life of one purchase order line, from ordered to closed: applies supplier
/// acknowledgments, ship notices, receipts, invoices and match results, and says which
/// state the line is in.
///
/// A pure value: the order-status, receiving and matching flows load it, apply an
/// event, store the result and act on the returned ``PurchaseOrderLineTransition``.
/// A refused event is a ``PurchaseOrderLineError`` and leaves the line unchanged.
///
/// The progress states (ordered to invoiced) are derived from the quantities after
/// every event, so a receipt reversal or a late acknowledgment lands the line where its
/// quantities say, whatever order events came in; matched, closed and cancelled are
/// set by their own events.
public struct PurchaseOrderLineStateMachine: Sendable, Hashable {
    /// Where a line is. The progress states are derived, first match wins: invoiced,
    /// received, partiallyReceived, shipped, partiallyShipped, substituted, backordered,
    /// acknowledged, ordered. Each case says when it holds and what may follow.
    public enum State: String, Sendable, Hashable, CaseIterable, Codable {
        /// Sent to the supplier, no answer yet. Every event is accepted. Cancel goes to
        /// `.cancelled`, close to `.closed`; the others derive.
        case ordered
        /// The supplier acknowledged the line, with no backorder or substitute. As
        /// `.ordered`; a further acknowledgment may move it to backordered or substituted.
        case acknowledged
        /// Some or all of the line is on backorder and nothing has shipped. As `.ordered`;
        /// an acceptance of the rest goes back to `.acknowledged`.
        case backordered
        /// The supplier will ship another item and nothing has shipped. As `.ordered`.
        case substituted
        /// Ship notices cover part of the ordered quantity. Cancel is refused (goods are
        /// on their way); more ship notices reach `.shipped`, receipts partiallyReceived
        /// or received.
        case partiallyShipped
        /// Ship notices cover the ordered quantity (or more). As partiallyShipped.
        case shipped
        /// Receipts cover part of the ordered quantity. More receipts reach `.received`;
        /// a reversal of all of them goes back to the shipment or acknowledgment states.
        case partiallyReceived
        /// Receipts cover the ordered quantity (or more). An invoice reaches `.invoiced`;
        /// a reversal goes back to `.partiallyReceived`.
        case received
        /// An invoice has been posted against the line (before or after the goods).
        /// A match result reaches `.matched`; a full credit goes back to the receipt state.
        case invoiced
        /// The 3-way match succeeded. A close reaches `.closed`. A receipt or invoice
        /// (a correction) invalidates the match and the line derives again; an
        /// acknowledgment, ship notice or cancel is refused.
        case matched
        /// Finished, whether everything arrived or the line was short-closed. Terminal:
        /// a repeated close is a no-op, everything else is refused.
        case closed
        /// Withdrawn before anything shipped, was received or invoiced. Terminal: a
        /// repeated cancel is a no-op, everything else is refused.
        case cancelled
    }

    public let lineNumber: Int
    public let item: ItemID
    /// The unit every quantity of the line is kept in.
    public let unit: UnitOfMeasure
    /// The unit price in the order's currency, as ordered or as the supplier changed it.
    public private(set) var unitPrice: Decimal?
    /// The item the supplier said it will ship instead, if any.
    public private(set) var substitute: ItemID?
    public private(set) var quantities: PurchaseOrderLineQuantities
    public private(set) var state: State

    /// A new line, in `.ordered`.
    public init(lineNumber: Int, item: ItemID, ordered: Quantity, unitPrice: Decimal?) throws(PurchaseOrderLineError) {
        func refuse(_ reason: PurchaseOrderLineError.Reason) -> PurchaseOrderLineError {
            PurchaseOrderLineError(lineNumber: lineNumber, state: .ordered, event: nil, reason: reason)
        }
        guard lineNumber >= 1 else { throw refuse(.invalidLineNumber) }
        guard ordered.value > 0 else { throw refuse(.nonPositiveOrdered(ordered.value)) }
        if let unitPrice, unitPrice < 0 { throw refuse(.unitPriceNegative(unitPrice)) }
        self.init(
            restoringLine: lineNumber, item: item, unit: ordered.unit, unitPrice: unitPrice, substitute: nil,
            quantities: PurchaseOrderLineQuantities(ordered: ordered.value), state: .ordered)
    }

    /// A line as it was stored; the store is trusted, so nothing is checked.
    public init(
        restoringLine lineNumber: Int, item: ItemID, unit: UnitOfMeasure, unitPrice: Decimal?, substitute: ItemID?,
        quantities: PurchaseOrderLineQuantities, state: State
    ) {
        self.lineNumber = lineNumber
        self.item = item
        self.unit = unit
        self.unitPrice = unitPrice
        self.substitute = substitute
        self.quantities = quantities
        self.state = state
    }

    /// Applies `event`; on a refusal the line is unchanged.
    @discardableResult
    public mutating func apply(_ event: PurchaseOrderLineEvent) throws(PurchaseOrderLineError) -> PurchaseOrderLineTransition {
        func refuse(_ reason: PurchaseOrderLineError.Reason) -> PurchaseOrderLineError {
            PurchaseOrderLineError(lineNumber: lineNumber, state: state, event: event, reason: reason)
        }
        let from = state
        // Work on a copy and commit only at the end, so a refusal leaves self untouched.
        var next = self
        var notices: [PurchaseOrderLineNotice] = []
        var explicitState: State?

        switch (state, event) {
        case (.cancelled, .cancel), (.closed, .close), (.matched, .matched):
            // Replays of the same document are idempotent.
            return PurchaseOrderLineTransition(from: from, to: from)
        case (.cancelled, .cancelBackorder), (.closed, .cancelBackorder):
            // The line is finished: nothing more will come, backordered or not.
            return PurchaseOrderLineTransition(from: from, to: from)
        case (.cancelled, _):
            throw refuse(.lineCancelled)
        case (.closed, _):
            throw refuse(.lineClosed)
        case (.matched, .acknowledgment), (.matched, .shipNotice), (.matched, .cancel):
            throw refuse(.lineMatched)

        case (_, .acknowledgment(let acknowledgment)):
            notices = try next.acknowledge(acknowledgment, refuse: refuse)

        case (_, .shipNotice(let quantity)):
            guard quantity > 0 else { throw refuse(.quantityNotPositive(quantity)) }
            next.quantities.shipped += quantity
            if let excess = next.excessOverOrdered(next.quantities.shipped) { notices.append(.overShipped(excess: excess)) }

        case (_, .receipt(let quantity)):
            guard quantity != 0 else { throw refuse(.quantityZero) }
            let received = quantities.received + quantity
            guard received >= 0 else {
                throw refuse(.reversalExceedsReceived(received: quantities.received, reversal: -quantity))
            }
            next.quantities.received = received
            if quantity > 0, let excess = next.excessOverOrdered(received) { notices.append(.overReceived(excess: excess)) }

        case (_, .invoice(let quantity)):
            guard quantity != 0 else { throw refuse(.quantityZero) }
            let invoiced = quantities.invoiced + quantity
            guard invoiced >= 0 else {
                throw refuse(.creditExceedsInvoiced(invoiced: quantities.invoiced, credit: -quantity))
            }
            next.quantities.invoiced = invoiced
            if quantity > 0, let excess = next.excessOverOrdered(invoiced) { notices.append(.overInvoiced(excess: excess)) }

        case (_, .matched):
            guard quantities.invoiced > 0 else { throw refuse(.nothingInvoiced) }
            explicitState = .matched

        case (_, .close):
            explicitState = .closed

        case (_, .cancel):
            let q = quantities
            guard q.shipped == 0, q.received == 0, q.invoiced == 0 else {
                throw refuse(.activityBeforeCancel(shipped: q.shipped, received: q.received, invoiced: q.invoiced))
            }
            explicitState = .cancelled

        case (_, .cancelBackorder):
            let q = quantities
            guard q.backordered > 0 else { return PurchaseOrderLineTransition(from: from, to: from) }
            // Only what is neither committed nor on its way leaves the order: goods shipped,
            // received or invoiced against the backorder stay on the line.
            let underway = max(q.acknowledged ?? 0, q.shipped, q.received, q.invoiced)
            let withdrawn = max(0, min(q.backordered, q.ordered - underway))
            next.quantities.ordered = q.ordered - withdrawn
            next.quantities.cancelled = q.cancelled + withdrawn
            next.quantities.backordered = 0
            if next.quantities.ordered == 0 && q.shipped == 0 && q.received == 0 && q.invoiced == 0 {
                explicitState = .cancelled
            } else if from == .matched {
                // Less on order does not undo a match of what was invoiced and received.
                explicitState = .matched
            }
        }

        if from == .matched && explicitState == nil { notices.append(.matchInvalidated) }
        next.state = explicitState ?? next.derivedProgressState
        self = next
        return PurchaseOrderLineTransition(from: from, to: next.state, notices: notices)
    }

    /// The progress state the quantities say; see ``State``.
    var derivedProgressState: State {
        let q = quantities
        if q.invoiced > 0 { return .invoiced }
        if q.received >= q.ordered { return .received }
        if q.received > 0 { return .partiallyReceived }
        if q.shipped >= q.ordered { return .shipped }
        if q.shipped > 0 { return .partiallyShipped }
        if substitute != nil { return .substituted }
        if q.backordered > 0 { return .backordered }
        if q.acknowledged != nil { return .acknowledged }
        return .ordered
    }

    private func excessOverOrdered(_ quantity: Decimal) -> Decimal? {
        quantity > quantities.ordered ? quantity - quantities.ordered : nil
    }

    /// Applies an acknowledgment to this (copied) line. The newest answer wins: accepted
    /// plus backordered is kept within the ordered quantity by trimming the other one.
    private mutating func acknowledge(
        _ acknowledgment: PurchaseOrderLineAcknowledgment,
        refuse: (PurchaseOrderLineError.Reason) -> PurchaseOrderLineError
    ) throws(PurchaseOrderLineError) -> [PurchaseOrderLineNotice] {
        let ordered = quantities.ordered
        var notices: [PurchaseOrderLineNotice] = []

        func accept(_ quantity: Decimal) throws(PurchaseOrderLineError) {
            guard quantity >= 0 else { throw refuse(.quantityNegative(quantity)) }
            quantities.acknowledged = quantity
            quantities.backordered = min(quantities.backordered, max(0, ordered - quantity))
        }

        switch acknowledgment {
        case .accepted(let quantity):
            try accept(quantity)
        case .backordered(let quantity):
            guard quantity >= 0 else { throw refuse(.quantityNegative(quantity)) }
            guard quantity <= ordered else { throw refuse(.backorderExceedsOrdered(backordered: quantity, ordered: ordered)) }
            quantities.backordered = quantity
            // A backorder is also an answer: nothing more than the rest is committed now.
            quantities.acknowledged = min(quantities.acknowledged ?? 0, ordered - quantity)
            if quantity > 0 { notices.append(.backordered(quantity: quantity)) }
        case .substituted(let substituteItem, let quantity):
            guard substituteItem != item else { throw refuse(.substituteIsOrderedItem(substituteItem)) }
            try accept(quantity)
            substitute = substituteItem
            notices.append(.substituted(item: substituteItem, quantity: quantity))
        case .changed(let quantity, let newPrice):
            guard quantity != nil || newPrice != nil else { throw refuse(.emptyChange) }
            if let newPrice, newPrice < 0 { throw refuse(.unitPriceNegative(newPrice)) }
            if let quantity {
                try accept(quantity)
                if quantity != ordered { notices.append(.quantityChanged(ordered: ordered, acknowledged: quantity)) }
            }
            if quantity == nil && quantities.acknowledged == nil {
                // A price-only change (IP) accepts the quantity as ordered.
                quantities.acknowledged = ordered
            }
            if let newPrice {
                if newPrice != unitPrice { notices.append(.priceChanged(from: unitPrice, to: newPrice)) }
                unitPrice = newPrice
            }
        }
        return notices
    }
}
