import Foundation
import SutureDelivery
public import SutureModel
public import SutureStore
import SutureProcurement

/// What people do with exceptions: take one (it becomes theirs, in progress) and resolve
/// it with an action that does real work. Every action is recorded in the exception's
/// history (who, when, what, the note); a repeated action is answered without doing the
/// work twice, and two people cannot both resolve one exception.
public struct ExceptionWorkbench: Sendable {
    let flows: OrderFlows
    let replay: DeliveryReplay
    let wakeProcessor: @Sendable () -> Void

    init(flows: OrderFlows, replay: DeliveryReplay, wakeProcessor: @escaping @Sendable () -> Void) {
        self.flows = flows
        self.replay = replay
        self.wakeProcessor = wakeProcessor
    }

    var store: any Store { flows.store }

    /// The actions on exceptions.
    public enum Action: String, Sendable, CaseIterable {
        /// Re-run the failed step after a person fixed a mapping, master data or an order.
        case retry
        /// Accept a variance or discrepancy (an invoice posts as `approved-variance`).
        case approve
        /// Close it with a reason; what was already posted is reversed.
        case reject
        /// Accept the supplier's substitute item on the order line.
        case substitute
        /// A master-data drift: send the canonical record to the system (it stays open until
        /// a comparison finds the system agrees).
        case push
        /// A master-data drift: take the system's values into the canonical record (audited).
        case accept
    }

    /// Makes `owner` the owner; the exception is in progress.
    public func assign(_ id: String, owner: String, note: String?, actor: String) async throws -> ExceptionRecord {
        guard let exception = try await store.exception(id: id) else { throw OrderError.notFound("no exception '\(id)'") }
        guard exception.status == .open || exception.status == .inProgress else {
            throw OrderError.notAllowed("exception \(id) is \(exception.status.rawValue); it cannot be taken")
        }
        var changes = StoreChanges()
        let audit = AuditDraft(at: WallClock.nowMilliseconds(), actor: actor, action: "exception.assign", target: "exception:\(id)",
                               details: .object([("owner", .string(owner)), ("note", .optional(note))]))
        changes.exceptionChanges = [ExceptionChange(id: id, expected: [.open, .inProgress], status: .inProgress, owner: owner,
                                                    historyEntry: Self.entry(action: "assign", actor: actor, note: note, data: .object([("owner", .string(owner))]), outcome: "in-progress"),
                                                    audit: audit)]
        try await store.commit(changes)
        return try await store.exception(id: id) ?? exception
    }

    /// Resolves an exception with `action`. Returns the exception as it now stands.
    public func resolve(_ id: String, action: Action, note: String, data: JSONValue?, actor: String) async throws -> ExceptionRecord {
        guard let exception = try await store.exception(id: id) else { throw OrderError.notFound("no exception '\(id)'") }
        if exception.status == .resolved || exception.status == .rejected {
            // The same action again (a retried request) is answered with what it did.
            let last = (try? JSONValue.parse(exception.history))?.arrayValue?.last
            guard last?["action"]?.stringValue == action.rawValue else {
                throw OrderError.notAllowed("exception \(id) is already \(exception.status.rawValue) (by \(last?["action"]?.stringValue ?? "an action")); nothing more can be done")
            }
            return exception
        }
        let allowed = Self.actions(for: exception)
        guard allowed.contains(action) else {
            throw OrderError.notAllowed("\(action.rawValue) does not apply to a \(exception.type.rawValue) exception; use \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        let status: ExceptionStatus = action == .reject ? .rejected : action == .push ? .inProgress : .resolved
        let now = WallClock.nowMilliseconds()
        let outcome = Self.outcome(action, exception)
        let audit = AuditDraft(at: now, actor: actor, action: "exception.resolve", target: "exception:\(id)", details: .object([
            ("type", .string(exception.type.rawValue)), ("action", .string(action.rawValue)), ("note", .string(note)),
            ("data", data ?? .null), ("outcome", .string(outcome)),
        ]))
        var change = ExceptionChange(id: id, expected: [.open, .inProgress], status: status,
                                     historyEntry: Self.entry(action: action.rawValue, actor: actor, note: note, data: data, outcome: outcome),
                                     audit: audit)
        // The action continues the exception's trace, so its effects show on the same timeline.
        let trace = TraceContext(traceID: exception.correlationID.rawValue, spanID: TraceContext.random().spanID)
        let resolvedEntry = TimelineEntry(at: now, correlationID: exception.correlationID, stage: .resolved, system: exception.system,
                                          outcome: action.rawValue, detail: "\(id) (\(exception.type.rawValue)) \(outcome) by \(actor): \(note)")
        var changes = StoreChanges()
        changes.exceptionChanges = [change]
        changes.timeline = [resolvedEntry]

        switch (action, Self.subject(exception)) {
        case (.retry, .delivery(let deliveryID)):
            guard let delivery = try await store.delivery(id: deliveryID) else { throw OrderError.notFound("no delivery '\(deliveryID)'") }
            // Replayed and delivered meanwhile (`POST /v1/deliveries/{id}/replay`), or replaced by a
            // newer state of the same thing (`superseded`): nothing left to send.
            if ![.delivered, .inFlight, .superseded].contains(delivery.status) {
                changes.requeues = [try await replay.requeue(delivery)]
            }
            try await store.commit(changes)
            flows.wake(delivery.destination)
        case (.retry, .event(let eventID)):
            // The event goes back to the inbox; the processor normalizes, links and routes it anew.
            changes.eventStatuses = [(eventID, .accepted)]
            try await store.commit(changes)
            wakeProcessor()
        case (.retry, .invoice(let number)), (.approve, .invoice(let number)), (.reject, .invoice(let number)):
            guard let (invoice, _) = try await flows.invoice(number) else { throw OrderError.notFound("no invoice '\(number)'") }
            switch action {
            case .retry: _ = try await flows.match(invoice, trace: trace, creating: false, resolving: change)
            case .approve: _ = try await flows.approve(invoice, trace: trace, resolving: change)
            default: _ = try await flows.reject(invoice, trace: trace, resolving: change)
            }
            try await store.appendTimeline([resolvedEntry])
        case (.reject, .event(let eventID)) where exception.type == .quantityMismatch || exception.type == .lotMismatch:
            // The goods are refused: the receipt is reversed wherever it was posted.
            _ = try await flows.voidReceipt(eventID: eventID, reason: "exception \(id) rejected: \(note)", actor: actor, resolving: change)
            try await store.appendTimeline([resolvedEntry])
        case (.reject, .event(let eventID)):
            // A held receipt refused for good: if it was put on an order line (its posting
            // waited for a mapping), the line gives the quantity back; nothing was posted.
            guard let event = try await store.event(id: eventID) else { throw OrderError.notFound("no event '\(eventID)'") }
            try await flows.giveBack(event, why: "the rejection of \(id)", with: changes)
        case (.push, .drift(let system, let item)):
            // The canonical record goes to that system alone, as a change would.
            guard let record = try await store.item(item) else { throw OrderError.notFound("no item '\(item)'") }
            changes.append(try await flows.documentDeliveries(
                .recordChanged(.item(record)), idBase: Identifiers.make("item.\(item).push"), source: .masterRecord("item:\(item)"),
                correlationID: exception.correlationID, traceparent: trace.traceparent, lookup: store, destinations: [system]))
            guard !changes.deliveries.isEmpty else { throw OrderError.notAllowed("\(system) does not take item records") }
            try await store.commit(changes)
            flows.wake(system)
        case (.accept, .drift(let system, let item)):
            // The system's values become the canonical record's, as a change by this person:
            // a version, an audit entry, and the distribution to every subscriber.
            change.status = .resolved
            changes.exceptionChanges = [change]
            try await acceptDrift(exception, system: system, item: item, actor: actor, then: changes)
        case (.substitute, .orderLine(let number, let line)):
            try await flows.modifyOrder(number, correlationID: exception.correlationID, traceparent: trace.traceparent) { order, _ in
                guard let index = order.lineIndex(line), let substitute = order.lines[index].machine.substitute else {
                    throw OrderError.notAllowed("PO \(number) line \(line) has no substitute to accept")
                }
                order.lines[index].acceptedSubstitute = substitute
                return (changes, ())
            }
        case (.reject, .orderLine(let number, let line)) where exception.type == .supplierSubstitution || exception.type == .backorder:
            // Refusing a backorder takes the backordered quantity off the line, and what the
            // supplier accepted stays on order; refusing a substitute cancels the line, which
            // is refused (409) once goods are on their way.
            let event: PurchaseOrderLineEvent = exception.type == .backorder ? .cancelBackorder : .cancel
            try await flows.modifyOrder(number, correlationID: exception.correlationID, traceparent: trace.traceparent) { order, _ in
                guard let index = order.lineIndex(line) else { throw OrderError.notFound("PO \(number) has no line \(line)") }
                do { try order.lines[index].machine.apply(event) } catch {
                    throw OrderError.notAllowed("\(error)")
                }
                return (changes, ())
            }
        default:
            // Approving a discrepancy, or rejecting something nothing was posted for, is the
            // decision itself: recorded, with nothing to send.
            try await store.commit(changes)
        }
        return try await store.exception(id: id) ?? exception
    }

    /// Takes a system's values (from a drift exception's differences) into the canonical
    /// item and its crosswalk entry, as a change by `actor`; the exception closes with it.
    func acceptDrift(_ exception: ExceptionRecord, system: String, item id: ItemID, actor: String, then changes: StoreChanges) async throws {
        guard var item = try await store.item(id) else { throw OrderError.notFound("no item '\(id)'") }
        let systemName = try SystemName(system)
        let differences = (try? JSONValue.parse(exception.context))?["differences"]?.arrayValue ?? []
        guard differences.allSatisfy({ $0["kind"]?.stringValue == DriftDifference.Kind.mismatch.rawValue }) else {
            throw OrderError.notAllowed("\(system) does not hold item \(id): there is nothing to accept; push the canonical record or reject")
        }
        var entry = try await store.crosswalkCodes(system: systemName, kind: .items, canonical: id.rawValue).first
        for difference in differences {
            guard let value = difference["system"]?.stringValue else { continue }
            switch difference["field"]?.stringValue {
            case "description":
                item.description = value
            case "price":
                // The canonical price is the supplier's contract price, which the supplier sets (its 832) or a buyer does.
                throw OrderError.notAllowed("\(system)'s price \(value) differs from the contract price; change the contract price "
                                            + "(PUT /v1/suppliers/{id}/prices/\(id)) or push the record, then compare again")
            case "status":
                guard let status = ItemStatus(rawValue: value) else { throw OrderError.notAllowed("\(system)'s status '\(value)' is not one Suture knows") }
                item.status = status
            case "unit":
                // The system keeps the item in another unit: its crosswalk entry says so.
                let unit = try await store.crosswalk(system: systemName, kind: .units, code: value).flatMap { try? UnitOfMeasure($0.canonical) }
                    ?? (try? UnitOfMeasure(value))
                guard let unit, item.packaging.units.contains(unit) else {
                    throw OrderError.notAllowed("item \(id) has no unit matching \(system)'s \(value); add it to the item's packaging first")
                }
                entry?.unit = unit
            case "gtin":
                let gtin: GTIN
                do { gtin = try GTIN(value) } catch { throw OrderError.notAllowed("\(system)'s GTIN '\(value)': \(error)") }
                let unit = entry?.unit ?? item.packaging.baseUnit
                if unit == item.packaging.baseUnit {
                    item.gtin = gtin
                } else if let index = item.packaging.levels.firstIndex(where: { $0.unit == unit }) {
                    var levels = item.packaging.levels
                    levels[index].gtin = gtin
                    item.packaging = try PackagingHierarchy(baseUnit: item.packaging.baseUnit, levels: levels)
                }
            default:
                continue
            }
        }
        let masterData = MasterData(store: store, orders: flows)
        let author = ChangeAuthor(actor: actor, at: WallClock.nowMilliseconds(), verb: "accept")
        if let entry, entry != (try await store.crosswalkCodes(system: systemName, kind: .items, canonical: id.rawValue).first) {
            let audit = AuditDraft(at: author.at, actor: actor, action: "crosswalk.put", target: "crosswalk:\(system)/items/\(entry.code)",
                                   details: .object([("unit", .optional(entry.unit?.code)), ("from", .string("exception:\(exception.id)"))]))
            _ = try await store.putCrosswalk(entry, audit: audit)
        }
        if try await masterData.putItem(item, by: author, then: changes) == .unchanged {
            try await store.commit(changes)
        }
    }

    /// What an exception is about, which decides what its actions do.
    enum Subject {
        case delivery(DeliveryID)
        case event(EventID)
        case invoice(String)
        case orderLine(String, Int)
        /// A drift between a system and an item (`drift:<system>:item:<id>`).
        case drift(system: String, item: ItemID)
        case none
    }

    static func subject(_ exception: ExceptionRecord) -> Subject {
        if let deliveryID = exception.deliveryID { return .delivery(deliveryID) }
        if exception.type == .masterDataDrift, let key = exception.document.flatMap(MasterDataDrift.key(ofDocument:)),
           let item = key.item {
            return .drift(system: key.system, item: item)
        }
        let document = exception.document.map(DeliverySource.init(rawValue:))
        if case .invoice(let number) = document { return .invoice(number) }
        if let eventID = exception.eventID { return .event(eventID) }
        if case .purchaseOrder(let number) = document,
           let context = try? JSONValue.parse(exception.context), let line = context["poLine"]?.numberText.flatMap({ Int($0) }) {
            return .orderLine(number, line)
        }
        return .none
    }

    /// The actions that make sense for an exception.
    public static func actions(for exception: ExceptionRecord) -> [Action] {
        switch (exception.type, subject(exception)) {
        case (_, .delivery): return [.retry, .reject]
        case (_, .invoice): return [.retry, .approve, .reject]
        case (.quantityMismatch, .event), (.lotMismatch, .event): return [.approve, .reject]
        case (_, .event): return [.retry, .reject]
        case (.supplierSubstitution, .orderLine): return [.substitute, .approve, .reject]
        case (_, .drift): return [.push, .accept, .reject]
        case (_, .orderLine): return [.approve, .reject]
        default: return [.approve, .reject]
        }
    }

    static func outcome(_ action: Action, _ exception: ExceptionRecord) -> String {
        switch (action, subject(exception)) {
        case (.retry, .delivery): return "delivery requeued"
        case (.retry, .event): return "event reprocessed"
        case (.retry, .invoice): return "invoice matched again"
        case (.approve, .invoice): return "variance approved; invoice posted"
        case (.reject, .invoice): return "invoice rejected; charges taken back"
        case (.reject, .event) where exception.type == .quantityMismatch || exception.type == .lotMismatch: return "receipt reversed"
        case (.substitute, _): return "substitute accepted"
        case (.push, .drift(let system, _)): return "canonical record sent to \(system)"
        case (.accept, .drift(let system, _)): return "\(system)'s values taken into the canonical record"
        case (.reject, .orderLine): return "open quantity cancelled"
        case (.approve, _): return "accepted"
        default: return "closed"
        }
    }

    static func entry(action: String, actor: String, note: String?, data: JSONValue?, outcome: String) -> String {
        JSONValue.object([
            ("at", .string(InventoryEventJSON.timestamp(Date()))),
            ("by", .string(actor)),
            ("action", .string(action)),
            ("note", .optional(note)),
            ("data", data ?? .null),
            ("outcome", .string(outcome)),
        ]).serialized()
    }
}
