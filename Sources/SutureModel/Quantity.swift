public import Foundation

/// An exact amount of something in a unit: `2 CS`, `144 EA`.
///
/// The value is a `Decimal`, never a floating-point number, so that conversions and
/// sums are exact.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
    public var value: Decimal
    public var unit: UnitOfMeasure

    public init(_ value: Decimal, _ unit: UnitOfMeasure) {
        self.value = value
        self.unit = unit
    }

    /// Parses the value from plain decimal text ("2", "0.5"); nil if it is not one.
    public init?(_ text: String, _ unit: UnitOfMeasure) {
        guard let value = ExactDecimal.parse(text) else { return nil }
        self.init(value, unit)
    }

    /// The value as plain decimal text, as the wire formats want it.
    public var valueText: String { ExactDecimal.format(value) }

    public var description: String { "\(valueText) \(unit.code)" }
}
