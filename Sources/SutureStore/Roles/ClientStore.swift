/// The API clients: who may call the hub, by the hash of their token.
public protocol ClientStore: Sendable {
    /// Stores a new API client; throws `StoreError.conflict` if the name is taken.
    func addClient(_ client: ClientRecord) async throws
    func client(tokenHash: String) async throws -> ClientRecord?
    func clients() async throws -> [ClientRecord]
}
