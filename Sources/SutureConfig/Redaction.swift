import Foundation

/// What settings holding secrets show when printed or logged (a debug log of the running
/// services reflects them): everything but the secret (docs/governance.md, "Secrets").
extension ERPSettings: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "ERPSettings(url: \(url), token: \(token == nil ? "none" : "<redacted>"))" }
    public var debugDescription: String { description }
}

extension WebhookSettings: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "WebhookSettings(url: \(url), secret: <redacted>)" }
    public var debugDescription: String { description }
}

extension SutureConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "SutureConfiguration(store: \(Self.redactingPassword(store)), \(systems.count) systems, \(routes.count) routes, \(clients.count) clients)"
    }

    public var debugDescription: String { description }

    /// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
    static func redactingPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
              let colon = url[scheme.upperBound..<at].firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
