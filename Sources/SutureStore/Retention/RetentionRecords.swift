public import SutureModel

/// What retention prunes, each after its own period (docs/governance.md, "Retention").
public enum RetentionKind: String, Sendable, CaseIterable, Hashable {
    case events
    case deliveries
    case timeline
    case exceptions
    case documents
    case audit
}

/// One run of the pruner: what it deleted (or, in a dry run, would delete) and the space it
/// gave back, as `GET /v1/admin/retention` and `suture prune` tell it.
public struct RetentionRun: Sendable, Equatable {
    /// Milliseconds since 1970.
    public var startedAt: Int64
    public var durationMilliseconds: Int64
    public var dryRun: Bool
    /// Records deleted (or prunable, in a dry run) per kind.
    public var deleted: [RetentionKind: Int]
    /// Bytes the store's files shrank by (SQLite), or its tables (PostgreSQL, after VACUUM).
    public var bytesReclaimed: Int64
    /// The store's size afterwards, in bytes.
    public var storeBytes: Int64

    public init(startedAt: Int64, durationMilliseconds: Int64, dryRun: Bool, deleted: [RetentionKind: Int], bytesReclaimed: Int64, storeBytes: Int64) {
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.dryRun = dryRun
        self.deleted = deleted
        self.bytesReclaimed = bytesReclaimed
        self.storeBytes = storeBytes
    }

    public var json: JSONValue {
        .object([
            ("startedAt", .string(WallClock.timestamp(milliseconds: startedAt))),
            ("durationMs", .number(String(durationMilliseconds))),
            ("dryRun", .bool(dryRun)),
            ("deleted", .object(RetentionKind.allCases.map { ($0.rawValue, .integer(deleted[$0] ?? 0)) })),
            ("bytesReclaimed", .number(String(bytesReclaimed))),
            ("storeBytes", .number(String(storeBytes))),
        ])
    }

    public init?(json: JSONValue) {
        guard let startedText = json["startedAt"]?.stringValue, let started = WallClock.milliseconds(timestamp: startedText),
              let duration = json["durationMs"]?.numberText.flatMap({ Int64($0) }),
              case .bool(let dryRun)? = json["dryRun"],
              let reclaimed = json["bytesReclaimed"]?.numberText.flatMap({ Int64($0) }),
              let size = json["storeBytes"]?.numberText.flatMap({ Int64($0) }) else { return nil }
        var deleted: [RetentionKind: Int] = [:]
        for kind in RetentionKind.allCases {
            deleted[kind] = json["deleted"]?[kind.rawValue]?.numberText.flatMap { Int($0) } ?? 0
        }
        self.init(startedAt: started, durationMilliseconds: duration, dryRun: dryRun, deleted: deleted, bytesReclaimed: reclaimed, storeBytes: size)
    }
}
