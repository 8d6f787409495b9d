/// A canonical item: what the hospital buys and stocks, with its packaging.
public struct Item: Hashable, Sendable, Codable {
    public var id: ItemID
    public var description: String
    /// The GTIN of the base unit, where known; packaging levels may carry their own.
    public var gtin: GTIN?
    public var manufacturer: String?
    public var manufacturerPart: String?
    public var unspsc: String?
    public var packaging: PackagingHierarchy
    public var lotControlled: Bool
    public var serialControlled: Bool
    public var expiryControlled: Bool
    public var status: ItemStatus

    public init(
        id: ItemID, description: String, gtin: GTIN? = nil, manufacturer: String? = nil,
        manufacturerPart: String? = nil, unspsc: String? = nil, packaging: PackagingHierarchy,
        lotControlled: Bool = false, serialControlled: Bool = false, expiryControlled: Bool = false,
        status: ItemStatus = .active
    ) {
        self.id = id
        self.description = description
        self.gtin = gtin
        self.manufacturer = manufacturer
        self.manufacturerPart = manufacturerPart
        self.unspsc = unspsc
        self.packaging = packaging
        self.lotControlled = lotControlled
        self.serialControlled = serialControlled
        self.expiryControlled = expiryControlled
        self.status = status
    }

    /// The unit a scanned GTIN stands for: the base unit for the item's own GTIN, the
    /// packaging level's unit for a level's GTIN, nil if the GTIN is not this item's.
    public func unit(forGTIN scanned: GTIN) -> UnitOfMeasure? {
        if scanned == gtin { return packaging.baseUnit }
        return packaging.unit(forGTIN: scanned)
    }
}

/// Whether an item may be ordered and received.
public enum ItemStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case active
    case inactive
    case discontinued
}
