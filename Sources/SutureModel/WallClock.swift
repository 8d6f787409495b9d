public import Foundation

/// The wall clock as the pipeline's records keep time: milliseconds since 1970 (UTC).
///
/// The one place that reads it; the pure decisions never do (their time is passed in).
public enum WallClock {
    public static func nowMilliseconds() -> Int64 {
        milliseconds(Date())
    }

    /// Microseconds since 1970: the unit of the rate limits nodes share through the store.
    public static func nowMicroseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// A date as milliseconds since 1970.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The milliseconds an RFC 3339 timestamp stands for (with or without fractional seconds).
    public static func milliseconds(timestamp text: String) -> Int64? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return milliseconds(date) }
        if let date = try? Date(text, strategy: .iso8601) { return milliseconds(date) }
        return nil
    }

    /// RFC 3339 text in UTC with milliseconds (`2026-05-18T10:15:00.000Z`), computed from the
    /// integer alone: the same milliseconds always give the same text on any machine, which
    /// the audit log's hashes rely on.
    public static func timestamp(milliseconds: Int64) -> String {
        let millisecondsPerDay: Int64 = 86_400_000
        let days = milliseconds >= 0 ? milliseconds / millisecondsPerDay : (milliseconds - millisecondsPerDay + 1) / millisecondsPerDay
        let inDay = milliseconds - days * millisecondsPerDay
        // Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T\(padded(inDay / 3_600_000, 2)):"
            + "\(padded(inDay / 60_000 % 60, 2)):\(padded(inDay / 1000 % 60, 2)).\(padded(inDay % 1000, 3))Z"
    }
}
