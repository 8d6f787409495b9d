public import Foundation
public import SutureModel
public import SutureStore
public import SutureProcurement
import SutureX12

/// Contract prices (docs/master-data.md, "Contract prices"): per supplier and item, the
/// prices agreed over periods of days, set by `PUT /v1/suppliers/{id}/prices/{item}` or by the
/// supplier's 832, and read by the purchase-order and invoice checks.
///
/// Each supplier and item is one document (`contract-price`, key `<supplier> <item>`,
/// reference `supplier:<id>`) holding its periods by start day; a period is replaced by one
/// with the same start. Every write is versioned, so two writers cannot lose each other's
/// change, and is audited in the same transaction.
public struct ContractPrices: Sendable {
    public let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    static func key(_ supplier: SupplierID, _ item: ItemID) -> String { "\(supplier.rawValue) \(item.rawValue)" }
    static func reference(_ supplier: SupplierID) -> String { "supplier:\(supplier.rawValue)" }

    // MARK: Reading

    /// Every period of every item of a supplier, by item then start day.
    public func prices(supplier: SupplierID) async throws -> [ContractPrice] {
        var prices: [ContractPrice] = []
        for document in try await store.documents(.contractPrice, reference: Self.reference(supplier)).sorted(by: { $0.key < $1.key }) {
            prices += try Self.decode(document)
        }
        return prices
    }

    /// The periods of one item, by start day.
    public func prices(supplier: SupplierID, item: ItemID) async throws -> [ContractPrice] {
        guard let document = try await store.document(.contractPrice, key: Self.key(supplier, item)) else { return [] }
        return try Self.decode(document)
    }

    /// The price in force on `day` for each of `items` that has one.
    public func inForce(supplier: SupplierID, items: some Sequence<ItemID>, on day: String) async throws -> [ItemID: ContractPrice] {
        var result: [ItemID: ContractPrice] = [:]
        for item in Set(items) {
            if let price = ContractPrice.inForce(try await prices(supplier: supplier, item: item), on: day) { result[item] = price }
        }
        return result
    }

    // MARK: Writing

    /// What a write did to one supplier's item.
    public enum Outcome: Sendable, Equatable {
        /// The item had no contract price before.
        case created
        case updated
        case unchanged
    }

    /// Sets one period (replacing the one with the same start), audited as `price.put` by `actor`.
    @discardableResult
    public func put(_ price: ContractPrice, actor: String, trace: TraceContext = .random()) async throws -> Outcome {
        let target = "supplier:\(price.supplier)/prices/\(price.item)"
        return try await write([price], trace: trace) { changed in
            changed.compactMap { AuditDraft.change(at: WallClock.nowMilliseconds(), actor: actor, action: "price.put", target: target, from: $0.from, to: $0.to) }
        }[0]
    }

    /// Writes periods (of several items) in one transaction, with the audit entries `audit`
    /// makes of what changed (`from` nil for an item new to contract prices), retrying when
    /// another writer got there first. Answers one outcome per price given.
    func write(_ prices: [ContractPrice], trace: TraceContext,
               audit: ([(from: JSONValue?, to: JSONValue)]) -> [AuditDraft]) async throws -> [Outcome] {
        var attempt = 0
        while true {
            attempt += 1
            var stored: [String: StoredDocument] = [:]
            var periods: [String: [ContractPrice]] = [:]
            var keys: [String] = []
            for price in prices {
                let key = Self.key(price.supplier, price.item)
                if periods[key] == nil {
                    let document = try await store.document(.contractPrice, key: key)
                    stored[key] = document
                    periods[key] = try document.map(Self.decode) ?? []
                    keys.append(key)
                }
                periods[key]?.removeAll { $0.validFrom == price.validFrom }
                periods[key]?.append(price)
            }
            let now = WallClock.nowMilliseconds()
            var changes = StoreChanges()
            var changed: [(from: JSONValue?, to: JSONValue)] = []
            var outcomes: [String: Outcome] = [:]
            for key in keys {
                guard let all = periods[key]?.sorted(by: { $0.validFrom < $1.validFrom }), let first = all.first else { continue }
                let body = Self.json(supplier: first.supplier, item: first.item, periods: all)
                let document = stored[key]
                let before = try document.map { try JSONValue.parse($0.body) }
                guard before != body else {
                    outcomes[key] = .unchanged
                    continue
                }
                outcomes[key] = document == nil ? .created : .updated
                changed.append((before, body))
                changes.documents.append(DocumentWrite(StoredDocument(
                    kind: .contractPrice, key: key, version: (document?.version ?? 0) + 1,
                    correlationID: document?.correlationID ?? trace.correlationID, traceparent: document?.traceparent ?? trace.traceparent,
                    status: "current", reference: Self.reference(first.supplier), body: body.serialized(),
                    createdAt: document?.createdAt ?? now, updatedAt: now), expectedVersion: document?.version))
            }
            let answer = prices.map { outcomes[Self.key($0.supplier, $0.item)] ?? .unchanged }
            guard !changes.documents.isEmpty else { return answer }
            changes.audit = audit(changed)
            do {
                try await store.commit(changes)
                return answer
            } catch StoreError.staleVersion where attempt < 5 {
                continue
            } catch StoreError.conflict where attempt < 5 {
                continue
            }
        }
    }

    // MARK: The supplier's 832

    /// What applying a price catalog did.
    public struct CatalogOutcome: Sendable, Equatable {
        public var applied: Int
        public var unchanged: Int
        /// Lines that name no item or unit Suture knows, as `line 3: ...`.
        public var refused: [String]
    }

    /// Sets the contract prices of an 832's lines for `supplier`, read through `system`'s
    /// crosswalks by `resolve` (item and unit of a line). A line's price is its `CON` (contract)
    /// CTP, else its first; it applies from the line's or the catalog's `DTM*007` (effective),
    /// else the catalog's date, else `today`, to its `DTM*036` (expiration) if any.
    func apply(catalog document: X12Document, supplier: SupplierID, system: String, today: String, trace: TraceContext,
               resolve: (X12LineItem, String?) async throws -> (ItemID, UnitOfMeasure)?) async throws -> CatalogOutcome {
        let currency = (try? CurrencyCode(document.currency ?? "USD")) ?? "USD"
        let headerFrom = Self.day(document.dates.first { $0.qualifier == "007" }?.date) ?? Self.day(document.date)
        let headerTo = Self.day(document.dates.first { $0.qualifier == "036" }?.date)
        let source = "832 \(document.number ?? document.control)"
        var prices: [ContractPrice] = []
        var refused: [String] = []
        for (index, line) in document.lines.enumerated() {
            let name = "line \(line.line ?? String(index + 1))"
            let chosen = line.prices.first { $0.qualifier == "CON" } ?? line.prices.first
            guard let text = chosen?.price ?? line.unitPrice, let price = ExactDecimal.parse(text), price >= 0 else {
                refused.append("\(name): no price")
                continue
            }
            guard let (item, unit) = try await resolve(line, chosen?.unit ?? line.unit) else {
                refused.append("\(name): \(line.productIDs.map { "\($0.qualifier) \($0.value)" }.joined(separator: ", ")) is no item Suture knows with a unit of it")
                continue
            }
            let from = Self.day(line.dates.first { $0.qualifier == "007" }?.date) ?? headerFrom ?? today
            let to = Self.day(line.dates.first { $0.qualifier == "036" }?.date) ?? headerTo
            prices.append(ContractPrice(supplier: supplier, item: item, unit: unit, price: price, currency: currency,
                                        validFrom: from, validTo: to.flatMap { $0 >= from ? $0 : nil }, source: source))
        }
        let actor = "system:\(system)"
        let outcomes = prices.isEmpty ? [] : try await write(prices, trace: trace) { changed in
            // One entry for the catalog: what changed, by whom, from which document.
            [AuditDraft(at: WallClock.nowMilliseconds(), actor: actor, action: "price.catalog", target: "supplier:\(supplier)/prices",
                        details: .object([("document", .string(source)), ("lines", .integer(document.lines.count)),
                                          ("changed", .integer(changed.count)), ("refused", .integer(refused.count))]))]
        }
        let applied = outcomes.filter { $0 != .unchanged }.count
        return CatalogOutcome(applied: applied, unchanged: outcomes.count - applied, refused: refused)
    }

    /// `YYYY-MM-DD` of an X12 date `CCYYMMDD`, or nil.
    static func day(_ x12: String?) -> String? {
        guard let x12, x12.count == 8, x12.allSatisfy(\.isNumber) else { return nil }
        let text = "\(x12.prefix(4))-\(x12.dropFirst(4).prefix(2))-\(x12.suffix(2))"
        return InventoryEventJSON.parseDate(text) != nil ? text : nil
    }

    // MARK: JSON

    static func json(supplier: SupplierID, item: ItemID, periods: [ContractPrice]) -> JSONValue {
        .object([("supplier", .string(supplier.rawValue)), ("item", .string(item.rawValue)), ("prices", .array(periods.map(Self.json)))])
    }

    /// `{"supplier","item","unit","price","currency","validFrom","validTo","source"}` (docs/api.md).
    public static func json(_ price: ContractPrice) -> JSONValue {
        .object([
            ("supplier", .string(price.supplier.rawValue)),
            ("item", .string(price.item.rawValue)),
            ("unit", .string(price.unit.code)),
            ("price", .string(Money(price.price, price.currency).amountText)),
            ("currency", .string(price.currency.code)),
            ("validFrom", .string(price.validFrom)),
            ("validTo", .optional(price.validTo)),
            ("source", .string(price.source)),
        ])
    }

    static func decode(_ document: StoredDocument) throws -> [ContractPrice] {
        do {
            let body = try JSONValue.parse(document.body)
            return try (body["prices"]?.arrayValue ?? []).map { try Self.stored($0) }
        } catch {
            throw StoreError.corrupt("contract price \(document.key): \(error)")
        }
    }

    /// A price as `json(_:)` writes it.
    public static func stored(_ value: JSONValue) throws -> ContractPrice {
        let text = { (key: String) throws -> String in
            guard let text = value[key]?.stringValue else { throw StoreError.corrupt("contract price: no \(key)") }
            return text
        }
        guard let price = ExactDecimal.parse(try text("price")) else { throw StoreError.corrupt("contract price: price is no decimal") }
        return ContractPrice(supplier: try SupplierID(try text("supplier")), item: try ItemID(try text("item")),
                             unit: try UnitOfMeasure(try text("unit")), price: price, currency: try CurrencyCode(try text("currency")),
                             validFrom: try text("validFrom"), validTo: value["validTo"]?.stringValue, source: try text("source"))
    }

    /// Reads a `PUT /v1/suppliers/{id}/prices/{item}` body; every error names its field.
    public static func request(supplier: SupplierID, item: ItemID, body: JSONObjectReader, source: String = "api")
        throws(JSONFieldError) -> ContractPrice {
        var body = body
        let unit = try body.required("unit") { try UnitOfMeasure($0) }
        guard let price = try body.optionalDecimal("price") else { throw body.missing("price") }
        guard price >= 0 else { throw JSONFieldError(.invalid, field: "price", message: "must not be negative") }
        let currency = try body.optional("currency") { try CurrencyCode($0) } ?? "USD"
        let day = { (text: String) throws -> String in
            guard InventoryEventJSON.parseDate(text) != nil else { throw FieldRule("'\(text)' is not a date written YYYY-MM-DD") }
            return text
        }
        let validFrom = try body.required("validFrom", day)
        let validTo = try body.optional("validTo", day)
        if let validTo, validTo < validFrom {
            throw JSONFieldError(.inconsistent, field: "validTo", message: "\(validTo) is before validFrom \(validFrom)")
        }
        try body.rejectUnknownFields()
        return ContractPrice(supplier: supplier, item: item, unit: unit, price: price, currency: currency,
                             validFrom: validFrom, validTo: validTo, source: source)
    }
}
