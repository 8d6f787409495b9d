public import SutureModel

/// A change made by a client or a person, before the store gives it its place in the
/// audit chain. Written in the same transaction as the change it describes
/// (docs/governance.md, "Audit log").
public struct AuditDraft: Sendable, Equatable {
    /// Milliseconds since 1970.
    public var at: Int64
    /// Who: the API client (a console user logs in as one), or `cli:<user>` for a command.
    public var actor: String
    /// What, as `<kind>.<verb>`: `item.put`, `crosswalk.delete`, `exception.resolve`,
    /// `delivery.replay`, `client.revoke`...
    public var action: String
    /// On what, as `<kind>:<id>`: `item:GLOVE-M`, `crosswalk:erp/units/BOX`.
    public var target: String
    /// The particulars: the field changes of an edit, an action's note.
    public var details: JSONValue

    public init(at: Int64, actor: String, action: String, target: String, details: JSONValue) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
    }

    /// The entry for a record written as `new` where `old` was (nil: created), with the
    /// field changes as details (`[{"field","from","to"}]`); nil when nothing changed, so
    /// an identical write leaves no entry.
    public static func change(at: Int64, actor: String, action: String, target: String,
                              from old: JSONValue?, to new: JSONValue) -> AuditDraft? {
        let changes = JSONDiff.changes(from: old ?? .object([]), to: new)
        guard !changes.isEmpty else { return nil }
        let details = JSONValue.object([
            ("created", .bool(old == nil)),
            ("changes", .array(changes.map { change in
                .object([("field", .string(change.path)), ("from", change.from ?? .null), ("to", change.to ?? .null)])
            })),
        ])
        return AuditDraft(at: at, actor: actor, action: action, target: target, details: details)
    }
}

/// One entry of the audit log as stored: its place in the chain and the hash that seals it.
public struct AuditEntry: Sendable, Equatable {
    public var seq: Int64
    public var at: Int64
    public var actor: String
    public var action: String
    public var target: String
    /// The details as stored: canonical JSON text (`AuditChain.canonicalText`).
    public var details: String
    /// The hash of the entry before (or of the checkpoint; `AuditChain.genesis` for the first).
    public var prev: String
    public var hash: String

    public init(seq: Int64, at: Int64, actor: String, action: String, target: String, details: String, prev: String, hash: String) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
        self.prev = prev
        self.hash = hash
    }
}

/// A point of the chain: an entry's sequence number and hash. The head is the newest
/// entry; the checkpoint is the last entry retention removed, which the oldest kept entry
/// links to.
public struct AuditAnchor: Sendable, Equatable {
    public var seq: Int64
    public var hash: String

    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}

/// Which audit entries to list, newest first.
public struct AuditQuery: Sendable, Equatable {
    public var actor: String?
    public var action: String?
    /// The target exactly (`item:GLOVE-M`), or a kind with a trailing colon (`item:`).
    public var target: String?
    /// Entries at or after this time (milliseconds).
    public var since: Int64?
    /// Entries older than this sequence number (the cursor).
    public var before: Int64?
    public var limit: Int

    public init(actor: String? = nil, action: String? = nil, target: String? = nil, since: Int64? = nil, before: Int64? = nil, limit: Int = 50) {
        self.actor = actor
        self.action = action
        self.target = target
        self.since = since
        self.before = before
        self.limit = limit
    }

    /// Whether an entry passes the filters (the stores filter in SQL; this is the rule).
    public func matches(_ entry: AuditEntry) -> Bool {
        (actor == nil || entry.actor == actor) && (action == nil || entry.action == action)
            && (target.map { $0.hasSuffix(":") ? entry.target.hasPrefix($0) : entry.target == $0 } ?? true)
            && (since.map { entry.at >= $0 } ?? true) && (before.map { entry.seq < $0 } ?? true)
    }
}
