public import Foundation
public import SutureModel

/// `SupplyDelivery` (R5): goods delivered. A `completed` one is a receipt (docs/fhir.md):
/// each supplied item (a GTIN coding or an InventoryItem reference, a quantity with its unit)
/// received at `destination` (a Location by id or GLN).
public struct SupplyDelivery: Sendable, Equatable {
    /// The required binding `supplydelivery-status`.
    public enum Status: String, Sendable, CaseIterable {
        case inProgress = "in-progress"
        case completed
        case abandoned
        case enteredInError = "entered-in-error"
    }

    public struct SuppliedItem: Sendable, Equatable {
        public var quantity: FHIRQuantity?
        public var item: FHIRItem?
    }

    public var identifiers: [FHIRIdentifier]
    public var status: Status?
    public var suppliedItems: [SuppliedItem]
    /// `occurrenceDateTime`, in milliseconds.
    public var occurredAt: Int64?
    public var destination: FHIRReference?
    /// The resource as sent, for storing back with its id.
    public var resource: JSONValue

    static let elements = FHIR.resourceElements + [
        ("basedOn", .references), ("partOf", .references), ("patient", .reference), ("type", .concept), ("occurrencePeriod", .object),
        ("occurrenceTiming", .object), ("supplier", .reference), ("receiver", .references),
    ]

    /// Reads a SupplyDelivery; refusals name the element (`SupplyDelivery.suppliedItem[0].quantity.value`).
    public static func read(_ value: JSONValue) throws(JSONFieldError) -> SupplyDelivery {
        try FHIRReader.resourceType(value, expected: "SupplyDelivery")
        return try FHIRReader.read(value, path: "SupplyDelivery", elements: elements) { body throws(JSONFieldError) in
            let identifiers = try FHIRReader.array(&body, "identifier") { value, path throws(JSONFieldError) in try FHIRIdentifier.read(value, path: path) }
            let status = try FHIRReader.code(&body, "status", as: Status.self)
            let items = try FHIRReader.array(&body, "suppliedItem") { value, path throws(JSONFieldError) in
                try FHIRReader.read(value, path: path, elements: FHIR.backboneElements) { item throws(JSONFieldError) in
                    let quantity = try item.value("quantity").map { value throws(JSONFieldError) in
                        try FHIRQuantity.read(value, path: item.fieldPath("quantity"), simple: true)
                    }
                    var supplied: FHIRItem?
                    if let concept = item.value("itemCodeableConcept") {
                        supplied = FHIRItem(concept: try FHIRCodeableConcept.read(concept, path: item.fieldPath("itemCodeableConcept")))
                    }
                    if let reference = item.value("itemReference") {
                        if supplied != nil {
                            throw JSONFieldError(.invalid, field: item.fieldPath("itemReference"), message: "give itemCodeableConcept or itemReference, not both (item[x])")
                        }
                        supplied = FHIRItem(reference: try FHIRReference.read(reference, path: item.fieldPath("itemReference")))
                    }
                    return SuppliedItem(quantity: quantity, item: supplied)
                }
            }
            let occurredAt = try FHIRReader.dateTime(&body, "occurrenceDateTime")
            let destination = try body.value("destination").map { value throws(JSONFieldError) in try FHIRReference.read(value, path: body.fieldPath("destination")) }
            return SupplyDelivery(identifiers: identifiers, status: status, suppliedItems: items, occurredAt: occurredAt, destination: destination,
                                  resource: value)
        }
    }

    /// What Suture's profile needs beyond R5 to take it as a receipt: `completed`, when
    /// (`occurrenceDateTime`), a destination Location, and every supplied item with an item Suture can name and a
    /// quantity (with a unit, unless a GTIN names it).
    public func checkReceipt() throws(JSONFieldError) {
        guard let status else { throw JSONFieldError(.missing, field: "SupplyDelivery.status", message: "is required: completed, for a receipt") }
        guard status == .completed else {
            throw JSONFieldError(.invalid, field: "SupplyDelivery.status", message: "is '\(status.rawValue)'; Suture takes completed deliveries (receipts)")
        }
        guard destination?.id(of: "Location") != nil || destination?.identifier?.system == FHIR.glnSystem else {
            throw JSONFieldError(.missing, field: "SupplyDelivery.destination", message: "is required: the Location that received it (Location/<id>, or its GLN)")
        }
        // The receipt's time is part of the events it becomes: a retry must carry the same one.
        guard occurredAt != nil else {
            throw JSONFieldError(.missing, field: "SupplyDelivery.occurrenceDateTime", message: "is required: when it was received")
        }
        guard !suppliedItems.isEmpty else { throw JSONFieldError(.missing, field: "SupplyDelivery.suppliedItem", message: "is required: what was received") }
        for (index, supplied) in suppliedItems.enumerated() {
            let path = "SupplyDelivery.suppliedItem[\(index)]"
            guard let quantity = supplied.quantity else { throw JSONFieldError(.missing, field: "\(path).quantity", message: "is required") }
            guard quantity.value > 0 else { throw JSONFieldError(.invalid, field: "\(path).quantity.value", message: "must be above zero") }
            guard let item = supplied.item else { throw JSONFieldError(.missing, field: "\(path).item[x]", message: "is required: itemCodeableConcept (a GTIN) or itemReference") }
            guard let name = item.name else {
                throw JSONFieldError(.invalid, field: "\(path).item[x]",
                                     message: "names no item Suture knows how to read: a coding of system \(FHIR.gtinSystem) or a reference InventoryItem/<id>")
            }
            if case .item = name, quantity.unitCode == nil {
                throw JSONFieldError(.missing, field: "\(path).quantity.code", message: "is required for an InventoryItem (or unit): the item's unit code, such as EA or BX")
            }
        }
    }
}
