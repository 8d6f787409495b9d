import Foundation
import SutureModel
import Testing
import SutureProcurement

/// The three-way match as a pure function: unit-normalized, across partial receipts,
/// with the price tolerance met by either bound.
@Suite struct InvoiceMatcherTests {
    static let gloves = try! PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 10), PackagingLevel(unit: "CS", quantity: 100)])

    /// An order of 10 BX of gloves at 45.50, with `receipts` (in BX) applied one by one.
    static func order(receipts: [Decimal] = [10], earlierInvoice: Decimal? = nil) throws -> PurchaseOrder {
        var line = PurchaseOrderLine(machine: try PurchaseOrderLineStateMachine(lineNumber: 1, item: "GLOVE-M", ordered: Quantity(10, "BX"), unitPrice: Decimal(string: "45.50")))
        for (index, quantity) in receipts.enumerated() {
            try line.machine.apply(.receipt(quantity: quantity))
            line.receipts.append(.init(source: "evt_\(index)", quantity: quantity, lot: nil, expiry: nil))
        }
        if let earlierInvoice {
            try line.machine.apply(.invoice(quantity: earlierInvoice))
            line.invoices.append(.init(invoice: "INV-0", quantity: earlierInvoice, unitPrice: Decimal(string: "45.50")!))
        }
        return PurchaseOrder(number: "PO-1", supplier: "ACME", shipTo: "OR", orderedAt: nil, lines: [line])
    }

    static func invoice(quantity: Decimal, unit: UnitOfMeasure = "BX", price: String, poLine: Int? = 1, item: ItemID = "GLOVE-M") -> Invoice {
        Invoice(number: "INV-1", purchaseOrder: "PO-1", supplier: "ACME", invoicedAt: Date(), currency: "USD", total: 0,
                lines: [Invoice.Line(line: 1, poLine: poLine, item: item, quantity: quantity, unit: unit, unitPrice: Decimal(string: price)!)])
    }

    static func matcher(percent: Decimal = 2, absolute: Decimal = Decimal(string: "0.50")!, quantity: Decimal = 0) -> InvoiceMatcher {
        var tolerances = MatchingTolerances()
        tolerances.pricePercent = percent
        tolerances.priceAbsolute = absolute
        tolerances.quantityAbsolute = quantity
        return InvoiceMatcher(tolerances: tolerances)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let quantity: Decimal
        let unit: UnitOfMeasure
        let price: String
        let matched: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "exact, in the line's unit", quantity: 10, unit: "BX", price: "45.50", matched: true),
        Case(name: "a case at the boxes' price is the same", quantity: 1, unit: "CS", price: "455.00", matched: true),
        Case(name: "within 2 % (0.90 over, above the 0.50 absolute)", quantity: 10, unit: "BX", price: "46.40", matched: true),
        Case(name: "within the absolute bound only", quantity: 10, unit: "BX", price: "45.00", matched: true),
        Case(name: "beyond both bounds", quantity: 10, unit: "BX", price: "46.50", matched: false),
        Case(name: "eaches at a higher price", quantity: 100, unit: "EA", price: "4.80", matched: false),
    ])
    func pricesAreComparedPerLineUnitWithEitherBound(_ example: Case) throws {
        let results = Self.matcher().match(Self.invoice(quantity: example.quantity, unit: example.unit, price: example.price),
                                           order: try Self.order(), packaging: ["GLOVE-M": Self.gloves])
        #expect(results.count == 1)
        #expect(results[0].isMatched == example.matched, "\(results[0].discrepancies)")
        #expect(results[0].quantity == 10)
        #expect(results[0].unit == "BX")
    }

    @Test func receiptsAddUpAcrossPartialDeliveries() throws {
        let order = try Self.order(receipts: [4, 6])
        let results = Self.matcher().match(Self.invoice(quantity: 10, price: "45.50"), order: order, packaging: ["GLOVE-M": Self.gloves])
        #expect(results[0].isMatched)
        #expect(results[0].received == 10)
    }

    @Test func invoicingMoreThanReceivedIsAQuantityMismatchCountingEarlierInvoices() throws {
        let partial = Self.matcher().match(Self.invoice(quantity: 10, price: "45.50"), order: try Self.order(receipts: [6]), packaging: ["GLOVE-M": Self.gloves])
        #expect(partial[0].discrepancies == [.quantityOverReceived(received: 6, invoiced: 10, allowed: 0)])
        #expect(partial[0].discrepancies.first?.exceptionType == .quantityMismatch)

        let twice = Self.matcher().match(Self.invoice(quantity: 5, price: "45.50"), order: try Self.order(receipts: [10], earlierInvoice: 8),
                                         packaging: ["GLOVE-M": Self.gloves])
        #expect(twice[0].invoicedBefore == 8)
        #expect(twice[0].discrepancies == [.quantityOverReceived(received: 10, invoiced: 13, allowed: 0)])
        // A quantity tolerance of 3 lets it through.
        #expect(Self.matcher(quantity: 3).match(Self.invoice(quantity: 5, price: "45.50"), order: try Self.order(receipts: [10], earlierInvoice: 8),
                                                 packaging: ["GLOVE-M": Self.gloves])[0].isMatched)
    }

    @Test func aLineIsFoundByItemWhenUnambiguousAndAnUnknownOneIsReported() throws {
        let byItem = Self.matcher().match(Self.invoice(quantity: 10, price: "45.50", poLine: nil), order: try Self.order(), packaging: ["GLOVE-M": Self.gloves])
        #expect(byItem[0].poLine == 1)
        #expect(byItem[0].isMatched)
        let missing = Self.matcher().match(Self.invoice(quantity: 1, price: "1", poLine: 7), order: try Self.order(), packaging: ["GLOVE-M": Self.gloves])
        #expect(missing[0].discrepancies.count == 1)
        let other = Self.matcher().match(Self.invoice(quantity: 1, price: "1", poLine: nil, item: "GOWN-L"), order: try Self.order(), packaging: [:])
        #expect(other[0].poLine == nil)
        #expect(!other[0].isMatched)
    }

    @Test func aUnitTheItemDoesNotComeInIsADiscrepancy() throws {
        // The gloves have no PK level, so 5 PK means nothing in boxes.
        let results = Self.matcher().match(Self.invoice(quantity: 5, unit: "PK", price: "4.55"), order: try Self.order(), packaging: ["GLOVE-M": Self.gloves])
        #expect(results[0].quantity == nil)
        if case .unitNotConvertible = results[0].discrepancies.first {} else { Issue.record("expected a unit discrepancy, got \(results[0].discrepancies)") }
    }
}
