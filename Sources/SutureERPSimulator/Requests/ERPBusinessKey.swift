/// What a posting is about in business terms, independent of its idempotency key: a
/// receipt id, a transaction id, a purchase order's number and status, an invoice number.
///
/// The ledger counts postings per business key, so a client that posted the same receipt
/// twice under two idempotency keys shows a count of 2.
public struct ERPBusinessKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let kind: ERPPostingKind
    public let value: String

    public init(kind: ERPPostingKind, value: String) {
        self.kind = kind
        self.value = value
    }

    public static func receipt(_ receiptID: String) -> ERPBusinessKey { .init(kind: .receipt, value: receiptID) }

    public static func inventoryTransaction(_ transactionID: String) -> ERPBusinessKey {
        .init(kind: .inventoryTransaction, value: transactionID)
    }

    /// A status update is identified by the order and the status it reports, and by its
    /// revision when the sender numbers them (the same status may be reported again after
    /// quantities moved: two partial receipts).
    public static func purchaseOrderStatus(number: String, status: String, revision: Int? = nil) -> ERPBusinessKey {
        .init(kind: .purchaseOrderStatus, value: "\(number)/\(status)" + (revision.map { "/r\($0)" } ?? ""))
    }

    public static func apInvoice(_ invoice: String) -> ERPBusinessKey { .init(kind: .apInvoice, value: invoice) }

    /// An item master record, by the ERP's item code.
    public static func item(_ code: String) -> ERPBusinessKey { .init(kind: .item, value: code) }

    /// `kind:value`, as the ledger summary writes it (`receipt:R-1`, `purchase-order-status:PO-1/received`).
    public var description: String { "\(kind.rawValue):\(value)" }

    public static func < (lhs: ERPBusinessKey, rhs: ERPBusinessKey) -> Bool { lhs.description < rhs.description }
}
