public import SutureModel
public import SutureStore
public import SutureProcurement
import Foundation

/// One item as a system holds it, in that system's code and units (a row of a snapshot).
public struct SystemItemRecord: Sendable, Equatable {
    public var code: String
    public var description: String?
    public var gtin: String?
    public var unit: String?
    public var status: String?
    public var price: String?

    public init(code: String, description: String? = nil, gtin: String? = nil, unit: String? = nil, status: String? = nil, price: String? = nil) {
        self.code = code
        self.description = description
        self.gtin = gtin
        self.unit = unit
        self.status = status
        self.price = price
    }
}

/// One difference between what a system holds and the canonical record.
public struct DriftDifference: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Both hold the item; a field differs.
        case mismatch
        /// Suture maps the item to a code of the system, which the system does not hold.
        case missingInSystem = "missing-in-system"
        /// The system holds a code no crosswalk entry maps to an item.
        case unknownToSuture = "unknown-to-suture"
    }

    /// The system's code.
    public var code: String
    /// The canonical item; nil when the code is unknown to Suture.
    public var item: String?
    /// The field that differs (`description`, `gtin`, `unit`, `status`); nil for a whole record.
    public var field: String?
    /// The system's value and the canonical one, as the system would write it.
    public var system: String?
    public var canonical: String?
    public var kind: Kind

    public init(code: String, item: String?, field: String?, system: String?, canonical: String?, kind: Kind) {
        self.code = code
        self.item = item
        self.field = field
        self.system = system
        self.canonical = canonical
        self.kind = kind
    }

    public var json: JSONValue {
        .object([
            ("code", .string(code)), ("item", .optional(item)), ("field", .optional(field)),
            ("system", .optional(system)), ("canonical", .optional(canonical)), ("kind", .string(kind.rawValue)),
        ])
    }

    /// The exception key it belongs to: one exception per item (or unknown code) and system.
    var subject: String { item.map { "item:\($0)" } ?? "code:\(code)" }
}

/// Compares what a system holds with the canonical item master, through that system's
/// crosswalks and units (docs/master-data.md, "Drift"). Pure: `MasterDataDrift` reads the
/// records and keeps the result.
public enum DriftComparison {
    /// The differences, in the order of the system's records, then the items it misses.
    /// `items` are the canonical items by id; `entries` the system's item crosswalk;
    /// `unitCodes` the system's code for each canonical unit code; `prices` the contract price
    /// in force of the items that have one supplier's (a record's `price` is compared with it,
    /// in the unit the system keeps the item in).
    public static func compare(_ records: [SystemItemRecord], items: [ItemID: Item], entries: [CrosswalkEntry],
                               unitCodes: [String: String], prices: [ItemID: ContractPrice] = [:]) -> [DriftDifference] {
        var byCode: [String: CrosswalkEntry] = [:]
        for entry in entries { byCode[entry.code] = entry }
        var differences: [DriftDifference] = []
        var held = Set<String>()
        for record in records {
            held.insert(record.code)
            guard let entry = byCode[record.code], let id = try? ItemID(entry.canonical), let item = items[id] else {
                differences.append(DriftDifference(code: record.code, item: nil, field: nil, system: record.description, canonical: nil,
                                                   kind: .unknownToSuture))
                continue
            }
            let expected = expectation(item, entry: entry, unitCodes: unitCodes)
            func check(_ field: String, _ system: String?, _ canonical: String?) {
                guard let system, system != canonical else { return }
                differences.append(DriftDifference(code: record.code, item: item.id.rawValue, field: field, system: system,
                                                   canonical: canonical, kind: .mismatch))
            }
            check("description", record.description, expected.description)
            check("unit", record.unit, expected.unit)
            check("gtin", record.gtin, expected.gtin)
            check("status", record.status, expected.status)
            if let text = record.price, let contract = prices[item.id],
               let contracted = contract.price(per: entry.unit ?? item.packaging.baseUnit, packaging: item.packaging),
               ExactDecimal.parse(text) != contracted {
                differences.append(DriftDifference(code: record.code, item: item.id.rawValue, field: "price", system: text,
                                                   canonical: Money(contracted, contract.currency).amountText, kind: .mismatch))
            }
        }
        for entry in entries where !held.contains(entry.code) {
            guard let id = try? ItemID(entry.canonical), let item = items[id], item.status == .active else { continue }
            differences.append(DriftDifference(code: entry.code, item: item.id.rawValue, field: nil, system: nil, canonical: item.description,
                                               kind: .missingInSystem))
        }
        return differences
    }

    /// What the system should hold for `item`: its description and status, the unit it keeps
    /// the item in (the crosswalk entry's, else the base unit) in its own code, and that unit's GTIN.
    static func expectation(_ item: Item, entry: CrosswalkEntry, unitCodes: [String: String])
        -> (description: String, unit: String, gtin: String?, status: String) {
        let unit = entry.unit ?? item.packaging.baseUnit
        let gtin = unit == item.packaging.baseUnit ? item.gtin : item.packaging.levels.first { $0.unit == unit }?.gtin
        return (item.description, unitCodes[unit.code] ?? unit.code, gtin?.value, item.status.rawValue)
    }
}

/// A snapshot of a system's items: a JSON array of `{"code","description"?,"gtin"?,"unit"?,"status"?,"price"?}`
/// or a CSV with those columns.
public enum SnapshotReader {
    public static let columns = ["code", "description", "gtin", "unit", "status", "price"]

    /// The records, or the first row at fault (numbered as in `ItemImport`).
    public static func records(_ bytes: [UInt8], csv: Bool) throws(ItemImport.RowError) -> [SystemItemRecord] {
        var records: [SystemItemRecord] = []
        var seen = Set<String>()
        func take(_ row: Int, _ value: JSONValue) throws(ItemImport.RowError) {
            do {
                var reader = try JSONObjectReader(value, path: "")
                guard let code = try reader.optionalString("code"), !code.allSatisfy(\.isWhitespace) else {
                    throw ItemImport.RowError(row: row, field: "code", message: "is required")
                }
                guard seen.insert(code).inserted else { throw ItemImport.RowError(row: row, field: "code", message: "'\(code)' is listed twice") }
                let record = SystemItemRecord(
                    code: code, description: try reader.optionalString("description"), gtin: try reader.optionalString("gtin"),
                    unit: try reader.optionalString("unit"), status: try reader.optionalString("status"),
                    price: try reader.optionalString("price") ?? reader.optionalDecimal("price").map(ExactDecimal.format))
                try reader.rejectUnknownFields()
                records.append(record)
            } catch let error as ItemImport.RowError {
                throw error
            } catch let error as JSONFieldError {
                throw ItemImport.RowError(row: row, field: error.field, message: error.kind == .unknown ? error.description : error.message)
            } catch {
                throw ItemImport.RowError(row: row, field: "", message: "\(error)")
            }
        }
        if csv {
            let rows = CSVReader.records(bytes)
            guard let header = rows.first else { return [] }
            let names = header.fields.map { $0.trimmingWhitespace() }
            for name in names where !columns.contains(name) {
                throw ItemImport.RowError(row: header.row, field: name, message: "'\(name)' is not a snapshot column; the columns are \(columns.joined(separator: ", "))")
            }
            for row in rows.dropFirst() where !row.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) {
                var members: [(String, JSONValue)] = []
                for (name, cell) in zip(names, row.fields) where !cell.trimmingWhitespace().isEmpty {
                    members.append((name, .string(cell.trimmingWhitespace())))
                }
                try take(row.row, .object(members))
            }
        } else {
            let value: JSONValue
            do { value = try JSONValue.parse(bytes) } catch {
                throw ItemImport.RowError(row: 0, field: "", message: "the body is not JSON: \(error)")
            }
            guard case .array(let elements) = value else {
                throw ItemImport.RowError(row: 0, field: "", message: "the body must be a JSON array of items")
            }
            for (index, element) in elements.enumerated() { try take(index + 1, element) }
        }
        return records
    }
}

/// One comparison of a system's items with the canonical master, as `GET /v1/drift` answers it.
public struct DriftReport: Sendable, Equatable {
    public var system: String
    public var comparedAt: Int64
    /// How many of the system's records were compared.
    public var records: Int
    public var differences: [DriftDifference]

    public var json: JSONValue {
        .object([
            ("system", .string(system)), ("comparedAt", .string(WallClock.timestamp(milliseconds: comparedAt))),
            ("records", .integer(records)), ("differences", .array(differences.map(\.json))),
        ])
    }

    static func from(_ json: JSONValue) -> DriftReport? {
        guard let system = json["system"]?.stringValue, let at = json["comparedAt"]?.stringValue.flatMap(WallClock.milliseconds(timestamp:)),
              let records = json["records"]?.numberText.flatMap({ Int($0) }), let differences = json["differences"]?.arrayValue else { return nil }
        return DriftReport(system: system, comparedAt: at, records: records, differences: differences.compactMap { value in
            guard let code = value["code"]?.stringValue, let kind = value["kind"]?.stringValue.flatMap(DriftDifference.Kind.init(rawValue:)) else { return nil }
            return DriftDifference(code: code, item: value["item"]?.stringValue, field: value["field"]?.stringValue,
                                   system: value["system"]?.stringValue, canonical: value["canonical"]?.stringValue, kind: kind)
        })
    }
}

/// Drift detection (docs/master-data.md, "Drift"): compares a system's snapshot with the
/// canonical master, keeps the report, and keeps one `master-data-drift` exception per item
/// (or unknown code) and system: opened by the first difference, updated when the
/// differences change, resolved by itself when they are gone.
public struct MasterDataDrift: Sendable {
    let masterData: MasterData
    var store: any Store { masterData.store }

    public init(masterData: MasterData) {
        self.masterData = masterData
    }

    /// The exception's document: `drift:<system>:item:<id>` or `drift:<system>:code:<code>`.
    static func document(system: String, subject: String) -> String { "drift:\(system):\(subject)" }

    static func key(ofDocument document: String) -> (system: String, item: ItemID?, code: String?)? {
        let parts = document.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "drift" else { return nil }
        switch parts[2] {
        case "item": return (parts[1], try? ItemID(parts[3]), nil)
        case "code": return (parts[1], nil, parts[3])
        default: return nil
        }
    }

    /// Compares `records` (what `system` holds now) and brings the report and the exceptions up to date.
    /// The contract price in force on `day` of each item that has exactly one supplier's: the
    /// price a system's item master should show. An item several suppliers sell has no single
    /// canonical price and is not compared.
    func contractPricesInForce(on day: String) async throws -> [ItemID: ContractPrice] {
        var found: [ItemID: [ContractPrice]] = [:]
        var query = ListQuery(limit: 500)
        while true {
            let page = try await store.documents(.contractPrice, query)
            for document in page.records {
                if let price = ContractPrice.inForce(try ContractPrices.decode(document), on: day) { found[price.item, default: []].append(price) }
            }
            guard let next = page.next else { break }
            query.after = next
        }
        return found.compactMapValues { $0.count == 1 ? $0[0] : nil }
    }

    public func compare(system: SystemName, records: [SystemItemRecord], at now: Int64 = WallClock.nowMilliseconds()) async throws -> DriftReport {
        let entries = try await store.crosswalks(system: system, kind: .items)
        var unitCodes: [String: String] = [:]
        for entry in try await store.crosswalks(system: system, kind: .units) where unitCodes[entry.canonical] == nil {
            unitCodes[entry.canonical] = entry.code
        }
        var items: [ItemID: Item] = [:]
        var query = ListQuery(limit: 500)
        while true {
            let page = try await store.items(query)
            for item in page.records { items[item.id] = item }
            guard let next = page.next else { break }
            query.after = next
        }
        let prices = records.contains { $0.price != nil } ? try await contractPricesInForce(on: ContractPrice.day(of: Date(timeIntervalSince1970: Double(now) / 1000))) : [:]
        let differences = DriftComparison.compare(records, items: items, entries: entries, unitCodes: unitCodes, prices: prices)
        let report = DriftReport(system: system.rawValue, comparedAt: now, records: records.count, differences: differences)
        var changes = StoreChanges()
        changes.exceptions = []
        var bySubject: [String: [DriftDifference]] = [:]
        var order: [String] = []
        for difference in differences {
            if bySubject[difference.subject] == nil { order.append(difference.subject) }
            bySubject[difference.subject, default: []].append(difference)
        }
        let open = try await openExceptions(system: system.rawValue)
        for subject in order {
            let found = bySubject[subject] ?? []
            let summary = Self.summary(system: system.rawValue, found)
            let context = JSONValue.object([
                ("system", .string(system.rawValue)), ("code", .string(found[0].code)), ("item", .optional(found[0].item)),
                ("differences", .array(found.map(\.json))),
            ]).serialized()
            if let existing = open[Self.document(system: system.rawValue, subject: subject)] {
                guard existing.context != context else { continue }
                changes.exceptionChanges.append(ExceptionChange(
                    id: existing.id, expected: [.open, .inProgress], status: existing.status,
                    historyEntry: ExceptionWorkbench.entry(action: "compared", actor: "system", note: "the differences changed", data: nil, outcome: summary),
                    summary: summary, context: context))
            } else {
                let trace = TraceContext.random()
                changes.exceptions.append(NewException(
                    id: Identifiers.make("exc"), type: .masterDataDrift, correlationID: trace.correlationID, system: system.rawValue, eventID: nil,
                    deliveryID: nil, summary: summary, context: context, document: Self.document(system: system.rawValue, subject: subject)))
            }
        }
        for (document, existing) in open where bySubject[String(document.dropFirst("drift:\(system.rawValue):".count))] == nil {
            changes.exceptionChanges.append(ExceptionChange(
                id: existing.id, expected: [.open, .inProgress], status: .resolved,
                historyEntry: ExceptionWorkbench.entry(action: "compared", actor: "system", note: "\(system) now agrees with the canonical record",
                                                       data: nil, outcome: "resolved by itself")))
        }
        try await store.saveDriftReport(system: system.rawValue, comparedAt: now, body: report.json.serialized(), then: changes)
        return report
    }

    /// The newest comparison of `system`, if any.
    public func report(system: SystemName) async throws -> DriftReport? {
        guard let body = try await store.driftReport(system: system.rawValue) else { return nil }
        return DriftReport.from(try JSONValue.parse(body))
    }

    /// The system's open (or in-progress) drift exceptions, by document.
    func openExceptions(system: String) async throws -> [String: ExceptionRecord] {
        var found: [String: ExceptionRecord] = [:]
        var before: Int64?
        while true {
            let page = try await store.exceptions(ExceptionFilter(type: .masterDataDrift), limit: 500, before: before)
            for exception in page where exception.system == system && (exception.status == .open || exception.status == .inProgress) {
                if let document = exception.document { found[document] = exception }
            }
            guard page.count == 500, let last = page.last else { break }
            before = last.sequence
        }
        return found
    }

    static func summary(system: String, _ differences: [DriftDifference]) -> String {
        let first = differences[0]
        switch first.kind {
        case .unknownToSuture: return "\(system) holds item \(first.code), which no crosswalk maps to an item"
        case .missingInSystem: return "\(system) does not hold item \(first.item ?? "") (its code \(first.code))"
        case .mismatch:
            let fields = differences.compactMap { difference in
                difference.field.map { "\($0) \(difference.system ?? "-") instead of \(difference.canonical ?? "-")" }
            }
            return "\(system) holds item \(first.item ?? "") (\(first.code)) with \(fields.joined(separator: ", "))"
        }
    }
}
