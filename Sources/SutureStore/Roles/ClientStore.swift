/// The API clients: who may call the hub, by the hash of their token, and their life:
/// revoked, rotated with a grace period, given other scopes or quota (docs/governance.md,
/// "Clients"). Every change takes the audit entry that records it, written with it.
public protocol ClientStore: Sendable {
    /// Stores a new API client; throws `StoreError.conflict` if the name is taken.
    func addClient(_ client: ClientRecord, audit: AuditDraft?) async throws
    /// The client a token hash belongs to at `now`: its current token, or its previous one
    /// within the rotation's grace; never a revoked client.
    func client(tokenHash: String, now: Int64) async throws -> ClientRecord?
    func client(named name: String) async throws -> ClientRecord?
    /// Every client, revoked ones too, by name.
    func clients() async throws -> [ClientRecord]
    /// Revokes a client at `at` and ends its console sessions; false if there is no such
    /// client or it was revoked already.
    func revokeClient(named name: String, at: Int64, audit: AuditDraft?) async throws -> Bool
    /// Gives a client a new token hash; the old one keeps working until `graceUntil`.
    /// False if there is no such (unrevoked) client.
    func rotateClient(named name: String, tokenHash: String, graceUntil: Int64, audit: AuditDraft?) async throws -> Bool
    /// Changes a client's scopes and quota (nil: no quota of its own) without a new token,
    /// and ends its console sessions (made with the old scopes). False if there is no such
    /// (unrevoked) client.
    func updateClient(named name: String, scopes: [String], rateLimit: ClientRecord.RateLimit?, audit: AuditDraft?) async throws -> Bool
    /// When each client was last seen (milliseconds), written in one batch now and then
    /// rather than once per request; a time older than the stored one is ignored.
    func recordClientUse(_ lastUsed: [String: Int64]) async throws
    /// Adds calls of deprecated operations (summed with what is there, per operation and client).
    func recordDeprecatedCalls(_ calls: [DeprecatedCalls]) async throws
    /// Every deprecated operation's calls per client, by operation and client.
    func deprecatedCalls() async throws -> [DeprecatedCalls]
}

/// How often one client called one deprecated operation, and when last.
public struct DeprecatedCalls: Sendable, Equatable {
    /// `GET /v1/systems/{system}/crosswalk/{kind}`.
    public var operation: String
    public var client: String
    public var calls: Int
    /// Milliseconds since 1970.
    public var lastAt: Int64

    public init(operation: String, client: String, calls: Int, lastAt: Int64) {
        self.operation = operation
        self.client = client
        self.calls = calls
        self.lastAt = lastAt
    }
}

extension ClientStore {
    /// Adds a client without an audit entry (fixtures, benchmarks).
    public func addClient(_ client: ClientRecord) async throws {
        try await addClient(client, audit: nil)
    }
}
