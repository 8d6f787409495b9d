public import Foundation
public import SutureModel

/// `SupplyRequest` (R5): a request for goods. Inbound it becomes a requisition; Suture's
/// requisitions are served and sent out as SupplyRequests (docs/fhir.md).
public struct SupplyRequest: Sendable, Equatable {
    /// The required binding `supplyrequest-status`.
    public enum Status: String, Sendable, CaseIterable {
        case draft, active, suspended, cancelled, completed
        case enteredInError = "entered-in-error"
        case unknown
    }

    /// The required binding `request-priority`.
    public enum Priority: String, Sendable, CaseIterable {
        case routine, urgent, asap, stat
    }

    public var id: String?
    public var identifiers: [FHIRIdentifier]
    public var status: Status?
    public var priority: Priority?
    public var item: FHIRItem
    public var quantity: FHIRQuantity
    public var authoredOn: Int64?
    public var supplier: [FHIRReference]
    public var deliverTo: FHIRReference?
    public var resource: JSONValue

    static let elements = FHIR.resourceElements + [
        ("basedOn", .references), ("category", .concept), ("deliverFor", .reference), ("parameter", .objects), ("occurrenceDateTime", .string),
        ("occurrencePeriod", .object), ("occurrenceTiming", .object), ("requester", .reference), ("reason", .codeableReferences),
        ("deliverFrom", .reference),
    ]

    public static func read(_ value: JSONValue) throws(JSONFieldError) -> SupplyRequest {
        try FHIRReader.resourceType(value, expected: "SupplyRequest")
        return try FHIRReader.read(value, path: "SupplyRequest", elements: elements) { body throws(JSONFieldError) in
            let identifiers = try FHIRReader.array(&body, "identifier") { value, path throws(JSONFieldError) in try FHIRIdentifier.read(value, path: path) }
            let status = try FHIRReader.code(&body, "status", as: Status.self)
            let priority = try FHIRReader.code(&body, "priority", as: Priority.self)
            guard let itemValue = body.value("item") else { throw body.missing("item") }
            let item = try FHIRItem.readCodeableReference(itemValue, path: body.fieldPath("item"))
            guard let quantityValue = body.value("quantity") else { throw body.missing("quantity") }
            let quantity = try FHIRQuantity.read(quantityValue, path: body.fieldPath("quantity"))
            let authoredOn = try FHIRReader.dateTime(&body, "authoredOn")
            _ = try FHIRReader.dateTime(&body, "occurrenceDateTime")
            let supplier = try FHIRReader.array(&body, "supplier") { value, path throws(JSONFieldError) in try FHIRReference.read(value, path: path) }
            let deliverTo = try body.value("deliverTo").map { value throws(JSONFieldError) in try FHIRReference.read(value, path: body.fieldPath("deliverTo")) }
            let id = try body.optionalString("id")
            return SupplyRequest(id: id, identifiers: identifiers, status: status, priority: priority, item: item, quantity: quantity,
                                 authoredOn: authoredOn, supplier: supplier, deliverTo: deliverTo, resource: value)
        }
    }

    /// What Suture's profile needs to raise a requisition: an active (or draft) request for
    /// an item it can name, a positive quantity, and the Location to deliver to.
    public func checkRequisition() throws(JSONFieldError) {
        if let status, status != .active, status != .draft {
            throw JSONFieldError(.invalid, field: "SupplyRequest.status", message: "is '\(status.rawValue)'; Suture raises requisitions for active or draft requests")
        }
        guard quantity.value > 0 else { throw JSONFieldError(.invalid, field: "SupplyRequest.quantity.value", message: "must be above zero") }
        guard item.name != nil else {
            throw JSONFieldError(.invalid, field: "SupplyRequest.item",
                                 message: "names no item Suture knows how to read: concept with a coding of system \(FHIR.gtinSystem), or reference InventoryItem/<id>")
        }
        guard deliverTo?.id(of: "Location") != nil || deliverTo?.identifier?.system == FHIR.glnSystem else {
            throw JSONFieldError(.missing, field: "SupplyRequest.deliverTo", message: "is required: the Location to deliver to (Location/<id>, or its GLN)")
        }
    }

    /// A SupplyRequest as Suture writes it (a requisition).
    public struct Written: Sendable, Equatable {
        public var id: String
        public var identifier: FHIRIdentifier
        public var status: Status
        public var item: FHIRItem
        public var quantity: FHIRQuantity
        public var authoredOn: Int64
        public var supplier: String?
        public var deliverTo: String
        public var lastUpdated: Int64
        public var versionId: Int

        public init(id: String, identifier: FHIRIdentifier, status: Status, item: FHIRItem, quantity: FHIRQuantity, authoredOn: Int64,
                    supplier: String?, deliverTo: String, lastUpdated: Int64, versionId: Int) {
            self.id = id
            self.identifier = identifier
            self.status = status
            self.item = item
            self.quantity = quantity
            self.authoredOn = authoredOn
            self.supplier = supplier
            self.deliverTo = deliverTo
            self.lastUpdated = lastUpdated
            self.versionId = versionId
        }

        public var json: JSONValue {
            var members: [(String, JSONValue)] = [
                ("resourceType", .string("SupplyRequest")), ("id", .string(id)),
                ("meta", .object([("versionId", .string(String(versionId))), ("lastUpdated", .string(FHIR.instant(lastUpdated)))])),
                ("identifier", .array([identifier.json])), ("status", .string(status.rawValue)),
                ("item", item.codeableReference), ("quantity", quantity.json), ("authoredOn", .string(FHIR.instant(authoredOn))),
            ]
            if let supplier { members.append(("supplier", .array([FHIRReference(reference: "Organization/\(FHIRID.encode(supplier))").json]))) }
            members.append(("deliverTo", FHIRReference(reference: "Location/\(FHIRID.encode(deliverTo))").json))
            return .object(members)
        }
    }
}
