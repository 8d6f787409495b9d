
/// The JSON shapes of master data (docs/api.md, "Endpoints"), both ways.
public enum MasterDataJSON {
    public static func item(id: ItemID, body: JSONObjectReader) throws(JSONFieldError) -> Item {
        var body = body
        let description = try body.text("description")
        let gtin = try body.optional("gtin") { try GTIN($0) }
        let manufacturer = try body.optionalText("manufacturer")
        let manufacturerPart = try body.optionalText("manufacturerPart")
        let unspsc = try body.optionalString("unspsc")
        if let unspsc, !(unspsc.count == 8 && unspsc.allSatisfy(\.isASCII) && unspsc.allSatisfy(\.isNumber)) {
            throw JSONFieldError(.invalid, field: "unspsc", message: "'\(unspsc)' must be an 8-digit UNSPSC code")
        }
        let baseUnit = try body.required("baseUnit") { try UnitOfMeasure($0) }
        var levels: [PackagingLevel] = []
        for (index, element) in (try body.optionalArray("packaging") ?? []).enumerated() {
            var level = try JSONObjectReader(element, path: "packaging[\(index)]")
            let unit = try level.required("unit") { try UnitOfMeasure($0) }
            guard let quantity = try level.optionalDecimal("quantity") else {
                throw level.missing("quantity")
            }
            let levelGTIN = try level.optional("gtin") { try GTIN($0) }
            try level.rejectUnknownFields()
            levels.append(PackagingLevel(unit: unit, quantity: quantity, gtin: levelGTIN))
        }
        let packaging: PackagingHierarchy
        do {
            packaging = try PackagingHierarchy(baseUnit: baseUnit, levels: levels)
        } catch let error as PackagingError {
            switch error {
            case .duplicateUnit, .duplicateGTIN: throw JSONFieldError(.inconsistent, field: "packaging", message: "\(error)")
            default: throw JSONFieldError(.invalid, field: "packaging", message: "\(error)")
            }
        } catch {
            throw JSONFieldError(.invalid, field: "packaging", message: "\(error)")
        }
        if let gtin, packaging.unit(forGTIN: gtin) != nil {
            throw JSONFieldError(.inconsistent, field: "gtin", message: "\(gtin) is also the GTIN of a packaging level")
        }
        let lot = try body.optionalBool("lotControlled") ?? false
        let serial = try body.optionalBool("serialControlled") ?? false
        let expiry = try body.optionalBool("expiryControlled") ?? false
        let status = try body.optional("status") { text in
            guard let status = ItemStatus(rawValue: text) else {
                throw FieldMessage("'\(text)' is not one of \(ItemStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return status
        } ?? .active
        try checkBodyID(&body, matches: id.rawValue)
        try body.rejectUnknownFields()
        return Item(id: id, description: description, gtin: gtin, manufacturer: manufacturer, manufacturerPart: manufacturerPart,
                    unspsc: unspsc, packaging: packaging, lotControlled: lot, serialControlled: serial,
                    expiryControlled: expiry, status: status)
    }

    public static func json(_ item: Item) -> JSONValue {
        .object([
            ("id", .string(item.id.rawValue)),
            ("description", .string(item.description)),
            ("gtin", .optional(item.gtin?.value)),
            ("manufacturer", .optional(item.manufacturer)),
            ("manufacturerPart", .optional(item.manufacturerPart)),
            ("unspsc", .optional(item.unspsc)),
            ("baseUnit", .string(item.packaging.baseUnit.code)),
            ("packaging", .array(item.packaging.levels.map { level in
                var members: [(String, JSONValue)] = [
                    ("unit", .string(level.unit.code)), ("quantity", .number(ExactDecimal.format(level.quantity))),
                ]
                if let gtin = level.gtin { members.append(("gtin", .string(gtin.value))) }
                return .object(members)
            })),
            ("lotControlled", .bool(item.lotControlled)),
            ("serialControlled", .bool(item.serialControlled)),
            ("expiryControlled", .bool(item.expiryControlled)),
            ("status", .string(item.status.rawValue)),
        ])
    }

    public static func location(id: LocationID, body: JSONObjectReader) throws(JSONFieldError) -> Location {
        var body = body
        let name = try body.text("name")
        let type = try body.required("type") { text in
            guard let type = LocationType(rawValue: text) else {
                throw FieldMessage("'\(text)' is not one of \(LocationType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return type
        }
        let parent = try body.optional("parent") { try LocationID($0) }
        let gln = try body.optional("gln") { try GLN($0) }
        let status = try recordStatus(&body)
        try checkBodyID(&body, matches: id.rawValue)
        try body.rejectUnknownFields()
        return Location(id: id, name: name, type: type, parent: parent, gln: gln, status: status)
    }

    public static func json(_ location: Location) -> JSONValue {
        .object([
            ("id", .string(location.id.rawValue)),
            ("name", .string(location.name)),
            ("type", .string(location.type.rawValue)),
            ("parent", .optional(location.parent?.rawValue)),
            ("gln", .optional(location.gln?.value)),
            ("status", .string(location.status.rawValue)),
        ])
    }

    public static func supplier(id: SupplierID, body: JSONObjectReader) throws(JSONFieldError) -> Supplier {
        var body = body
        let name = try body.text("name")
        let gln = try body.optional("gln") { try GLN($0) }
        let interchangeID = try body.optionalString("interchangeId")
        if let interchangeID, interchangeID.isEmpty || interchangeID.unicodeScalars.count > 15 {
            throw JSONFieldError(.invalid, field: "interchangeId", message: "must be 1 to 15 characters (X12 ISA06/ISA08)")
        }
        let status = try recordStatus(&body)
        try checkBodyID(&body, matches: id.rawValue)
        try body.rejectUnknownFields()
        return Supplier(id: id, name: name, gln: gln, interchangeID: interchangeID, status: status)
    }

    /// `status` of a location or supplier: `active` (when absent) or `inactive`.
    static func recordStatus(_ body: inout JSONObjectReader) throws(JSONFieldError) -> RecordStatus {
        try body.optional("status") { text in
            guard let status = RecordStatus(rawValue: text) else {
                throw FieldMessage("'\(text)' is not one of \(RecordStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return status
        } ?? .active
    }

    public static func json(_ supplier: Supplier) -> JSONValue {
        .object([
            ("id", .string(supplier.id.rawValue)),
            ("name", .string(supplier.name)),
            ("gln", .optional(supplier.gln?.value)),
            ("interchangeId", .optional(supplier.interchangeID)),
            ("status", .string(supplier.status.rawValue)),
        ])
    }

    public static func json(_ entry: CrosswalkEntry) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("system", .string(entry.system.rawValue)),
            ("kind", .string(entry.kind.rawValue)),
            ("code", .string(entry.code)),
            ("id", .string(entry.canonical)),
        ]
        if let unit = entry.unit { members.append(("unit", .string(unit.code))) }
        return .object(members)
    }
}

/// A body may repeat the id of its path, but not contradict it.
private func checkBodyID(_ body: inout JSONObjectReader, matches id: String) throws(JSONFieldError) {
    if let text = try body.optionalString("id"), text != id {
        throw JSONFieldError(.inconsistent, field: "id", message: "'\(text)' differs from the id in the path '\(id)'")
    }
}

/// A validation message for a field whose rule lives here rather than in a model type.
public struct FieldMessage: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
