import Foundation
import SutureModel
import Testing
@testable import SutureProcurement

/// One row of the transition table: a line of 10 BX of SKU-1 at 45.50, taken through
/// `given`, then `when` applied.
struct LineTransitionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let given: [PurchaseOrderLineEvent]
    let when: PurchaseOrderLineEvent
    let expected: PurchaseOrderLineStateMachine.State
    var notices: [PurchaseOrderLineNotice] = []

    var testDescription: String { name }
}

/// One row of the refusal table.
struct LineRefusalCase: Sendable, CustomTestStringConvertible {
    let name: String
    let given: [PurchaseOrderLineEvent]
    let when: PurchaseOrderLineEvent
    let reason: PurchaseOrderLineError.Reason

    var testDescription: String { name }
}

private let sku1: ItemID = "SKU-1"
private let sku2: ItemID = "SKU-2"

private func newLine() throws -> PurchaseOrderLineStateMachine {
    try PurchaseOrderLineStateMachine(
        lineNumber: 1, item: sku1, ordered: Quantity(10, "BX"), unitPrice: decimal("45.50"))
}

private func line(after events: [PurchaseOrderLineEvent]) throws -> PurchaseOrderLineStateMachine {
    var line = try newLine()
    for event in events { try line.apply(event) }
    return line
}

// Short names for the table.
private func accepted(_ q: Decimal) -> PurchaseOrderLineEvent { .acknowledgment(.accepted(quantity: q)) }
private func backordered(_ q: Decimal) -> PurchaseOrderLineEvent { .acknowledgment(.backordered(quantity: q)) }
private func ship(_ q: Decimal) -> PurchaseOrderLineEvent { .shipNotice(quantity: q) }
private func receive(_ q: Decimal) -> PurchaseOrderLineEvent { .receipt(quantity: q) }
private func invoice(_ q: Decimal) -> PurchaseOrderLineEvent { .invoice(quantity: q) }

private let received10: [PurchaseOrderLineEvent] = [accepted(10), ship(10), receive(10)]
private let invoiced10 = received10 + [invoice(10)]
private let matched10 = invoiced10 + [.matched]

let transitionTable: [LineTransitionCase] = [
    // From ordered
    .init(name: "ordered, accepted in full: acknowledged", given: [], when: accepted(10), expected: .acknowledged),
    .init(name: "ordered, backordered: backordered", given: [], when: backordered(4), expected: .backordered,
          notices: [.backordered(quantity: 4)]),
    .init(name: "ordered, substituted: substituted", given: [],
          when: .acknowledgment(.substituted(item: sku2, quantity: 10)), expected: .substituted,
          notices: [.substituted(item: sku2, quantity: 10)]),
    .init(name: "ordered, quantity changed: acknowledged", given: [],
          when: .acknowledgment(.changed(quantity: 8, unitPrice: nil)), expected: .acknowledged,
          notices: [.quantityChanged(ordered: 10, acknowledged: 8)]),
    .init(name: "ordered, price changed: acknowledged", given: [],
          when: .acknowledgment(.changed(quantity: nil, unitPrice: decimal("47.00"))), expected: .acknowledged,
          notices: [.priceChanged(from: decimal("45.50"), to: 47)]),
    .init(name: "ordered, partial ship notice: partiallyShipped", given: [], when: ship(4), expected: .partiallyShipped),
    .init(name: "ordered, full ship notice: shipped", given: [], when: ship(10), expected: .shipped),
    .init(name: "ordered, partial receipt without ASN: partiallyReceived", given: [], when: receive(4),
          expected: .partiallyReceived),
    .init(name: "ordered, full receipt: received", given: [], when: receive(10), expected: .received),
    .init(name: "ordered, invoice before goods: invoiced", given: [], when: invoice(10), expected: .invoiced),
    .init(name: "ordered, close: closed", given: [], when: .close, expected: .closed),
    .init(name: "ordered, cancel: cancelled", given: [], when: .cancel, expected: .cancelled),

    // From acknowledged
    .init(name: "acknowledged, backorder of part: backordered", given: [accepted(10)], when: backordered(4),
          expected: .backordered, notices: [.backordered(quantity: 4)]),
    .init(name: "acknowledged, substitute: substituted", given: [accepted(10)],
          when: .acknowledgment(.substituted(item: sku2, quantity: 10)), expected: .substituted,
          notices: [.substituted(item: sku2, quantity: 10)]),
    .init(name: "acknowledged, full ship notice: shipped", given: [accepted(10)], when: ship(10), expected: .shipped),
    .init(name: "acknowledged, cancel: cancelled", given: [accepted(10)], when: .cancel, expected: .cancelled),
    .init(name: "acknowledged, close: closed", given: [accepted(10)], when: .close, expected: .closed),

    // From backordered
    .init(name: "backordered, rest accepted: acknowledged", given: [backordered(4)], when: accepted(10),
          expected: .acknowledged),
    .init(name: "backordered, accepted part keeps backorder: backordered", given: [backordered(4)], when: accepted(6),
          expected: .backordered),
    .init(name: "backordered, ship notice of the available part: partiallyShipped",
          given: [accepted(6), backordered(4)], when: ship(6), expected: .partiallyShipped),
    .init(name: "backordered, cancel: cancelled", given: [backordered(10)], when: .cancel, expected: .cancelled),
    .init(name: "backordered part, backorder cancelled: acknowledged", given: [accepted(6), backordered(4)], when: .cancelBackorder,
          expected: .acknowledged),
    .init(name: "all backordered, backorder cancelled: cancelled", given: [backordered(10)], when: .cancelBackorder, expected: .cancelled),
    .init(name: "accepted part received, backorder cancelled: received", given: [accepted(6), backordered(4), ship(6), receive(6)],
          when: .cancelBackorder, expected: .received),
    .init(name: "nothing backordered, backorder cancelled: unchanged", given: [accepted(10)], when: .cancelBackorder, expected: .acknowledged),
    .init(name: "backorder partly shipped, backorder cancelled: shipped", given: [backordered(10), ship(2)], when: .cancelBackorder,
          expected: .shipped),
    .init(name: "backorder shipped in full, backorder cancelled: shipped", given: [accepted(6), backordered(4), ship(10)],
          when: .cancelBackorder, expected: .shipped),
    .init(name: "backordered then cancelled, backorder cancelled: cancelled", given: [backordered(4), .cancel], when: .cancelBackorder,
          expected: .cancelled),

    // From substituted
    .init(name: "substituted, ship notice: shipped",
          given: [.acknowledgment(.substituted(item: sku2, quantity: 10))], when: ship(10), expected: .shipped),
    .init(name: "substituted, cancel: cancelled",
          given: [.acknowledgment(.substituted(item: sku2, quantity: 10))], when: .cancel, expected: .cancelled),

    // From partiallyShipped
    .init(name: "partiallyShipped, rest shipped: shipped", given: [ship(4)], when: ship(6), expected: .shipped),
    .init(name: "partiallyShipped, too much shipped: shipped, over-shipment noticed", given: [ship(4)], when: ship(8),
          expected: .shipped, notices: [.overShipped(excess: 2)]),
    .init(name: "partiallyShipped, receipt: partiallyReceived", given: [ship(4)], when: receive(4),
          expected: .partiallyReceived),
    .init(name: "partiallyShipped, late acknowledgment keeps progress", given: [ship(4)], when: backordered(6),
          expected: .partiallyShipped, notices: [.backordered(quantity: 6)]),

    // From shipped
    .init(name: "shipped, full receipt: received", given: [ship(10)], when: receive(10), expected: .received),
    .init(name: "shipped, partial receipt: partiallyReceived", given: [ship(10)], when: receive(3),
          expected: .partiallyReceived),
    .init(name: "shipped, close: closed", given: [ship(10)], when: .close, expected: .closed),

    // From partiallyReceived
    .init(name: "partiallyReceived, rest received: received", given: [ship(10), receive(4)], when: receive(6),
          expected: .received),
    .init(name: "partiallyReceived, too much received: received, over-receipt noticed", given: [receive(4)],
          when: receive(8), expected: .received, notices: [.overReceived(excess: 2)]),
    .init(name: "partiallyReceived, reversal of all: back to shipped", given: [ship(10), receive(4)],
          when: receive(-4), expected: .shipped),
    .init(name: "partiallyReceived, reversal of all without ASN: back to acknowledged",
          given: [accepted(10), receive(4)], when: receive(-4), expected: .acknowledged),
    .init(name: "partiallyReceived, reversal of all with no answer yet: back to ordered", given: [receive(4)],
          when: receive(-4), expected: .ordered),
    .init(name: "partiallyReceived, short close: closed", given: [receive(4)], when: .close, expected: .closed),
    .init(name: "partiallyReceived, invoice: invoiced", given: [receive(4)], when: invoice(4), expected: .invoiced),

    // From received
    .init(name: "received, partial reversal: partiallyReceived", given: received10, when: receive(-2),
          expected: .partiallyReceived),
    .init(name: "received, invoice: invoiced", given: received10, when: invoice(10), expected: .invoiced),
    .init(name: "received, too much invoiced: invoiced, over-invoice noticed", given: received10, when: invoice(12),
          expected: .invoiced, notices: [.overInvoiced(excess: 2)]),
    .init(name: "received, close: closed", given: received10, when: .close, expected: .closed),

    // From invoiced
    .init(name: "invoiced before goods, full credit: back to ordered", given: [invoice(3)], when: invoice(-3),
          expected: .ordered),
    .init(name: "invoiced, match: matched", given: invoiced10, when: .matched, expected: .matched),
    .init(name: "invoiced, full credit: back to received", given: invoiced10, when: invoice(-10), expected: .received),
    .init(name: "invoiced, partial credit: invoiced", given: invoiced10, when: invoice(-3), expected: .invoiced),
    .init(name: "invoiced, receipt reversal: invoiced", given: invoiced10, when: receive(-10), expected: .invoiced),
    .init(name: "invoiced, close: closed", given: invoiced10, when: .close, expected: .closed),

    // From matched
    .init(name: "matched, close: closed", given: matched10, when: .close, expected: .closed),
    .init(name: "matched, receipt reversal: invoiced, match invalidated", given: matched10, when: receive(-2),
          expected: .invoiced, notices: [.matchInvalidated]),
    .init(name: "matched, full credit: received, match invalidated", given: matched10, when: invoice(-10),
          expected: .received, notices: [.matchInvalidated]),
    .init(name: "matched, match again: matched (idempotent)", given: matched10, when: .matched, expected: .matched),
    .init(name: "matched with a backorder left, backorder cancelled: matched",
          given: [accepted(6), backordered(4), ship(6), receive(6), invoice(6), .matched], when: .cancelBackorder, expected: .matched),

    // Terminal states repeat idempotently
    .init(name: "closed, close again: closed (idempotent)", given: [.close], when: .close, expected: .closed),
    .init(name: "cancelled, cancel again: cancelled (idempotent)", given: [.cancel], when: .cancel, expected: .cancelled),
    .init(name: "backorder cancelled, again: cancelled (idempotent)", given: [backordered(10), .cancelBackorder], when: .cancelBackorder,
          expected: .cancelled),
]

let refusalTable: [LineRefusalCase] = [
    .init(name: "receipt on a cancelled line", given: [.cancel], when: receive(2), reason: .lineCancelled),
    .init(name: "acknowledgment on a cancelled line", given: [.cancel], when: accepted(10), reason: .lineCancelled),
    .init(name: "close of a cancelled line", given: [.cancel], when: .close, reason: .lineCancelled),
    .init(name: "receipt on a closed line", given: [.close], when: receive(2), reason: .lineClosed),
    .init(name: "invoice on a closed line", given: received10 + [.close], when: invoice(10), reason: .lineClosed),
    .init(name: "cancel of a closed line", given: [.close], when: .cancel, reason: .lineClosed),
    .init(name: "acknowledgment on a matched line", given: matched10, when: accepted(10), reason: .lineMatched),
    .init(name: "ship notice on a matched line", given: matched10, when: ship(1), reason: .lineMatched),
    .init(name: "cancel of a matched line", given: matched10, when: .cancel, reason: .lineMatched),
    .init(name: "cancel after a ship notice", given: [ship(4)], when: .cancel,
          reason: .activityBeforeCancel(shipped: 4, received: 0, invoiced: 0)),
    .init(name: "cancel after a receipt", given: received10, when: .cancel,
          reason: .activityBeforeCancel(shipped: 10, received: 10, invoiced: 0)),
    .init(name: "cancel after an invoice", given: [invoice(3)], when: .cancel,
          reason: .activityBeforeCancel(shipped: 0, received: 0, invoiced: 3)),
    .init(name: "ship notice of 0", given: [], when: ship(0), reason: .quantityNotPositive(0)),
    .init(name: "negative ship notice", given: [ship(4)], when: ship(-1), reason: .quantityNotPositive(-1)),
    .init(name: "receipt of 0", given: [], when: receive(0), reason: .quantityZero),
    .init(name: "reversal of more than was received", given: [receive(3)], when: receive(-4),
          reason: .reversalExceedsReceived(received: 3, reversal: 4)),
    .init(name: "reversal with nothing received", given: [], when: receive(-1),
          reason: .reversalExceedsReceived(received: 0, reversal: 1)),
    .init(name: "invoice of 0", given: [], when: invoice(0), reason: .quantityZero),
    .init(name: "credit of more than was invoiced", given: [invoice(2)], when: invoice(-3),
          reason: .creditExceedsInvoiced(invoiced: 2, credit: 3)),
    .init(name: "match with nothing invoiced", given: received10, when: .matched, reason: .nothingInvoiced),
    .init(name: "negative accepted quantity", given: [], when: accepted(-1), reason: .quantityNegative(-1)),
    .init(name: "negative backorder", given: [], when: backordered(-1), reason: .quantityNegative(-1)),
    .init(name: "backorder above the ordered quantity", given: [], when: backordered(11),
          reason: .backorderExceedsOrdered(backordered: 11, ordered: 10)),
    .init(name: "substitute that is the ordered item", given: [],
          when: .acknowledgment(.substituted(item: sku1, quantity: 10)), reason: .substituteIsOrderedItem(sku1)),
    .init(name: "change acknowledgment with no change", given: [],
          when: .acknowledgment(.changed(quantity: nil, unitPrice: nil)), reason: .emptyChange),
    .init(name: "negative changed price", given: [],
          when: .acknowledgment(.changed(quantity: nil, unitPrice: -1)), reason: .unitPriceNegative(-1)),
    .init(name: "negative changed quantity", given: [],
          when: .acknowledgment(.changed(quantity: -2, unitPrice: nil)), reason: .quantityNegative(-2)),
]

@Suite(.timeLimit(.minutes(1))) struct PurchaseOrderLineStateMachineTests {
    @Test(arguments: transitionTable)
    func validEventMovesTheLine(_ row: LineTransitionCase) throws {
        // Given the line after the row's events
        var line = try line(after: row.given)
        let before = line.state
        // When the event is applied
        let transition = try line.apply(row.when)
        // Then it lands in the expected state and reports what the flows need to know
        #expect(transition.from == before)
        #expect(transition.to == row.expected)
        #expect(line.state == row.expected)
        #expect(transition.notices == row.notices)
    }

    @Test(arguments: refusalTable)
    func invalidEventIsRefusedAndLeavesTheLineUnchanged(_ row: LineRefusalCase) throws {
        var line = try line(after: row.given)
        let before = line
        let error = #expect(throws: PurchaseOrderLineError.self) { try line.apply(row.when) }
        #expect(error?.reason == row.reason)
        #expect(error?.event == row.when)
        #expect(error?.state == before.state)
        #expect(line == before)
    }

    @Test(arguments: [
        // given, then the quantities after the backorder is refused
        ([accepted(10)], PurchaseOrderLineQuantities(ordered: 10, acknowledged: 10)),
        ([backordered(10)], PurchaseOrderLineQuantities(ordered: 0, acknowledged: 0, cancelled: 10)),
        ([backordered(10), ship(2)], PurchaseOrderLineQuantities(ordered: 2, acknowledged: 0, shipped: 2, cancelled: 8)),
        ([accepted(6), backordered(4), ship(10)], PurchaseOrderLineQuantities(ordered: 10, acknowledged: 6, shipped: 10)),
        ([accepted(6), backordered(4), receive(7)], PurchaseOrderLineQuantities(ordered: 7, acknowledged: 6, received: 7, cancelled: 3)),
    ] as [([PurchaseOrderLineEvent], PurchaseOrderLineQuantities)])
    func aRefusedBackorderWithdrawsOnlyWhatIsNotUnderway(given: [PurchaseOrderLineEvent], expected: PurchaseOrderLineQuantities) throws {
        var line = try line(after: given)
        try line.apply(.cancelBackorder)
        #expect(line.quantities == expected)
    }

    @Test func aCancelledBackorderLeavesTheOrderAndIsKeptAsCancelled() throws {
        var line = try line(after: [accepted(6), backordered(4)])
        let transition = try line.apply(.cancelBackorder)
        #expect(transition.from == .backordered)
        #expect(line.quantities == PurchaseOrderLineQuantities(ordered: 6, acknowledged: 6, backordered: 0, cancelled: 4))
        // Receiving the 6 now fills the line; an 8th box would be over the order.
        try line.apply(receive(6))
        #expect(line.state == .received)
        #expect(try line.apply(receive(2)).notices == [.overReceived(excess: 2)])
    }

    @Test func everyStateIsReachedByTheTable() {
        let reached = Set(transitionTable.map(\.expected))
        #expect(reached == Set(PurchaseOrderLineStateMachine.State.allCases))
    }

    @Test func newLineIsOrderedWithItsQuantityAndUnit() throws {
        let line = try newLine()
        #expect(line.state == .ordered)
        #expect(line.unit == "BX")
        #expect(line.quantities == PurchaseOrderLineQuantities(ordered: 10))
        #expect(line.unitPrice == decimal("45.50"))
    }

    @Test(arguments: [
        (0, Decimal(10), Decimal?.none, PurchaseOrderLineError.Reason.invalidLineNumber),
        (1, Decimal(0), nil, .nonPositiveOrdered(0)),
        (1, Decimal(-2), nil, .nonPositiveOrdered(-2)),
        (1, Decimal(10), Decimal(-1), .unitPriceNegative(-1)),
    ])
    func impossibleLineCannotBeCreated(number: Int, ordered: Decimal, price: Decimal?, reason: PurchaseOrderLineError.Reason) {
        let error = #expect(throws: PurchaseOrderLineError.self) {
            try PurchaseOrderLineStateMachine(lineNumber: number, item: sku1, ordered: Quantity(ordered, "EA"), unitPrice: price)
        }
        #expect(error?.reason == reason)
        #expect(error?.event == nil)
    }

    @Test func quantitiesStayExactAcrossFractionalReceipts() throws {
        // Given a line of 1 CS received as 0.1 CS ten times (decimal, not binary, tenths)
        var line = try PurchaseOrderLineStateMachine(
            lineNumber: 2, item: sku1, ordered: Quantity(1, "CS"), unitPrice: nil)
        for _ in 0..<10 { try line.apply(.receipt(quantity: decimal("0.1"))) }
        // Then the line is received exactly, not 0.9999999
        #expect(line.quantities.received == 1)
        #expect(line.state == .received)
    }

    @Test func acceptedAndBackorderedSplitTheLineInEitherOrder() throws {
        let acceptFirst = try line(after: [accepted(6), backordered(4)])
        let backorderFirst = try line(after: [backordered(4), accepted(6)])
        for line in [acceptFirst, backorderFirst] {
            #expect(line.quantities.acknowledged == 6)
            #expect(line.quantities.backordered == 4)
            #expect(line.state == .backordered)
        }
    }

    @Test func revisedAcknowledgmentReplacesTheEarlierOne() throws {
        // Given all 10 accepted, when a revised 855 backorders 4
        let revised = try line(after: [accepted(10), backordered(4)])
        // Then only 6 remain committed now
        #expect(revised.quantities.acknowledged == 6)
        #expect(revised.quantities.backordered == 4)
        // And when the backorder is released by accepting all 10, nothing is left on backorder
        let released = try line(after: [accepted(10), backordered(4), accepted(10)])
        #expect(released.quantities.backordered == 0)
        #expect(released.state == .acknowledged)
    }

    @Test func substitutionAndPriceChangeAreKeptOnTheLine() throws {
        let line = try line(after: [
            .acknowledgment(.substituted(item: sku2, quantity: 10)),
            .acknowledgment(.changed(quantity: nil, unitPrice: decimal("44.10"))),
        ])
        #expect(line.substitute == sku2)
        #expect(line.unitPrice == decimal("44.10"))
        #expect(line.item == sku1)
    }

    @Test func priceOnlyChangeAcceptsTheOrderedQuantity() throws {
        let line = try line(after: [.acknowledgment(.changed(quantity: nil, unitPrice: 47))])
        #expect(line.quantities.acknowledged == 10)
    }

    @Test func unchangedPriceIsNotNoticed() throws {
        var line = try newLine()
        let transition = try line.apply(.acknowledgment(.changed(quantity: 10, unitPrice: decimal("45.5"))))
        #expect(transition.notices.isEmpty)
    }

    @Test func secondPartialReceiptChangesQuantitiesButNotTheState() throws {
        var line = try line(after: [receive(2)])
        let transition = try line.apply(receive(3))
        #expect(!transition.changedState)
        #expect(line.quantities.received == 5)
    }

    @Test func restoredLineContinuesWhereItWasStored() throws {
        // Given a line as the store kept it: partially received, 4 of 10
        var line = PurchaseOrderLineStateMachine(
            restoringLine: 3, item: sku1, unit: "BX", unitPrice: 12, substitute: nil,
            quantities: PurchaseOrderLineQuantities(ordered: 10, acknowledged: 10, shipped: 10, received: 4),
            state: .partiallyReceived)
        // When the rest arrives, then it is received
        try line.apply(receive(6))
        #expect(line.state == .received)
    }

    @Test func errorSaysWhichLineWhatAndWhy() throws {
        var line = try line(after: [.cancel])
        let error = #expect(throws: PurchaseOrderLineError.self) { try line.apply(receive(2)) }
        #expect(error?.description == "PO line 1 (cancelled): receipt of 2 refused: the line is cancelled; nothing more can happen on it")
    }

    @Test func reversalErrorNamesTheQuantities() throws {
        var line = try line(after: [receive(3)])
        let error = #expect(throws: PurchaseOrderLineError.self) { try line.apply(receive(decimal("-4.5"))) }
        #expect(error?.description
            == "PO line 1 (partiallyReceived): receipt reversal of 4.5 refused: reversing 4.5 would take receipts below 0 (received so far: 3)")
    }
}
