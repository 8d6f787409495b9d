public import SutureModel

/// Items, locations, suppliers and each system's crosswalk to them: the canonical master data.
///
/// A write takes the audit entry that records it (nil for fixtures and loaders), written in
/// the same transaction.
public protocol MasterDataStore: MasterDataLookup {
    func putItem(_ item: Item, audit: AuditDraft?) async throws -> WriteOutcome
    func item(_ id: ItemID) async throws -> Item?
    /// The item and unit that a GTIN stands for, through the item's own or a packaging level's GTIN.
    func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)?

    /// Items in id order; `search` matches the id, description, GTINs (of any packaging
    /// level) or manufacturer part number.
    func items(_ query: ListQuery) async throws -> Page<Item>

    func putLocation(_ location: Location, audit: AuditDraft?) async throws -> WriteOutcome
    func location(_ id: LocationID) async throws -> Location?

    /// Locations in id order; `search` matches the id, name or GLN.
    func locations(_ query: ListQuery) async throws -> Page<Location>

    func putSupplier(_ supplier: Supplier, audit: AuditDraft?) async throws -> WriteOutcome
    func supplier(_ id: SupplierID) async throws -> Supplier?
    /// Suppliers in id order; `search` matches the id, name, GLN or interchange id.
    func suppliers(_ query: ListQuery) async throws -> Page<Supplier>

    func putCrosswalk(_ entry: CrosswalkEntry, audit: AuditDraft?) async throws -> WriteOutcome
    /// Removes one mapping; false if there was none (and no audit entry is written).
    func deleteCrosswalk(system: SystemName, kind: CrosswalkKind, code: String, audit: AuditDraft?) async throws -> Bool
    func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry?
    /// All of one system's mappings of one kind, ordered by code.
    func crosswalks(system: SystemName, kind: CrosswalkKind) async throws -> [CrosswalkEntry]
    /// One system's mappings of one kind in code order, a page at a time; `search` matches
    /// the code or the canonical id.
    func crosswalks(system: SystemName, kind: CrosswalkKind, _ query: ListQuery) async throws -> Page<CrosswalkEntry>

    /// The codes a system uses for one canonical id (a reverse crosswalk lookup), ordered.
    func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry]
}

extension MasterDataStore {
    // Writes without an audit entry: fixtures, benchmarks, sample data.
    public func putItem(_ item: Item) async throws -> WriteOutcome { try await putItem(item, audit: nil) }
    public func putLocation(_ location: Location) async throws -> WriteOutcome { try await putLocation(location, audit: nil) }
    public func putSupplier(_ supplier: Supplier) async throws -> WriteOutcome { try await putSupplier(supplier, audit: nil) }
    public func putCrosswalk(_ entry: CrosswalkEntry) async throws -> WriteOutcome { try await putCrosswalk(entry, audit: nil) }
    public func deleteCrosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> Bool {
        try await deleteCrosswalk(system: system, kind: kind, code: code, audit: nil)
    }
}
