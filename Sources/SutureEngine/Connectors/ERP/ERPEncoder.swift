import Foundation
public import SutureModel
public import SutureStore
import SutureDelivery
import SutureProcurement

/// Turns canonical events and documents into the calls of the reference ERP REST profile
/// (docs/erp-profile.md): codes and units are the ERP's own, read through its crosswalks in
/// `lookup`; a missing or ambiguous code is an `EventNormalizer.Failure` (an exception).
/// No I/O: `ERPConnector` sends what this builds.
public struct ERPEncoder: Sendable {
    public let system: String

    public init(system: String) {
        self.system = system
    }

    /// The call for an inventory event: a receipt to `POST /receipts`, anything else to
    /// `POST /inventory-transactions`, in the ERP's codes and the unit it keeps the item in.
    public func encode(_ event: CanonicalInventoryEvent, eventID: EventID, deliveryID: DeliveryID,
                       lookup: any MasterDataLookup) async throws -> NewDelivery {
        let systemName = try SystemName(system)
        let item = try await code(for: event.item.rawValue, kind: .items, systemName, lookup)
        let location = try await code(for: event.location.rawValue, kind: .locations, systemName, lookup)
        // The quantity goes in the unit the ERP keeps the item in, else the base unit.
        let unit = item.unit ?? event.quantity.unit
        guard let definition = try await lookup.item(event.item) else {
            throw EventNormalizer.Failure(.masterDataConflict, "item \(event.item) disappeared while routing")
        }
        let quantity: Quantity
        do {
            quantity = try definition.packaging.convert(event.quantity, to: unit)
        } catch {
            throw EventNormalizer.Failure(.uomMismatch, "\(system) keeps item \(event.item) in \(unit), but \(event.quantity) cannot be expressed exactly in it: \(error)")
        }
        let unitCode = try await lookup.crosswalkCodes(system: systemName, kind: .units, canonical: unit.code).first?.code ?? unit.code

        let body: JSONValue
        let path: String
        if event.type == .receipt {
            path = "/receipts"
            var line: [(String, JSONValue)] = []
            if let poLine = event.poLine { line.append(("poLine", .integer(poLine))) }
            line += [("item", .string(item.code)), ("quantity", .string(quantity.valueText)), ("unit", .string(unitCode))]
            if let lot = event.lot { line.append(("lot", .string(lot))) }
            if let expiry = event.expiry { line.append(("expiry", .string(expiry))) }
            if let serial = event.serial { line.append(("serial", .string(serial))) }
            var members: [(String, JSONValue)] = [("receiptId", .string(eventID.rawValue))]
            if let po = event.purchaseOrder { members.append(("purchaseOrder", .string(po))) }
            members += [("location", .string(location.code)), ("receivedAt", .string(InventoryEventJSON.timestamp(event.occurredAt))),
                        ("lines", .array([.object(line)]))]
            body = .object(members)
        } else {
            path = "/inventory-transactions"
            var members: [(String, JSONValue)] = [
                ("transactionId", .string(eventID.rawValue)), ("type", .string(event.type.rawValue)),
                ("item", .string(item.code)), ("location", .string(location.code)),
            ]
            if let toLocation = event.toLocation {
                members.append(("toLocation", .string(try await code(for: toLocation.rawValue, kind: .locations, systemName, lookup).code)))
            }
            members += [("quantity", .string(quantity.valueText)), ("unit", .string(unitCode)),
                        ("occurredAt", .string(InventoryEventJSON.timestamp(event.occurredAt)))]
            if let reason = event.reason { members.append(("reason", .string(reason))) }
            body = .object(members)
        }
        return NewDelivery(id: deliveryID, destination: system, method: "POST", path: path, body: body.serialized(),
                           idempotencyKey: "suture-\(deliveryID)")
    }

    /// The call for a business document: a PO status (`PUT /purchase-orders/{n}/status`, with
    /// a state key), an AP invoice (`POST /ap-invoices`) or a receipt reversal; nil for an 850.
    public func encode(_ document: OutboundDocument, deliveryID: DeliveryID, lookup: any MasterDataLookup) async throws -> NewDelivery? {
        let systemName = try SystemName(system)
        let method: String
        let path: String
        let body: JSONValue
        var stateKey: String?
        switch document {
        case .purchaseOrderStatus(let order, let revision):
            // The PUT carries the order's whole status: the newest one wins, and one of an
            // order is never sent while an older one is still on its way.
            stateKey = "purchase-order-status:\(order.number)"
            method = "PUT"
            path = "/purchase-orders/\(Self.pathSegment(order.number))/status"
            // Quantities in the unit the ERP keeps each item in, as for receipts.
            var lines: [JSONValue] = []
            for line in order.lines {
                let quantity = try await erpQuantity(Quantity(line.statusQuantity, line.machine.unit), item: line.machine.item, systemName, lookup)
                lines.append(.object([
                    ("poLine", .integer(line.machine.lineNumber)), ("status", .string(PurchaseOrderLine.name(line.machine.state))),
                    ("quantity", .string(quantity.value)), ("unit", .string(quantity.unit)),
                ]))
            }
            body = .object([("status", .string(order.status)), ("revision", .integer(revision)), ("lines", .array(lines))])
        case .apInvoice(let invoice, let order, let match):
            method = "POST"
            path = "/ap-invoices"
            let supplier = try await lookup.crosswalkCodes(system: systemName, kind: .suppliers, canonical: invoice.supplier.rawValue).first?.code
                ?? invoice.supplier.rawValue
            var lines: [JSONValue] = []
            for line in invoice.lines {
                let item = try await code(for: line.item.rawValue, kind: .items, systemName, lookup)
                guard let definition = try await lookup.item(line.item) else {
                    throw EventNormalizer.Failure(.masterDataConflict, "item \(line.item) is not in the item master")
                }
                let unit = item.unit ?? line.unit
                let quantity: Quantity
                do {
                    quantity = try definition.packaging.convert(Quantity(line.quantity, line.unit), to: unit)
                } catch {
                    throw EventNormalizer.Failure(.uomMismatch, "\(system) keeps item \(line.item) in \(unit), but \(ExactDecimal.format(line.quantity)) \(line.unit) cannot be expressed exactly in it")
                }
                let unitCode = try await lookup.crosswalkCodes(system: systemName, kind: .units, canonical: unit.code).first?.code ?? unit.code
                let amount = line.quantity * line.unitPrice
                var members: [(String, JSONValue)] = [("line", .integer(line.line))]
                if let poLine = invoice.results.first(where: { $0.line == line.line })?.poLine ?? line.poLine {
                    members.append(("poLine", .integer(poLine)))
                }
                members += [("item", .string(item.code)), ("quantity", .string(quantity.valueText)), ("unit", .string(unitCode)),
                            ("unitPrice", .string(ExactDecimal.format(quantity.value == 0 ? line.unitPrice : amount / quantity.value))),
                            ("amount", .string(ExactDecimal.format(amount)))]
                lines.append(.object(members))
            }
            body = .object([
                ("invoice", .string(invoice.number)), ("purchaseOrder", .string(order.number)), ("supplier", .string(supplier)),
                ("amount", .string(ExactDecimal.format(invoice.total))), ("currency", .string(invoice.currency.code)),
                ("invoicedAt", .string(InventoryEventJSON.timestamp(invoice.invoicedAt))),
                ("lines", .array(lines)), ("match", .string(match)),
            ])
        case .purchaseOrder850, .receivingAdvice, .alert, .recordChanged(.location), .recordChanged(.supplier), .requisition:
            return nil
        case .recordChanged(.item(let item)):
            // The item in the ERP's code and the unit the ERP keeps it in (its crosswalk
            // entry's unit, else the base unit), with that unit's GTIN; the newest record
            // wins, and an older one still on its way is superseded.
            let entry = try await code(for: item.id.rawValue, kind: .items, systemName, lookup)
            let unit = entry.unit ?? item.packaging.baseUnit
            let gtin = unit == item.packaging.baseUnit ? item.gtin : item.packaging.levels.first { $0.unit == unit }?.gtin
            let unitCode = try await lookup.crosswalkCodes(system: systemName, kind: .units, canonical: unit.code).first?.code ?? unit.code
            stateKey = "item:\(item.id.rawValue)"
            method = "PUT"
            path = "/items/\(Self.pathSegment(entry.code))"
            var members: [(String, JSONValue)] = [("item", .string(entry.code)), ("description", .string(item.description))]
            if let gtin { members.append(("gtin", .string(gtin.value))) }
            members += [("unit", .string(unitCode)), ("status", .string(item.status.rawValue))]
            body = .object(members)
        case .receiptReversal(let original, let reason):
            // Only receipts this connector posted are reversed, with the same codes and units,
            // every quantity negated, under a receipt id of its own.
            guard original.path == "/receipts", let posted = try? JSONValue.parse(original.body), case .object(let members) = posted else {
                return nil
            }
            let receiptID = posted["receiptId"]?.stringValue ?? original.source.rawValue
            method = "POST"
            path = "/receipts"
            body = .object(members.map { key, value in
                switch key {
                case "receiptId": return (key, .string(receiptID + ".void"))
                case "lines":
                    return (key, .array((value.arrayValue ?? []).map { line in
                        guard case .object(let lineMembers) = line else { return line }
                        return .object(lineMembers.map { lineKey, lineValue in
                            guard lineKey == "quantity", let text = lineValue.stringValue, let quantity = ExactDecimal.parse(text) else {
                                return (lineKey, lineValue)
                            }
                            return (lineKey, .string(ExactDecimal.format(-quantity)))
                        })
                    }))
                default: return (key, value)
                }
            } + [("reverses", .string(receiptID)), ("reason", .string(reason))])
        }
        return NewDelivery(id: deliveryID, destination: system, method: method, path: path, body: body.serialized(),
                           idempotencyKey: "suture-\(deliveryID)", stateKey: stateKey)
    }

    /// A quantity in the ERP's unit for the item (its crosswalk entry's unit, else the base
    /// unit) and the ERP's code for that unit; as given when it cannot be put there exactly.
    func erpQuantity(_ quantity: Quantity, item: ItemID, _ systemName: SystemName, _ lookup: any MasterDataLookup)
        async throws -> (value: String, unit: String) {
        var result = quantity
        if let definition = try await lookup.item(item) {
            let unit = try await lookup.crosswalkCodes(system: systemName, kind: .items, canonical: item.rawValue).first?.unit
                ?? definition.packaging.baseUnit
            if let converted = try? definition.packaging.convert(quantity, to: unit) { result = converted }
        }
        let code = try await lookup.crosswalkCodes(system: systemName, kind: .units, canonical: result.unit.code).first?.code ?? result.unit.code
        return (result.valueText, code)
    }

    /// A path segment with everything but unreserved characters percent-encoded.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }

    /// The ERP's code for a canonical id; missing or ambiguous mappings are exceptions.
    func code(for canonical: String, kind: CrosswalkKind, _ systemName: SystemName, _ lookup: any MasterDataLookup) async throws -> CrosswalkEntry {
        let entries = try await lookup.crosswalkCodes(system: systemName, kind: kind, canonical: canonical)
        guard let entry = entries.first else {
            let type: ExceptionType = kind == .items ? .unmappedItem : .unmappedLocation
            throw EventNormalizer.Failure(type, "\(system) has no code for \(kind == .items ? "item" : "location") \(canonical); add a crosswalk entry for system \(system)",
                                          details: [("system", .string(system)), ("canonical", .string(canonical))])
        }
        guard entries.count == 1 else {
            throw EventNormalizer.Failure(.masterDataConflict, "\(system) has several codes for \(canonical): \(entries.map(\.code).joined(separator: ", "))")
        }
        return entry
    }
}
