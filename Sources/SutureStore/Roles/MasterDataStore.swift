public import SutureModel

/// Items, locations, suppliers and each system's crosswalk to them: the canonical master data.
public protocol MasterDataStore: MasterDataLookup {
    func putItem(_ item: Item) async throws -> WriteOutcome
    func item(_ id: ItemID) async throws -> Item?
    /// The item and unit that a GTIN stands for, through the item's own or a packaging level's GTIN.
    func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)?

    func putLocation(_ location: Location) async throws -> WriteOutcome
    func location(_ id: LocationID) async throws -> Location?

    func putSupplier(_ supplier: Supplier) async throws -> WriteOutcome
    func supplier(_ id: SupplierID) async throws -> Supplier?

    func putCrosswalk(_ entry: CrosswalkEntry) async throws -> WriteOutcome
    /// Removes one mapping; false if there was none.
    func deleteCrosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> Bool
    func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry?
    /// All of one system's mappings of one kind, ordered by code.
    func crosswalks(system: SystemName, kind: CrosswalkKind) async throws -> [CrosswalkEntry]

    /// The codes a system uses for one canonical id (a reverse crosswalk lookup), ordered.
    func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry]
}
