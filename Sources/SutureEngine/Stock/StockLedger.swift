public import Foundation
import SutureProcurement
public import SutureModel
public import SutureStore

/// What inventory events do to stock (docs/stock.md): receipt +, issue -, transfer - at the
/// location and + at `toLocation`, adjustment + or - as signed, return -, count sets what is
/// on hand (the ledger records the difference). Quantities are in the item's base unit, as
/// the canonical event carries them.
public enum StockLedger {
    /// The movements of one processed event, under `event:<id>`.
    public static func movements(of event: CanonicalInventoryEvent, id: EventID, at: Int64) -> [StockMovement] {
        let source = "event:\(id.rawValue)"
        let quantity = event.quantity.value
        func movement(_ location: LocationID, _ kind: StockMovement.Kind, _ quantity: Decimal, leg: Int = 0) -> StockMovement {
            StockMovement(source: source, leg: leg, at: at, location: location, item: event.item, lot: event.lot, expiry: event.expiry,
                          kind: kind, quantity: quantity)
        }
        switch event.type {
        case .receipt: return [movement(event.location, .receipt, quantity)]
        case .issue: return [movement(event.location, .issue, -quantity)]
        case .adjustment: return [movement(event.location, .adjustment, quantity)]
        case .return: return [movement(event.location, .return, -quantity)]
        case .count: return [movement(event.location, .count, quantity)]
        case .transfer:
            guard let destination = event.toLocation else { return [movement(event.location, .transferOut, -quantity)] }
            return [movement(event.location, .transferOut, -quantity), movement(destination, .transferIn, quantity, leg: 1)]
        }
    }

    /// Takes back what an event moved (a voided or refused receipt); nothing if it moved nothing.
    public static func reversal(of id: EventID, at: Int64) -> StockMovement {
        StockMovement.reversal(of: "event:\(id.rawValue)", at: at)
    }
}

/// `GET /v1/stock` (docs/stock.md): per location and item, what is on hand by lot, and what
/// is on order (open purchase-order lines shipping there, less what was received), in the
/// item's base unit.
public struct StockPositions: Sendable {
    public let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public struct Position: Sendable, Equatable {
        public var location: LocationID
        public var item: ItemID
        public var unit: UnitOfMeasure
        public var onHand: Decimal
        public var onOrder: Decimal
        public var lots: [StockLevel]
    }

    public func positions(location: LocationID?, item: ItemID?) async throws -> [Position] {
        struct Key: Hashable, Comparable {
            var location: String
            var item: String
            static func < (a: Key, b: Key) -> Bool { (a.location, a.item) < (b.location, b.item) }
        }
        var levels: [Key: [StockLevel]] = [:]
        for level in try await store.stockLevels(location: location, item: item) {
            levels[Key(location: level.location.rawValue, item: level.item.rawValue), default: []].append(level)
        }
        var items: [ItemID: Item] = [:]
        func definition(_ id: ItemID) async throws -> Item? {
            if let known = items[id] { return known }
            let found = try await store.item(id)
            items[id] = found
            return found
        }
        var onOrder: [Key: Decimal] = [:]
        let closed = [PurchaseOrderLine.name(.closed), PurchaseOrderLine.name(.cancelled)]
        let orders = try await store.documents(.purchaseOrder, statusNotIn: closed, containing: item.map { "\"\($0.rawValue)\"" } ?? "")
        for (need, quantity) in try await Self.onOrder(orders, definition: definition)
        where (location.map { $0 == need.location } ?? true) && (item.map { $0 == need.item } ?? true) {
            onOrder[Key(location: need.location.rawValue, item: need.item.rawValue)] = quantity
        }
        var positions: [Position] = []
        for key in Set(levels.keys).union(onOrder.keys).sorted() {
            let lots = levels[key] ?? []
            let id = try ItemID(key.item)
            positions.append(Position(location: try LocationID(key.location), item: id,
                                      unit: try await definition(id)?.packaging.baseUnit ?? "EA",
                                      onHand: lots.reduce(0) { $0 + $1.onHand }, onOrder: onOrder[key] ?? 0,
                                      lots: lots.filter { $0.onHand != 0 }))
        }
        return positions
    }

    /// What is on order per location and item (in the item's base unit) on the open lines of
    /// `orders`: ordered less received, for lines neither closed nor cancelled.
    static func onOrder(_ orders: [StoredDocument], definition: (ItemID) async throws -> Item?) async throws -> [StockNeed: Decimal] {
        var onOrder: [StockNeed: Decimal] = [:]
        for document in orders {
            let order = try OrderFlows.decodeOrder(document)
            for line in order.lines where ![.closed, .cancelled].contains(line.machine.state) {
                let open = line.machine.quantities.ordered - line.machine.quantities.received
                guard open > 0, let item = try await definition(line.machine.item),
                      let base = try? item.packaging.convert(Quantity(open, line.machine.unit), to: item.packaging.baseUnit) else { continue }
                onOrder[StockNeed(location: order.shipTo, item: line.machine.item), default: 0] += base.value
            }
        }
        return onOrder
    }

    /// `{"location","item","unit","onHand","onOrder","lots":[{"lot","expiry","quantity"}]}`; a lot is null for stock held without one.
    public static func json(_ position: Position) -> JSONValue {
        .object([
            ("location", .string(position.location.rawValue)),
            ("item", .string(position.item.rawValue)),
            ("unit", .string(position.unit.code)),
            ("onHand", .string(ExactDecimal.format(position.onHand))),
            ("onOrder", .string(ExactDecimal.format(position.onOrder))),
            ("lots", .array(position.lots.map { level in
                .object([("lot", level.lot.isEmpty ? .null : .string(level.lot)), ("expiry", .optional(level.expiry)),
                         ("quantity", .string(ExactDecimal.format(level.onHand)))])
            })),
        ])
    }
}
