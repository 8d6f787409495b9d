import Crypto
public import Foundation
public import SutureModel
public import SutureStore
public import SutureFHIR
import SutureProcurement

/// The FHIR R5 edge (docs/fhir.md): resources posted to `/fhir/r5` become what the
/// equivalent request would (receipts and counts through the event pipeline, requisitions
/// through the approval queue), each taken once by its identifier; and the item master, a
/// location's stock and the requisitions read as FHIR resources.
public struct FHIREdge: Sendable {
    let store: any Store
    let intake: EventIntake
    let replenisher: Replenisher

    public init(store: any Store, intake: EventIntake, replenisher: Replenisher) {
        self.store = store
        self.intake = intake
        self.replenisher = replenisher
    }

    /// What a resource posted to the edge was refused for, beyond its shape: the element at
    /// fault and whether it names something Suture lacks (422) or conflicts with an earlier use (409).
    public enum Failure: Error, CustomStringConvertible {
        case unprocessable(expression: String, message: String)
        case conflict(String)

        public var description: String {
            switch self {
            case .unprocessable(let expression, let message): "\(expression): \(message)"
            case .conflict(let message): message
            }
        }
    }

    /// A resource as stored: its type, its id, and whether this request created it.
    public struct Stored: Sendable {
        public var type: String
        public var id: String
        public var resource: JSONValue
        public var created: Bool
    }

    /// Runs a check of Suture's profile: a resource R5 accepts that Suture cannot use is 422.
    static func profile(_ check: () throws(JSONFieldError) -> Void) throws {
        do { try check() } catch { throw Failure.unprocessable(expression: error.field, message: error.message) }
    }

    /// The key a resource is taken under, `<system>|<value>`: the least of its identifiers (so
    /// their order does not matter), else `If-None-Exist: identifier=<system>|<value>`
    /// (percent-decoded). When both are given, the header must name one of the resource's
    /// identifiers (`value` alone matches any system), so the two cannot key one delivery twice.
    /// Suture takes each resource once, so one of them is required.
    public static func key(type: String, identifiers: [FHIRIdentifier], ifNoneExist: String?) throws -> String {
        let tokens = identifiers.map(\.token).sorted()
        if let ifNoneExist {
            let prefix = "identifier="
            guard ifNoneExist.hasPrefix(prefix), ifNoneExist.count <= 600,
                  let wanted = String(ifNoneExist.dropFirst(prefix.count)).removingPercentEncoding, !wanted.isEmpty, !wanted.contains("&") else {
                throw JSONFieldError(.invalid, field: "If-None-Exist", message: "Suture matches on one identifier only: identifier=<system>|<value>")
            }
            guard !tokens.isEmpty else { return wanted.contains("|") ? wanted : "|\(wanted)" }
            let named = wanted.contains("|") ? tokens.contains(wanted) : identifiers.contains { $0.value == wanted }
            guard named else {
                throw Failure.unprocessable(expression: "\(type).identifier",
                                            message: "If-None-Exist names \(wanted), which is none of the resource's identifiers (\(tokens.joined(separator: ", ")))")
            }
        }
        guard let least = tokens.first else {
            throw Failure.unprocessable(expression: "\(type).identifier",
                                        message: "is required (or an If-None-Exist header): Suture takes each resource once, by its identifier")
        }
        return least
    }

    /// The id a client's resource is stored under: the hash of its type, the client and its key.
    static func resourceID(type: String, client: String, key: String) -> String {
        Hex.encode(SHA256.hash(data: Array("\(type) \(client) \(key)".utf8)).prefix(12))
    }

    /// A stored resource by type and id.
    public func stored(type: String, id: String) async throws -> JSONValue? {
        guard let document = try await store.document(.fhirResource, key: "\(type)/\(id)") else { return nil }
        return try JSONValue.parse(document.body)
    }

    // MARK: Inbound

    /// A completed SupplyDelivery: one receipt event per supplied item, at its destination.
    public func deliver(_ delivery: SupplyDelivery, ifNoneExist: String?, client: String, trace: TraceContext) async throws -> Stored {
        try Self.profile { () throws(JSONFieldError) in try delivery.checkReceipt() }
        let key = try Self.key(type: "SupplyDelivery", identifiers: delivery.identifiers, ifNoneExist: ifNoneExist)
        let id = Self.resourceID(type: "SupplyDelivery", client: client, key: key)
        if let done = try await stored(type: "SupplyDelivery", id: id) { return Stored(type: "SupplyDelivery", id: id, resource: done, created: false) }
        let location = try await locationCode(delivery.destination!, expression: "SupplyDelivery.destination")
        let occurredAt = InventoryEventJSON.timestamp(milliseconds: delivery.occurredAt!)
        var submissions: [EventIntake.Submission] = []
        for (index, supplied) in delivery.suppliedItems.enumerated() {
            submissions.append(try event(type: "receipt", occurredAt: occurredAt, location: location, locationExpression: "SupplyDelivery.destination",
                                         item: supplied.item!.name!, quantity: supplied.quantity!, key: "fhir:\(id)#\(index + 1)",
                                         expression: "SupplyDelivery.suppliedItem[\(index)]"))
        }
        try await accept(submissions, client: client, trace: trace)
        return try await store(type: "SupplyDelivery", id: id, key: key, resource: delivery.resource, trace: trace)
    }

    /// An active InventoryReport: a count (snapshot) or an adjustment (difference) per item and location.
    public func count(_ report: InventoryReport, ifNoneExist: String?, client: String, trace: TraceContext) async throws -> Stored {
        try Self.profile { () throws(JSONFieldError) in try report.checkCounts() }
        let key = try Self.key(type: "InventoryReport", identifiers: report.identifiers, ifNoneExist: ifNoneExist)
        let id = Self.resourceID(type: "InventoryReport", client: client, key: key)
        if let done = try await stored(type: "InventoryReport", id: id) { return Stored(type: "InventoryReport", id: id, resource: done, created: false) }
        var submissions: [EventIntake.Submission] = []
        for (index, listing) in report.listings.enumerated() {
            let location = try await locationCode(listing.location!, expression: "InventoryReport.inventoryListing[\(index)].location")
            let occurredAt = InventoryEventJSON.timestamp(milliseconds: listing.countedAt ?? report.reportedAt)
            for (position, counted) in listing.items.enumerated() {
                submissions.append(try event(type: report.countType == .snapshot ? "count" : "adjustment", occurredAt: occurredAt, location: location,
                                             locationExpression: "InventoryReport.inventoryListing[\(index)].location",
                                             item: counted.item.name!, quantity: counted.quantity, key: "fhir:\(id)#\(submissions.count + 1)",
                                             expression: "InventoryReport.inventoryListing[\(index)].item[\(position)]"))
            }
        }
        try await accept(submissions, client: client, trace: trace)
        return try await store(type: "InventoryReport", id: id, key: key, resource: report.resource, trace: trace)
    }

    /// A SupplyRequest: a requisition in the approval queue. The answer is the requisition as
    /// a SupplyRequest (its id is the requisition's).
    public func request(_ request: SupplyRequest, ifNoneExist: String?, client: String, trace: TraceContext) async throws -> Stored {
        try Self.profile { () throws(JSONFieldError) in try request.checkRequisition() }
        let key = try Self.key(type: "SupplyRequest", identifiers: request.identifiers, ifNoneExist: ifNoneExist)
        let item: Item
        var unit: UnitOfMeasure?
        switch request.item.name! {
        case .gtin(let text):
            guard let gtin = try? GTIN(text), let found = try await store.item(byGTIN: gtin) else {
                throw Failure.unprocessable(expression: "SupplyRequest.item", message: "no item has the GTIN \(text)")
            }
            (item, unit) = (found.item, found.unit)
        case .item(let id):
            guard let itemID = try? ItemID(id), let found = try await store.item(itemID) else {
                throw Failure.unprocessable(expression: "SupplyRequest.item", message: "no item '\(id)'")
            }
            item = found
        }
        guard item.status == .active else { throw Failure.unprocessable(expression: "SupplyRequest.item", message: "item \(item.id) is \(item.status.rawValue)") }
        if let code = request.quantity.unitCode {
            guard let named = try? UnitOfMeasure(code), item.packaging.baseUnits(per: named) != nil else {
                throw Failure.unprocessable(expression: "SupplyRequest.quantity.code",
                                            message: "'\(code)' is not a unit of item \(item.id) (\(item.packaging.units.map(\.code).joined(separator: ", ")))")
            }
            unit = named
        }
        let code = try await locationCode(request.deliverTo!, expression: "SupplyRequest.deliverTo")
        guard let locationID = try? LocationID(code), try await store.location(locationID) != nil else {
            throw Failure.unprocessable(expression: "SupplyRequest.deliverTo", message: "no location '\(code)'")
        }
        var supplier: SupplierID?
        // A supplier named by reference must be one of Suture's; one named only by display text
        // is left to the contract prices, as when none is named.
        if let reference = request.supplier.first, reference.reference != nil {
            guard let id = reference.id(of: "Organization"), let supplierID = try? SupplierID(id), try await store.supplier(supplierID) != nil else {
                throw Failure.unprocessable(expression: "SupplyRequest.supplier[0]", message: "names no supplier: Organization/<supplier id>")
            }
            supplier = supplierID
        }
        // A draft is not ready for action (R5): it waits for a person whatever it is worth.
        let requested = Replenisher.Requested(item: item, location: locationID, quantity: request.quantity.value, unit: unit ?? item.packaging.baseUnit,
                                              supplier: supplier, key: "\(client) \(key)", mayAutoApprove: request.status != .draft)
        let raised: (listed: Replenisher.Listed, created: Bool)
        do {
            raised = try await replenisher.raise(requested, trace: trace)
        } catch let failure as Replenisher.RequestFailure {
            throw Failure.unprocessable(expression: "SupplyRequest.quantity", message: failure.description)
        }
        return Stored(type: "SupplyRequest", id: raised.listed.requisition.id, resource: Self.supplyRequest(raised.listed), created: raised.created)
    }

    // MARK: Reads

    public static func supplyRequest(_ listed: Replenisher.Listed) -> JSONValue {
        FHIRMapping.supplyRequest(listed.requisition, version: listed.version, updatedAt: listed.updatedAt).json
    }

    /// Requisitions as SupplyRequests, oldest first; `status` a SupplyRequest status.
    public func supplyRequests(status: SupplyRequest.Status?) async throws -> [JSONValue] {
        var listed: [Replenisher.Listed] = []
        if let status {
            for requisitionStatus in FHIRMapping.statuses(status) { listed += try await replenisher.requisitions(status: requisitionStatus) }
        } else {
            listed = try await replenisher.requisitions(status: nil)
        }
        return listed.sorted { ($0.requisition.proposedAt, $0.requisition.id) < ($1.requisition.proposedAt, $1.requisition.id) }.map(Self.supplyRequest)
    }

    public func supplyRequest(id: String) async throws -> JSONValue? {
        try await replenisher.requisition(id).map(Self.supplyRequest)
    }

    public func inventoryItem(id: String) async throws -> JSONValue? {
        guard let itemID = try? ItemID(id), let item = try await store.item(itemID) else { return nil }
        return FHIRMapping.inventoryItem(item, updatedAt: nil)
    }

    /// Items by a `code` token: `<system>|<code>` (GTIN or item id) or a bare code (either).
    public func inventoryItems(code: String) async throws -> [JSONValue] {
        let parts = code.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let (system, value) = parts.count == 2 ? (parts[0], parts[1]) : ("", code)
        if system.isEmpty || system == FHIR.gtinSystem, let gtin = try? GTIN(value), let found = try await store.item(byGTIN: gtin) {
            return [FHIRMapping.inventoryItem(found.item, updatedAt: nil)]
        }
        if system.isEmpty || system == FHIR.itemSystem, let item = try await inventoryItem(id: value) { return [item] }
        return []
    }

    /// The stock of a location as a snapshot InventoryReport (nil: no such location).
    public func inventoryReport(location: String) async throws -> JSONValue? {
        guard let id = try? LocationID(location), try await store.location(id) != nil else { return nil }
        let positions = try await StockPositions(store: store).positions(location: id, item: nil)
        let items = positions.map { position in
            InventoryReport.Counted(item: .item(position.item.rawValue), quantity: .suture(position.onHand, position.unit.code))
        }
        return InventoryReport.snapshot(id: FHIRID.encode("stock-\(location)"), location: location, reportedAt: WallClock.nowMilliseconds(), items: items)
    }

    // MARK: Helpers

    /// The canonical location code a reference names: `Location/<id>`, or a GLN identifier.
    func locationCode(_ reference: FHIRReference, expression: String) async throws -> String {
        if let id = reference.id(of: "Location") { return id }
        if let identifier = reference.identifier, identifier.system == FHIR.glnSystem {
            var after: String?
            repeat {
                let page = try await store.locations(ListQuery(after: after, limit: 500))
                if let found = page.records.first(where: { $0.gln?.value == identifier.value }) { return found.id.rawValue }
                after = page.next
            } while after != nil
            throw Failure.unprocessable(expression: expression, message: "no location has the GLN \(identifier.value)")
        }
        throw Failure.unprocessable(expression: expression, message: "must reference Location/<id> or carry a GLN identifier (\(FHIR.glnSystem))")
    }

    /// The inventory event a FHIR item and quantity become (source `fhir`: canonical ids; a
    /// GTIN as a scanned GS1 element string, so the item master resolves it as for a scan).
    func event(type: String, occurredAt: String, location: String, locationExpression: String, item: FHIRItem.Name, quantity: FHIRQuantity, key: String,
               expression: String) throws
        -> EventIntake.Submission {
        var members: [(String, JSONValue)] = [
            ("type", .string(type)), ("source", .string(EventNormalizer.fhirSource.rawValue)), ("occurredAt", .string(occurredAt)),
            ("location", .string(location)),
        ]
        switch item {
        case .gtin(let text):
            // A GTIN of any length, as the 14 digits the GS1 element string (01) carries.
            guard let gtin = try? GTIN(text) else { throw Failure.unprocessable(expression: expression, message: "'\(text)' is not a GTIN") }
            members.append(("barcode", .string("(01)\(gtin.value)")))
        case .item(let id): members.append(("item", .string(id)))
        }
        members.append(("quantity", .string(ExactDecimal.format(quantity.value))))
        if let unit = quantity.unitCode { members.append(("unit", .string(unit))) }
        let body = JSONValue.object(members)
        do {
            return EventIntake.Submission(body: body, input: try InventoryEventJSON.parse(body).event, idempotencyKey: key)
        } catch let error as JSONFieldError {
            // The event's field, named as the element of the resource it came from.
            throw Failure.unprocessable(expression: error.field == "location" ? locationExpression : expression, message: "\(error.field): \(error.message)")
        }
    }

    func accept(_ submissions: [EventIntake.Submission], client: String, trace: TraceContext) async throws {
        for outcome in try await intake.accept(submissions, client: client, trace: trace) {
            if case .keyConflict(let existing) = outcome {
                throw Failure.conflict("this resource's identifier was taken before for other content (\(existing)); use a new identifier")
            }
        }
    }

    /// Stores the resource with its id and meta; a concurrent first store of the same key wins.
    func store(type: String, id: String, key: String, resource: JSONValue, trace: TraceContext) async throws -> Stored {
        let now = WallClock.nowMilliseconds()
        var members = (resource.objectMembers ?? []).filter { $0.0 != "id" && $0.0 != "meta" && $0.0 != "resourceType" }
        members.insert(contentsOf: [("resourceType", .string(type)), ("id", .string(id)),
                                    ("meta", .object([("versionId", .string("1")), ("lastUpdated", .string(FHIR.instant(now)))]))], at: 0)
        let stored = JSONValue.object(members)
        var changes = StoreChanges()
        changes.documents = [DocumentWrite(StoredDocument(kind: .fhirResource, key: "\(type)/\(id)", version: 1, correlationID: trace.correlationID,
                                                          traceparent: trace.traceparent, status: "stored", reference: key, body: stored.serialized(),
                                                          createdAt: now, updatedAt: now), expectedVersion: nil)]
        do {
            try await self.store.commit(changes)
        } catch StoreError.conflict {
            if let done = try await self.stored(type: type, id: id) { return Stored(type: type, id: id, resource: done, created: false) }
            throw StoreError.conflict("\(type)/\(id) was being stored by another request; try again")
        }
        return Stored(type: type, id: id, resource: stored, created: true)
    }
}
