public import Foundation
public import SutureModel

/// `InventoryItem` (R5) as Suture writes an item of its master (docs/fhir.md): the id is
/// the canonical item id; its GTINs are identifiers (a packaging level's with the unit as
/// its type); its units as characteristics (`units-per-<unit>` in the base unit).
public enum InventoryItem {
    /// The required binding `inventoryitem-status`.
    public enum Status: String, Sendable, CaseIterable {
        case active, inactive
        case enteredInError = "entered-in-error"
        case unknown
    }

    /// One GTIN of the item: its own (unit nil) or a packaging level's.
    public struct GTINIdentifier: Sendable, Equatable {
        public var gtin: String
        public var unit: String?

        public init(gtin: String, unit: String?) {
            self.gtin = gtin
            self.unit = unit
        }
    }

    public static func json(id: String, description: String, active: Bool, baseUnit: String, gtins: [GTINIdentifier],
                            unitsPerPackage: [(unit: String, baseUnits: Decimal)], lastUpdated: Int64?) -> JSONValue {
        var members: [(String, JSONValue)] = [("resourceType", .string("InventoryItem")), ("id", .string(FHIRID.encode(id)))]
        if let lastUpdated { members.append(("meta", .object([("lastUpdated", .string(FHIR.instant(lastUpdated)))]))) }
        var identifiers: [JSONValue] = [FHIRIdentifier(system: FHIR.itemSystem, value: id).json]
        for gtin in gtins {
            var identifier: [(String, JSONValue)] = []
            if let unit = gtin.unit { identifier.append(("type", FHIRCodeableConcept(codings: [], text: unit).json)) }
            identifier += [("system", .string(FHIR.gtinSystem)), ("value", .string(gtin.gtin))]
            identifiers.append(.object(identifier))
        }
        members.append(("identifier", .array(identifiers)))
        members.append(("status", .string(active ? Status.active.rawValue : Status.inactive.rawValue)))
        var codings = [FHIRCoding(system: FHIR.itemSystem, code: id, display: description)]
        if let own = gtins.first(where: { $0.unit == nil }) { codings.append(FHIRCoding(system: FHIR.gtinSystem, code: own.gtin)) }
        members.append(("code", .array([FHIRCodeableConcept(codings: codings, text: description).json])))
        members.append(("name", .array([.object([
            ("nameType", FHIRCoding(system: "http://hl7.org/fhir/inventoryitem-nametype", code: "preferred").json),
            ("language", .string("en")), ("name", .string(description)),
        ])])))
        members.append(("baseUnit", FHIRCodeableConcept(codings: [FHIRCoding(system: FHIR.unitSystem, code: baseUnit)], text: baseUnit).json))
        if !unitsPerPackage.isEmpty {
            members.append(("characteristic", .array(unitsPerPackage.map { package in
                .object([
                    ("characteristicType", FHIRCodeableConcept(codings: [FHIRCoding(system: FHIR.unitSystem, code: "units-per-\(package.unit)")],
                                                               text: "\(baseUnit) per \(package.unit)").json),
                    ("valueQuantity", FHIRQuantity.suture(package.baseUnits, baseUnit).json),
                ])
            })))
        }
        return .object(members)
    }
}
