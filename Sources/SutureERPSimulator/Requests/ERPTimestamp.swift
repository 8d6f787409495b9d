import Foundation

/// RFC 3339 dates and date-times: the checks the simulator applies to `receivedAt`,
/// `occurredAt` and `expiry`, and the form in which it writes its own times.
enum ERPTimestamp {
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, with a real calendar date.
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, isDate(bytes[0..<10]), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              let hour = number(bytes[11..<13]), hour < 24, bytes[13] == UInt8(ascii: ":"),
              let minute = number(bytes[14..<16]), minute < 60, bytes[16] == UInt8(ascii: ":"),
              let second = number(bytes[17..<19]), second <= 60
        else { return false }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") { return index + 1 == bytes.count }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == bytes.count,
              let offsetHour = number(bytes[(index + 1)..<(index + 3)]), offsetHour < 24,
              bytes[index + 3] == UInt8(ascii: ":"),
              let offsetMinute = number(bytes[(index + 4)..<(index + 6)]), offsetMinute < 60
        else { return false }
        return true
    }

    /// `YYYY-MM-DD`, a day that exists.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10 && isDate(bytes[0..<10])
    }

    /// The simulator's own times: UTC with milliseconds.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        let start = bytes.startIndex
        guard let year = number(bytes[start..<(start + 4)]), bytes[start + 4] == UInt8(ascii: "-"),
              let month = number(bytes[(start + 5)..<(start + 7)]), bytes[start + 7] == UInt8(ascii: "-"),
              let day = number(bytes[(start + 8)..<(start + 10)]), (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
