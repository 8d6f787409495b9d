import Crypto
public import SutureModel

/// The audit log's hash chain (docs/governance.md, "Audit log"): each entry's `hash` is the
/// hex SHA-256 of the previous entry's hash followed by the canonical JSON of the entry
/// without `hash`, so changing, removing or reordering any entry breaks every link after it.
///
/// Pure: the stores call `seal` inside the transaction that writes the change, with the
/// chain's head read under that transaction's lock; `Verifier` walks a chain read back.
public enum AuditChain {
    /// The `prev` of the very first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The entry without `hash` as canonical JSON: members sorted by key, no spaces, `at`
    /// as RFC 3339 UTC with milliseconds, `details` as stored (canonical text itself).
    public static func canonicalText(seq: Int64, at: Int64, actor: String, action: String, target: String,
                                     details: String, prev: String) -> String {
        var text = "{\"action\":"
        JSONValue.string(action).write(to: &text)
        text += ",\"actor\":"
        JSONValue.string(actor).write(to: &text)
        text += ",\"at\":"
        JSONValue.string(WallClock.timestamp(milliseconds: at)).write(to: &text)
        text += ",\"details\":" + details + ",\"prev\":"
        JSONValue.string(prev).write(to: &text)
        text += ",\"seq\":\(seq),\"target\":"
        JSONValue.string(target).write(to: &text)
        return text + "}"
    }

    public static func hash(seq: Int64, at: Int64, actor: String, action: String, target: String, details: String, prev: String) -> String {
        let text = prev + canonicalText(seq: seq, at: at, actor: actor, action: action, target: target, details: details, prev: prev)
        return Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }

    /// The entries `drafts` become when appended after `head` (nil: the chain is empty and
    /// `checkpoint`, if any, is where it continues from).
    public static func seal(_ drafts: [AuditDraft], after head: AuditAnchor?) -> [AuditEntry] {
        var seq = head?.seq ?? 0
        var prev = head?.hash ?? genesis
        return drafts.map { draft in
            seq += 1
            let details = draft.details.canonicalized().serialized()
            let hash = hash(seq: seq, at: draft.at, actor: draft.actor, action: draft.action, target: draft.target, details: details, prev: prev)
            defer { prev = hash }
            return AuditEntry(seq: seq, at: draft.at, actor: draft.actor, action: draft.action, target: draft.target,
                              details: details, prev: prev, hash: hash)
        }
    }

    /// Walks a chain oldest first, entry by entry, so a long log is checked in pages.
    public struct Verifier: Sendable {
        /// Where a chain went wrong: the entry and what is wrong with it.
        public struct Break: Sendable, Equatable, Error, CustomStringConvertible {
            public var seq: Int64
            public var reason: String
            public var description: String { "entry \(seq): \(reason)" }
        }

        private var last: AuditAnchor?
        public private(set) var count = 0

        /// `checkpoint`: where retention cut the chain (the first kept entry links to it).
        public init(checkpoint: AuditAnchor?) {
            last = checkpoint
        }

        /// The newest entry checked so far (the checkpoint before any).
        public var head: AuditAnchor? { last }

        public mutating func check(_ entry: AuditEntry) throws(Break) {
            let expectedSeq = (last?.seq ?? 0) + 1
            guard entry.seq == expectedSeq else {
                throw Break(seq: entry.seq, reason: "follows entry \(last?.seq ?? 0): entries \(expectedSeq)...\(entry.seq - 1) are missing")
            }
            guard entry.prev == (last?.hash ?? AuditChain.genesis) else {
                throw Break(seq: entry.seq, reason: "its prev does not match the hash of entry \(last?.seq ?? 0)")
            }
            guard (try? JSONValue.parse(entry.details)) != nil else {
                throw Break(seq: entry.seq, reason: "its details are not valid JSON")
            }
            let recomputed = AuditChain.hash(seq: entry.seq, at: entry.at, actor: entry.actor, action: entry.action,
                                             target: entry.target, details: entry.details, prev: entry.prev)
            guard recomputed == entry.hash else {
                throw Break(seq: entry.seq, reason: "its hash does not match its contents (recomputed \(recomputed.prefix(12))…, stored \(entry.hash.prefix(12))…)")
            }
            last = AuditAnchor(seq: entry.seq, hash: entry.hash)
            count += 1
        }

        /// After the last entry: the store's record of the head must be the entry checked
        /// last, or entries were removed from the end.
        public func finish(storedHead: AuditAnchor?) throws(Break) {
            guard storedHead == last else {
                let seq = storedHead?.seq ?? 0
                throw Break(seq: seq, reason: "the chain's recorded head is entry \(seq) (\(storedHead?.hash.prefix(12) ?? "none")…), but the last entry found is \(last?.seq ?? 0)")
            }
        }
    }
}
