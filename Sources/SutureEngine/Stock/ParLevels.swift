public import Foundation
public import SutureModel
public import SutureStore

/// A par level (docs/stock.md, "Par levels"): what a location should hold of an item after a
/// delivery (`par`) and the level at or below which it orders (`reorderPoint`), both in `unit`,
/// with the supplier to order from and whether the item is critical there.
public struct ParLevel: Sendable, Equatable {
    public var location: LocationID
    public var item: ItemID
    public var par: Decimal
    public var reorderPoint: Decimal
    /// The unit `par` and `reorderPoint` are in (one of the item's).
    public var unit: UnitOfMeasure
    public var critical: Bool
    /// The supplier to order from; nil: the supplier of the contract price.
    public var supplier: SupplierID?
    /// The unit to order in; nil: the contract price's unit, else `unit`.
    public var orderUnit: UnitOfMeasure?

    public init(location: LocationID, item: ItemID, par: Decimal, reorderPoint: Decimal, unit: UnitOfMeasure, critical: Bool = false,
                supplier: SupplierID? = nil, orderUnit: UnitOfMeasure? = nil) {
        self.location = location
        self.item = item
        self.par = par
        self.reorderPoint = reorderPoint
        self.unit = unit
        self.critical = critical
        self.supplier = supplier
        self.orderUnit = orderUnit
    }
}

/// Par levels kept as versioned documents (`par-level`, key `<location> <item>`, reference
/// `location:<id>`), each write audited in its own transaction.
public struct ParLevels: Sendable {
    public let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    static func key(_ location: LocationID, _ item: ItemID) -> String { "\(location.rawValue) \(item.rawValue)" }

    public func parLevel(location: LocationID, item: ItemID) async throws -> ParLevel? {
        guard let document = try await store.document(.parLevel, key: Self.key(location, item)), document.status != "deleted" else { return nil }
        return try Self.decode(document)
    }

    /// The par levels of a location.
    public func parLevels(location: LocationID) async throws -> [ParLevel] {
        try await store.documents(.parLevel, reference: "location:\(location.rawValue)").filter { $0.status != "deleted" }.map(Self.decode)
    }

    /// The par levels that name `item`, at any location.
    public func parLevels(item: ItemID) async throws -> [ParLevel] {
        try await store.documents(.parLevel, statusNotIn: ["deleted"], containing: "\"\(item.rawValue)\"").map(Self.decode).filter { $0.item == item }
    }

    /// How many par levels have on hand at or below their reorder point: the dashboard's
    /// `stockBelowPar` (docs/console.md, "The dashboard figures"). On hand only, not on order:
    /// what the shelf holds now. A par level whose unit no longer converts is not counted.
    public func belowReorderPoint() async throws -> Int {
        var onHand: [StockNeed: Decimal] = [:]
        for level in try await store.stockLevels(location: nil, item: nil) {
            onHand[StockNeed(location: level.location, item: level.item), default: 0] += level.onHand
        }
        var items: [ItemID: Item] = [:]
        var count = 0
        for document in try await store.documents(.parLevel, statusNotIn: ["deleted"], containing: "") {
            let level = try Self.decode(document)
            if items[level.item] == nil, let item = try await store.item(level.item) { items[level.item] = item }
            guard let packaging = items[level.item]?.packaging,
                  let point = try? packaging.convert(Quantity(level.reorderPoint, level.unit), to: packaging.baseUnit) else { continue }
            if onHand[StockNeed(location: level.location, item: level.item), default: 0] <= point.value { count += 1 }
        }
        return count
    }

    /// Creates or replaces a par level; `true` when it was created. The same level again writes nothing.
    @discardableResult
    public func put(_ level: ParLevel, actor: String) async throws -> Bool {
        let key = Self.key(level.location, level.item)
        for attempt in 1...5 {
            let stored = try await store.document(.parLevel, key: key)
            let body = Self.json(level)
            let deleted = stored?.status == "deleted"
            let before = deleted ? nil : try stored.map { try JSONValue.parse($0.body) }
            guard before != body else { return false }
            let now = WallClock.nowMilliseconds()
            let trace = TraceContext.random()
            var changes = StoreChanges()
            changes.documents = [DocumentWrite(StoredDocument(
                kind: .parLevel, key: key, version: (stored?.version ?? 0) + 1, correlationID: stored?.correlationID ?? trace.correlationID,
                traceparent: stored?.traceparent ?? trace.traceparent, status: "current", reference: "location:\(level.location.rawValue)",
                body: body.serialized(), createdAt: stored?.createdAt ?? now, updatedAt: now), expectedVersion: stored?.version)]
            if let entry = AuditDraft.change(at: now, actor: actor, action: "par-level.put",
                                             target: "location:\(level.location.rawValue)/par-levels/\(level.item.rawValue)", from: before, to: body) {
                changes.audit = [entry]
            }
            do {
                try await store.commit(changes)
                return stored == nil || deleted
            } catch StoreError.staleVersion where attempt < 5 {
                continue
            } catch StoreError.conflict where attempt < 5 {
                continue
            }
        }
        return false
    }

    /// Removes a par level (the location no longer stocks the item); false when there was none.
    /// The document stays, marked `deleted`, so its history and audit entry hold.
    public func delete(location: LocationID, item: ItemID, actor: String) async throws -> Bool {
        let key = Self.key(location, item)
        guard var stored = try await store.document(.parLevel, key: key), stored.status != "deleted" else { return false }
        let now = WallClock.nowMilliseconds()
        let expected = stored.version
        stored.version += 1
        stored.status = "deleted"
        stored.updatedAt = now
        var changes = StoreChanges()
        changes.documents = [DocumentWrite(stored, expectedVersion: expected)]
        changes.audit = [AuditDraft(at: now, actor: actor, action: "par-level.delete", target: "location:\(location.rawValue)/par-levels/\(item.rawValue)",
                                    details: (try? JSONValue.parse(stored.body)) ?? .null)]
        try await store.commit(changes)
        return true
    }

    /// `{"location","item","par","reorderPoint","unit","critical","supplier","orderUnit"}`.
    public static func json(_ level: ParLevel) -> JSONValue {
        .object([
            ("location", .string(level.location.rawValue)),
            ("item", .string(level.item.rawValue)),
            ("par", .string(ExactDecimal.format(level.par))),
            ("reorderPoint", .string(ExactDecimal.format(level.reorderPoint))),
            ("unit", .string(level.unit.code)),
            ("critical", .bool(level.critical)),
            ("supplier", .optional(level.supplier?.rawValue)),
            ("orderUnit", .optional(level.orderUnit?.code)),
        ])
    }

    static func decode(_ document: StoredDocument) throws -> ParLevel {
        do {
            let body = try JSONValue.parse(document.body)
            let text = { (key: String) throws -> String in
                guard let value = body[key]?.stringValue else { throw StoreError.corrupt("no \(key)") }
                return value
            }
            guard let par = ExactDecimal.parse(try text("par")), let reorderPoint = ExactDecimal.parse(try text("reorderPoint")) else {
                throw StoreError.corrupt("par or reorderPoint is no decimal")
            }
            return ParLevel(location: try LocationID(try text("location")), item: try ItemID(try text("item")), par: par, reorderPoint: reorderPoint,
                            unit: try UnitOfMeasure(try text("unit")), critical: body["critical"] == .bool(true),
                            supplier: try body["supplier"]?.stringValue.map { try SupplierID($0) },
                            orderUnit: try body["orderUnit"]?.stringValue.map { try UnitOfMeasure($0) })
        } catch {
            throw StoreError.corrupt("par level \(document.key): \(error)")
        }
    }

    /// Reads a `PUT /v1/locations/{id}/par-levels/{item}` body; every error names its field.
    public static func request(location: LocationID, item: ItemID, body: JSONObjectReader) throws(JSONFieldError) -> ParLevel {
        var body = body
        guard let par = try body.optionalDecimal("par") else { throw body.missing("par") }
        guard let reorderPoint = try body.optionalDecimal("reorderPoint") else { throw body.missing("reorderPoint") }
        let unit = try body.required("unit") { try UnitOfMeasure($0) }
        let critical = try body.optionalBool("critical") ?? false
        let supplier = try body.optional("supplier") { try SupplierID($0) }
        let orderUnit = try body.optional("orderUnit") { try UnitOfMeasure($0) }
        try body.rejectUnknownFields()
        guard par > 0 else { throw JSONFieldError(.invalid, field: "par", message: "must be above zero") }
        guard reorderPoint >= 0 else { throw JSONFieldError(.invalid, field: "reorderPoint", message: "must not be negative") }
        guard reorderPoint < par else {
            throw JSONFieldError(.inconsistent, field: "reorderPoint", message: "\(ExactDecimal.format(reorderPoint)) must be below par \(ExactDecimal.format(par))")
        }
        return ParLevel(location: location, item: item, par: par, reorderPoint: reorderPoint, unit: unit, critical: critical, supplier: supplier,
                        orderUnit: orderUnit)
    }
}
