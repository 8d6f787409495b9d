import HTTPTypes
import SutureConfig
import SutureDelivery
import SutureStore
import SutureModel
import Synchronization
import SutureProcurement

/// Per-client quotas (docs/governance.md, "Clients"): every client has one, its own
/// (`rateLimit` in the configuration, `--rate` of `suture clients add`) or the hub's
/// `http.clientRateLimit`. Over quota, a request gets 429 with `Retry-After`, before its
/// body is read.
///
/// One process keeps a token bucket per client in memory; nodes sharing a PostgreSQL store
/// take calls from one bucket per client in the store, a quarter of the burst at a time, so a
/// client's quota is one across the nodes (a node may hold up to that quarter unused).
final class ClientRateLimiter: Sendable {
    private let configured: [String: RateLimitSettings]
    private let fallback: RateLimitSettings
    private let shared: (any ClusterCoordination)?
    private let buckets = Mutex<[String: TokenBucket]>([:])
    /// Calls each client may still make on this node from what it took from the shared bucket.
    private let leases = Mutex<[String: Int]>([:])

    init(clients: [ClientSettings], default fallback: RateLimitSettings, store: any ClusterCoordination) {
        var configured: [String: RateLimitSettings] = [:]
        for client in clients {
            if let limit = client.rateLimit { configured[client.name] = limit }
        }
        self.configured = configured
        self.fallback = fallback
        self.shared = store.sharedByNodes ? store : nil
    }

    /// The quota that applies to a client.
    func limit(of client: AuthenticatedClient) -> RateLimitSettings {
        if let own = client.rateLimit { return RateLimitSettings(perSecond: own.perSecond, burst: own.burst) }
        return configured[client.name] ?? fallback
    }

    /// Takes one request from the client's quota; throws a 429 problem when it is used up.
    func admit(_ client: AuthenticatedClient) async throws {
        let limit = limit(of: client)
        let waitSeconds: Double
        if let shared {
            // Microseconds, as the store's rate limits keep them. A node takes a quarter of
            // the burst from the shared bucket at once and spends it locally, so a busy client
            // costs one store round trip per lease, not per request; a client near its quota
            // is admitted one call at a time.
            let interval = max(1, Int64(1_000_000 / Double(limit.perSecond)))
            if leases.withLock({ leases in
                guard let left = leases[client.name], left > 0 else { return false }
                leases[client.name] = left - 1
                return true
            }) { return }
            let now = WallClock.nowMicroseconds()
            let lease = max(1, limit.burst / 4)
            var wait: Int64 = 1
            if lease > 1 {
                wait = try await shared.admitClientCall(client: client.name, interval: interval * Int64(lease),
                                                        tolerance: interval * Int64(limit.burst - lease), now: now)
                if wait == 0 {
                    leases.withLock { $0[client.name, default: 0] += lease - 1 }
                    return
                }
            }
            wait = try await shared.admitClientCall(client: client.name, interval: interval, tolerance: interval * Int64(limit.burst - 1), now: now)
            guard wait > 0 else { return }
            waitSeconds = Double(wait) / 1_000_000
        } else {
            guard let configuration = try? TokenBucket.Configuration(perSecond: Double(limit.perSecond), burst: limit.burst) else { return }
            let decision = buckets.withLock { buckets in
                // A client whose quota changed starts a fresh bucket with the new one.
                var bucket = buckets[client.name].flatMap { $0.configuration == configuration ? $0 : nil } ?? TokenBucket(configuration)
                let decision = bucket.take(now: .now)
                buckets[client.name] = bucket
                return decision
            }
            guard case .wait(let wait) = decision else { return }
            waitSeconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
        }
        // Retry-After is whole seconds; round up so a client that honours it is admitted.
        let seconds = max(1, Int(waitSeconds.rounded(.up)))
        throw Problem(.rateLimited, "client '\(client.name)' is over its quota of \(limit.perSecond) requests per second; retry after \(seconds) s",
                      headers: [.retryAfter: String(seconds)])
    }
}
