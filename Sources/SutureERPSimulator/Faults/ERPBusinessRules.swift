import HTTPTypes

/// The code-based refusals in force for one request: unknown items, units that do not
/// match the ERP's, closed purchase orders. A snapshot, so a request is judged by the
/// rules in force when it was admitted.
struct ERPBusinessRules: Sendable, Equatable {
    let unknownItems: Set<String>
    let mismatchedUnits: Set<String>
    let closedPurchaseOrders: Set<String>

    init(faults: ERPFaults) {
        unknownItems = faults.unknownItems
        mismatchedUnits = faults.mismatchedUnits
        closedPurchaseOrders = faults.closedPurchaseOrders
    }

    /// The permanent rejection this request gets, or nil when it may be posted.
    func rejection(for request: ERPPostingRequest) -> ERPRejection? {
        for line in request.lines {
            if let item = line.item, unknownItems.contains(item) {
                return ERPRejection(.unprocessableContent, "UNKNOWN_ITEM",
                                    "\(line.location): item \(item) is not in the ERP item master")
            }
            if let unit = line.unit, mismatchedUnits.contains(unit) {
                let item = line.item.map { " for item \($0)" } ?? ""
                return ERPRejection(.unprocessableContent, "UOM_MISMATCH",
                                    "\(line.location): unit \(unit) is not the ERP's unit\(item)")
            }
        }
        if let order = request.purchaseOrder, closedPurchaseOrders.contains(order) {
            return ERPRejection(.conflict, "PO_CLOSED", "purchase order \(order) is closed in the ERP")
        }
        return nil
    }
}
