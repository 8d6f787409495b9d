/// How the simulated supplier answers purchase orders: everything as ordered, or one line changed.
public enum SupplierScenarioKind: String, Hashable, Sendable, CaseIterable {
    /// Every line acknowledged `IA`, shipped and invoiced as ordered.
    case acceptAll = "accept-all"
    /// The affected line is acknowledged `IB` (backordered), not shipped and not invoiced.
    case backorderLine = "backorder-line"
    /// The affected line is acknowledged `IS` with a substitute vendor part, which is what ships and is invoiced.
    case substituteItem = "substitute-item"
    /// The affected line is acknowledged `IP` with a new unit price (10% more) and invoiced at it.
    case changePrice = "change-price"
    /// The affected line is acknowledged `IA` but ships, and is invoiced, short (half of the quantity, rounded down).
    case shipShort = "ship-short"
}
