/// How long finished records are kept, and how the pruner works (docs/governance.md,
/// "Retention"). Periods are per kind of record; the pruner runs every `every`, deleting
/// `batchSize` records per transaction.
public struct RetentionSettings: Sendable, Equatable {
    public var every: Duration
    public var events: Duration
    public var deliveries: Duration
    public var timeline: Duration
    public var exceptions: Duration
    public var documents: Duration
    public var audit: Duration
    public var batchSize: Int

    /// The period of a kind, by its name (`events`, `audit`...).
    public func period(_ kind: String) -> Duration? {
        switch kind {
        case "events": return events
        case "deliveries": return deliveries
        case "timeline": return timeline
        case "exceptions": return exceptions
        case "documents": return documents
        case "audit": return audit
        default: return nil
        }
    }

    /// Every period alike (tests; a policy in code).
    public init(every: Duration, keep period: Duration, batchSize: Int) {
        self.every = every
        (events, deliveries, timeline, exceptions, documents, audit) = (period, period, period, period, period, period)
        self.batchSize = batchSize
    }

    init(_ value: ConfigValue) throws(ConfigProblem) {
        every = try value.duration("every")
        events = try value.duration("events")
        deliveries = try value.duration("deliveries")
        timeline = try value.duration("timeline")
        exceptions = try value.duration("exceptions")
        documents = try value.duration("documents")
        audit = try value.duration("audit")
        batchSize = try value.integer("batchSize")
    }

    static let keys = [
        ConfigKey("every", .duration, default: "1h", doc: "How often the pruner runs (on every node; each batch is its own short transaction)."),
        ConfigKey("events", .duration, default: "90d",
                  doc: "Finished events (not waiting to be processed, no delivery unfinished, no exception open) older than this are deleted. Their idempotency keys go with them: a key is remembered this long."),
        ConfigKey("deliveries", .duration, default: "90d",
                  doc: "Delivered or superseded deliveries, and dead or rejected ones whose exception is closed, older than this are deleted."),
        ConfigKey("timeline", .duration, default: "90d",
                  doc: "Timeline entries older than this are deleted, unless their transaction has an open exception, an unfinished delivery or an open order."),
        ConfigKey("exceptions", .duration, default: "365d", doc: "Resolved or rejected exceptions last changed longer ago than this are deleted."),
        ConfigKey("documents", .duration, default: "730d",
                  doc: "Closed or cancelled purchase orders, settled invoices of closed orders and records of exchange files read, last changed longer ago than this, are deleted."),
        ConfigKey("audit", .duration, default: "2555d",
                  doc: "Audit entries older than this are deleted, oldest first; the chain keeps a checkpoint so `suture audit verify` still passes."),
        ConfigKey("batchSize", .integer(1...100_000), default: "500", doc: "Records deleted per transaction, so ingest is never held up for long."),
    ]
}
