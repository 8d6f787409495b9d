/// A layout of digits that spells a date (and perhaps a time) on a label, such as GS1
/// `YYMMDD` or HIBC `YYJJJ`, with the calendar checks every layout shares.
///
/// Two-digit years follow the GS1 century rule (General Specifications 7.12), which HIBC
/// labels are read with too: the year is the one within -49...+50 years of a reference year.
struct BarcodeDateFormat: Sendable {
    enum Field: Sendable {
        case twoDigitYear, fourDigitYear, month, day
        /// A day where `00` means the last day of the month (GS1 dates other than 7006/7007).
        case dayOrZero
        case dayOfYear, hour, minute, second

        var width: Int {
            switch self {
            case .fourDigitYear: return 4
            case .dayOfYear: return 3
            default: return 2
            }
        }
    }

    /// Why date digits were refused: `offset` is from the first byte of the date.
    struct Fault: Error, Sendable {
        let offset: Int
        let isTime: Bool
        let rule: String
    }

    /// The layout as people write it, for messages (`YYMMDD`).
    let name: String
    let fields: [Field]
    let length: Int

    init(_ name: String, _ fields: [Field]) {
        self.name = name
        self.fields = fields
        length = fields.reduce(0) { $0 + $1.width }
    }

    static let gs1Date = BarcodeDateFormat("YYMMDD", [.twoDigitYear, .month, .dayOrZero])
    static let gs1StrictDate = BarcodeDateFormat("YYMMDD", [.twoDigitYear, .month, .day])
    static let gs1DateHourMinute = BarcodeDateFormat("YYMMDDhhmm", [.twoDigitYear, .month, .day, .hour, .minute])
    static let gs1DateHour = BarcodeDateFormat("YYMMDDhh", [.twoDigitYear, .month, .day, .hour])
    static let minuteSecond = BarcodeDateFormat("mmss", [.minute, .second])
    static let noTime = BarcodeDateFormat("", [])
    static let minute = BarcodeDateFormat("mm", [.minute])
    static let hibcMonthYear = BarcodeDateFormat("MMYY", [.month, .twoDigitYear])
    static let hibcMonthDayYear = BarcodeDateFormat("MMDDYY", [.month, .day, .twoDigitYear])
    static let hibcYearMonthDay = BarcodeDateFormat("YYMMDD", [.twoDigitYear, .month, .day])
    static let hibcYearMonthDayHour = BarcodeDateFormat("YYMMDDHH", [.twoDigitYear, .month, .day, .hour])
    static let hibcJulian = BarcodeDateFormat("YYJJJ", [.twoDigitYear, .dayOfYear])
    static let hibcJulianHour = BarcodeDateFormat("YYJJJHH", [.twoDigitYear, .dayOfYear, .hour])
    static let hibcFullDate = BarcodeDateFormat("YYYYMMDD", [.fourDigitYear, .month, .day])

    /// The full year a two-digit year stands for, by the GS1 century rule: the one that is
    /// at most 49 years before or 50 years after `referenceYear`.
    static func fullYear(twoDigits: Int, referenceYear: Int) -> Int {
        let referenceTwoDigits = referenceYear % 100
        let century = referenceYear - referenceTwoDigits
        let difference = twoDigits - referenceTwoDigits
        if difference >= 51 { return century - 100 + twoDigits }
        if difference <= -50 { return century + 100 + twoDigits }
        return century + twoDigits
    }

    /// Reads the date that starts at `start`; a layout without a day means the month's last day.
    func parse(_ bytes: BarcodeBytes, at start: Int, referenceYear: Int) -> Result<CalendarDate, Fault> {
        guard start >= 0, start + length <= bytes.count else {
            return .failure(Fault(offset: 0, isTime: false, rule: "a date needs \(length) digits (\(name))"))
        }
        var year: Int?
        var month: Int?
        var day: Int?
        var dayIsZero = false
        var dayOfYear: Int?
        var dayOffset = 0
        var offset = 0
        for field in fields {
            let fieldStart = start + offset
            guard let value = bytes.number(in: fieldStart..<(fieldStart + field.width)) else {
                let bad = bytes.firstNonDigit(in: fieldStart..<(fieldStart + field.width)) ?? fieldStart
                return .failure(Fault(offset: bad - start, isTime: false, rule: "a date (\(name)) must be digits, found \(String.describing(byte: bytes[bad]))"))
            }
            switch field {
            case .twoDigitYear: year = Self.fullYear(twoDigits: value, referenceYear: referenceYear)
            case .fourDigitYear: year = value
            case .month:
                guard (1...12).contains(value) else {
                    return .failure(Fault(offset: offset, isTime: false, rule: "month \(value) does not exist (\(name))"))
                }
                month = value
            case .day, .dayOrZero:
                dayOffset = offset
                if value == 0, case .dayOrZero = field { dayIsZero = true } else { day = value }
            case .dayOfYear:
                dayOffset = offset
                dayOfYear = value
            case .hour:
                guard value <= 23 else { return .failure(Fault(offset: offset, isTime: true, rule: "hour \(value) does not exist (\(name))")) }
            case .minute:
                guard value <= 59 else { return .failure(Fault(offset: offset, isTime: true, rule: "minute \(value) does not exist (\(name))")) }
            case .second:
                guard value <= 59 else { return .failure(Fault(offset: offset, isTime: true, rule: "second \(value) does not exist (\(name))")) }
            }
            offset += field.width
        }
        return resolve(year: year ?? 0, month: month, day: day, dayIsZero: dayIsZero, dayOfYear: dayOfYear, dayOffset: dayOffset)
    }

    /// Checks a layout of time fields only (`mm`, `mmss`), as trails a date in AI 8008.
    func checkTime(_ bytes: BarcodeBytes, at start: Int) -> Fault? {
        var offset = 0
        for field in fields {
            let range = (start + offset)..<(start + offset + field.width)
            guard let value = bytes.number(in: range) else {
                return Fault(offset: offset, isTime: true, rule: "a time (\(name)) must be digits")
            }
            let limit = field == .hour ? 23 : 59
            if value > limit { return Fault(offset: offset, isTime: true, rule: "\(field) \(value) does not exist (\(name))") }
            offset += field.width
        }
        return nil
    }

    private func resolve(year: Int, month: Int?, day: Int?, dayIsZero: Bool, dayOfYear: Int?, dayOffset: Int) -> Result<CalendarDate, Fault> {
        if let dayOfYear {
            guard let date = CalendarDate(year: year, dayOfYear: dayOfYear) else {
                return .failure(Fault(offset: dayOffset, isTime: false, rule: "day \(dayOfYear) of the year does not exist in \(year) (\(name))"))
            }
            return .success(date)
        }
        guard let month else { return .failure(Fault(offset: 0, isTime: false, rule: "no month in \(name)")) }
        guard let day, !dayIsZero else {
            // GS1 day 00 and an HIBC MMYY date both mean the last day of the month.
            guard let last = CalendarDate.lastDay(ofMonth: month, year: year) else {
                return .failure(Fault(offset: 0, isTime: false, rule: "year \(year) is out of range"))
            }
            return .success(last)
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            let days = CalendarDate.daysInMonth(month, year: year)
            return .failure(Fault(offset: dayOffset, isTime: false, rule: "day \(day) does not exist in month \(month) of \(year), which has \(days) days (\(name))"))
        }
        return .success(date)
    }
}
