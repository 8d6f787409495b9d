/// What the simulator did with one file it found in `out/`.
public struct SupplierSimulatorAnswer: Hashable, Sendable {
    /// How a file was handled.
    public enum Outcome: String, Hashable, Sendable {
        /// Acknowledged as accepted; its purchase orders answered; moved to `out/processed/`.
        case answered
        /// Something in it was rejected: the 997/999 says what; accepted orders in it are still
        /// answered; moved to `out/rejected/`.
        case rejected
        /// Only acknowledgments (997/999), which are not acknowledged back; moved to `out/processed/`.
        case acknowledgmentsOnly = "acknowledgments-only"
        /// No interchange could be read, so there is no one to answer; moved to `out/rejected/`.
        case unreadable
        /// An interchange already received (the same sender and ISA13): a partner's duplicate
        /// check drops it unanswered, as a resend of what it has; moved to `out/duplicate/`.
        case duplicate
    }

    /// The file's name in `out/`.
    public var source: String
    public var outcome: Outcome
    /// The names of the files written into `in/`, in the order they were published.
    public var files: [String]
    /// The purchase order numbers answered with an 855 (and 856/810 when something shipped).
    public var purchaseOrders: [String]

    public init(source: String, outcome: Outcome, files: [String], purchaseOrders: [String]) {
        self.source = source
        self.outcome = outcome
        self.files = files
        self.purchaseOrders = purchaseOrders
    }
}
