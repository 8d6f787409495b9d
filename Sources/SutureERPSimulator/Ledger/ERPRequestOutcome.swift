/// How the simulator answered one request to an ERP endpoint; the ledger counts each.
enum ERPRequestOutcome: Sendable, Equatable {
    /// 201: a new posting.
    case posted
    /// 200: a repeated idempotency key with the same body; nothing posted.
    case replayed
    /// 400, 401, 404, 409 or 422: refused for good.
    case rejected
    /// 429: over the rate limit.
    case throttled
    /// 503 (random share or down).
    case failed
    /// The connection was closed without an answer (down, in `close` mode).
    case dropped
}
