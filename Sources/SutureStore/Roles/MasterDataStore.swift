public import SutureModel

/// Items, locations, suppliers and each system's crosswalk to them: the canonical master data.
///
/// Items, locations and suppliers keep their versions: a write that changes a record adds a
/// version with its field changes and author, and (for a client or person) an audit entry,
/// in the same transaction; a write that changes nothing writes nothing and answers
/// `.unchanged`. Crosswalk writes take the audit entry that records them.
///
/// `then` is what a change sets off (the deliveries distributing it): written in the same
/// transaction when the record changed, dropped when it did not.
public protocol MasterDataStore: MasterDataLookup {
    func putItem(_ item: Item, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome
    /// Writes many items in one transaction, each as `putItem` would (`then[i]` with
    /// `items[i]`; empty for none). With `partial`, the items refused are skipped and the
    /// others kept; without, one refusal stores nothing. With `dryRun`, nothing is stored
    /// either way: the answer says what would happen. `progress` hears the number of items
    /// written so far, every thousand or so.
    func putItems(_ items: [Item], by author: ChangeAuthor, partial: Bool, dryRun: Bool, then changes: [StoreChanges],
                  progress: @escaping @Sendable (Int) -> Void) async throws -> [BatchWriteResult]
    func item(_ id: ItemID) async throws -> Item?
    /// The item and unit that a GTIN stands for, through the item's own or a packaging level's GTIN.
    func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)?

    /// Items in id order; `search` matches the id, description, GTINs (of any packaging
    /// level) or manufacturer part number.
    func items(_ query: ListQuery) async throws -> Page<Item>

    func putLocation(_ location: Location, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome
    func location(_ id: LocationID) async throws -> Location?

    /// Locations in id order; `search` matches the id, name or GLN.
    func locations(_ query: ListQuery) async throws -> Page<Location>

    func putSupplier(_ supplier: Supplier, by author: ChangeAuthor, then changes: StoreChanges) async throws -> WriteOutcome
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

    /// Keeps the newest comparison of a system's items with the master (replacing the one
    /// before) and, in the same transaction, the exception changes it makes.
    func saveDriftReport(system: String, comparedAt: Int64, body: String, then changes: StoreChanges) async throws
    /// The newest comparison of a system, as saved; nil if it was never compared.
    func driftReport(system: String) async throws -> String?

    /// A record's versions, newest first (empty for a record never written).
    func history(_ kind: MasterRecordKind, id: String) async throws -> [RecordVersion]

    /// The codes a system uses for one canonical id (a reverse crosswalk lookup), ordered.
    func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry]
}

extension MasterDataStore {
    // Writes by the hub itself, versioned but not audited: fixtures, benchmarks, sample data.
    public func putItem(_ item: Item) async throws -> WriteOutcome { try await putItem(item, by: .system()) }
    public func putLocation(_ location: Location) async throws -> WriteOutcome { try await putLocation(location, by: .system()) }
    public func putSupplier(_ supplier: Supplier) async throws -> WriteOutcome { try await putSupplier(supplier, by: .system()) }
    public func putItems(_ items: [Item], by author: ChangeAuthor, partial: Bool, dryRun: Bool) async throws -> [BatchWriteResult] {
        try await putItems(items, by: author, partial: partial, dryRun: dryRun, then: []) { _ in }
    }
    // Changes that set nothing off.
    public func putItem(_ item: Item, by author: ChangeAuthor) async throws -> WriteOutcome {
        try await putItem(item, by: author, then: StoreChanges())
    }
    public func putLocation(_ location: Location, by author: ChangeAuthor) async throws -> WriteOutcome {
        try await putLocation(location, by: author, then: StoreChanges())
    }
    public func putSupplier(_ supplier: Supplier, by author: ChangeAuthor) async throws -> WriteOutcome {
        try await putSupplier(supplier, by: author, then: StoreChanges())
    }
    public func putCrosswalk(_ entry: CrosswalkEntry) async throws -> WriteOutcome { try await putCrosswalk(entry, audit: nil) }
    public func deleteCrosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> Bool {
        try await deleteCrosswalk(system: system, kind: kind, code: code, audit: nil)
    }
}
