public import SutureModel
public import SutureStore
import SutureDelivery
import SutureProcurement

/// Master-data writes with the rules that span records: a location's parent must exist
/// and sit above it, a crosswalk must point at something that exists, an item on an open
/// order line cannot be retired. Item, location and supplier writes name their author; the
/// store keeps each change as a version (and an audit entry) in the same transaction.
///
/// Single-record rules (check digits, unit codes, packaging) are already enforced by the
/// model types; this layer checks what only the store can answer.
public struct MasterData: Sendable {
    public let store: any Store
    /// Where changes are distributed (`item.changed` routes), with the pipeline's outbox.
    let orders: OrderFlows?

    /// `orders`: the pipeline's flows, whose routes and connectors distribute changes; nil
    /// distributes nothing.
    public init(store: any Store, orders: OrderFlows? = nil) {
        self.store = store
        self.orders = orders
    }

    /// `then`: more to write with the change, in its transaction (an exception it closes).
    public func putItem(_ item: Item, by author: ChangeAuthor, then more: StoreChanges = StoreChanges()) async throws -> WriteOutcome {
        var distribution = try await distribution(of: .item(item))
        distribution.append(more)
        let outcome = try await store.putItem(item, by: author, then: distribution)
        if outcome != .unchanged { wake(distribution) }
        return outcome
    }

    /// Writes many items in one transaction (an import), each distributed when it changed.
    public func putItems(_ items: [Item], by author: ChangeAuthor, partial: Bool, dryRun: Bool,
                         progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> [BatchWriteResult] {
        var distributions: [StoreChanges] = []
        if orders != nil && !dryRun {
            distributions.reserveCapacity(items.count)
            for item in items { distributions.append(try await distribution(of: .item(item))) }
        }
        let results = try await store.putItems(items, by: author, partial: partial, dryRun: dryRun, then: distributions, progress: progress)
        for (result, distribution) in zip(results, distributions) where result == .written(.created) || result == .written(.updated) {
            wake(distribution)
        }
        return results
    }

    /// The deliveries of a record's change to every system a route names for its type, in
    /// the systems' own codes. A system that cannot take it (no code for the item) gets
    /// nothing, and the change's timeline says why.
    func distribution(of record: MasterRecord) async throws -> StoreChanges {
        guard let orders, !EventRouter.destinations(forDocument: record.changeType, routes: orders.routes, systems: orders.systems, namedOnly: true).isEmpty
        else { return StoreChanges() }
        let trace = TraceContext.random()
        var changes = StoreChanges()
        let base = Identifiers.make("\(record.kind.rawValue).\(record.id)")
        for destination in EventRouter.destinations(forDocument: record.changeType, routes: orders.routes, systems: orders.systems, namedOnly: true) {
            do {
                changes.append(try await orders.documentDeliveries(
                    .recordChanged(record), idBase: base, source: .masterRecord("\(record.kind.rawValue):\(record.id)"),
                    correlationID: trace.correlationID, traceparent: trace.traceparent, lookup: store, destinations: [destination]))
            } catch let failure as EventNormalizer.Failure {
                changes.timeline.append(TimelineEntry(at: WallClock.nowMilliseconds(), correlationID: trace.correlationID, stage: .routed,
                                                      system: destination, outcome: "skipped", detail: "\(record.changeType) not sent: \(failure.summary)"))
            }
        }
        return changes
    }

    func wake(_ distribution: StoreChanges) {
        for destination in Set(distribution.deliveries.map(\.delivery.destination)) { orders?.wake(destination) }
    }

    /// Retires an item: `inactive`, still readable for history and old documents. Refused
    /// while an open purchase-order line (neither closed nor cancelled) orders it.
    public func retireItem(_ id: ItemID, by author: ChangeAuthor) async throws -> Item {
        guard var item = try await store.item(id) else { throw MasterDataError.notFound("no item '\(id)'") }
        let lines = try await openOrderLines(of: id)
        guard lines.isEmpty else {
            let shown = lines.prefix(5).joined(separator: ", ") + (lines.count > 5 ? " and \(lines.count - 5) more" : "")
            throw MasterDataError.inUse("item '\(id)' is on open purchase-order lines (\(shown)); close or cancel them first")
        }
        let levels = try await ParLevels(store: store).parLevels(item: id).map(\.location.rawValue)
        guard levels.isEmpty else {
            throw MasterDataError.inUse("item '\(id)' has par levels at \(Self.shown(levels)); delete them first")
        }
        guard item.status != .inactive else { return item }
        item.status = .inactive
        var retiring = author
        retiring.verb = "retire"
        _ = try await putItem(item, by: retiring)
        return item
    }

    /// Retires a location: `inactive`, still readable. Refused while an open purchase order
    /// ships to it or an active location sits inside it.
    public func retireLocation(_ id: LocationID, by author: ChangeAuthor) async throws -> Location {
        guard var location = try await store.location(id) else { throw MasterDataError.notFound("no location '\(id)'") }
        let orders = try await openOrders(containing: id.rawValue) { $0.shipTo == id }
        guard orders.isEmpty else {
            throw MasterDataError.inUse("location '\(id)' is the ship-to of open purchase orders (\(Self.shown(orders))); close or cancel them first")
        }
        let stocked = try await ParLevels(store: store).parLevels(location: id).map(\.item.rawValue)
        guard stocked.isEmpty else {
            throw MasterDataError.inUse("location '\(id)' has par levels for \(Self.shown(stocked)); delete them first")
        }
        var children: [String] = []
        var after: String?
        repeat {
            let page = try await store.locations(ListQuery(after: after, limit: 500, status: RecordStatus.active.rawValue))
            children += page.records.filter { $0.parent == id }.map(\.id.rawValue)
            after = page.next
        } while after != nil
        guard children.isEmpty else {
            throw MasterDataError.inUse("location '\(id)' holds active locations (\(Self.shown(children))); retire or move them first")
        }
        guard location.status != .inactive else { return location }
        location.status = .inactive
        var retiring = author
        retiring.verb = "retire"
        _ = try await putLocation(location, by: retiring)
        return location
    }

    /// Retires a supplier: `inactive`, still readable. Refused while an open purchase order is with it.
    public func retireSupplier(_ id: SupplierID, by author: ChangeAuthor) async throws -> Supplier {
        guard var supplier = try await store.supplier(id) else { throw MasterDataError.notFound("no supplier '\(id)'") }
        let orders = try await openOrders(containing: id.rawValue) { $0.supplier == id }
        guard orders.isEmpty else {
            throw MasterDataError.inUse("supplier '\(id)' has open purchase orders (\(Self.shown(orders))); close or cancel them first")
        }
        guard supplier.status != .inactive else { return supplier }
        supplier.status = .inactive
        var retiring = author
        retiring.verb = "retire"
        _ = try await putSupplier(supplier, by: retiring)
        return supplier
    }

    /// The numbers of the purchase orders that are neither closed nor cancelled, mention `text`
    /// and pass `test`.
    func openOrders(containing text: String, where test: (PurchaseOrder) -> Bool) async throws -> [String] {
        let closed = [PurchaseOrderLine.name(.closed), PurchaseOrderLine.name(.cancelled)]
        return try await store.documents(.purchaseOrder, statusNotIn: closed, containing: "\"\(text)\"")
            .map(OrderFlows.decodeOrder).filter(test).map(\.number)
    }

    /// At most five names, then how many more.
    static func shown(_ names: [String]) -> String {
        names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
    }

    /// The open purchase-order lines that order an item, as `PO-1/2`.
    public func openOrderLines(of id: ItemID) async throws -> [String] {
        let closed = [PurchaseOrderLine.name(.closed), PurchaseOrderLine.name(.cancelled)]
        var lines: [String] = []
        for document in try await store.documents(.purchaseOrder, statusNotIn: closed, containing: "\"\(id.rawValue)\"") {
            let order = try OrderFlows.decodeOrder(document)
            for line in order.lines where line.machine.item == id && ![.closed, .cancelled].contains(line.machine.state) {
                lines.append("\(order.number)/\(line.machine.lineNumber)")
            }
        }
        return lines
    }

    public func putLocation(_ location: Location, by author: ChangeAuthor) async throws -> WriteOutcome {
        if let parentID = location.parent {
            guard parentID != location.id else {
                throw MasterDataError.invalidReference(field: "parent", message: "a location cannot be its own parent")
            }
            guard let parent = try await store.location(parentID) else {
                throw MasterDataError.invalidReference(field: "parent", message: "no location '\(parentID)'; create the parent first")
            }
            guard location.type.canBeChild(of: parent.type) else {
                throw MasterDataError.invalidReference(
                    field: "parent",
                    message: "a \(location.type.rawValue) cannot sit inside a \(parent.type.rawValue) ('\(parentID)'); the hierarchy is enterprise, facility, storeroom, bin")
            }
            // Walk up to be sure the change does not close a loop (A under B under A).
            var ancestor: Location? = parent
            var steps = 0
            while let current = ancestor, let next = current.parent, steps < 16 {
                guard next != location.id else {
                    throw MasterDataError.invalidReference(field: "parent", message: "'\(parentID)' lies inside '\(location.id)'; that would make a loop")
                }
                ancestor = try await store.location(next)
                steps += 1
            }
        }
        let distribution = try await distribution(of: .location(location))
        let outcome = try await store.putLocation(location, by: author, then: distribution)
        if outcome != .unchanged { wake(distribution) }
        return outcome
    }

    public func putSupplier(_ supplier: Supplier, by author: ChangeAuthor) async throws -> WriteOutcome {
        let distribution = try await distribution(of: .supplier(supplier))
        let outcome = try await store.putSupplier(supplier, by: author, then: distribution)
        if outcome != .unchanged { wake(distribution) }
        return outcome
    }

    /// Maps a system's code to a canonical id that must exist (or a valid unit code).
    public func putCrosswalk(_ entry: CrosswalkEntry, audit: AuditDraft? = nil) async throws -> WriteOutcome {
        switch entry.kind {
        case .items:
            let id: ItemID
            do { id = try ItemID(entry.canonical) } catch {
                throw MasterDataError.invalidReference(field: "id", message: "\(error)")
            }
            guard let item = try await store.item(id) else {
                throw MasterDataError.invalidReference(field: "id", message: "no item '\(entry.canonical)'; create the item first")
            }
            if let unit = entry.unit, item.packaging.baseUnits(per: unit) == nil {
                throw MasterDataError.invalidReference(
                    field: "unit",
                    message: "item '\(item.id)' has no unit \(unit); its units are \(item.packaging.units.map(\.code).joined(separator: ", "))")
            }
        case .locations:
            guard let id = try? LocationID(entry.canonical), try await store.location(id) != nil else {
                throw MasterDataError.invalidReference(field: "id", message: "no location '\(entry.canonical)'; create the location first")
            }
        case .suppliers:
            guard let id = try? SupplierID(entry.canonical), try await store.supplier(id) != nil else {
                throw MasterDataError.invalidReference(field: "id", message: "no supplier '\(entry.canonical)'; create the supplier first")
            }
        case .units:
            do { _ = try UnitOfMeasure(entry.canonical) } catch {
                throw MasterDataError.invalidReference(field: "id", message: "\(error)")
            }
        }
        if entry.unit != nil && entry.kind != .items {
            throw MasterDataError.invalidReference(field: "unit", message: "only item crosswalk entries take a unit")
        }
        return try await store.putCrosswalk(entry, audit: audit)
    }
}

/// A master-data write that breaks a rule spanning records.
public enum MasterDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `field` of the request names something that does not exist or cannot be used there.
    case invalidReference(field: String, message: String)
    /// The record does not exist.
    case notFound(String)
    /// The record is used by open work and cannot be retired.
    case inUse(String)

    public var description: String {
        switch self {
        case .invalidReference(let field, let message): return "\(field): \(message)"
        case .notFound(let message), .inUse(let message): return message
        }
    }
}
