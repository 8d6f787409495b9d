public import SutureModel

/// The stock ledger (docs/stock.md): what is on hand, written by `commit` and
/// `recordProcessing` with the changes that cause it (`StoreChanges.stock`), and read here.
public protocol StockStore: Sendable {
    /// On hand per location, item and lot, in location, item and lot order; nil matches all.
    func stockLevels(location: LocationID?, item: ItemID?) async throws -> [StockLevel]
    /// The movements recorded for an item (at a location, when given) from `since`
    /// (milliseconds since 1970), oldest first.
    func stockMovements(item: ItemID, location: LocationID?, since: Int64) async throws -> [StockMovementRecord]
}
