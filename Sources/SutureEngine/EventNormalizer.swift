import Foundation
import SutureBarcode
public import SutureModel
public import SutureStore
import SutureDelivery
import SutureProcurement

/// Makes an inventory event canonical: resolves the source's codes through its
/// crosswalks (or a scanned barcode through the GTINs of the item master), converts the
/// quantity exactly into the item's base unit, and checks lot, expiry and serial against
/// the item's controls. What cannot be resolved is an exception, never a guess.
public struct EventNormalizer: Sendable {
    let store: any Store
    let barcodeParser: BarcodeParser

    public init(store: any Store) {
        self.store = store
        self.barcodeParser = BarcodeParser()
    }

    /// Why an event could not be made canonical: the exception to open.
    public struct Failure: Error, Equatable, Sendable {
        public let type: ExceptionType
        public let summary: String
        /// Facts a person needs, added to the exception's context.
        public let details: [(String, JSONValue)]

        public init(_ type: ExceptionType, _ summary: String, details: [(String, JSONValue)] = []) {
            self.type = type
            self.summary = summary
            self.details = details
        }

        public static func == (lhs: Failure, rhs: Failure) -> Bool {
            lhs.type == rhs.type && lhs.summary == rhs.summary
        }
    }

    /// Normalizes `input`, reading master data through `lookup` (the store, or a batch's cache).
    public func normalize(_ input: InventoryEventInput, lookup: (any MasterDataLookup)? = nil) async throws -> Result<CanonicalInventoryEvent, Failure> {
        do {
            return .success(try await resolve(input, lookup: lookup ?? store))
        } catch let failure as Failure {
            return .failure(failure)
        }
    }

    private func resolve(_ input: InventoryEventInput, lookup: any MasterDataLookup) async throws -> CanonicalInventoryEvent {
        let system = try SystemName(input.source)
        let location = try await resolveLocation(input.location, system: system, field: "location", lookup: lookup)
        let toLocation = try await input.toLocation.asyncMap { try await resolveLocation($0, system: system, field: "toLocation", lookup: lookup) }

        var lot = input.lot
        var expiry = input.expiry
        var serial = input.serial
        var gtin: GTIN?
        let item: Item
        var scannedUnit: UnitOfMeasure?
        if let barcode = input.barcode {
            let scan = barcodeParser.parse(barcode)
            guard scan.isValid else {
                throw Failure(.invalidDocument, "the barcode could not be read: \(scan.errors.map(\.message).joined(separator: "; "))",
                              details: [("barcode", scan.jsonValue())])
            }
            lot = lot ?? scan.lot
            serial = serial ?? scan.serial
            expiry = expiry ?? scan.expiry?.description
            if let text = scan.gtin, let scanned = try? GTIN(text) {
                guard let found = try await lookup.item(byGTIN: scanned) else {
                    throw Failure(.unknownGTIN, "no item has the GTIN \(scanned); add it to an item or its packaging",
                                  details: [("gtin", .string(scanned.value)), ("barcode", scan.jsonValue())])
                }
                item = found.item
                scannedUnit = found.unit
                gtin = scanned
            } else if let hibc = scan.hibc {
                let code = hibc.labelerCode + hibc.product
                item = try await resolveItem(code, system: system, lookup: lookup)
                if hibc.unitOfMeasure == 0 { scannedUnit = item.packaging.baseUnit }
            } else {
                throw Failure(.invalidDocument, "the barcode names no product (a lone secondary HIBC symbol or an SSCC)",
                              details: [("barcode", scan.jsonValue())])
            }
        } else {
            item = try await resolveItem(input.item ?? "", system: system, lookup: lookup)
        }

        // The unit: the source's code through its units crosswalk, else the code itself
        // if it is one of the item's units; a scanned packaging GTIN implies its unit.
        let unit: UnitOfMeasure
        if let code = input.unit {
            unit = try await resolveUnit(code, system: system, item: item, lookup: lookup)
            if let scannedUnit, scannedUnit != unit {
                throw Failure(.uomMismatch, "the event says \(unit) but the scanned GTIN \(gtin?.value ?? "") is a \(scannedUnit) of item \(item.id)")
            }
        } else if let scannedUnit {
            unit = scannedUnit
        } else {
            throw Failure(.unmappedUnit, "the event has no unit and the barcode does not imply one")
        }
        let sourceQuantity = Quantity(input.quantity, unit)
        let quantity: Quantity
        do {
            quantity = try item.packaging.convert(sourceQuantity, to: item.packaging.baseUnit)
        } catch {
            throw Failure(.uomMismatch, "cannot convert \(sourceQuantity) of item \(item.id): \(error)",
                          details: [("itemUnits", .array(item.packaging.units.map { .string($0.code) }))])
        }

        if item.lotControlled && lot == nil && input.type == .receipt {
            throw Failure(.missingLot, "item \(item.id) is lot-controlled but the receipt carries no lot")
        }
        if item.serialControlled && serial == nil && input.type == .receipt {
            throw Failure(.missingSerial, "item \(item.id) is serial-controlled but the receipt carries no serial number")
        }
        if item.expiryControlled && expiry == nil && input.type == .receipt {
            throw Failure(.missingExpiry, "item \(item.id) is expiry-controlled but the receipt carries no expiry date")
        }
        if input.type == .receipt, let expiry, let date = InventoryEventJSON.parseDate(expiry) {
            let received = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: input.occurredAt)
            let receivedOn = (received.year ?? 0, received.month ?? 0, received.day ?? 0)
            if (date.year, date.month, date.day) < receivedOn {
                throw Failure(.expiredLot, "lot \(lot ?? "(none)") of item \(item.id) expired on \(expiry), before it was received")
            }
        }
        return CanonicalInventoryEvent(
            type: input.type, source: input.source, occurredAt: input.occurredAt, location: location, toLocation: toLocation,
            item: item.id, quantity: quantity, sourceQuantity: sourceQuantity, lot: lot, expiry: expiry, serial: serial,
            gtin: gtin, purchaseOrder: input.purchaseOrder, poLine: input.poLine, reason: input.reason)
    }

    /// The source of the events Suture raises itself (a transfer a person accepted, docs/stock.md):
    /// their codes are canonical ids, taken without a crosswalk.
    public static let canonicalSource: SystemName = "suture"
    /// The source of the events the FHIR edge makes of the resources posted to it (docs/fhir.md):
    /// FHIR references name canonical ids too.
    public static let fhirSource: SystemName = "fhir"

    static func usesCanonicalIDs(_ system: SystemName) -> Bool { system == canonicalSource || system == fhirSource }

    private func resolveItem(_ code: String, system: SystemName, lookup: any MasterDataLookup) async throws -> Item {
        if Self.usesCanonicalIDs(system) {
            guard let id = try? ItemID(code), let item = try await lookup.item(id) else { throw Failure(.unmappedItem, "no item '\(code)'") }
            return item
        }
        guard let entry = try await lookup.crosswalk(system: system, kind: .items, code: code) else {
            throw Failure(.unmappedItem, "\(system) item code '\(code)' has no crosswalk entry",
                          details: [("system", .string(system.rawValue)), ("code", .string(code))])
        }
        guard let id = try? ItemID(entry.canonical), let item = try await lookup.item(id) else {
            throw Failure(.masterDataConflict, "\(system) item code '\(code)' maps to '\(entry.canonical)', which is not an item")
        }
        return item
    }

    private func resolveLocation(_ code: String, system: SystemName, field: String, lookup: any MasterDataLookup) async throws -> LocationID {
        if Self.usesCanonicalIDs(system) {
            guard let id = try? LocationID(code), try await lookup.location(id) != nil else {
                throw Failure(.unmappedLocation, "no location '\(code)' (\(field))")
            }
            return id
        }
        guard let entry = try await lookup.crosswalk(system: system, kind: .locations, code: code) else {
            throw Failure(.unmappedLocation, "\(system) location code '\(code)' (\(field)) has no crosswalk entry",
                          details: [("system", .string(system.rawValue)), ("code", .string(code))])
        }
        guard let id = try? LocationID(entry.canonical), try await lookup.location(id) != nil else {
            throw Failure(.masterDataConflict, "\(system) location code '\(code)' maps to '\(entry.canonical)', which is not a location")
        }
        return id
    }

    private func resolveUnit(_ code: String, system: SystemName, item: Item, lookup: any MasterDataLookup) async throws -> UnitOfMeasure {
        if let entry = try await lookup.crosswalk(system: system, kind: .units, code: code) {
            guard let unit = try? UnitOfMeasure(entry.canonical) else {
                throw Failure(.masterDataConflict, "\(system) unit code '\(code)' maps to '\(entry.canonical)', which is not a unit code")
            }
            return unit
        }
        if let unit = try? UnitOfMeasure(code), item.packaging.baseUnits(per: unit) != nil { return unit }
        throw Failure(.unmappedUnit, "\(system) unit code '\(code)' has no crosswalk entry and is not a unit of item \(item.id)",
                      details: [("system", .string(system.rawValue)), ("code", .string(code)),
                                ("itemUnits", .array(item.packaging.units.map { .string($0.code) }))])
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
