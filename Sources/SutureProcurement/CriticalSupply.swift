public import Foundation
public import SutureModel

/// Critical-supply exposure across facilities (docs/stock.md, "Critical-supply exposure"): for
/// one item, each facility's days of supply at its average daily usage, and the transfers that
/// would bring the facilities short of `targetDays` up from those holding more than that.
///
/// Pure: positions in, positions with need and surplus and the transfers out. A facility
/// needs `targetDays` of its own usage; what it holds beyond that is surplus. The shortest
/// facility (fewest days of supply) is served first, from the largest surplus first; transfers
/// are whole base units.
public enum CriticalSupply {
    public struct Position: Sendable, Equatable {
        public var facility: LocationID
        /// In the item's base unit.
        public var onHand: Decimal
        /// Issued over the usage window, divided by its days.
        public var averageDailyUsage: Decimal

        public init(facility: LocationID, onHand: Decimal, averageDailyUsage: Decimal) {
            self.facility = facility
            self.onHand = onHand
            self.averageDailyUsage = averageDailyUsage
        }

        /// On hand at the usage rate; nil when nothing is used.
        public var daysOfSupply: Decimal? {
            averageDailyUsage > 0 ? max(0, onHand) / averageDailyUsage : nil
        }

        /// What it lacks of `targetDays` of usage.
        public func need(targetDays: Decimal) -> Decimal { max(0, wholeUp(targetDays * averageDailyUsage) - max(0, onHand)) }
        /// What it holds beyond `targetDays` of usage.
        public func surplus(targetDays: Decimal) -> Decimal { max(0, wholeDown(onHand - targetDays * averageDailyUsage)) }
    }

    public struct Transfer: Sendable, Equatable {
        public var from: LocationID
        public var to: LocationID
        /// Whole base units.
        public var quantity: Decimal

        public init(from: LocationID, to: LocationID, quantity: Decimal) {
            self.from = from
            self.to = to
            self.quantity = quantity
        }
    }

    /// The transfers that cover the facilities short of `targetDays` from those with surplus.
    public static func transfers(_ positions: [Position], targetDays: Decimal) -> [Transfer] {
        var surplus = positions.map { ($0.facility, $0.surplus(targetDays: targetDays)) }.filter { $0.1 > 0 }
        let short = positions.filter { $0.need(targetDays: targetDays) > 0 }
            .sorted { ($0.daysOfSupply ?? 0, $0.facility) < ($1.daysOfSupply ?? 0, $1.facility) }
        var transfers: [Transfer] = []
        for position in short {
            var need = position.need(targetDays: targetDays)
            while need > 0, let index = surplus.indices.max(by: { (surplus[$0].1, surplus[$1].0) < (surplus[$1].1, surplus[$0].0) }),
                  surplus[index].1 > 0 {
                let quantity = min(need, surplus[index].1)
                transfers.append(Transfer(from: surplus[index].0, to: position.facility, quantity: quantity))
                surplus[index].1 -= quantity
                need -= quantity
            }
        }
        return transfers
    }

    static func wholeUp(_ value: Decimal) -> Decimal { rounded(value, .up) }
    static func wholeDown(_ value: Decimal) -> Decimal { rounded(value, .down) }

    static func rounded(_ value: Decimal, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, mode)
        return result
    }
}
