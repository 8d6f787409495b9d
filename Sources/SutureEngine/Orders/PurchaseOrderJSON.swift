public import Foundation
public import SutureModel
import SutureDelivery
public import SutureProcurement

/// The JSON of purchase orders: the `POST /v1/purchase-orders` body in, and one shape out
/// that `GET /v1/purchase-orders/{number}` shows and the store keeps.
public enum PurchaseOrderJSON {
    /// What a client asks for: an order with its lines, not yet checked against master data.
    public struct Request: Sendable, Equatable {
        public var number: String
        public var supplier: SupplierID
        public var shipTo: LocationID
        public var orderedAt: Date?
        public var lines: [Line]

        public struct Line: Sendable, Equatable {
            public var line: Int
            public var item: ItemID
            public var quantity: Decimal
            public var unit: UnitOfMeasure
            public var unitPrice: Decimal?
        }
    }

    /// Reads a `POST /v1/purchase-orders` body; every error names its field.
    public static func request(_ value: JSONValue) throws(JSONFieldError) -> Request {
        var body = try JSONObjectReader(value)
        let number = try DocumentLinesJSON.number(&body)
        let supplier = try body.required("supplier") { try SupplierID($0) }
        let shipTo = try body.required("shipTo") { try LocationID($0) }
        let orderedAt = try body.optional("orderedAt") { try InventoryEventJSON.parseTimestamp($0) }
        let lines = try DocumentLinesJSON.lines(&body) { (line, common) throws(JSONFieldError) in
            let unitPrice = try line.optionalDecimal("unitPrice")
            if let unitPrice, unitPrice < 0 {
                throw JSONFieldError(.invalid, field: line.fieldPath("unitPrice"), message: "must not be negative")
            }
            return Request.Line(line: common.line, item: common.item, quantity: common.quantity, unit: common.unit, unitPrice: unitPrice)
        }
        try body.rejectUnknownFields()
        return Request(number: number, supplier: supplier, shipTo: shipTo, orderedAt: orderedAt, lines: lines)
    }

    /// The order as shown and stored: header, status, and per line its state, quantities
    /// (decimal strings in the line's unit) and the documents applied to it.
    public static func json(_ order: PurchaseOrder) -> JSONValue {
        .object([
            ("number", .string(order.number)),
            ("supplier", .string(order.supplier.rawValue)),
            ("shipTo", .string(order.shipTo.rawValue)),
            ("orderedAt", order.orderedAt.map { .string(InventoryEventJSON.timestamp($0)) } ?? .null),
            ("status", .string(order.status)),
            ("lines", .array(order.lines.map(line))),
            ("appliedDocuments", .array(order.appliedDocuments.map(JSONValue.string))),
        ])
    }

    static func line(_ line: PurchaseOrderLine) -> JSONValue {
        let machine = line.machine
        let q = machine.quantities
        let decimal = { (value: Decimal) in JSONValue.string(ExactDecimal.format(value)) }
        // An order carries no currency; its prices are written with two decimals, the minor
        // units of most currencies (an invoice writes its own currency's).
        let price = { (value: Decimal) in JSONValue.string(ExactDecimal.text(value, minimumFractionDigits: 2)) }
        return .object([
            ("line", .integer(machine.lineNumber)),
            ("item", .string(machine.item.rawValue)),
            ("unit", .string(machine.unit.code)),
            ("unitPrice", machine.unitPrice.map(price) ?? .null),
            ("state", .string(PurchaseOrderLine.name(machine.state))),
            ("substitute", .optional(machine.substitute?.rawValue)),
            ("acceptedSubstitute", .optional(line.acceptedSubstitute?.rawValue)),
            ("ordered", decimal(q.ordered)),
            ("acknowledged", q.acknowledged.map(decimal) ?? .null),
            ("backordered", decimal(q.backordered)),
            ("shipped", decimal(q.shipped)),
            ("received", decimal(q.received)),
            ("invoiced", decimal(q.invoiced)),
            ("cancelled", decimal(q.cancelled)),
            ("receipts", .array(line.receipts.map { receipt in
                .object([("source", .string(receipt.source)), ("quantity", decimal(receipt.quantity)),
                         ("lot", .optional(receipt.lot)), ("expiry", .optional(receipt.expiry))])
            })),
            ("shipments", .array(line.shipments.map { shipment in
                .object([("notice", .string(shipment.notice)), ("quantity", decimal(shipment.quantity)),
                         ("lots", .array(shipment.lots.map(JSONValue.string))), ("expiry", .optional(shipment.expiry))])
            })),
            ("invoices", .array(line.invoices.map { charge in
                .object([("invoice", .string(charge.invoice)), ("quantity", decimal(charge.quantity)),
                         ("unitPrice", price(charge.unitPrice))])
            })),
        ])
    }

    /// Reads back what `json(_:)` wrote (the store's copy).
    public static func order(_ value: JSONValue) throws -> PurchaseOrder {
        var body = try JSONObjectReader(value)
        let states = Dictionary(uniqueKeysWithValues: PurchaseOrderLineStateMachine.State.allCases.map { (PurchaseOrderLine.name($0), $0) })
        var lines: [PurchaseOrderLine] = []
        for (index, value) in (try body.optionalArray("lines") ?? []).enumerated() {
            var line = try JSONObjectReader(value, path: "lines[\(index)]")
            func decimal(_ key: String) throws -> Decimal { try line.optionalDecimal(key) ?? 0 }
            let machine = PurchaseOrderLineStateMachine(
                restoringLine: try line.optionalInteger("line", in: 1...999_999) ?? 0,
                item: try line.required("item") { try ItemID($0) },
                unit: try line.required("unit") { try UnitOfMeasure($0) },
                unitPrice: try line.optionalDecimal("unitPrice"),
                substitute: try line.optional("substitute") { try ItemID($0) },
                quantities: PurchaseOrderLineQuantities(
                    ordered: try decimal("ordered"), acknowledged: try line.optionalDecimal("acknowledged"),
                    backordered: try decimal("backordered"), shipped: try decimal("shipped"),
                    received: try decimal("received"), invoiced: try decimal("invoiced"), cancelled: try decimal("cancelled")),
                state: try line.required("state") { text in
                    guard let state = states[text] else { throw FieldRule("unknown state \(text)") }
                    return state
                })
            let receipts = try (line.optionalArray("receipts") ?? []).map { value in
                var receipt = try JSONObjectReader(value)
                return PurchaseOrderLine.Receipt(source: try receipt.string("source"), quantity: try receipt.optionalDecimal("quantity") ?? 0,
                                                 lot: try receipt.optionalString("lot"), expiry: try receipt.optionalString("expiry"))
            }
            let shipments = try (line.optionalArray("shipments") ?? []).map { value in
                var shipment = try JSONObjectReader(value)
                return PurchaseOrderLine.Shipment(notice: try shipment.string("notice"), quantity: try shipment.optionalDecimal("quantity") ?? 0,
                                                  lots: (try shipment.optionalArray("lots") ?? []).compactMap(\.stringValue),
                                                  expiry: try shipment.optionalString("expiry"))
            }
            let invoices = try (line.optionalArray("invoices") ?? []).map { value in
                var charge = try JSONObjectReader(value)
                return PurchaseOrderLine.InvoiceCharge(invoice: try charge.string("invoice"), quantity: try charge.optionalDecimal("quantity") ?? 0,
                                                       unitPrice: try charge.optionalDecimal("unitPrice") ?? 0)
            }
            lines.append(PurchaseOrderLine(machine: machine, receipts: receipts, shipments: shipments, invoices: invoices,
                                           acceptedSubstitute: try line.optional("acceptedSubstitute") { try ItemID($0) }))
        }
        return PurchaseOrder(
            number: try body.text("number"),
            supplier: try body.required("supplier") { try SupplierID($0) },
            shipTo: try body.required("shipTo") { try LocationID($0) },
            orderedAt: try body.optional("orderedAt") { try InventoryEventJSON.parseTimestamp($0) },
            lines: lines,
            appliedDocuments: (try body.optionalArray("appliedDocuments") ?? []).compactMap(\.stringValue))
    }
}
