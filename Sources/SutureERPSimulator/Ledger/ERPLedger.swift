import Foundation
import HTTPTypes
public import SutureModel

/// What the simulated ERP has posted, with the idempotency keys that guard it and counts
/// of how every request was answered.
///
/// Tests read it directly (`await simulator.ledger.count(of: .receipt("R-1"))`) or over
/// HTTP (`GET /_sim/ledger`). An actor, so that looking up a key and posting under it is
/// one step: two concurrent requests with the same key cannot both post.
public actor ERPLedger {
    private var entries: [ERPPosting] = []
    /// Idempotency key to the index of the posting it made.
    private var keys: [String: Int] = [:]
    private var countsByBusinessKey: [ERPBusinessKey: Int] = [:]
    /// The ERP's item master by item code: what `PUT /items/{code}` stored, or `replaceItems` loaded.
    private var itemMaster: [String: JSONValue] = [:]
    private var itemReadCounts = (served: 0, refused: 0)
    private var counters = Counters()
    /// Arrivals per wall-clock second (seconds since 1970).
    private var arrivals: [Int64: Int] = [:]
    /// How many seconds of arrivals are kept, so a long run does not grow without bound.
    private let arrivalWindowSeconds: Int64 = 3600

    public init() {}

    /// Every posting in order, or those after sequence number `sequence`.
    public func postings(after sequence: Int = 0) -> [ERPPosting] {
        // Sequence n is at index n - 1 until a reset, which starts both anew.
        Array(entries.dropFirst(max(0, sequence)))
    }

    /// The postings of one business key (more than one is a double posting).
    public func postings(of businessKey: ERPBusinessKey) -> [ERPPosting] {
        entries.filter { $0.businessKey == businessKey }
    }

    /// The posting made under an idempotency key, if any.
    public func posting(idempotencyKey: String) -> ERPPosting? {
        keys[idempotencyKey].map { entries[$0] }
    }

    /// How often a business key was posted.
    public func count(of businessKey: ERPBusinessKey) -> Int { countsByBusinessKey[businessKey] ?? 0 }

    /// Business keys posted more than once.
    public func duplicates() -> [ERPBusinessKey] {
        countsByBusinessKey.filter { $0.value > 1 }.map(\.key).sorted()
    }

    public func summary() -> ERPLedgerSummary {
        ERPLedgerSummary(
            postings: entries.count, byBusinessKey: countsByBusinessKey, duplicates: duplicates(),
            requests: counters.requests, replayed: counters.replayed, rejected: counters.rejected,
            throttled: counters.throttled, failed: counters.failed + counters.dropped, dropped: counters.dropped,
            withoutTraceparent: counters.withoutTraceparent,
            requestsPerSecond: arrivals.sorted { $0.key < $1.key }.map { .init(second: $0.key, requests: $0.value) })
    }

    /// The item master in code order, after `after`, at most `limit`; and whether more follow.
    public func items(after: String?, limit: Int) -> (items: [JSONValue], next: String?) {
        let codes = itemMaster.keys.sorted().filter { after == nil || $0 > after! }
        let page = Array(codes.prefix(limit))
        return (page.compactMap { itemMaster[$0] }, codes.count > limit ? page.last : nil)
    }

    /// Replaces the item master with `records` (`{"item","description","gtin"?,"unit","status"}`).
    public func replaceItems(_ records: [JSONValue]) {
        itemMaster = [:]
        for record in records { if let code = record["item"]?.stringValue { itemMaster[code] = record } }
    }

    /// How many `GET /items` were answered and refused.
    public func itemReads() -> (served: Int, refused: Int) { itemReadCounts }

    func countItemRead(served: Bool) {
        if served { itemReadCounts.served += 1 } else { itemReadCounts.refused += 1 }
    }

    /// Forgets every posting, key and count (the faults are not touched).
    public func reset() {
        itemMaster = [:]
        entries = []
        keys = [:]
        countsByBusinessKey = [:]
        counters = Counters()
        arrivals = [:]
    }

    /// Counts a request that was answered without reaching the ledger (refused, throttled,
    /// failed or dropped), under the second it arrived.
    func record(_ outcome: ERPRequestOutcome, arrivedAt: Date, traceparent: String?) {
        countArrival(at: arrivedAt, traceparent: traceparent)
        switch outcome {
        case .posted: counters.posted += 1
        case .replayed: counters.replayed += 1
        case .rejected: counters.rejected += 1
        case .throttled: counters.throttled += 1
        case .failed: counters.failed += 1
        case .dropped: counters.dropped += 1
        }
    }

    /// Posts a valid, admitted request unless its key was seen before or a business rule
    /// refuses it, and counts the request.
    ///
    /// The key is looked up before the rules, so a replay of something posted is answered
    /// 200 even if the rules changed since; a rejected request leaves no trace but the count,
    /// so the same key may be tried again.
    func post(
        _ request: ERPPostingRequest, rules: ERPBusinessRules, idempotencyKey: String,
        method: String, path: String, body: JSONValue, traceparent: String?, arrivedAt: Date, now: Date = Date()
    ) -> ERPPostingResult {
        if let index = keys[idempotencyKey] {
            let original = entries[index]
            // Compared only when a key comes again, so that nothing beyond the body is kept per key.
            guard original.method == method, original.path == path, Self.canonical(original.body) == Self.canonical(body) else {
                record(.rejected, arrivedAt: arrivedAt, traceparent: traceparent)
                return .rejected(ERPRejection(
                    .conflict, "IDEMPOTENCY_KEY_REUSED",
                    "Idempotency-Key \(idempotencyKey) was used for \(entries[index].method) \(entries[index].path) "
                        + "with another body; send a new key for a new request"))
            }
            entries[index].replays += 1
            record(.replayed, arrivedAt: arrivedAt, traceparent: traceparent)
            return .replayed(entries[index])
        }
        if let rejection = rules.rejection(for: request) {
            record(.rejected, arrivedAt: arrivedAt, traceparent: traceparent)
            return .rejected(rejection)
        }
        let sequence = entries.count + 1
        let posting = ERPPosting(
            sequence: sequence, documentID: Self.documentID(request.kind, sequence), kind: request.kind,
            businessKey: request.businessKey, idempotencyKey: idempotencyKey, method: method, path: path,
            body: body, traceparent: traceparent, postedAt: now, replays: 0)
        entries.append(posting)
        keys[idempotencyKey] = entries.count - 1
        countsByBusinessKey[request.businessKey, default: 0] += 1
        if request.kind == .item { itemMaster[request.businessKey.value] = body }
        record(.posted, arrivedAt: arrivedAt, traceparent: traceparent)
        return .posted(posting)
    }

    private func countArrival(at date: Date, traceparent: String?) {
        counters.requests += 1
        if traceparent.flatMap(TraceContext.init(traceparent:)) == nil { counters.withoutTraceparent += 1 }
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        arrivals[second, default: 0] += 1
        // Trim now and then rather than on every request.
        if arrivals.count > Int(arrivalWindowSeconds) + 60 {
            arrivals = arrivals.filter { $0.key > second - arrivalWindowSeconds }
        }
    }

    /// Object members sorted by name, recursively: two bodies that differ only in member
    /// order are the same request.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): .object(members.sorted { $0.0 < $1.0 }.map { ($0.0, canonical($0.1)) })
        case .array(let values): .array(values.map(canonical))
        default: value
        }
    }

    static func documentID(_ kind: ERPPostingKind, _ sequence: Int) -> String {
        let digits = String(sequence)
        return "\(kind.documentPrefix)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }

    private struct Counters {
        var requests = 0
        var posted = 0
        var replayed = 0
        var rejected = 0
        var throttled = 0
        var failed = 0
        var dropped = 0
        var withoutTraceparent = 0
    }
}
