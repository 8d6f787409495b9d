import Foundation
import SutureModel

/// A seeded SplitMix64 generator: the same seed gives the same jitter, so backoff tests
/// are deterministic.
struct SeededRandomNumberGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A generator that always returns the same word: 0 draws the bottom of a range and
/// `UInt64.max` its top, to pin jitter to its bounds.
struct ConstantRandomNumberGenerator: RandomNumberGenerator {
    let value: UInt64
    mutating func next() -> UInt64 { value }
}

/// The origin every test measures time from. Only the differences between instants
/// matter to the state machines, so reading the clock once here keeps tests exact.
let origin = ContinuousClock.now

func at(milliseconds: Int64) -> ContinuousClock.Instant { origin + .milliseconds(milliseconds) }
func at(seconds: Int64) -> ContinuousClock.Instant { origin + .seconds(seconds) }

/// An exact decimal from text, for prices such as 45.50 that a float literal would blur.
func decimal(_ text: String) -> Decimal {
    guard let value = ExactDecimal.parse(text) else { preconditionFailure("not a decimal: \(text)") }
    return value
}
