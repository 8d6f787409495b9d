import Foundation
public import SutureModel
public import SutureStore
public import SutureDelivery

/// Replays failed deliveries in bulk (docs/console.md): a dry run shows, per delivery, how
/// the body that would be sent now differs from the last one sent (after a crosswalk fix,
/// say) and changes nothing; the real run re-queues each exactly as a single replay would.
public struct BulkReplay: Sendable {
    let store: any Store
    let replay: DeliveryReplay
    let wake: @Sendable (String) -> Void

    /// Which deliveries to replay.
    public struct Filter: Sendable, Equatable {
        /// `dead` or `rejected`.
        public var status: DeliveryStatus
        public var system: String?
        /// The source's kind: `event`, `invoice`, `purchase-order` or `alert`.
        public var type: String?
        /// Created at or after / before (ms).
        public var since: Int64?
        public var until: Int64?

        public init(status: DeliveryStatus, system: String? = nil, type: String? = nil, since: Int64? = nil, until: Int64? = nil) {
            self.status = status
            self.system = system
            self.type = type
            self.since = since
            self.until = until
        }

        func matches(_ delivery: DeliveryRecord) -> Bool {
            if let system, delivery.destination != system { return false }
            if let type, Self.type(of: delivery.source) != type { return false }
            if let since, delivery.createdAt < since { return false }
            if let until, delivery.createdAt >= until { return false }
            return true
        }

        static func type(of source: DeliverySource) -> String {
            switch source {
            case .event: return "event"
            case .invoice: return "invoice"
            case .purchaseOrder: return "purchase-order"
            case .alert: return "alert"
            case .masterRecord: return "master-data"
            case .requisition: return "requisition"
            }
        }
    }

    /// One matched delivery and what a replay sends differently.
    public struct Item: Sendable, Equatable {
        public var delivery: DeliveryRecord
        public var changes: [JSONDiff.Change]
        /// Whether the real run re-queued it (false in a dry run, or when it changed meanwhile).
        public var replayed: Bool
        /// Why it was not re-queued, in the real run.
        public var problem: String?
    }

    public struct Result: Sendable, Equatable {
        public var matched: Int
        public var replayed: Int
        public var items: [Item]
    }

    /// Finds the deliveries `filter` names (at most `limit`, newest first) and re-queues
    /// them unless `dryRun`; `actor` and the changes go on each one's timeline.
    public func run(_ filter: Filter, limit: Int, dryRun: Bool, actor: String) async throws -> Result {
        var matched: [DeliveryRecord] = []
        var cursor: Int64?
        // Page through the status's deliveries (indexed) until `limit` match the rest of the filter.
        pages: while matched.count < limit {
            let page = try await store.deliveries(status: filter.status, destination: filter.system, limit: 500, before: cursor)
            for (record, _) in page where filter.matches(record) {
                matched.append(record)
                if matched.count == limit { break pages }
            }
            guard page.count == 500, let last = page.last else { break }
            cursor = last.sequence
        }
        var items: [Item] = []
        var replayed = 0
        for delivery in matched {
            let requeue = try await replay.requeue(delivery)
            let changes = Self.changes(delivery, requeue)
            guard !dryRun else {
                items.append(Item(delivery: delivery, changes: changes, replayed: false, problem: nil))
                continue
            }
            do {
                guard let requeued = try await replay.replay(delivery, requeue, changes: changes, actor: actor, bulk: true) else {
                    items.append(Item(delivery: delivery, changes: changes, replayed: false, problem: "the delivery is gone"))
                    continue
                }
                items.append(Item(delivery: requeued, changes: changes, replayed: true, problem: nil))
                replayed += 1
            } catch StoreError.conflict(let why) {
                // Replayed by someone else meanwhile: it is on its way, not replayed twice.
                items.append(Item(delivery: delivery, changes: changes, replayed: false, problem: why))
            }
        }
        if !dryRun { for destination in Set(matched.map(\.destination)) { wake(destination) } }
        return Result(matched: matched.count, replayed: replayed, items: items)
    }

    /// How the body a replay sends differs from the stored one (none when it is sent as it was).
    public static func changes(_ delivery: DeliveryRecord, _ requeue: DeliveryRequeue) -> [JSONDiff.Change] {
        guard let body = requeue.body, body != delivery.body else { return [] }
        guard let old = try? JSONValue.parse(delivery.body), let new = try? JSONValue.parse(body) else {
            return [JSONDiff.Change(path: "", from: .string(delivery.body), to: .string(body))]
        }
        return JSONDiff.changes(from: old, to: new)
    }
}
