public import SutureModel

/// Totals over the ledger and over every request the ERP endpoints answered, as
/// `GET /_sim/ledger/summary` shows them.
public struct ERPLedgerSummary: Sendable, Equatable {
    /// Requests that arrived in one wall-clock second.
    public struct SecondCount: Sendable, Equatable {
        /// Seconds since 1970-01-01T00:00:00Z.
        public let second: Int64
        public let requests: Int
    }

    /// Documents posted.
    public let postings: Int
    /// Postings per business key; above 1 means the same document was posted twice.
    public let byBusinessKey: [ERPBusinessKey: Int]
    /// Business keys posted more than once, sorted.
    public let duplicates: [ERPBusinessKey]
    /// Every request to the four ERP endpoints, however it was answered.
    public let requests: Int
    /// Answered 200 for a repeated idempotency key.
    public let replayed: Int
    /// Answered 400, 401, 409 or 422.
    public let rejected: Int
    /// Answered 429.
    public let throttled: Int
    /// Answered 503 or dropped.
    public let failed: Int
    /// Of `failed`: connections closed without an answer while down.
    public let dropped: Int
    /// Requests without a valid `traceparent` header.
    public let withoutTraceparent: Int
    /// Arrivals per wall-clock second, oldest first (seconds without requests left out).
    public let requestsPerSecond: [SecondCount]

    /// The most requests that arrived in any one second.
    public var peakRequestsPerSecond: Int { requestsPerSecond.map(\.requests).max() ?? 0 }

    public var json: JSONValue {
        .object([
            ("postings", .integer(postings)),
            ("byBusinessKey", .object(byBusinessKey.sorted { $0.key < $1.key }.map { ($0.key.description, .integer($0.value)) })),
            ("duplicates", .array(duplicates.map { .string($0.description) })),
            ("requests", .integer(requests)),
            ("replayed", .integer(replayed)),
            ("rejected", .integer(rejected)),
            ("throttled", .integer(throttled)),
            ("failed", .integer(failed)),
            ("dropped", .integer(dropped)),
            ("withoutTraceparent", .integer(withoutTraceparent)),
            ("peakRequestsPerSecond", .integer(peakRequestsPerSecond)),
            ("requestsPerSecond", .array(requestsPerSecond.map {
                .object([("second", .number(String($0.second))), ("requests", .integer($0.requests))])
            })),
        ])
    }
}
