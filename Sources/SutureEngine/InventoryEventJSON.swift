public import Foundation
public import SutureModel
import SutureProcurement
import SutureDelivery

/// The JSON of inventory events (docs/api.md, "Inventory events"), both ways.
public enum InventoryEventJSON {
    /// Reads an event body; every refusal names its field. Unknown fields are refused.
    /// `idempotencyKey` is allowed (and returned) for the members of a batch.
    public static func parse(_ value: JSONValue, allowIdempotencyKey: Bool = false) throws(JSONFieldError) -> (event: InventoryEventInput, idempotencyKey: String?) {
        var body = try JSONObjectReader(value)
        let type = try body.required("type") { text in
            guard let type = InventoryEventType(rawValue: text) else {
                throw FieldRule("'\(text)' is not one of \(InventoryEventType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return type
        }
        let source = try body.required("source") { text in try CanonicalID<SystemKind>(text).rawValue }
        let occurredAt = try body.required("occurredAt") { text in try parseTimestamp(text) }
        let location = try code(&body, "location", required: true)!
        let toLocation = try code(&body, "toLocation", required: false)
        if type == .transfer && toLocation == nil {
            throw JSONFieldError(.missing, field: "toLocation", message: "is required for a transfer")
        }
        if type != .transfer && toLocation != nil {
            throw JSONFieldError(.invalid, field: "toLocation", message: "is only for transfers")
        }
        let item = try code(&body, "item", required: false)
        let barcode = try body.optionalText("barcode")
        if let barcode, barcode.unicodeScalars.count > 7089 {
            throw JSONFieldError(.invalid, field: "barcode", message: "is longer than any barcode can hold")
        }
        switch (item, barcode) {
        case (nil, nil): throw JSONFieldError(.missing, field: "item", message: "is required (or give barcode)")
        case (.some, .some): throw JSONFieldError(.invalid, field: "barcode", message: "give item or barcode, not both")
        default: break
        }
        guard let quantity = try body.optionalDecimal("quantity") else {
            throw body.missing("quantity")
        }
        if type != .adjustment && type != .count && quantity <= 0 {
            throw JSONFieldError(.invalid, field: "quantity", message: "must be positive for a \(type.rawValue)")
        }
        if type == .count && quantity < 0 {
            throw JSONFieldError(.invalid, field: "quantity", message: "a count cannot be negative")
        }
        let unit = try code(&body, "unit", required: barcode == nil)
        let lot = try body.optionalText("lot")
        let expiry = try body.optional("expiry") { text in
            guard parseDate(text) != nil else { throw FieldRule("'\(text)' is not a date written YYYY-MM-DD") }
            return text
        }
        let serial = try body.optionalText("serial")
        let purchaseOrder = try body.optionalText("purchaseOrder")
        let poLine = try body.optionalInteger("poLine", in: 1...999_999)
        let reason = try body.optionalText("reason")
        var key: String?
        if allowIdempotencyKey { key = try body.optionalText("idempotencyKey") }
        try body.rejectUnknownFields()
        return (InventoryEventInput(type: type, source: source, occurredAt: occurredAt, location: location, toLocation: toLocation,
                                    item: item, barcode: barcode, quantity: quantity, unit: unit, lot: lot, expiry: expiry,
                                    serial: serial, purchaseOrder: purchaseOrder, poLine: poLine, reason: reason), key)
    }

    /// An event body as `parse` reads it back (the inverse of `parse`): the timestamp in
    /// UTC with milliseconds, the quantity as an exact decimal string.
    public static func json(_ input: InventoryEventInput) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", .string(input.type.rawValue)), ("source", .string(input.source)),
            ("occurredAt", .string(timestamp(input.occurredAt))), ("location", .string(input.location)),
        ]
        func add(_ key: String, _ text: String?) { if let text { members.append((key, .string(text))) } }
        add("toLocation", input.toLocation)
        add("item", input.item)
        add("barcode", input.barcode)
        members.append(("quantity", .string(ExactDecimal.format(input.quantity))))
        add("unit", input.unit)
        add("lot", input.lot)
        add("expiry", input.expiry)
        add("serial", input.serial)
        add("purchaseOrder", input.purchaseOrder)
        if let poLine = input.poLine { members.append(("poLine", .number(String(poLine)))) }
        add("reason", input.reason)
        return .object(members)
    }

    /// A source system's code: non-empty, one line, at most 128 characters.
    static func code(_ body: inout JSONObjectReader, _ key: String, required: Bool) throws(JSONFieldError) -> String? {
        guard let text = required ? try body.text(key) : try body.optionalText(key) else { return nil }
        guard text.unicodeScalars.count <= 128, !text.contains(where: \.isNewline) else {
            throw JSONFieldError(.invalid, field: body.fieldPath(key), message: "must be at most 128 characters on one line")
        }
        return text
    }

    /// An RFC 3339 timestamp with a time zone, with or without fractional seconds.
    public static func parseTimestamp(_ text: String) throws -> Date {
        guard let milliseconds = WallClock.milliseconds(timestamp: text) else {
            throw FieldRule("'\(text)' is not an RFC 3339 timestamp such as 2026-05-18T10:15:00Z")
        }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// A calendar date `YYYY-MM-DD`, checked against the calendar.
    public static func parseDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days ? (year, month, day) : nil
    }

    /// The canonical JSON of an event, as stored and as sent to subscribers.
    public static func json(_ event: CanonicalInventoryEvent) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", .string(event.type.rawValue)),
            ("source", .string(event.source)),
            ("occurredAt", .string(timestamp(event.occurredAt))),
            ("location", .string(event.location.rawValue)),
        ]
        if let toLocation = event.toLocation { members.append(("toLocation", .string(toLocation.rawValue))) }
        members += [
            ("item", .string(event.item.rawValue)),
            ("quantity", .string(event.quantity.valueText)),
            ("unit", .string(event.quantity.unit.code)),
            ("sourceQuantity", .string(event.sourceQuantity.valueText)),
            ("sourceUnit", .string(event.sourceQuantity.unit.code)),
            ("lot", .optional(event.lot)),
            ("expiry", .optional(event.expiry)),
            ("serial", .optional(event.serial)),
            ("gtin", .optional(event.gtin?.value)),
            ("purchaseOrder", .optional(event.purchaseOrder)),
            ("poLine", event.poLine.map(JSONValue.integer) ?? .null),
        ]
        if let reason = event.reason { members.append(("reason", .string(reason))) }
        return .object(members)
    }

    /// Reads back the canonical JSON written by `json(_:)`.
    public static func canonical(_ value: JSONValue) throws -> CanonicalInventoryEvent {
        var body = try JSONObjectReader(value)
        let type = try body.required("type") { text in
            guard let type = InventoryEventType(rawValue: text) else { throw FieldRule("unknown type") }
            return type
        }
        let unit = try body.required("unit") { try UnitOfMeasure($0) }
        let sourceUnit = try body.required("sourceUnit") { try UnitOfMeasure($0) }
        return CanonicalInventoryEvent(
            type: type, source: try body.string("source"),
            occurredAt: try body.required("occurredAt") { try parseTimestamp($0) },
            location: try body.required("location") { try LocationID($0) },
            toLocation: try body.optional("toLocation") { try LocationID($0) },
            item: try body.required("item") { try ItemID($0) },
            quantity: Quantity(try body.optionalDecimal("quantity") ?? 0, unit),
            sourceQuantity: Quantity(try body.optionalDecimal("sourceQuantity") ?? 0, sourceUnit),
            lot: try body.optionalString("lot"), expiry: try body.optionalString("expiry"), serial: try body.optionalString("serial"),
            gtin: try body.optional("gtin") { try GTIN($0) }, purchaseOrder: try body.optionalString("purchaseOrder"),
            poLine: try body.optionalInteger("poLine", in: 1...999_999), reason: try body.optionalString("reason"))
    }

    /// Timestamps as Suture writes them: UTC with milliseconds.
    public static func timestamp(_ date: Date) -> String {
        WallClock.timestamp(milliseconds: WallClock.milliseconds(date))
    }

    public static func timestamp(milliseconds: Int64) -> String {
        WallClock.timestamp(milliseconds: milliseconds)
    }
}

/// A rule a field broke, as a message for `JSONObjectReader`.
struct FieldRule: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
