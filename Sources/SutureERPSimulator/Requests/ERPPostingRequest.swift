/// A request body that passed validation, reduced to what the simulator decides on: its
/// kind, its business key, and the codes the business rules look at.
struct ERPPostingRequest: Sendable, Equatable {
    /// One line's item and unit codes, with where they were (`lines[1]`) for messages.
    struct CodedLine: Sendable, Equatable {
        let location: String
        let item: String?
        let unit: String?
    }

    let kind: ERPPostingKind
    let businessKey: ERPBusinessKey
    let lines: [CodedLine]
    /// The order a receipt or status update is against; checked against closed orders.
    let purchaseOrder: String?
}
