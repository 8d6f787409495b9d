public import Foundation
public import SutureModel

/// The FHIR R5 data types Suture reads and writes (docs/fhir.md): only the elements its
/// resources use, each read with the FHIRPath of where it sits (`SupplyDelivery.suppliedItem[0].quantity`),
/// so a refusal names the element at fault. Errors are `JSONFieldError`s whose field is that path.
public enum FHIR {
    /// The FHIR version Suture speaks.
    public static let version = "5.0.0"
    /// The media type of FHIR's JSON.
    public static let mediaType = "application/fhir+json"
    /// GS1's GTIN code system, as the contract names it.
    public static let gtinSystem = "https://www.gs1.org/gtin"
    /// GS1's GLN identifier system.
    public static let glnSystem = "https://www.gs1.org/gln"
    /// Suture's canonical item ids, unit codes, requisition ids and resource identifiers.
    public static let itemSystem = "urn:suture:item"
    public static let unitSystem = "urn:suture:unit"
    public static let requisitionSystem = "urn:suture:requisition"

    /// The elements every resource may carry (Resource and DomainResource). Suture follows no
    /// implicit rules and understands no modifier extension, so it refuses both (R5 says a
    /// system must not ignore what could change the meaning).
    static let resourceElements: [(String, FHIRShape)] = [
        ("resourceType", .string), ("id", .string), ("meta", .object), ("implicitRules", .refused("Suture follows no implicit rules: leave implicitRules out")),
        ("language", .string), ("text", .object), ("contained", .objects), ("extension", .objects), ("modifierExtension", .refused(modifierRefusal)),
    ]
    /// The elements every backbone element may carry.
    static let backboneElements: [(String, FHIRShape)] = [("id", .string), ("extension", .objects), ("modifierExtension", .refused(modifierRefusal))]
    static let elementElements: [(String, FHIRShape)] = [("id", .string), ("extension", .objects)]
    static let modifierRefusal = "Suture understands no modifier extension, and may not ignore one"
}

/// What an element Suture keeps without reading must look like: its R5 type, checked as far as
/// Suture's own readers go (a Reference or CodeableConcept fully, another complex type as a
/// non-empty object), so what it stores and returns is R5 in shape.
public enum FHIRShape: Sendable {
    case string, bool, object, objects, reference, references, concept, concepts, codeableReferences
    /// An element Suture refuses, with why.
    case refused(String)
}

/// `Identifier`: a business identifier, `system|value`.
public struct FHIRIdentifier: Sendable, Equatable {
    public var system: String?
    public var value: String

    public init(system: String?, value: String) {
        self.system = system
        self.value = value
    }

    /// `system|value`, as `If-None-Exist: identifier=system|value` writes it.
    public var token: String { "\(system ?? "")|\(value)" }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if let system { members.append(("system", .string(system))) }
        members.append(("value", .string(value)))
        return .object(members)
    }

    static func read(_ value: JSONValue, path: String) throws(JSONFieldError) -> FHIRIdentifier {
        try FHIRReader.read(value, path: path, elements: FHIR.elementElements + [("use", .string), ("type", .concept), ("period", .object),
                                                                                 ("assigner", .reference)]) { body throws(JSONFieldError) in
            let system = try body.optionalText("system")
            guard let value = try body.optionalText("value") else { throw body.missing("value") }
            return FHIRIdentifier(system: system, value: value)
        }
    }
}

/// `Coding`: a code in a code system.
public struct FHIRCoding: Sendable, Equatable {
    public var system: String?
    public var code: String?
    public var display: String?

    public init(system: String?, code: String?, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if let system { members.append(("system", .string(system))) }
        if let code { members.append(("code", .string(code))) }
        if let display { members.append(("display", .string(display))) }
        return .object(members)
    }

    static func read(_ value: JSONValue, path: String) throws(JSONFieldError) -> FHIRCoding {
        try FHIRReader.read(value, path: path, elements: FHIR.elementElements + [("version", .string), ("userSelected", .bool)]) { body throws(JSONFieldError) in
            FHIRCoding(system: try body.optionalText("system"), code: try body.optionalText("code"), display: try body.optionalString("display"))
        }
    }
}

/// `CodeableConcept`: codings and a text.
public struct FHIRCodeableConcept: Sendable, Equatable {
    public var codings: [FHIRCoding]
    public var text: String?

    public init(codings: [FHIRCoding], text: String? = nil) {
        self.codings = codings
        self.text = text
    }

    /// The code of the first coding in `system`.
    public func code(in system: String) -> String? { codings.first { $0.system == system }?.code }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if !codings.isEmpty { members.append(("coding", .array(codings.map(\.json)))) }
        if let text { members.append(("text", .string(text))) }
        return .object(members)
    }

    static func read(_ value: JSONValue, path: String) throws(JSONFieldError) -> FHIRCodeableConcept {
        try FHIRReader.read(value, path: path, elements: FHIR.elementElements) { body throws(JSONFieldError) in
            let codings = try FHIRReader.array(&body, "coding") { value, path throws(JSONFieldError) in try FHIRCoding.read(value, path: path) }
            return FHIRCodeableConcept(codings: codings, text: try body.optionalString("text"))
        }
    }
}

/// `Reference`: a literal reference (`Location/MAIN-OR-STORE`), a logical one by identifier, or
/// only a display text (which R5 allows and Suture cannot resolve).
public struct FHIRReference: Sendable, Equatable {
    public var reference: String?
    public var identifier: FHIRIdentifier?
    public var display: String?

    public init(reference: String? = nil, identifier: FHIRIdentifier? = nil, display: String? = nil) {
        self.reference = reference
        self.identifier = identifier
        self.display = display
    }

    /// The Suture id a literal reference `<type>/<id>` names (`FHIRID.decode`d); nil for another
    /// type or an absolute URL.
    public func id(of type: String) -> String? {
        guard let reference else { return nil }
        let parts = reference.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == type, !parts[1].isEmpty else { return nil }
        return FHIRID.decode(String(parts[1]))
    }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if let reference { members.append(("reference", .string(reference))) }
        if let identifier { members.append(("identifier", identifier.json)) }
        if let display { members.append(("display", .string(display))) }
        return .object(members)
    }

    static func read(_ value: JSONValue, path: String) throws(JSONFieldError) -> FHIRReference {
        try FHIRReader.read(value, path: path, elements: FHIR.elementElements + [("type", .string)]) { body throws(JSONFieldError) in
            let reference = try body.optionalText("reference")
            let identifier = try body.value("identifier").map { value throws(JSONFieldError) in try FHIRIdentifier.read(value, path: body.fieldPath("identifier")) }
            return FHIRReference(reference: reference, identifier: identifier, display: try body.optionalString("display"))
        }
    }
}

/// The supplied or requested item: a concept (a GTIN or an item id coding) or a reference
/// to an InventoryItem (`CodeableReference`, or a choice `item[x]`).
public struct FHIRItem: Sendable, Equatable {
    public var concept: FHIRCodeableConcept?
    public var reference: FHIRReference?

    public init(concept: FHIRCodeableConcept? = nil, reference: FHIRReference? = nil) {
        self.concept = concept
        self.reference = reference
    }

    /// An item by its canonical id, as a reference to the InventoryItem Suture serves.
    public static func item(_ id: String, display: String? = nil) -> FHIRItem {
        FHIRItem(reference: FHIRReference(reference: "InventoryItem/\(FHIRID.encode(id))", display: display))
    }

    /// What names the item: a GTIN, Suture's item id, or nothing Suture can resolve.
    public enum Name: Sendable, Equatable {
        case gtin(String)
        case item(String)
    }

    /// The GTIN coding, else the InventoryItem reference or item coding; nil when neither is there.
    public var name: Name? {
        if let gtin = concept?.code(in: FHIR.gtinSystem) { return .gtin(gtin) }
        if let id = reference?.id(of: "InventoryItem") { return .item(id) }
        if let identifier = reference?.identifier, identifier.system == FHIR.gtinSystem { return .gtin(identifier.value) }
        if let id = concept?.code(in: FHIR.itemSystem) { return .item(id) }
        return nil
    }

    /// As `CodeableReference`.
    public var codeableReference: JSONValue {
        var members: [(String, JSONValue)] = []
        if let concept { members.append(("concept", concept.json)) }
        if let reference { members.append(("reference", reference.json)) }
        return .object(members)
    }

    static func readCodeableReference(_ value: JSONValue, path: String) throws(JSONFieldError) -> FHIRItem {
        try FHIRReader.read(value, path: path, elements: FHIR.elementElements) { body throws(JSONFieldError) in
            let concept = try body.value("concept").map { value throws(JSONFieldError) in try FHIRCodeableConcept.read(value, path: body.fieldPath("concept")) }
            let reference = try body.value("reference").map { value throws(JSONFieldError) in try FHIRReference.read(value, path: body.fieldPath("reference")) }
            guard concept != nil || reference != nil else { throw JSONFieldError(.missing, field: body.fieldPath("concept"), message: "is required (or reference)") }
            return FHIRItem(concept: concept, reference: reference)
        }
    }
}

/// `Quantity` (also `SimpleQuantity`): a value and a unit. Suture's units are the item's unit
/// codes (`EA`, `BX`, `CS`), as `code` (system `urn:suture:unit`) or as `unit`; without one, a
/// packaging level's GTIN names the unit.
public struct FHIRQuantity: Sendable, Equatable {
    public var value: Decimal
    public var unit: String?
    public var system: String?
    public var code: String?

    public init(value: Decimal, unit: String?, system: String? = nil, code: String? = nil) {
        self.value = value
        self.unit = unit
        self.system = system
        self.code = code
    }

    /// A quantity in one of Suture's unit codes.
    public static func suture(_ value: Decimal, _ unit: String) -> FHIRQuantity {
        FHIRQuantity(value: value, unit: unit, system: FHIR.unitSystem, code: unit)
    }

    /// The unit code Suture reads: `code`, else the human `unit`.
    public var unitCode: String? { code ?? unit }

    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("value", .number(ExactDecimal.format(value)))]
        if let unit { members.append(("unit", .string(unit))) }
        if let system { members.append(("system", .string(system))) }
        if let code { members.append(("code", .string(code))) }
        return .object(members)
    }

    /// `simple`: a SimpleQuantity, which takes no comparator (R5 sqty-1).
    static func read(_ value: JSONValue, path: String, simple: Bool = false) throws(JSONFieldError) -> FHIRQuantity {
        try FHIRReader.read(value, path: path, elements: FHIR.elementElements) { body throws(JSONFieldError) in
            if let comparator = try body.optionalString("comparator") {
                throw JSONFieldError(.invalid, field: body.fieldPath("comparator"), message: simple
                    ? "a SimpleQuantity takes no comparator (R5 sqty-1)"
                    : "'\(comparator)' is not taken: Suture's requests and counts are exact quantities")
            }
            if body.value("code") != nil && body.value("system") == nil {
                throw JSONFieldError(.missing, field: body.fieldPath("system"), message: "is required with a code (R5 qty-3): urn:suture:unit for Suture's unit codes")
            }
            guard case .number(let text)? = body.value("value") else {
                throw JSONFieldError(body.value("value") == nil ? .missing : .invalid, field: body.fieldPath("value"), message: "is required, a JSON number")
            }
            guard let number = ExactDecimal.parse(text) else {
                throw JSONFieldError(.invalid, field: body.fieldPath("value"), message: "must be a plain decimal such as 12 or 0.5, not \(text)")
            }
            return FHIRQuantity(value: number, unit: try body.optionalText("unit"), system: try body.optionalText("system"), code: try body.optionalText("code"))
        }
    }
}

/// Reads FHIR JSON objects: every element a resource or data type defines is known (those
/// Suture does not use are kept as sent), anything else is refused by name. What R5 itself
/// requires is checked here (400); what Suture's profile adds, by the resources' `check` (422).
enum FHIRReader {
    static func read<T>(_ value: JSONValue, path: String, elements: [(String, FHIRShape)], _ body: (inout JSONObjectReader) throws(JSONFieldError) -> T)
        throws(JSONFieldError) -> T {
        var reader = try JSONObjectReader(value, path: path)
        if value.objectMembers?.isEmpty == true {
            throw JSONFieldError(.invalid, field: path, message: "must not be empty (R5 ele-1: an element has a value or children)")
        }
        let result = try body(&reader)
        for (element, shape) in elements {
            if let member = reader.value(element) { try check(member, shape, path: reader.fieldPath(element)) }
        }
        // A primitive's id and extensions (`_status`) ride beside it.
        for (key, member) in value.objectMembers ?? [] where key.hasPrefix("_") {
            let base = String(key.dropFirst())
            guard elements.contains(where: { $0.0 == base }) || reader.wasRead(base) else { continue }
            _ = reader.value(key)
            try check(member, .object, path: reader.fieldPath(key))
        }
        try reader.rejectUnknownFields()
        return result
    }

    static func check(_ value: JSONValue, _ shape: FHIRShape, path: String) throws(JSONFieldError) {
        func many(_ each: FHIRShape) throws(JSONFieldError) {
            guard case .array(let items) = value, !items.isEmpty else { throw JSONFieldError(.invalid, field: path, message: "must be a non-empty array") }
            for (index, item) in items.enumerated() { try check(item, each, path: "\(path)[\(index)]") }
        }
        switch shape {
        case .string:
            guard case .string(let text) = value, !text.isEmpty else { throw JSONFieldError(.invalid, field: path, message: "must be a non-empty string") }
        case .bool:
            guard case .bool = value else { throw JSONFieldError(.invalid, field: path, message: "must be true or false") }
        case .object:
            guard case .object(let members) = value, !members.isEmpty else { throw JSONFieldError(.invalid, field: path, message: "must be a non-empty JSON object") }
        case .objects: try many(.object)
        case .reference: _ = try FHIRReference.read(value, path: path)
        case .references: try many(.reference)
        case .concept: _ = try FHIRCodeableConcept.read(value, path: path)
        case .concepts: try many(.concept)
        case .codeableReferences:
            guard case .array(let items) = value, !items.isEmpty else { throw JSONFieldError(.invalid, field: path, message: "must be a non-empty array") }
            for (index, item) in items.enumerated() { _ = try FHIRItem.readCodeableReference(item, path: "\(path)[\(index)]") }
        case .refused(let why):
            throw JSONFieldError(.invalid, field: path, message: why)
        }
    }

    /// An optional array; each member read with its index in the path.
    static func array<T>(_ body: inout JSONObjectReader, _ key: String, _ read: (JSONValue, String) throws(JSONFieldError) -> T)
        throws(JSONFieldError) -> [T] {
        guard let values = try body.optionalArray(key) else { return [] }
        var results: [T] = []
        for (index, value) in values.enumerated() { results.append(try read(value, "\(body.fieldPath(key))[\(index)]")) }
        return results
    }

    /// A required code from a required binding.
    static func code<C: RawRepresentable & CaseIterable>(_ body: inout JSONObjectReader, _ key: String, as _: C.Type) throws(JSONFieldError) -> C?
        where C.RawValue == String {
        guard let text = try body.optionalString(key) else { return nil }
        guard let code = C(rawValue: text) else {
            throw JSONFieldError(.invalid, field: body.fieldPath(key),
                                 message: "'\(text)' is not one of \(C.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return code
    }

    /// A `dateTime` in milliseconds since 1970: with a time and a time zone, or R5's partial
    /// forms `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, read as the start of that period in UTC.
    static func dateTime(_ body: inout JSONObjectReader, _ key: String) throws(JSONFieldError) -> Int64? {
        guard let text = try body.optionalString(key) else { return nil }
        if let milliseconds = WallClock.milliseconds(timestamp: text) { return milliseconds }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let widths = [4, 2, 2]
        if (1...3).contains(parts.count), zip(parts, widths).allSatisfy({ $0.count == $1 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) {
            let padded = text + ["-01-01", "-01", ""][parts.count - 1]
            if let milliseconds = WallClock.milliseconds(timestamp: padded + "T00:00:00Z") { return milliseconds }
        }
        throw JSONFieldError(.invalid, field: body.fieldPath(key),
                             message: "'\(text)' is not a FHIR dateTime: 2026-05-18T10:15:00Z (a time needs its zone), or a date 2026-05-18, 2026-05 or 2026")
    }

    /// The resource's type, checked against the one the endpoint takes.
    static func resourceType(_ value: JSONValue, expected: String) throws(JSONFieldError) {
        guard case .object = value else { throw JSONFieldError(.invalid, field: expected, message: "the body must be a JSON object, a \(expected) resource") }
        guard let type = value["resourceType"]?.stringValue else {
            throw JSONFieldError(.missing, field: "\(expected).resourceType", message: "is required: '\(expected)'")
        }
        guard type == expected else {
            throw JSONFieldError(.invalid, field: "\(expected).resourceType", message: "is '\(type)', but this endpoint takes \(expected)")
        }
    }
}

extension FHIR {
    /// A `dateTime`/`instant` in UTC with milliseconds.
    public static func instant(_ milliseconds: Int64) -> String { WallClock.timestamp(milliseconds: milliseconds) }
}

/// FHIR ids are 1-64 of `A-Z a-z 0-9 - .`; Suture's ids may also hold `_ : /` (docs/fhir.md,
/// "Ids"). An id FHIR cannot take is written `x.` and the hex of its UTF-8 (while that fits in
/// 64), and read back the same way; so `Location/x.4f525f31` is Suture's location `OR_1`.
public enum FHIRID {
    public static func encode(_ id: String) -> String {
        if isFHIRID(id) && !id.hasPrefix("x.") { return id }
        let hex = id.utf8.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        return "x." + hex.prefix(62)
    }

    public static func decode(_ id: String) -> String {
        guard id.hasPrefix("x."), id.count % 2 == 0 else { return id }
        let hex = Array(id.dropFirst(2))
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < hex.count {
            guard let byte = UInt8(String(hex[index...index + 1]), radix: 16) else { return id }
            bytes.append(byte)
            index += 2
        }
        return String(bytes: bytes, encoding: .utf8) ?? id
    }

    public static func isFHIRID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x2E
        }
    }
}
