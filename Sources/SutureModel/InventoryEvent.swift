public import Foundation

/// The kinds of inventory event a storeroom or scanner sends.
public enum InventoryEventType: String, Hashable, Sendable, CaseIterable, Codable {
    case receipt
    case issue
    case adjustment
    case transfer
    case `return`
    case count
}

/// An inventory event as its source sent it: codes are the source system's own.
///
/// Syntax is already checked (dates are dates, the quantity is a decimal); whether the
/// codes mean anything is decided by normalization, which may open an exception.
public struct InventoryEventInput: Hashable, Sendable {
    public var type: InventoryEventType
    /// The sending system's name (`storeroom-a`); its crosswalks resolve the codes below.
    public var source: String
    public var occurredAt: Date
    public var location: String
    public var toLocation: String?
    /// The source's item code; nil when the item comes from `barcode`.
    public var item: String?
    /// Raw scan data (GS1 or HIBC) standing for the item, lot, expiry and serial.
    public var barcode: String?
    public var quantity: Decimal
    /// The source's unit code; nil when a scanned packaging GTIN implies it.
    public var unit: String?
    public var lot: String?
    /// The expiry date as written (`YYYY-MM-DD`).
    public var expiry: String?
    public var serial: String?
    public var purchaseOrder: String?
    public var poLine: Int?
    public var reason: String?

    public init(type: InventoryEventType, source: String, occurredAt: Date, location: String, toLocation: String? = nil,
                item: String? = nil, barcode: String? = nil, quantity: Decimal, unit: String? = nil, lot: String? = nil,
                expiry: String? = nil, serial: String? = nil, purchaseOrder: String? = nil, poLine: Int? = nil, reason: String? = nil) {
        self.type = type
        self.source = source
        self.occurredAt = occurredAt
        self.location = location
        self.toLocation = toLocation
        self.item = item
        self.barcode = barcode
        self.quantity = quantity
        self.unit = unit
        self.lot = lot
        self.expiry = expiry
        self.serial = serial
        self.purchaseOrder = purchaseOrder
        self.poLine = poLine
        self.reason = reason
    }
}

/// An inventory event in Suture's own terms: canonical ids, the quantity in the item's
/// base unit (and as sent), lot/expiry/serial checked against the item's controls.
public struct CanonicalInventoryEvent: Hashable, Sendable {
    public var type: InventoryEventType
    public var source: String
    public var occurredAt: Date
    public var location: LocationID
    public var toLocation: LocationID?
    public var item: ItemID
    /// The quantity in the item's base unit.
    public var quantity: Quantity
    /// The quantity as the source counted it, in the canonical unit it maps to.
    public var sourceQuantity: Quantity
    public var lot: String?
    public var expiry: String?
    public var serial: String?
    public var gtin: GTIN?
    public var purchaseOrder: String?
    public var poLine: Int?
    public var reason: String?

    public init(type: InventoryEventType, source: String, occurredAt: Date, location: LocationID, toLocation: LocationID?,
                item: ItemID, quantity: Quantity, sourceQuantity: Quantity, lot: String?, expiry: String?, serial: String?,
                gtin: GTIN?, purchaseOrder: String?, poLine: Int?, reason: String?) {
        self.type = type
        self.source = source
        self.occurredAt = occurredAt
        self.location = location
        self.toLocation = toLocation
        self.item = item
        self.quantity = quantity
        self.sourceQuantity = sourceQuantity
        self.lot = lot
        self.expiry = expiry
        self.serial = serial
        self.gtin = gtin
        self.purchaseOrder = purchaseOrder
        self.poLine = poLine
        self.reason = reason
    }
}

/// The kinds of exception a person may have to resolve (docs/api.md, "Exception types").
public enum ExceptionType: String, Hashable, Sendable, CaseIterable, Codable {
    case unmappedItem = "unmapped-item"
    case unmappedLocation = "unmapped-location"
    case unmappedUnit = "unmapped-unit"
    case uomMismatch = "uom-mismatch"
    case quantityMismatch = "quantity-mismatch"
    case priceVariance = "price-variance"
    case masterDataConflict = "master-data-conflict"
    case supplierSubstitution = "supplier-substitution"
    case backorder
    case missingLot = "missing-lot"
    case expiredLot = "expired-lot"
    case unknownGTIN = "unknown-gtin"
    case rejectedByDestination = "rejected-by-destination"
    case invalidDocument = "invalid-document"
    case deliveryExhausted = "delivery-exhausted"
    /// The item controls beyond the lot: a serial number and an expiry date.
    case missingSerial = "missing-serial"
    case missingExpiry = "missing-expiry"
    /// A receipt that cannot be put on a line of the tracked purchase order it names.
    case unmatchedReceipt = "unmatched-receipt"
    /// A received lot that the ship notice did not announce.
    case lotMismatch = "lot-mismatch"
    /// What a system holds for an item differs from the canonical record (docs/master-data.md, "Drift").
    case masterDataDrift = "master-data-drift"
}
