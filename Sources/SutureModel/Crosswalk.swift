/// What kind of code a crosswalk entry maps.
public enum CrosswalkKind: String, Hashable, Sendable, Codable, CaseIterable {
    case items
    case locations
    case suppliers
    case units
}

/// One mapping from a connected system's own code to Suture's canonical one.
///
/// A storeroom may call the item `7788` and keep it in boxes; the ERP may call it
/// `ERP-100234`. Each system's codes map to the canonical id here; a code with no entry
/// is an exception to resolve, never a guess.
public struct CrosswalkEntry: Hashable, Sendable, Codable {
    public var system: SystemName
    public var kind: CrosswalkKind
    /// The system's own code, exactly as it sends it.
    public var code: String
    /// The canonical id (item, location, supplier) or the canonical unit code.
    public var canonical: String
    /// For items: the unit that system keeps the item in, where it differs from the base unit.
    public var unit: UnitOfMeasure?

    public init(system: SystemName, kind: CrosswalkKind, code: String, canonical: String, unit: UnitOfMeasure? = nil) {
        self.system = system
        self.kind = kind
        self.code = code
        self.canonical = canonical
        self.unit = unit
    }
}
