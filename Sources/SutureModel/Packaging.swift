public import Foundation

/// One level of an item's packaging: a unit and how many base units it holds.
public struct PackagingLevel: Hashable, Sendable, Codable {
    public var unit: UnitOfMeasure
    /// How many base units one of this unit contains; always a positive whole number.
    public var quantity: Decimal
    /// The GTIN printed on this level, where known (each packaging level has its own).
    public var gtin: GTIN?

    public init(unit: UnitOfMeasure, quantity: Decimal, gtin: GTIN? = nil) {
        self.unit = unit
        self.quantity = quantity
        self.gtin = gtin
    }
}

/// How an item is packed: a base unit (usually `EA`) and larger units made of it.
///
/// `1 CS = 12 BX = 144 EA` is written as base `EA` with levels `BX: 12` and `CS: 144`.
/// Conversions go through the base unit and are exact; a unit the item does not have
/// is an error, never a guess.
public struct PackagingHierarchy: Hashable, Sendable, Codable {
    public private(set) var baseUnit: UnitOfMeasure
    public private(set) var levels: [PackagingLevel]

    /// Validates that every level is a distinct unit other than the base, holding a whole,
    /// positive number of base units, with distinct GTINs.
    public init(baseUnit: UnitOfMeasure, levels: [PackagingLevel] = []) throws(PackagingError) {
        var seenUnits: Set<UnitOfMeasure> = [baseUnit]
        var seenGTINs: Set<GTIN> = []
        for (index, level) in levels.enumerated() {
            guard level.quantity > 0, ExactDecimal.isWhole(level.quantity) else {
                throw .invalidLevelQuantity(index: index, unit: level.unit, quantity: level.quantity)
            }
            guard seenUnits.insert(level.unit).inserted else {
                throw .duplicateUnit(index: index, unit: level.unit)
            }
            if let gtin = level.gtin, !seenGTINs.insert(gtin).inserted {
                throw .duplicateGTIN(index: index, gtin: gtin)
            }
        }
        self.baseUnit = baseUnit
        self.levels = levels
    }

    /// Every unit this item can be counted in, base first.
    public var units: [UnitOfMeasure] { [baseUnit] + levels.map(\.unit) }

    /// How many base units one `unit` holds, or nil if the item has no such unit.
    public func baseUnits(per unit: UnitOfMeasure) -> Decimal? {
        if unit == baseUnit { return 1 }
        return levels.first { $0.unit == unit }?.quantity
    }

    /// The packaging level that carries `gtin`, if any (the item's own GTIN is the base unit's).
    public func unit(forGTIN gtin: GTIN) -> UnitOfMeasure? {
        levels.first { $0.gtin == gtin }?.unit
    }

    /// Converts `quantity` into `target` exactly.
    ///
    /// Throws when either unit is not part of this packaging, or when the result cannot be
    /// held exactly: 3 EA is 0.25 of a box of 12, but 1 EA (1/12 BX) is refused.
    public func convert(_ quantity: Quantity, to target: UnitOfMeasure) throws(PackagingError) -> Quantity {
        if quantity.unit == target { return quantity }
        guard let sourceFactor = baseUnits(per: quantity.unit) else {
            throw .unknownUnit(quantity.unit, available: units)
        }
        guard let targetFactor = baseUnits(per: target) else {
            throw .unknownUnit(target, available: units)
        }
        let inBase = quantity.value * sourceFactor
        let converted = inBase / targetFactor
        guard converted * targetFactor == inBase else {
            throw .inexact(quantity, to: target)
        }
        return Quantity(converted, target)
    }
}

/// Why packaging was refused or a conversion failed.
public enum PackagingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidLevelQuantity(index: Int, unit: UnitOfMeasure, quantity: Decimal)
    case duplicateUnit(index: Int, unit: UnitOfMeasure)
    case duplicateGTIN(index: Int, gtin: GTIN)
    case unknownUnit(UnitOfMeasure, available: [UnitOfMeasure])
    case inexact(Quantity, to: UnitOfMeasure)

    public var description: String {
        switch self {
        case .invalidLevelQuantity(let index, let unit, let quantity):
            return "packaging[\(index)] (\(unit)) must hold a positive whole number of base units, not \(ExactDecimal.format(quantity))"
        case .duplicateUnit(let index, let unit):
            return "packaging[\(index)] repeats the unit \(unit)"
        case .duplicateGTIN(let index, let gtin):
            return "packaging[\(index)] repeats the GTIN \(gtin)"
        case .unknownUnit(let unit, let available):
            return "the item has no unit \(unit); its units are \(available.map(\.code).joined(separator: ", "))"
        case .inexact(let quantity, let target):
            return "\(quantity) is not an exact quantity of \(target)"
        }
    }
}
