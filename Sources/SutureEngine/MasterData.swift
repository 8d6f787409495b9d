public import SutureModel
public import SutureStore
import SutureDelivery
import SutureProcurement

/// Master-data writes with the rules that span records: a location's parent must exist
/// and sit above it, a crosswalk must point at something that exists. A write made for a
/// client or person carries its audit entry (`AuditDraft.change`), stored with it.
///
/// Single-record rules (check digits, unit codes, packaging) are already enforced by the
/// model types; this layer checks what only the store can answer.
public struct MasterData: Sendable {
    public let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func putItem(_ item: Item, audit: AuditDraft? = nil) async throws -> WriteOutcome {
        try await store.putItem(item, audit: audit)
    }

    public func putLocation(_ location: Location, audit: AuditDraft? = nil) async throws -> WriteOutcome {
        if let parentID = location.parent {
            guard parentID != location.id else {
                throw MasterDataError.invalidReference(field: "parent", message: "a location cannot be its own parent")
            }
            guard let parent = try await store.location(parentID) else {
                throw MasterDataError.invalidReference(field: "parent", message: "no location '\(parentID)'; create the parent first")
            }
            guard location.type.canBeChild(of: parent.type) else {
                throw MasterDataError.invalidReference(
                    field: "parent",
                    message: "a \(location.type.rawValue) cannot sit inside a \(parent.type.rawValue) ('\(parentID)'); the hierarchy is enterprise, facility, storeroom, bin")
            }
            // Walk up to be sure the change does not close a loop (A under B under A).
            var ancestor: Location? = parent
            var steps = 0
            while let current = ancestor, let next = current.parent, steps < 16 {
                guard next != location.id else {
                    throw MasterDataError.invalidReference(field: "parent", message: "'\(parentID)' lies inside '\(location.id)'; that would make a loop")
                }
                ancestor = try await store.location(next)
                steps += 1
            }
        }
        return try await store.putLocation(location, audit: audit)
    }

    public func putSupplier(_ supplier: Supplier, audit: AuditDraft? = nil) async throws -> WriteOutcome {
        try await store.putSupplier(supplier, audit: audit)
    }

    /// Maps a system's code to a canonical id that must exist (or a valid unit code).
    public func putCrosswalk(_ entry: CrosswalkEntry, audit: AuditDraft? = nil) async throws -> WriteOutcome {
        switch entry.kind {
        case .items:
            let id: ItemID
            do { id = try ItemID(entry.canonical) } catch {
                throw MasterDataError.invalidReference(field: "id", message: "\(error)")
            }
            guard let item = try await store.item(id) else {
                throw MasterDataError.invalidReference(field: "id", message: "no item '\(entry.canonical)'; create the item first")
            }
            if let unit = entry.unit, item.packaging.baseUnits(per: unit) == nil {
                throw MasterDataError.invalidReference(
                    field: "unit",
                    message: "item '\(item.id)' has no unit \(unit); its units are \(item.packaging.units.map(\.code).joined(separator: ", "))")
            }
        case .locations:
            guard let id = try? LocationID(entry.canonical), try await store.location(id) != nil else {
                throw MasterDataError.invalidReference(field: "id", message: "no location '\(entry.canonical)'; create the location first")
            }
        case .suppliers:
            guard let id = try? SupplierID(entry.canonical), try await store.supplier(id) != nil else {
                throw MasterDataError.invalidReference(field: "id", message: "no supplier '\(entry.canonical)'; create the supplier first")
            }
        case .units:
            do { _ = try UnitOfMeasure(entry.canonical) } catch {
                throw MasterDataError.invalidReference(field: "id", message: "\(error)")
            }
        }
        if entry.unit != nil && entry.kind != .items {
            throw MasterDataError.invalidReference(field: "unit", message: "only item crosswalk entries take a unit")
        }
        return try await store.putCrosswalk(entry, audit: audit)
    }
}

/// A master-data write that breaks a rule spanning records.
public enum MasterDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `field` of the request names something that does not exist or cannot be used there.
    case invalidReference(field: String, message: String)

    public var description: String {
        switch self {
        case .invalidReference(let field, let message): return "\(field): \(message)"
        }
    }
}
