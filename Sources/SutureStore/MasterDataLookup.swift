public import SutureModel

/// The master-data reads that normalization and encoding make for every event.
///
/// `Store` provides them; `BatchLookupCache` remembers them for one batch of events, so
/// a batch that names the same item and location a thousand times reads them once.
public protocol MasterDataLookup: Sendable {
    func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry?
    func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry]
    func item(_ id: ItemID) async throws -> Item?
    func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)?
    func location(_ id: LocationID) async throws -> Location?
}
