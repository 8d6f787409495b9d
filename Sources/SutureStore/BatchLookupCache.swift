public import SutureModel
import Synchronization

/// Master-data reads remembered for the length of one batch of events.
///
/// The cache lives for one processor batch (milliseconds), so a mapping changed while a
/// batch is being processed applies from the next batch on; answers, including "none",
/// are never kept longer.
public final class BatchLookupCache: MasterDataLookup {
    private struct Entries {
        var crosswalks: [String: CrosswalkEntry?] = [:]
        var codes: [String: [CrosswalkEntry]] = [:]
        var items: [String: Item?] = [:]
        var gtins: [String: (item: Item, unit: UnitOfMeasure)?] = [:]
        var locations: [String: Location?] = [:]
    }

    private let store: any MasterDataLookup
    private let entries = Mutex(Entries())

    public init(store: any MasterDataLookup) {
        self.store = store
    }

    public func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry? {
        let key = "\(system.rawValue)\u{0}\(kind.rawValue)\u{0}\(code)"
        if let cached = entries.withLock({ $0.crosswalks[key] }) { return cached }
        let value = try await store.crosswalk(system: system, kind: kind, code: code)
        entries.withLock { $0.crosswalks[key] = .some(value) }
        return value
    }

    public func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry] {
        let key = "\(system.rawValue)\u{0}\(kind.rawValue)\u{0}\(canonical)"
        if let cached = entries.withLock({ $0.codes[key] }) { return cached }
        let value = try await store.crosswalkCodes(system: system, kind: kind, canonical: canonical)
        entries.withLock { $0.codes[key] = value }
        return value
    }

    public func item(_ id: ItemID) async throws -> Item? {
        if let cached = entries.withLock({ $0.items[id.rawValue] }) { return cached }
        let value = try await store.item(id)
        entries.withLock { $0.items[id.rawValue] = .some(value) }
        return value
    }

    public func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)? {
        if let cached = entries.withLock({ $0.gtins[gtin.value] }) { return cached }
        let value = try await store.item(byGTIN: gtin)
        entries.withLock { $0.gtins[gtin.value] = .some(value) }
        return value
    }

    public func location(_ id: LocationID) async throws -> Location? {
        if let cached = entries.withLock({ $0.locations[id.rawValue] }) { return cached }
        let value = try await store.location(id)
        entries.withLock { $0.locations[id.rawValue] = .some(value) }
        return value
    }
}
