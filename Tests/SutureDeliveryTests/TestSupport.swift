import Foundation

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
