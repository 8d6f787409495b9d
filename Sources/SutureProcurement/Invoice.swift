public import Foundation
public import SutureModel

/// A supplier's invoice against one purchase order (from an 810 or `POST /v1/invoices`),
/// with where its matching stands.
public struct Invoice: Sendable, Equatable {
    public var number: String
    public var purchaseOrder: String
    public var supplier: SupplierID
    public var invoicedAt: Date
    public var currency: CurrencyCode
    /// The amount due, in currency units.
    public var total: Decimal
    public var lines: [Line]
    public var status: Status
    /// The latest match, line by line (empty until matched).
    public var results: [InvoiceMatcher.LineResult]

    public init(number: String, purchaseOrder: String, supplier: SupplierID, invoicedAt: Date, currency: CurrencyCode, total: Decimal,
                lines: [Line], status: Status = .received, results: [InvoiceMatcher.LineResult] = []) {
        self.number = number
        self.purchaseOrder = purchaseOrder
        self.supplier = supplier
        self.invoicedAt = invoicedAt
        self.currency = currency
        self.total = total
        self.lines = lines
        self.status = status
        self.results = results
    }

    /// One invoice line: what the supplier charges, in its unit.
    public struct Line: Sendable, Equatable {
        public var line: Int
        /// The PO line it charges; found by item when absent and unambiguous.
        public var poLine: Int?
        public var item: ItemID
        public var quantity: Decimal
        public var unit: UnitOfMeasure
        public var unitPrice: Decimal

        public init(line: Int, poLine: Int?, item: ItemID, quantity: Decimal, unit: UnitOfMeasure, unitPrice: Decimal) {
            self.line = line
            self.poLine = poLine
            self.item = item
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
        }
    }

    /// Where an invoice stands.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Stored, not matched yet.
        case received
        /// Every line within tolerance; posted to AP as `matched`.
        case matched
        /// A variance a person must decide on; an exception is open.
        case exception
        /// A person accepted the variance; posted to AP as `approved-variance`.
        case approved
        /// A person refused it; nothing was posted.
        case rejected
    }

    /// The id deliveries and exceptions use for it.
    public var sourceID: String { "invoice:\(number)" }
}
