import SutureModel

/// Checks the four request bodies of the reference ERP profile (docs/erp-profile.md) and
/// reduces each to an ``ERPPostingRequest``. A body that does not follow the profile is
/// refused with 400 `INVALID_REQUEST` naming the first field at fault.
enum ERPRequestValidator {
    static let transactionTypes = ["issue", "adjustment", "transfer", "return", "count"]
    static let invoiceMatches = ["matched", "approved-variance"]

    /// `POST /receipts`: `{"receiptId","purchaseOrder"?,"location","receivedAt",
    /// "lines":[{"poLine"?,"item","quantity","unit","lot"?,"expiry"?,"serial"?}]}`. A reversal
    /// names the receipt it reverses in `reverses` (with an optional `reason`), and its
    /// quantities are below 0.
    static func receipt(_ json: JSONValue) throws(ERPRejection) -> ERPPostingRequest {
        let body = try ERPFieldReader(json)
        let receiptID = try body.string("receiptId")
        let reverses = try body.optionalString("reverses")
        _ = try body.optionalString("reason")
        let purchaseOrder = try body.optionalString("purchaseOrder")
        _ = try body.string("location")
        _ = try body.dateTime("receivedAt")
        var lines: [ERPPostingRequest.CodedLine] = []
        for (index, value) in try body.array("lines", nonEmpty: true).enumerated() {
            let line = try body.element(value, of: "lines", at: index)
            _ = try line.optionalLineNumber("poLine")
            let item = try line.string("item")
            _ = try line.quantity("quantity", reverses == nil ? .positive : .negative)
            let unit = try line.string("unit")
            _ = try line.optionalString("lot")
            _ = try line.optionalDate("expiry")
            _ = try line.optionalString("serial")
            lines.append(.init(location: line.path, item: item, unit: unit))
        }
        return ERPPostingRequest(kind: .receipt, businessKey: .receipt(receiptID), lines: lines, purchaseOrder: purchaseOrder)
    }

    /// `POST /inventory-transactions`: `{"transactionId","type","item","location","toLocation"?,
    /// "quantity","unit","occurredAt","reason"?}`. A transfer needs `toLocation`; counts may be
    /// 0 and adjustments negative, other quantities must be above 0.
    static func inventoryTransaction(_ json: JSONValue) throws(ERPRejection) -> ERPPostingRequest {
        let body = try ERPFieldReader(json)
        let transactionID = try body.string("transactionId")
        let type = try body.oneOf("type", transactionTypes)
        let item = try body.string("item")
        _ = try body.string("location")
        if type == "transfer" {
            _ = try body.string("toLocation")
        } else {
            _ = try body.optionalString("toLocation")
        }
        let sign: ERPFieldReader.Sign = switch type {
        case "count": .nonNegative
        case "adjustment": .any
        default: .positive
        }
        _ = try body.quantity("quantity", sign)
        let unit = try body.string("unit")
        _ = try body.dateTime("occurredAt")
        _ = try body.optionalString("reason")
        return ERPPostingRequest(
            kind: .inventoryTransaction, businessKey: .inventoryTransaction(transactionID),
            lines: [.init(location: "transaction", item: item, unit: unit)], purchaseOrder: nil)
    }

    /// `PUT /purchase-orders/{number}/status`: `{"status","revision"?,"lines":[{"poLine","status","quantity"}]}`
    static func purchaseOrderStatus(number: String, _ json: JSONValue) throws(ERPRejection) -> ERPPostingRequest {
        guard !number.allSatisfy(\.isWhitespace) else { throw .invalid("the purchase order number in the path is empty") }
        let body = try ERPFieldReader(json)
        let status = try body.string("status")
        let revision = try body.optionalLineNumber("revision")
        for (index, value) in try body.array("lines", nonEmpty: false).enumerated() {
            let line = try body.element(value, of: "lines", at: index)
            _ = try line.lineNumber("poLine")
            _ = try line.string("status")
            _ = try line.quantity("quantity", .nonNegative)
        }
        return ERPPostingRequest(
            kind: .purchaseOrderStatus, businessKey: .purchaseOrderStatus(number: number, status: status, revision: revision),
            lines: [], purchaseOrder: number)
    }

    /// `PUT /items/{code}`: `{"item","description","gtin"?,"unit","status"}`, the item in the
    /// ERP's code (the path's) and the unit the ERP keeps it in; the unit is checked against
    /// the rejected codes like a receipt line's.
    static func item(code: String, _ json: JSONValue) throws(ERPRejection) -> ERPPostingRequest {
        guard !code.allSatisfy(\.isWhitespace) else { throw .invalid("the item code in the path is empty") }
        let body = try ERPFieldReader(json)
        let item = try body.string("item")
        guard item == code else { throw .invalid("item \(item) differs from the code in the path \(code)") }
        _ = try body.string("description")
        _ = try body.optionalString("gtin")
        let unit = try body.string("unit")
        _ = try body.oneOf("status", ["active", "inactive", "discontinued"])
        return ERPPostingRequest(kind: .item, businessKey: .item(code), lines: [.init(location: "item", item: code, unit: unit)], purchaseOrder: nil)
    }

    /// `POST /ap-invoices`: `{"invoice","purchaseOrder","supplier","amount","currency","lines":[...],
    /// "match":"matched"|"approved-variance"}`. Lines are objects; an `item` or `unit` on them
    /// is checked against the rejected codes like a receipt line's.
    static func apInvoice(_ json: JSONValue) throws(ERPRejection) -> ERPPostingRequest {
        let body = try ERPFieldReader(json)
        let invoice = try body.string("invoice")
        _ = try body.string("purchaseOrder")
        _ = try body.string("supplier")
        _ = try body.quantity("amount", .any)
        let currency = try body.string("currency")
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw .invalid("currency must be an ISO 4217 code such as USD, not \(currency)")
        }
        var lines: [ERPPostingRequest.CodedLine] = []
        for (index, value) in try body.array("lines", nonEmpty: false).enumerated() {
            let line = try body.element(value, of: "lines", at: index)
            lines.append(.init(location: line.path, item: try line.optionalString("item"), unit: try line.optionalString("unit")))
        }
        _ = try body.oneOf("match", invoiceMatches)
        // A closed order is what an invoice is normally matched against, so PO_CLOSED does not apply.
        return ERPPostingRequest(kind: .apInvoice, businessKey: .apInvoice(invoice), lines: lines, purchaseOrder: nil)
    }
}
