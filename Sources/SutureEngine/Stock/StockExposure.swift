public import Foundation
public import SutureModel
public import SutureStore
public import SutureProcurement

/// `GET /v1/stock/exposure` (docs/stock.md, "Critical-supply exposure"): per item with par
/// levels (critical ones, when asked) and facility, what is on hand, the average daily usage
/// over the last 14 days (issues), the days of supply, and the transfers that would bring
/// facilities short of the target days up from those with more than they need.
public struct StockExposure: Sendable {
    public let store: any Store
    /// The usage window.
    public static let usageDays = 14

    public init(store: any Store) {
        self.store = store
    }

    public struct Row: Sendable, Equatable {
        public var item: ItemID
        public var unit: UnitOfMeasure
        public var critical: Bool
        public var position: CriticalSupply.Position
        public var need: Decimal
        public var surplus: Decimal
    }

    public struct SuggestedTransfer: Sendable, Equatable {
        public var item: ItemID
        public var unit: UnitOfMeasure
        public var quantity: Decimal
        public var fromFacility: LocationID
        /// The location of `fromFacility` holding the most of the item.
        public var fromLocation: LocationID
        public var toFacility: LocationID
        /// The location of `toFacility` with a par level for the item (a critical one first).
        public var toLocation: LocationID
    }

    public struct Report: Sendable {
        public var generatedAt: Int64
        public var targetDays: Decimal
        public var rows: [Row]
        public var transfers: [SuggestedTransfer]
    }

    public func report(criticalOnly: Bool, targetDays: Decimal, now: Int64 = WallClock.nowMilliseconds()) async throws -> Report {
        let locations = try await allLocations()
        func facility(of id: LocationID) -> LocationID {
            var current = id
            var seen: Set<LocationID> = [id]
            while let location = locations[current], location.type != .facility, let parent = location.parent, !seen.contains(parent) {
                seen.insert(parent)
                current = parent
            }
            return current
        }
        var levels: [ItemID: [ParLevel]] = [:]
        for document in try await store.documents(.parLevel, statusNotIn: ["deleted"], containing: "") {
            let level = try ParLevels.decode(document)
            levels[level.item, default: []].append(level)
        }
        let since = now - Int64(Self.usageDays) * 86_400_000
        var rows: [Row] = []
        var transfers: [SuggestedTransfer] = []
        for (item, itemLevels) in levels.sorted(by: { $0.key < $1.key }) {
            let critical = itemLevels.contains { $0.critical }
            guard !criticalOnly || critical, let definition = try await store.item(item) else { continue }
            var onHand: [LocationID: Decimal] = [:]
            var atLocation: [LocationID: Decimal] = [:]
            for level in try await store.stockLevels(location: nil, item: item) {
                onHand[facility(of: level.location), default: 0] += level.onHand
                atLocation[level.location, default: 0] += level.onHand
            }
            var issued: [LocationID: Decimal] = [:]
            for movement in try await store.stockMovements(item: item, location: nil, since: since) where movement.kind == .issue {
                issued[facility(of: movement.location), default: 0] -= movement.quantity
            }
            var facilities = Set(onHand.keys).union(issued.keys)
            for level in itemLevels { facilities.insert(facility(of: level.location)) }
            let positions = facilities.sorted().map { id in
                CriticalSupply.Position(facility: id, onHand: onHand[id] ?? 0, averageDailyUsage: (issued[id] ?? 0) / Decimal(Self.usageDays))
            }
            for position in positions {
                rows.append(Row(item: item, unit: definition.packaging.baseUnit, critical: critical, position: position,
                                need: position.need(targetDays: targetDays), surplus: position.surplus(targetDays: targetDays)))
            }
            for transfer in CriticalSupply.transfers(positions, targetDays: targetDays) {
                let from = atLocation.filter { facility(of: $0.key) == transfer.from && $0.value > 0 }
                    .max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? transfer.from
                let to = itemLevels.filter { facility(of: $0.location) == transfer.to }
                    .min { ($0.critical ? 0 : 1, $0.location) < ($1.critical ? 0 : 1, $1.location) }?.location ?? transfer.to
                transfers.append(SuggestedTransfer(item: item, unit: definition.packaging.baseUnit, quantity: transfer.quantity,
                                                   fromFacility: transfer.from, fromLocation: from, toFacility: transfer.to, toLocation: to))
            }
        }
        return Report(generatedAt: now, targetDays: targetDays, rows: rows, transfers: transfers)
    }

    func allLocations() async throws -> [LocationID: Location] {
        var locations: [LocationID: Location] = [:]
        var after: String?
        repeat {
            let page = try await store.locations(ListQuery(after: after, limit: 500))
            for location in page.records { locations[location.id] = location }
            after = page.next
        } while after != nil
        return locations
    }

    /// `{"generatedAt","usageDays","targetDays","positions":[...],"transfers":[...]}` (docs/stock.md).
    public static func json(_ report: Report) -> JSONValue {
        let f = ExactDecimal.format
        func days(_ value: Decimal?) -> JSONValue {
            guard let value else { return .null }
            return .string(f(CriticalSupplyRounding.tenths(value)))
        }
        return .object([
            ("generatedAt", .string(WallClock.timestamp(milliseconds: report.generatedAt))),
            ("usageDays", .integer(usageDays)),
            ("targetDays", .string(f(report.targetDays))),
            ("positions", .array(report.rows.map { row in
                .object([
                    ("item", .string(row.item.rawValue)), ("facility", .string(row.position.facility.rawValue)), ("unit", .string(row.unit.code)),
                    ("critical", .bool(row.critical)), ("onHand", .string(f(row.position.onHand))),
                    ("averageDailyUsage", .string(f(CriticalSupplyRounding.hundredths(row.position.averageDailyUsage)))),
                    ("daysOfSupply", days(row.position.daysOfSupply)), ("need", .string(f(row.need))), ("surplus", .string(f(row.surplus))),
                ])
            })),
            ("transfers", .array(report.transfers.map { transfer in
                .object([
                    ("item", .string(transfer.item.rawValue)), ("quantity", .string(f(transfer.quantity))), ("unit", .string(transfer.unit.code)),
                    ("fromFacility", .string(transfer.fromFacility.rawValue)), ("fromLocation", .string(transfer.fromLocation.rawValue)),
                    ("toFacility", .string(transfer.toFacility.rawValue)), ("toLocation", .string(transfer.toLocation.rawValue)),
                ])
            })),
        ])
    }
}

/// The rounding the exposure report shows (the decisions use exact values).
enum CriticalSupplyRounding {
    static func tenths(_ value: Decimal) -> Decimal { round(value, 1) }
    static func hundredths(_ value: Decimal) -> Decimal { round(value, 2) }
    static func round(_ value: Decimal, _ scale: Int) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .plain)
        return result
    }
}
