public import Foundation
public import SutureX12

/// Settings of the supplier simulator: where it exchanges files, who it is, and how it answers.
public struct SupplierSimulatorConfiguration: Sendable {
    /// The managed directory: the hub writes 850s into `out/`, the simulator answers into `in/`.
    public var exchange: URL
    public var scenario: SupplierScenarioKind
    /// The 1-based position of the order line the scenario changes.
    public var affectedLine: Int
    /// The supplier's interchange id (ISA06 of what it sends) and qualifier.
    public var supplierID: String
    public var supplierQualifier: String
    /// The hub's interchange id (ISA08 of what the supplier sends) and qualifier.
    public var receiverID: String
    public var receiverQualifier: String
    /// The version of the 855, 856 and 810; nil answers in the version of each order.
    /// Acknowledgments always follow the acknowledged interchange (997 for 004010, 999 for 005010).
    public var version: X12Version?
    /// Seeds lot numbers and expiry dates.
    public var seed: UInt64
    /// The clock that dates the answers; a fixed one makes them repeatable in tests.
    public var now: @Sendable () -> Date

    public init(
        exchange: URL, scenario: SupplierScenarioKind = .acceptAll, affectedLine: Int = 1,
        supplierID: String = "ACMEMEDICAL", supplierQualifier: String = "ZZ",
        receiverID: String = "SUTUREHUB", receiverQualifier: String = "ZZ",
        version: X12Version? = nil, seed: UInt64 = 1, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.exchange = exchange
        self.scenario = scenario
        self.affectedLine = affectedLine
        self.supplierID = supplierID
        self.supplierQualifier = supplierQualifier
        self.receiverID = receiverID
        self.receiverQualifier = receiverQualifier
        self.version = version
        self.seed = seed
        self.now = now
    }
}
