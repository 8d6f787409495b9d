import Foundation
import SutureModel

/// An exact decimal from text, for prices such as 45.50 that a float literal would blur.
func decimal(_ text: String) -> Decimal {
    guard let value = ExactDecimal.parse(text) else { preconditionFailure("not a decimal: \(text)") }
    return value
}
