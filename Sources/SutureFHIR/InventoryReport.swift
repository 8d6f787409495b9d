public import Foundation
public import SutureModel

/// `InventoryReport` (R5): counts. Inbound, a `snapshot` sets on hand and a `difference`
/// adjusts it, per location and item; Suture serves a location's stock as a snapshot report.
public struct InventoryReport: Sendable, Equatable {
    /// The required binding `inventoryreport-status`.
    public enum Status: String, Sendable, CaseIterable {
        case draft, requested, active
        case enteredInError = "entered-in-error"
    }

    /// The required binding `inventoryreport-counttype`.
    public enum CountType: String, Sendable, CaseIterable {
        case snapshot, difference
    }

    public struct Listing: Sendable, Equatable {
        public var location: FHIRReference?
        /// `countingDateTime`, in milliseconds.
        public var countedAt: Int64?
        public var items: [Counted]

        public init(location: FHIRReference?, countedAt: Int64?, items: [Counted]) {
            self.location = location
            self.countedAt = countedAt
            self.items = items
        }
    }

    public struct Counted: Sendable, Equatable {
        public var item: FHIRItem
        public var quantity: FHIRQuantity

        public init(item: FHIRItem, quantity: FHIRQuantity) {
            self.item = item
            self.quantity = quantity
        }
    }

    public var identifiers: [FHIRIdentifier]
    public var status: Status
    public var countType: CountType
    public var reportedAt: Int64
    public var listings: [Listing]
    public var resource: JSONValue

    static let elements = FHIR.resourceElements + [
        ("operationType", .concept), ("operationTypeReason", .concept), ("reporter", .reference), ("reportingPeriod", .object), ("note", .objects),
    ]

    public static func read(_ value: JSONValue) throws(JSONFieldError) -> InventoryReport {
        try FHIRReader.resourceType(value, expected: "InventoryReport")
        return try FHIRReader.read(value, path: "InventoryReport", elements: elements) { body throws(JSONFieldError) in
            let identifiers = try FHIRReader.array(&body, "identifier") { value, path throws(JSONFieldError) in try FHIRIdentifier.read(value, path: path) }
            guard let status = try FHIRReader.code(&body, "status", as: Status.self) else { throw body.missing("status") }
            guard let countType = try FHIRReader.code(&body, "countType", as: CountType.self) else { throw body.missing("countType") }
            guard let reportedAt = try FHIRReader.dateTime(&body, "reportedDateTime") else { throw body.missing("reportedDateTime") }
            let listings = try FHIRReader.array(&body, "inventoryListing") { value, path throws(JSONFieldError) in
                try FHIRReader.read(value, path: path, elements: FHIR.backboneElements + [("itemStatus", .concept)]) { listing throws(JSONFieldError) in
                    let location = try listing.value("location").map { value throws(JSONFieldError) in
                        try FHIRReference.read(value, path: listing.fieldPath("location"))
                    }
                    let countedAt = try FHIRReader.dateTime(&listing, "countingDateTime")
                    let items = try FHIRReader.array(&listing, "item") { value, path throws(JSONFieldError) in
                        try FHIRReader.read(value, path: path, elements: FHIR.backboneElements + [("category", .concept)]) { item throws(JSONFieldError) in
                            guard let quantity = item.value("quantity") else { throw item.missing("quantity") }
                            guard let named = item.value("item") else { throw item.missing("item") }
                            return Counted(item: try FHIRItem.readCodeableReference(named, path: item.fieldPath("item")),
                                           quantity: try FHIRQuantity.read(quantity, path: item.fieldPath("quantity")))
                        }
                    }
                    return Listing(location: location, countedAt: countedAt, items: items)
                }
            }
            return InventoryReport(identifiers: identifiers, status: status, countType: countType, reportedAt: reportedAt, listings: listings,
                                   resource: value)
        }
    }

    /// What Suture's profile needs to apply it: an active report whose every listing names a
    /// Location and counts items Suture can name; a snapshot's counts are not negative.
    public func checkCounts() throws(JSONFieldError) {
        guard status == .active else {
            throw JSONFieldError(.invalid, field: "InventoryReport.status", message: "is '\(status.rawValue)'; Suture applies active reports")
        }
        guard !listings.isEmpty else { throw JSONFieldError(.missing, field: "InventoryReport.inventoryListing", message: "is required: the counts") }
        for (index, listing) in listings.enumerated() {
            let path = "InventoryReport.inventoryListing[\(index)]"
            guard listing.location?.id(of: "Location") != nil || listing.location?.identifier?.system == FHIR.glnSystem else {
                throw JSONFieldError(.missing, field: "\(path).location", message: "is required: the Location counted (Location/<id>, or its GLN)")
            }
            guard !listing.items.isEmpty else { throw JSONFieldError(.missing, field: "\(path).item", message: "is required: what was counted") }
            for (position, counted) in listing.items.enumerated() {
                guard counted.item.name != nil else {
                    throw JSONFieldError(.invalid, field: "\(path).item[\(position)].item",
                                         message: "names no item Suture knows how to read: a coding of system \(FHIR.gtinSystem), or reference InventoryItem/<id>")
                }
                if case .item? = counted.item.name, counted.quantity.unitCode == nil {
                    throw JSONFieldError(.missing, field: "\(path).item[\(position)].quantity.code",
                                         message: "is required for an InventoryItem (or unit): the item's unit code, such as EA or BX")
                }
                if countType == .snapshot && counted.quantity.value < 0 {
                    throw JSONFieldError(.invalid, field: "\(path).item[\(position)].quantity.value", message: "a snapshot count cannot be negative")
                }
            }
        }
    }

    /// A snapshot of one location's stock as Suture writes it.
    public static func snapshot(id: String, location: String, reportedAt: Int64, items: [Counted]) -> JSONValue {
        var listing: [(String, JSONValue)] = [("location", FHIRReference(reference: "Location/\(FHIRID.encode(location))").json),
                                              ("countingDateTime", .string(FHIR.instant(reportedAt)))]
        if !items.isEmpty {
            listing.append(("item", .array(items.map { counted in
                .object([("quantity", counted.quantity.json), ("item", counted.item.codeableReference)])
            })))
        }
        return .object([
            ("resourceType", .string("InventoryReport")), ("id", .string(id)),
            ("meta", .object([("lastUpdated", .string(FHIR.instant(reportedAt)))])),
            ("status", .string(Status.active.rawValue)), ("countType", .string(CountType.snapshot.rawValue)),
            ("reportedDateTime", .string(FHIR.instant(reportedAt))),
            ("inventoryListing", .array([.object(listing)])),
        ])
    }
}
