public import Foundation

/// Reads an HTTP `Retry-After` header (RFC 9110 section 10.2.3) into a wait.
public enum RetryAfter {
    /// The wait the header asks for: delay-seconds (`120`) or an IMF-fixdate
    /// (`Wed, 21 Oct 2015 07:28:00 GMT`) measured from `now`, the wall-clock time the
    /// answer arrived. nil when the header is neither, so the caller falls back to
    /// plain backoff; a date in the past is a wait of zero.
    public static func parse(_ header: String, now: Date) -> Duration? {
        let text = header.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // More digits than fit are still "a very long time"; the policy caps it.
            return .seconds(Int64(text) ?? .max)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds > 0 ? .seconds(seconds.rounded(.up)) : .zero
    }
}
