public import Foundation
public import SutureModel

/// One change to the stock ledger, written with what caused it (docs/stock.md). Applying a
/// movement twice changes nothing: `source` and `leg` name it once for all.
public struct StockMovement: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case receipt
        case issue
        /// The two legs of a transfer: out of `location`, into `toLocation`.
        case transferOut = "transfer-out"
        case transferIn = "transfer-in"
        case adjustment
        /// Goods sent back to the supplier.
        case `return`
        /// A count: `quantity` is what was counted; the ledger records the difference.
        case count
        /// Takes back what the movements of `reverses` did (a voided receipt).
        case reversal
    }

    /// What caused it: `event:<id>`, or `reversal:<id>`.
    public var source: String
    /// 0, or 1 for a transfer's second leg and a reversal of it.
    public var leg: Int
    /// Milliseconds since 1970.
    public var at: Int64
    public var location: LocationID
    public var item: ItemID
    /// The lot, or "" for stock not held by lot.
    public var lot: String
    public var expiry: String?
    public var kind: Kind
    /// The change in the item's base unit; for a count, the quantity counted.
    public var quantity: Decimal
    /// For a reversal: the source whose movements it takes back (nothing when that source never moved stock).
    public var reverses: String?

    public init(source: String, leg: Int = 0, at: Int64, location: LocationID, item: ItemID, lot: String?, expiry: String?,
                kind: Kind, quantity: Decimal, reverses: String? = nil) {
        self.source = source
        self.leg = leg
        self.at = at
        self.location = location
        self.item = item
        self.lot = lot ?? ""
        self.expiry = expiry
        self.kind = kind
        self.quantity = quantity
        self.reverses = reverses
    }

    /// The reversal of everything `source` moved (its location, item and lot come from the
    /// recorded movements).
    public static func reversal(of source: String, at: Int64) -> StockMovement {
        StockMovement(source: "reversal:\(source)", at: at, location: "-", item: "-", lot: nil, expiry: nil, kind: .reversal,
                      quantity: 0, reverses: source)
    }
}

/// What is on hand of one item, lot and location, in the item's base unit.
public struct StockLevel: Sendable, Equatable {
    public var location: LocationID
    public var item: ItemID
    /// "" for stock not held by lot.
    public var lot: String
    public var expiry: String?
    public var onHand: Decimal
    /// Milliseconds since 1970.
    public var updatedAt: Int64

    public init(location: LocationID, item: ItemID, lot: String, expiry: String?, onHand: Decimal, updatedAt: Int64) {
        self.location = location
        self.item = item
        self.lot = lot
        self.expiry = expiry
        self.onHand = onHand
        self.updatedAt = updatedAt
    }
}

/// A recorded movement, as the ledger applied it (`quantity` is the change made, a count's difference).
public struct StockMovementRecord: Sendable, Equatable {
    public var source: String
    public var leg: Int
    public var at: Int64
    public var location: LocationID
    public var item: ItemID
    public var lot: String
    public var kind: StockMovement.Kind
    public var quantity: Decimal

    public init(source: String, leg: Int, at: Int64, location: LocationID, item: ItemID, lot: String, kind: StockMovement.Kind, quantity: Decimal) {
        self.source = source
        self.leg = leg
        self.at = at
        self.location = location
        self.item = item
        self.lot = lot
        self.kind = kind
        self.quantity = quantity
    }
}

/// The rule both stores follow to apply movements, so that they cannot differ: given what a
/// source already moved and what is on hand, the changes to make.
public enum StockRule {
    /// The changes to levels (location, item, lot, expiry, delta) and the movement records to
    /// write for `movement`. `recorded`: the movements of `movement.reverses` (for a
    /// reversal); `onHand`: what is on hand where a count applies (the lot's, or for a count
    /// without a lot, the item's at the location across lots).
    public static func apply(_ movement: StockMovement, recorded: [StockMovementRecord], onHand: Decimal)
        -> [StockMovementRecord] {
        switch movement.kind {
        case .reversal:
            return recorded.map { original in
                StockMovementRecord(source: movement.source, leg: original.leg, at: movement.at, location: original.location, item: original.item,
                                    lot: original.lot, kind: .reversal, quantity: -original.quantity)
            }
        case .count:
            return [StockMovementRecord(source: movement.source, leg: movement.leg, at: movement.at, location: movement.location, item: movement.item,
                                        lot: movement.lot, kind: .count, quantity: movement.quantity - onHand)]
        default:
            return [StockMovementRecord(source: movement.source, leg: movement.leg, at: movement.at, location: movement.location, item: movement.item,
                                        lot: movement.lot, kind: movement.kind, quantity: movement.quantity)]
        }
    }
}
