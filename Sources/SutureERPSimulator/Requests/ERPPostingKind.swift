/// The kinds of document the reference ERP profile posts (docs/erp-profile.md).
public enum ERPPostingKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `POST /receipts`
    case receipt
    /// `POST /inventory-transactions`
    case inventoryTransaction = "inventory-transaction"
    /// `PUT /purchase-orders/{number}/status`
    case purchaseOrderStatus = "purchase-order-status"
    /// `POST /ap-invoices`
    case apInvoice = "ap-invoice"
    /// `PUT /items/{code}`: an item master record, distributed by Suture when it changes.
    case item

    public var description: String { rawValue }

    /// The prefix of the ERP document ids the simulator hands out for this kind.
    var documentPrefix: String {
        switch self {
        case .receipt: "GR"
        case .inventoryTransaction: "IT"
        case .purchaseOrderStatus: "POS"
        case .apInvoice: "AP"
        case .item: "IM"
        }
    }
}
