/// A proleptic Gregorian calendar date (year, month, day) that is known to exist.
///
/// Barcode dates are checked by hand rather than with Foundation's calendars because
/// parsing must stay allocation-free and fast, and the rules are small.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The date, or nil when it does not exist (month 13, 30 February, 29 February 2027).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysInMonth(month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date from an ordinal day of the year (1 is 1 January), as in a Julian date `YYJJJ`.
    public init?(year: Int, dayOfYear: Int) {
        guard (1...9999).contains(year), dayOfYear >= 1, dayOfYear <= (Self.isLeapYear(year) ? 366 : 365) else { return nil }
        var remaining = dayOfYear
        var month = 1
        while remaining > Self.daysInMonth(month, year: year) {
            remaining -= Self.daysInMonth(month, year: year)
            month += 1
        }
        self.init(year: year, month: month, day: remaining)
    }

    /// The last day of that month, which is what GS1 day `00` and an HIBC `MMYY` date mean.
    public static func lastDay(ofMonth month: Int, year: Int) -> CalendarDate? {
        guard (1...12).contains(month) else { return nil }
        return CalendarDate(year: year, month: month, day: daysInMonth(month, year: year))
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days in `month` (1-12) of `year`; 0 for a month that does not exist.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// The date whose day number counts from 1970-01-01 (day 0), for turning a clock into a date.
    public init(daysSince1970 days: Int) {
        // Howard Hinnant's civil-from-days algorithm: exact over the whole proleptic calendar.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`.
    public var isoString: String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, digits: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                    value /= 10
                }
            }
            put(year, digits: 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, digits: 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, digits: 2, at: 8)
            return 10
        }
    }

    public var description: String { isoString }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
