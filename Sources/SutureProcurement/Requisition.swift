public import Foundation
public import SutureModel

/// A request to buy an item for a location, raised by replenishment (docs/stock.md,
/// "Requisitions"): proposed, then approved (by the auto-approval limit or a person) or
/// rejected, and an approved one ordered on a purchase order with the others of its
/// supplier and ship-to location.
///
/// Its `id` names its need (`location` and `item`) and a sequence, so two nodes raising a
/// requisition for one need at once compute the same id and only one can be stored.
public struct Requisition: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case proposed
        case approved
        case ordered
        case rejected

        /// Proposed or approved: still counted as requested, so no second one is raised.
        public var isOpen: Bool { self == .proposed || self == .approved }
    }

    public var id: String
    public var location: LocationID
    public var item: ItemID
    /// Whole ordering units.
    public var quantity: Decimal
    public var unit: UnitOfMeasure
    /// `quantity` in the item's base unit.
    public var baseQuantity: Decimal
    /// The supplier to order from; nil when neither the par level nor a contract price names one.
    public var supplier: SupplierID?
    /// `quantity` at the contract price, when there is one.
    public var amount: Decimal?
    public var currency: CurrencyCode?
    public var status: Status
    /// The purchase order it was ordered on.
    public var purchaseOrder: String?
    /// On hand plus on order (base unit) when it was proposed: after a rejection, the need
    /// is proposed again only once this has risen (goods came in) or the par level changed.
    public var position: Decimal
    /// The version of the par level it was proposed under.
    public var parLevelVersion: Int
    /// Milliseconds since 1970.
    public var proposedAt: Int64
    /// Who approved or rejected it (`auto` for the auto-approval limit), and when.
    public var decidedBy: String?
    public var decidedAt: Int64?
    /// A person's reason for a rejection.
    public var reason: String?

    public init(id: String, location: LocationID, item: ItemID, quantity: Decimal, unit: UnitOfMeasure, baseQuantity: Decimal,
                supplier: SupplierID?, amount: Decimal?, currency: CurrencyCode?, status: Status, purchaseOrder: String? = nil,
                position: Decimal, parLevelVersion: Int, proposedAt: Int64, decidedBy: String? = nil, decidedAt: Int64? = nil,
                reason: String? = nil) {
        self.id = id
        self.location = location
        self.item = item
        self.quantity = quantity
        self.unit = unit
        self.baseQuantity = baseQuantity
        self.supplier = supplier
        self.amount = amount
        self.currency = currency
        self.status = status
        self.purchaseOrder = purchaseOrder
        self.position = position
        self.parLevelVersion = parLevelVersion
        self.proposedAt = proposedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
    }

    /// Why a person's decision cannot be taken.
    public enum DecisionError: Error, Equatable, CustomStringConvertible {
        /// Only a proposed requisition can be approved or rejected.
        case notProposed(id: String, status: Status)
        /// Nothing names a supplier to order from.
        case noSupplier(id: String)

        public var description: String {
            switch self {
            case .notProposed(let id, let status): return "requisition \(id) is \(status.rawValue), not proposed"
            case .noSupplier(let id):
                return "requisition \(id) names no supplier: set the par level's supplier or a contract price for the item, then approve it"
            }
        }
    }

    /// Approves a proposed requisition. Approving one already approved (or ordered) is
    /// answered as done, so a repeated request changes nothing.
    public mutating func approve(by actor: String, at: Int64) throws(DecisionError) -> Bool {
        switch status {
        case .approved, .ordered: return false
        case .rejected: throw .notProposed(id: id, status: status)
        case .proposed:
            guard supplier != nil else { throw .noSupplier(id: id) }
            (status, decidedBy, decidedAt) = (.approved, actor, at)
            return true
        }
    }

    /// Rejects a proposed requisition; rejecting one already rejected changes nothing.
    public mutating func reject(by actor: String, at: Int64, reason: String?) throws(DecisionError) -> Bool {
        switch status {
        case .rejected: return false
        case .approved, .ordered: throw .notProposed(id: id, status: status)
        case .proposed:
            (status, decidedBy, decidedAt, self.reason) = (.rejected, actor, at, reason)
            return true
        }
    }
}
