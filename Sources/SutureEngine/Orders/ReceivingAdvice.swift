public import Foundation
public import SutureModel
public import SutureProcurement

/// What a supplier hears of a receipt against its order (docs/stock.md, "The supplier hears
/// about receipts"): the line, the quantity this receipt brought in the line's unit, and what is
/// still short of what was shipped (or, without a ship notice, ordered). Sent as an X12 861 to
/// a supplier that trades X12 and as a signed `receipt.advice` webhook to its portal.
public struct ReceivingAdvice: Sendable, Equatable {
    /// The receipt event.
    public var event: EventID
    public var purchaseOrder: String
    public var supplier: SupplierID
    public var line: Int
    public var item: ItemID
    /// This receipt's quantity, in the line's unit.
    public var received: Quantity
    /// All received on the line so far, and what it expected (shipped, else ordered), in the line's unit.
    public var receivedOnLine: Decimal
    public var expected: Decimal
    public var lot: String?
    public var expiry: String?
    public var receivedAt: Date

    /// What the line still lacks after this receipt (zero when it is complete or over).
    public var short: Decimal { max(0, expected - receivedOnLine) }

    /// `receipt.advice` data: `{"event","purchaseOrder","supplier","line","item","received","unit","receivedOnLine","expected","short","lot","expiry","receivedAt"}`.
    public var json: JSONValue {
        .object([
            ("event", .string(event.rawValue)),
            ("purchaseOrder", .string(purchaseOrder)),
            ("supplier", .string(supplier.rawValue)),
            ("line", .integer(line)),
            ("item", .string(item.rawValue)),
            ("received", .string(ExactDecimal.format(received.value))),
            ("unit", .string(received.unit.code)),
            ("receivedOnLine", .string(ExactDecimal.format(receivedOnLine))),
            ("expected", .string(ExactDecimal.format(expected))),
            ("short", .string(ExactDecimal.format(short))),
            ("lot", .optional(lot)),
            ("expiry", .optional(expiry)),
            ("receivedAt", .string(InventoryEventJSON.timestamp(receivedAt))),
        ])
    }
}
