public import Foundation
public import SutureModel

/// The replenishment decision for one item at one location and its par level: when what is
/// on hand, plus what is on order and already requested, falls to or below the reorder point,
/// propose enough to come back to par, rounded up to whole ordering units. (The stock ledger,
/// par levels and requisitions that will call it are not built yet.)
///
/// Pure: quantities, the par level and the item's packaging in, a proposal or nothing out. The
/// caller counts open requisitions for the same need in `requested`, which is what keeps a
/// second requisition from being raised while one is open.
public struct Replenishment: Sendable, Equatable {
    /// The par level: stock the location should hold after a delivery, and the level at or
    /// below which it orders, both in any unit of the item.
    public var par: Quantity
    public var reorderPoint: Quantity
    /// The unit the supplier sells in (a requisition is whole units of it).
    public var orderUnit: UnitOfMeasure
    /// Requisitions worth at most this are approved without a person; nil: every one waits.
    public var autoApproveUpTo: Decimal?

    public init(par: Quantity, reorderPoint: Quantity, orderUnit: UnitOfMeasure, autoApproveUpTo: Decimal? = nil) {
        self.par = par
        self.reorderPoint = reorderPoint
        self.orderUnit = orderUnit
        self.autoApproveUpTo = autoApproveUpTo
    }

    /// What to request.
    public struct Proposal: Sendable, Equatable {
        /// Whole ordering units.
        public var quantity: Decimal
        public var unit: UnitOfMeasure
        /// The same in the item's base unit.
        public var baseQuantity: Decimal
        /// `quantity` at `unitPrice`, when a price is known.
        public var amount: Decimal?
        /// Whether it may be ordered without a person (a known amount within the limit).
        public var autoApproved: Bool
    }

    /// Why no decision can be made.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A unit of the par level or the ordering unit is not one of the item's.
        case unitNotConvertible(String)
        /// The reorder point is above par: every delivery would leave it below the point again.
        case reorderPointAbovePar

        public var description: String {
            switch self {
            case .unitNotConvertible(let detail): return detail
            case .reorderPointAbovePar: return "the reorder point is above par"
            }
        }
    }

    /// The proposal for a location holding `onHand`, with `onOrder` on open purchase-order
    /// lines and `requested` on open requisitions (all in the item's base unit), or nil when
    /// it need not order. `unitPrice` is the price of one ordering unit (the contract price).
    public func decide(onHand: Decimal, onOrder: Decimal, requested: Decimal, packaging: PackagingHierarchy,
                       unitPrice: Decimal? = nil) throws(Failure) -> Proposal? {
        let base = packaging.baseUnit
        func inBase(_ quantity: Quantity) throws(Failure) -> Decimal {
            do { return try packaging.convert(quantity, to: base).value } catch {
                throw .unitNotConvertible("\(quantity) cannot be put in \(base): \(error)")
            }
        }
        let par = try inBase(self.par)
        let reorderPoint = try inBase(self.reorderPoint)
        let perOrderUnit = try inBase(Quantity(1, orderUnit))
        guard reorderPoint <= par else { throw .reorderPointAbovePar }
        let position = onHand + onOrder + requested
        guard position <= reorderPoint, perOrderUnit > 0 else { return nil }
        let units = Self.roundedUp((par - position) / perOrderUnit)
        guard units > 0 else { return nil }
        let amount = unitPrice.map { $0 * units }
        let autoApproved = amount.map { amount in autoApproveUpTo.map { amount <= $0 } ?? false } ?? false
        return Proposal(quantity: units, unit: orderUnit, baseQuantity: units * perOrderUnit, amount: amount, autoApproved: autoApproved)
    }

    static func roundedUp(_ value: Decimal) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .up)
        return result
    }
}
