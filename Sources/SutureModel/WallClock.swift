public import Foundation

/// The wall clock as the pipeline's records keep time: milliseconds since 1970 (UTC).
///
/// The one place that reads it; the pure decisions never do (their time is passed in).
public enum WallClock {
    public static func nowMilliseconds() -> Int64 {
        milliseconds(Date())
    }

    /// A date as milliseconds since 1970.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
