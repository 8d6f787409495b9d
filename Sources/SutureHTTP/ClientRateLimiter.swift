import HTTPTypes
import SutureConfig
import SutureDelivery
import Synchronization
import SutureProcurement

/// Per-client quotas: one token bucket per client that has a `rateLimit` in the
/// configuration. Over quota, a request gets 429 with `Retry-After`.
final class ClientRateLimiter: Sendable {
    private let configurations: [String: TokenBucket.Configuration]
    private let buckets = Mutex<[String: TokenBucket]>([:])

    init(clients: [ClientSettings]) {
        var configurations: [String: TokenBucket.Configuration] = [:]
        for client in clients {
            guard let limit = client.rateLimit,
                  let configuration = try? TokenBucket.Configuration(perSecond: Double(limit.perSecond), burst: limit.burst)
            else { continue }
            configurations[client.name] = configuration
        }
        self.configurations = configurations
    }

    /// Takes one request from the client's quota; throws a 429 problem when it is used up.
    func admit(_ client: AuthenticatedClient, now: ContinuousClock.Instant = .now) throws(Problem) {
        guard let configuration = configurations[client.name] else { return }
        let decision = buckets.withLock { buckets in
            var bucket = buckets[client.name] ?? TokenBucket(configuration)
            let decision = bucket.take(now: now)
            buckets[client.name] = bucket
            return decision
        }
        if case .wait(let wait) = decision {
            // Retry-After is whole seconds; round up so a client that honours it is admitted.
            let seconds = max(1, Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up)))
            throw Problem(.rateLimited, "client '\(client.name)' is over its quota of \(Int(configuration.perSecond)) requests per second; retry after \(seconds) s",
                          headers: [.retryAfter: String(seconds)])
        }
    }
}
