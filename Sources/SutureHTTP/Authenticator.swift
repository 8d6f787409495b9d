import Foundation
import HTTPTypes
import Hummingbird
public import SutureConfig
public import SutureStore
import SutureDelivery
import SutureProcurement
import SutureModel

/// A caller whose bearer token was valid, with what it may do.
public struct AuthenticatedClient: Sendable, Equatable {
    public let name: String
    public let scopes: Set<String>
    /// The client's own quota, when its stored record has one.
    public let rateLimit: ClientRecord.RateLimit?

    public init(name: String, scopes: Set<String>, rateLimit: ClientRecord.RateLimit? = nil) {
        self.name = name
        self.scopes = scopes
        self.rateLimit = rateLimit
    }

    /// `admin` grants every scope; `any:read` (the dashboard) is granted by any scope that reads.
    public func allows(_ scope: String) -> Bool {
        if scopes.contains(scope) || scopes.contains("admin") { return true }
        return scope == APIRoute.anyRead && scopes.contains { $0.hasSuffix(":read") }
    }
}

/// Resolves bearer tokens to clients: those declared in the configuration and those
/// created with `suture clients add`. Only SHA-256 hashes of tokens are compared or kept.
///
/// Stored clients are looked up on every request, never cached, so a revocation or the end
/// of a rotation's grace takes effect at once on every node.
public struct Authenticator: Sendable {
    private let configured: [String: ClientSettings]
    private let store: any Store
    /// When each client was last seen (and its deprecated calls), kept here and written now and then.
    let usage: UsageRecorder

    public init(clients: [ClientSettings], store: any Store) {
        var byHash: [String: ClientSettings] = [:]
        for client in clients { byHash[client.tokenSHA256] = client }
        self.configured = byHash
        self.store = store
        self.usage = UsageRecorder(store: store)
    }

    /// The client behind the request: its `Authorization: Bearer` token, else its console
    /// session cookie (whose writes must carry the session's `X-CSRF-Token`); 401 if none.
    func authenticate(_ request: Request) async throws -> AuthenticatedClient {
        guard let header = request.headers[.authorization] else {
            if let session = try await ConsoleSessions.session(of: request, store: store) {
                guard request.method == .get || request.method == .head || request.headers[.csrfToken] == session.csrfToken else {
                    throw Problem(.forbidden, "a console write needs the session's X-CSRF-Token header")
                }
                return AuthenticatedClient(name: session.client, scopes: Set(session.scopes))
            }
            throw Self.unauthorized("send Authorization: Bearer <token>; create a token with `suture clients add`")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Self.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        return try await client(token: String(parts[1]).trimmingCharacters(in: .whitespaces))
    }

    /// The client a bearer token belongs to; 401 if none.
    func client(token: String) async throws -> AuthenticatedClient {
        let hash = ClientSettings.hash(token: token)
        if let client = configured[hash] {
            return AuthenticatedClient(name: client.name, scopes: Set(client.scopes))
        }
        let now = WallClock.nowMilliseconds()
        if let record = try await store.client(tokenHash: hash, now: now) {
            usage.clientUsed(record.name, at: now)
            return AuthenticatedClient(name: record.name, scopes: Set(record.scopes), rateLimit: record.rateLimit)
        }
        throw Self.unauthorized("the bearer token is not valid, or was revoked or rotated out")
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, detail, headers: [.wwwAuthenticate: "Bearer realm=\"suture\""])
    }
}
