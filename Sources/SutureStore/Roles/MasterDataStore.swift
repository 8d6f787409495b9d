public import SutureModel

/// Items, locations, suppliers and each system's crosswalk to them: the canonical master data.
public protocol MasterDataStore: MasterDataLookup {
    func putItem(_ item: Item) async throws -> WriteOutcome
    func item(_ id: ItemID) async throws -> Item?
    /// The item and unit that a GTIN stands for, through the item's own or a packaging level's GTIN.
    func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)?

    /// Items in id order; `search` matches the id, description, GTINs (of any packaging
    /// level) or manufacturer part number.
    func items(_ query: ListQuery) async throws -> Page<Item>

    func putLocation(_ location: Location) async throws -> WriteOutcome
    func location(_ id: LocationID) async throws -> Location?

    /// Locations in id order; `search` matches the id, name or GLN.
    func locations(_ query: ListQuery) async throws -> Page<Location>

    func putSupplier(_ supplier: Supplier) async throws -> WriteOutcome
    func supplier(_ id: SupplierID) async throws -> Supplier?
    /// Suppliers in id order; `search` matches the id, name, GLN or interchange id.
    func suppliers(_ query: ListQuery) async throws -> Page<Supplier>

    func putCrosswalk(_ entry: CrosswalkEntry) async throws -> WriteOutcome
    /// Removes one mapping; false if there was none.
    func deleteCrosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> Bool
    func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry?
    /// All of one system's mappings of one kind, ordered by code.
    func crosswalks(system: SystemName, kind: CrosswalkKind) async throws -> [CrosswalkEntry]

    /// The codes a system uses for one canonical id (a reverse crosswalk lookup), ordered.
    func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry]
}
