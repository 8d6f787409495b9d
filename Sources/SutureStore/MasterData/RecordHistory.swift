public import SutureModel

/// The master records that keep a history of versions (docs/master-data.md, "History").
public enum MasterRecordKind: String, Sendable, CaseIterable {
    case item
    case location
    case supplier
}

/// Who changes master data and when, and what the change is called in the audit log
/// (`<kind>.<verb>`: `item.put`, `item.retire`, `item.import`).
public struct ChangeAuthor: Sendable, Equatable {
    /// The API client, or `cli:<user>` for a command; `system` for loaders and fixtures.
    public var actor: String
    /// Milliseconds since 1970.
    public var at: Int64
    public var verb: String
    /// Whether the change is written to the audit log: every change by a client or a person
    /// is; loaders of sample data and test fixtures (`ChangeAuthor.system`) are not.
    public var audited: Bool

    public init(actor: String, at: Int64, verb: String = "put", audited: Bool = true) {
        self.actor = actor
        self.at = at
        self.verb = verb
        self.audited = audited
    }

    /// A change by the hub itself (sample data, fixtures, benchmarks): versioned, not audited.
    public static func system(at: Int64 = WallClock.nowMilliseconds()) -> ChangeAuthor {
        ChangeAuthor(actor: "system", at: at, audited: false)
    }
}

/// One version of a master record: when, who, and the fields that changed.
public struct RecordVersion: Sendable, Equatable {
    public var version: Int64
    public var at: Int64
    public var actor: String
    public var changes: [JSONDiff.Change]

    public init(version: Int64, at: Int64, actor: String, changes: [JSONDiff.Change]) {
        self.version = version
        self.at = at
        self.actor = actor
        self.changes = changes
    }
}

/// What a write of a master record stores beside the record when it changes something:
/// the version's field changes and, for a client or person, the audit entry. Both stores
/// build it from the record as it stands inside the write's transaction, so the changes
/// are exactly what that write changed.
public struct RecordRevision: Sendable, Equatable {
    public var kind: MasterRecordKind
    public var id: String
    public var created: Bool
    public var changes: [JSONDiff.Change]
    public var author: ChangeAuthor

    /// The revision from `old` (nil: a new record) to `new`, nil when nothing changes.
    public static func between(_ old: JSONValue?, _ new: JSONValue, kind: MasterRecordKind, id: String, author: ChangeAuthor) -> RecordRevision? {
        let changes = JSONDiff.changes(from: old ?? .object([]), to: new)
        guard !changes.isEmpty else { return nil }
        return RecordRevision(kind: kind, id: id, created: old == nil, changes: changes, author: author)
    }

    /// The changes as stored and answered: `[{"field","from","to"}]`.
    public var changesJSON: JSONValue { Self.json(changes) }

    public static func json(_ changes: [JSONDiff.Change]) -> JSONValue {
        .array(changes.map { change in
            .object([("field", .string(change.path)), ("from", change.from ?? .null), ("to", change.to ?? .null)])
        })
    }

    /// The changes read back from their stored text.
    public static func changes(fromStored text: String) throws -> [JSONDiff.Change] {
        guard case .array(let elements) = try JSONValue.parse(text) else { throw StoreError.corrupt("record_versions.changes: not an array") }
        return elements.map { element in
            JSONDiff.Change(path: element["field"]?.stringValue ?? "", from: element["from"].flatMap { $0 == .null ? nil : $0 },
                            to: element["to"].flatMap { $0 == .null ? nil : $0 })
        }
    }

    /// The audit entry of the change, nil when the author is not audited.
    public var audit: AuditDraft? {
        guard author.audited else { return nil }
        return AuditDraft(at: author.at, actor: author.actor, action: "\(kind.rawValue).\(author.verb)", target: "\(kind.rawValue):\(id)",
                          details: .object([("created", .bool(created)), ("changes", changesJSON)]))
    }
}

/// What became of one record of a batch write.
public enum BatchWriteResult: Sendable, Equatable {
    case written(WriteOutcome)
    /// Refused by a rule only the store can check (a GTIN that belongs to another item).
    case refused(String)
}
