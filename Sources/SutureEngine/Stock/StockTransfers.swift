public import Foundation
public import SutureModel
public import SutureStore

/// A transfer between locations that a person accepted (a suggestion of the exposure report,
/// or their own): it becomes transfer events from source `suture`, one per lot taken from the
/// location it leaves, earliest expiry first, processed like any event (the ledger, the ERP).
public struct StockTransfers: Sendable {
    let store: any Store
    let intake: EventIntake

    public init(store: any Store, intake: EventIntake) {
        self.store = store
        self.intake = intake
    }

    public struct Request: Sendable, Equatable {
        public var item: ItemID
        public var from: LocationID
        public var to: LocationID
        /// In the item's base unit.
        public var quantity: Decimal

        public init(item: ItemID, from: LocationID, to: LocationID, quantity: Decimal) {
            self.item = item
            self.from = from
            self.to = to
            self.quantity = quantity
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case unknown(field: String, message: String)
        case notEnough(String)
        case keyReused(String)

        public var description: String {
            switch self {
            case .unknown(_, let message), .notEnough(let message), .keyReused(let message): return message
            }
        }
    }

    /// The events a transfer became: `{"item","fromLocation","toLocation","quantity","unit","events":[{"id","lot","quantity"}]}`;
    /// `created` false when the same key was used before (the first answer again).
    public func accept(_ request: Request, idempotencyKey: String, client: String, actor: String, trace: TraceContext)
        async throws -> (json: JSONValue, created: Bool) {
        let key = "\(client) \(idempotencyKey)"
        if let done = try await store.document(.stockTransfer, key: key) { return (try JSONValue.parse(done.body), false) }
        guard let item = try await store.item(request.item) else { throw Failure.unknown(field: "item", message: "no item '\(request.item)'") }
        for (field, id) in [("fromLocation", request.from), ("toLocation", request.to)] where try await store.location(id) == nil {
            throw Failure.unknown(field: field, message: "no location '\(id)'")
        }
        // Lots at the location it leaves, earliest expiry first (stock without a lot last).
        let lots = try await store.stockLevels(location: request.from, item: request.item).filter { $0.onHand > 0 }
            .sorted { ($0.expiry ?? "9999", $0.lot) < ($1.expiry ?? "9999", $1.lot) }
        let available = lots.reduce(Decimal(0)) { $0 + $1.onHand }
        guard available >= request.quantity else {
            throw Failure.notEnough("\(request.from) holds \(ExactDecimal.format(available)) \(item.packaging.baseUnit) of \(request.item), "
                                    + "not \(ExactDecimal.format(request.quantity))")
        }
        var remaining = request.quantity
        var submissions: [EventIntake.Submission] = []
        var taken: [(lot: String, quantity: Decimal)] = []
        let occurredAt = InventoryEventJSON.timestamp(Date())
        for level in lots where remaining > 0 {
            let quantity = min(remaining, level.onHand)
            remaining -= quantity
            var members: [(String, JSONValue)] = [
                ("type", .string("transfer")), ("source", .string(EventNormalizer.canonicalSource.rawValue)), ("occurredAt", .string(occurredAt)),
                ("location", .string(request.from.rawValue)), ("toLocation", .string(request.to.rawValue)), ("item", .string(request.item.rawValue)),
                ("quantity", .string(ExactDecimal.format(quantity))), ("unit", .string(item.packaging.baseUnit.code)),
            ]
            if !level.lot.isEmpty { members.append(("lot", .string(level.lot))) }
            if let expiry = level.expiry { members.append(("expiry", .string(expiry))) }
            members.append(("reason", .string("transfer accepted by \(actor)")))
            let body = JSONValue.object(members)
            submissions.append(EventIntake.Submission(body: body, input: try InventoryEventJSON.parse(body).event,
                                                      idempotencyKey: "\(idempotencyKey)#\(submissions.count + 1)"))
            taken.append((level.lot, quantity))
        }
        let outcomes = try await intake.accept(submissions, client: client, trace: trace)
        var events: [JSONValue] = []
        for (outcome, lot) in zip(outcomes, taken) {
            let id: EventID
            switch outcome {
            case .accepted(let accepted, _), .duplicate(let accepted, _, _): id = accepted
            case .keyConflict: throw Failure.keyReused("the Idempotency-Key \(idempotencyKey) was used for other events; use a new key")
            }
            events.append(.object([("id", .string(id.rawValue)), ("lot", lot.lot.isEmpty ? .null : .string(lot.lot)),
                                   ("quantity", .string(ExactDecimal.format(lot.quantity)))]))
        }
        let answer = JSONValue.object([
            ("item", .string(request.item.rawValue)), ("fromLocation", .string(request.from.rawValue)), ("toLocation", .string(request.to.rawValue)),
            ("quantity", .string(ExactDecimal.format(request.quantity))), ("unit", .string(item.packaging.baseUnit.code)), ("events", .array(events)),
        ])
        let now = WallClock.nowMilliseconds()
        var changes = StoreChanges()
        changes.documents = [DocumentWrite(StoredDocument(kind: .stockTransfer, key: key, version: 1, correlationID: trace.correlationID,
                                                          traceparent: trace.traceparent, status: "accepted", reference: "item:\(request.item.rawValue)",
                                                          body: answer.serialized(), createdAt: now, updatedAt: now), expectedVersion: nil)]
        changes.audit = [AuditDraft(at: now, actor: actor, action: "stock.transfer", target: "stock:\(request.item.rawValue)", details: answer)]
        do {
            try await store.commit(changes)
        } catch StoreError.conflict {
            if let done = try await store.document(.stockTransfer, key: key) { return (try JSONValue.parse(done.body), false) }
        }
        return (answer, true)
    }
}
