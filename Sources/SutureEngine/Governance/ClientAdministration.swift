import Foundation
public import SutureConfig
public import SutureModel
public import SutureStore

/// What an administrator does with API clients, from the command line or the admin API
/// (docs/governance.md, "Clients"): create, revoke, rotate, change scopes and quota. Each
/// change is audited in the same transaction; tokens are shown once and stored hashed.
public struct ClientAdministration: Sendable {
    let store: any Store
    /// Clients declared in the configuration: listed, but changed only in the file.
    let configured: [ClientSettings]

    public init(store: any Store, configured: [ClientSettings]) {
        self.store = store
        self.configured = configured
    }

    /// One client as an administrator sees it (never a token).
    public struct Listing: Sendable, Equatable {
        public var record: ClientRecord
        /// `configuration` (declared in the file) or `store` (created by command or API).
        public var source: String

        public init(record: ClientRecord, source: String) {
            self.record = record
            self.source = source
        }
    }

    public func list() async throws -> [Listing] {
        let stored = try await store.clients().map { Listing(record: $0, source: "store") }
        let declared = configured.map { client in
            Listing(record: ClientRecord(name: client.name, tokenHash: client.tokenSHA256, scopes: client.scopes,
                                         rateLimit: client.rateLimit.map { ClientRecord.RateLimit(perSecond: $0.perSecond, burst: $0.burst) }),
                    source: "configuration")
        }
        return (declared + stored).sorted { $0.record.name < $1.record.name }
    }

    /// Creates a client; returns its token (shown once).
    public func add(name: String, scopes: [String], rateLimit: ClientRecord.RateLimit?, actor: String) async throws -> String {
        try Self.check(name: name, scopes: scopes, rateLimit: rateLimit)
        guard !configured.contains(where: { $0.name == name }) else {
            throw ClientAdministrationError.conflict("a client named '\(name)' is declared in the configuration")
        }
        let token = Self.newToken()
        let audit = AuditDraft(at: WallClock.nowMilliseconds(), actor: actor, action: "client.add", target: "client:\(name)",
                               details: Self.details(scopes: scopes, rateLimit: rateLimit))
        do {
            try await store.addClient(ClientRecord(name: name, tokenHash: ClientSettings.hash(token: token), scopes: scopes, rateLimit: rateLimit),
                                      audit: audit)
        } catch StoreError.conflict(let why) {
            throw ClientAdministrationError.conflict(why)
        }
        return token
    }

    /// Revokes a client: its tokens are refused from the next request on, on every node,
    /// and its console sessions end.
    public func revoke(name: String, actor: String) async throws {
        try refuseConfigured(name)
        let now = WallClock.nowMilliseconds()
        let audit = AuditDraft(at: now, actor: actor, action: "client.revoke", target: "client:\(name)", details: .object([]))
        guard try await store.revokeClient(named: name, at: now, audit: audit) else {
            throw try await missing(name)
        }
    }

    /// Gives a client a new token (returned, shown once); the old one works for `grace` more.
    public func rotate(name: String, grace: Duration, actor: String) async throws -> (token: String, previousValidUntil: Int64) {
        try refuseConfigured(name)
        let token = Self.newToken()
        let now = WallClock.nowMilliseconds()
        // A grace is at most a year: an old token that works for ever is no rotation.
        let grace = min(grace, Self.longestGrace)
        let graceUntil = now + grace.components.seconds * 1000 + grace.components.attoseconds / 1_000_000_000_000_000
        let audit = AuditDraft(at: now, actor: actor, action: "client.rotate", target: "client:\(name)",
                               details: .object([("previousValidUntil", .string(WallClock.timestamp(milliseconds: graceUntil)))]))
        guard try await store.rotateClient(named: name, tokenHash: ClientSettings.hash(token: token), graceUntil: graceUntil, audit: audit) else {
            throw try await missing(name)
        }
        return (token, graceUntil)
    }

    /// Changes a client's scopes and quota without a new token; its console sessions end.
    public func update(name: String, scopes: [String], rateLimit: ClientRecord.RateLimit?, actor: String) async throws -> ClientRecord {
        try refuseConfigured(name)
        try Self.check(name: name, scopes: scopes, rateLimit: rateLimit)
        let before = try await store.client(named: name)
        let audit = AuditDraft.change(at: WallClock.nowMilliseconds(), actor: actor, action: "client.update", target: "client:\(name)",
                                      from: before.map { Self.details(scopes: $0.scopes, rateLimit: $0.rateLimit) },
                                      to: Self.details(scopes: scopes, rateLimit: rateLimit))
        guard try await store.updateClient(named: name, scopes: scopes, rateLimit: rateLimit, audit: audit),
              let after = try await store.client(named: name) else {
            throw try await missing(name)
        }
        return after
    }

    /// The longest a rotated-out token keeps working.
    public static let longestGrace: Duration = .seconds(365 * 86_400)

    static func details(scopes: [String], rateLimit: ClientRecord.RateLimit?) -> JSONValue {
        .object([
            ("scopes", .array(scopes.map(JSONValue.string))),
            ("rateLimit", rateLimit.map { .object([("perSecond", .integer($0.perSecond)), ("burst", .integer($0.burst))]) } ?? .null),
        ])
    }

    private func refuseConfigured(_ name: String) throws {
        if configured.contains(where: { $0.name == name }) {
            throw ClientAdministrationError.conflict("client '\(name)' is declared in the configuration; change it there")
        }
    }

    private func missing(_ name: String) async throws -> ClientAdministrationError {
        if let record = try await store.client(named: name), record.revokedAt != nil {
            return .conflict("client '\(name)' was revoked at \(WallClock.timestamp(milliseconds: record.revokedAt ?? 0))")
        }
        return .notFound("no client named '\(name)'")
    }

    public static func check(name: String, scopes: [String], rateLimit: ClientRecord.RateLimit?) throws {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ClientAdministrationError.invalid("the client name must be 1 to 64 letters, digits, '-', '_' or '.'")
        }
        guard !scopes.isEmpty else { throw ClientAdministrationError.invalid("give at least one scope") }
        for scope in scopes where !ConfigSpec.scopes.contains(scope) {
            throw ClientAdministrationError.invalid("unknown scope '\(scope)'; scopes are \(ConfigSpec.scopes.joined(separator: ", "))")
        }
        if let rateLimit, !(1...1_000_000).contains(rateLimit.perSecond) || !(1...1_000_000).contains(rateLimit.burst) {
            throw ClientAdministrationError.invalid("a rate limit's perSecond and burst must be 1 to 1000000")
        }
    }

    /// New bearer tokens: 32 random bytes, base64url, with a `sut_` prefix that secret
    /// scanners can match.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "sut_" + base64
    }
}

/// Why a client change was refused.
public enum ClientAdministrationError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)
    case notFound(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .invalid(let why), .notFound(let why), .conflict(let why): return why
        }
    }
}
