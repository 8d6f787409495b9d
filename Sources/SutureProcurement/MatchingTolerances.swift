public import Foundation

/// Invoice three-way match tolerances (the `matching` section of the configuration).
public struct MatchingTolerances: Sendable, Equatable {
    public var pricePercent: Decimal = 0
    public var priceAbsolute: Decimal = 0
    public var quantityAbsolute: Decimal = 0

    public init() {}
}
