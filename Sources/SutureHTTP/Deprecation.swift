import Foundation
public import HTTPTypes

/// An operation the API has outgrown (docs/api.md, "Deprecations"): it is still served, and
/// every answer says so with `Deprecation` (RFC 9745), `Sunset` (RFC 8594, once a date is
/// set) and a `Link` with `rel="deprecation"` to the OpenAPI document, which marks the
/// operation `deprecated: true` and names its replacement. Calls are counted per client
/// (`GET /v1/admin/deprecations`), so an operator knows whom to tell before the sunset.
public struct Deprecation: Sendable {
    /// When it was deprecated, in seconds since 1970.
    public let since: Int64
    /// When it may be removed, in seconds since 1970; nil until a date is set.
    public let sunset: Int64?
    /// The operation to use instead (`GET /v1/crosswalks`).
    public let replacement: String

    public init(since: Int64, sunset: Int64?, replacement: String) {
        self.since = since
        self.sunset = sunset
        self.replacement = replacement
    }

    /// Where the deprecation is described: the hub's own OpenAPI document.
    public static let link = "</openapi.yaml>; rel=\"deprecation\"; type=\"application/yaml\""

    func announce(in headers: inout HTTPFields) {
        headers[.deprecation] = "@\(since)"
        if let sunset { headers[.sunset] = Self.httpDate(sunset) }
        headers.append(HTTPField(name: .link, value: Self.link))
    }

    /// An IMF-fixdate (`Wed, 30 Jun 2027 00:00:00 GMT`), as HTTP writes dates.
    static func httpDate(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

extension HTTPField.Name {
    static let deprecation = Self("Deprecation")!
    static let sunset = Self("Sunset")!
    static let link = Self("Link")!
}
