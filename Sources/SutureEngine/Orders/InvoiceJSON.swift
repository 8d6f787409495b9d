import Foundation
public import SutureModel
public import SutureProcurement
import SutureDelivery

/// The JSON of invoices: the `POST /v1/invoices` body in, and one shape out that
/// `GET /v1/invoices/{number}` shows and the store keeps (with each line's match result).
public enum InvoiceJSON {
    /// Reads a `POST /v1/invoices` body; every error names its field.
    public static func request(_ value: JSONValue) throws(JSONFieldError) -> Invoice {
        var body = try JSONObjectReader(value)
        let number = try DocumentLinesJSON.number(&body)
        let purchaseOrder = try body.text("purchaseOrder")
        let supplier = try body.required("supplier") { try SupplierID($0) }
        let invoicedAt = try body.required("invoicedAt") { text in
            if let date = try? InventoryEventJSON.parseTimestamp(text) { return date }
            // A date alone is the start of that day in UTC.
            return try InventoryEventJSON.parseTimestamp(text + "T00:00:00Z")
        }
        let currency = try body.required("currency") { try CurrencyCode($0) }
        guard let total = try body.optionalDecimal("total") else { throw body.missing("total") }
        let lines = try DocumentLinesJSON.lines(&body) { (line, common) throws(JSONFieldError) in
            let poLine = try line.optionalInteger("poLine", in: 1...999_999)
            guard let unitPrice = try line.optionalDecimal("unitPrice") else {
                throw line.missing("unitPrice")
            }
            guard unitPrice >= 0 else { throw JSONFieldError(.invalid, field: line.fieldPath("unitPrice"), message: "must not be negative") }
            return Invoice.Line(line: common.line, poLine: poLine, item: common.item, quantity: common.quantity, unit: common.unit, unitPrice: unitPrice)
        }
        try body.rejectUnknownFields()
        return Invoice(number: number, purchaseOrder: purchaseOrder, supplier: supplier, invoicedAt: invoicedAt, currency: currency,
                       total: total, lines: lines)
    }

    public static func json(_ invoice: Invoice) -> JSONValue {
        let decimal = { (value: Decimal) in JSONValue.string(ExactDecimal.format(value)) }
        let money = { (value: Decimal) in JSONValue.string(Money(value, invoice.currency).amountText) }
        return .object([
            ("number", .string(invoice.number)),
            ("purchaseOrder", .string(invoice.purchaseOrder)),
            ("supplier", .string(invoice.supplier.rawValue)),
            ("invoicedAt", .string(InventoryEventJSON.timestamp(invoice.invoicedAt))),
            ("currency", .string(invoice.currency.code)),
            ("total", money(invoice.total)),
            ("status", .string(invoice.status.rawValue)),
            ("lines", .array(invoice.lines.map { line in
                let result = invoice.results.first { $0.line == line.line }
                var members: [(String, JSONValue)] = [
                    ("line", .integer(line.line)),
                    ("poLine", line.poLine.map(JSONValue.integer) ?? .null),
                    ("item", .string(line.item.rawValue)),
                    ("quantity", decimal(line.quantity)),
                    ("unit", .string(line.unit.code)),
                    ("unitPrice", money(line.unitPrice)),
                ]
                members.append(("match", result.map { Self.result($0, currency: invoice.currency) } ?? .null))
                return .object(members)
            })),
        ])
    }

    /// One line's match result: outcome, the PO line, and the evidence in the line's unit.
    static func result(_ result: InvoiceMatcher.LineResult, currency: CurrencyCode) -> JSONValue {
        let decimal = { (value: Decimal?) in value.map { JSONValue.string(ExactDecimal.format($0)) } ?? .null }
        let money = { (value: Decimal?) in value.map { JSONValue.string(Money($0, currency).amountText) } ?? .null }
        return .object([
            ("outcome", .string(result.isMatched ? "matched" : "variance")),
            ("poLine", result.poLine.map(JSONValue.integer) ?? .null),
            ("quantity", decimal(result.quantity)),
            ("unit", .optional(result.unit?.code)),
            ("unitPrice", money(result.unitPrice)),
            ("orderedUnitPrice", money(result.orderedUnitPrice)),
            ("received", decimal(result.received)),
            ("invoicedBefore", decimal(result.invoicedBefore)),
            ("discrepancies", .array(result.discrepancies.map(Self.discrepancy))),
        ])
    }

    /// Reads back what `json(_:)` wrote. Match evidence is kept as text for people; the
    /// results are recomputed when the invoice is matched again.
    public static func invoice(_ value: JSONValue) throws -> Invoice {
        guard case .object(var members) = value else { throw FieldRule("an invoice must be an object") }
        let statusText = value["status"]?.stringValue ?? "received"
        members.removeAll { $0.0 == "status" }
        var lines: [JSONValue] = []
        var results: [InvoiceMatcher.LineResult] = []
        for line in value["lines"]?.arrayValue ?? [] {
            guard case .object(var lineMembers) = line else { continue }
            if let match = line["match"], case .object = match, let number = line["line"].flatMap({ Int($0.numberText ?? "") }) {
                results.append(try storedResult(match, line: number))
            }
            lineMembers.removeAll { $0.0 == "match" }
            lines.append(.object(lineMembers))
        }
        members = members.map { $0.0 == "lines" ? ("lines", .array(lines)) : $0 }
        var invoice = try request(.object(members))
        invoice.status = Invoice.Status(rawValue: statusText) ?? .received
        invoice.results = results
        return invoice
    }

    static func storedResult(_ value: JSONValue, line: Int) throws -> InvoiceMatcher.LineResult {
        let decimal = { (key: String) in value[key]?.stringValue.flatMap(ExactDecimal.parse) }
        var result = InvoiceMatcher.LineResult(
            line: line, poLine: value["poLine"].flatMap { Int($0.numberText ?? "") }, quantity: decimal("quantity"),
            unit: value["unit"]?.stringValue.flatMap { try? UnitOfMeasure($0) }, unitPrice: decimal("unitPrice"),
            orderedUnitPrice: decimal("orderedUnitPrice"), received: decimal("received"), invoicedBefore: decimal("invoicedBefore"),
            discrepancies: [])
        for discrepancy in value["discrepancies"]?.arrayValue ?? [] {
            let detail = discrepancy["detail"]?.stringValue ?? ""
            let number = { (key: String) in discrepancy[key]?.stringValue.flatMap(ExactDecimal.parse) ?? 0 }
            switch discrepancy["kind"]?.stringValue {
            case "price": result.discrepancies.append(.priceVariance(ordered: number("ordered"), invoiced: number("invoiced"), allowed: number("allowed")))
            case "quantity": result.discrepancies.append(.quantityOverReceived(received: number("received"), invoiced: number("invoiced"), allowed: number("allowed")))
            case "contract-price":
                if let contract = try? ContractPrices.stored(discrepancy["contract"] ?? .null) {
                    result.discrepancies.append(.overContractPrice(contract: contract, contracted: number("contracted"), invoiced: number("invoiced"),
                                                                   allowed: number("allowed")))
                } else {
                    result.discrepancies.append(.unitNotConvertible(detail))
                }
            case "unit": result.discrepancies.append(.unitNotConvertible(detail))
            default: result.discrepancies.append(.noOrderLine(detail))
            }
        }
        return result
    }

    /// A discrepancy with its exception type, a sentence for people and its figures.
    static func discrepancy(_ discrepancy: InvoiceMatcher.Discrepancy) -> JSONValue {
        let decimal = { (value: Decimal) in JSONValue.string(ExactDecimal.format(value)) }
        var members: [(String, JSONValue)] = [("type", .string(discrepancy.exceptionType.rawValue)), ("detail", .string(discrepancy.description))]
        switch discrepancy {
        case .noOrderLine: members.append(("kind", .string("line")))
        case .unitNotConvertible: members.append(("kind", .string("unit")))
        case .priceVariance(let ordered, let invoiced, let allowed):
            members += [("kind", .string("price")), ("ordered", decimal(ordered)), ("invoiced", decimal(invoiced)), ("allowed", decimal(allowed))]
        case .quantityOverReceived(let received, let invoiced, let allowed):
            members += [("kind", .string("quantity")), ("received", decimal(received)), ("invoiced", decimal(invoiced)), ("allowed", decimal(allowed))]
        case .overContractPrice(let contract, let contracted, let invoiced, let allowed):
            members += [("kind", .string("contract-price")), ("contract", ContractPrices.json(contract)), ("contracted", decimal(contracted)),
                        ("invoiced", decimal(invoiced)), ("allowed", decimal(allowed))]
        }
        return .object(members)
    }
}
