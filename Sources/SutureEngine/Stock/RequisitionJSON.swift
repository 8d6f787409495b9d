import Foundation
public import SutureModel
public import SutureProcurement
public import SutureStore

/// A requisition as the API shows it and the store keeps it (docs/stock.md, "Requisitions"):
/// `{"id","location","item","quantity","unit","baseQuantity","baseUnit","supplier","amount","currency","status",
/// "purchaseOrder","proposedAt","decidedBy","decidedAt","reason","orderProblem","correlationId"}`, decimals as strings.
public enum RequisitionJSON {
    public static func json(_ requisition: Requisition, baseUnit: UnitOfMeasure? = nil, orderProblem: String? = nil,
                            correlationID: CorrelationID? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(requisition.id)),
            ("location", .string(requisition.location.rawValue)),
            ("item", .string(requisition.item.rawValue)),
            ("quantity", .string(ExactDecimal.format(requisition.quantity))),
            ("unit", .string(requisition.unit.code)),
            ("baseQuantity", .string(ExactDecimal.format(requisition.baseQuantity))),
        ]
        if let baseUnit { members.append(("baseUnit", .string(baseUnit.code))) }
        members += [
            ("supplier", .optional(requisition.supplier?.rawValue)),
            ("amount", .optional(requisition.amount.map { ExactDecimal.format($0) })),
            ("currency", .optional(requisition.currency?.code)),
            ("status", .string(requisition.status.rawValue)),
            ("purchaseOrder", .optional(requisition.purchaseOrder)),
            ("position", .string(ExactDecimal.format(requisition.position))),
            ("parLevelVersion", .integer(requisition.parLevelVersion)),
            ("proposedAt", .string(WallClock.timestamp(milliseconds: requisition.proposedAt))),
            ("decidedBy", .optional(requisition.decidedBy)),
            ("decidedAt", .optional(requisition.decidedAt.map { WallClock.timestamp(milliseconds: $0) })),
            ("reason", .optional(requisition.reason)),
            ("orderProblem", .optional(orderProblem)),
        ]
        if let correlationID { members.append(("correlationId", .string(correlationID.rawValue))) }
        return .object(members)
    }

    /// The requisition a stored document holds, and the problem its last ordering attempt met.
    public static func decode(_ document: StoredDocument) throws -> (requisition: Requisition, orderProblem: String?) {
        do {
            let body = try JSONValue.parse(document.body)
            func text(_ key: String) throws -> String {
                guard let value = body[key]?.stringValue else { throw StoreError.corrupt("no \(key)") }
                return value
            }
            func decimal(_ key: String) throws -> Decimal {
                guard let value = ExactDecimal.parse(try text(key)) else { throw StoreError.corrupt("\(key) is no decimal") }
                return value
            }
            guard let status = Requisition.Status(rawValue: try text("status")) else { throw StoreError.corrupt("unknown status") }
            guard let proposedAt = WallClock.milliseconds(timestamp: try text("proposedAt")) else { throw StoreError.corrupt("proposedAt is no time") }
            let requisition = Requisition(
                id: try text("id"), location: try LocationID(try text("location")), item: try ItemID(try text("item")),
                quantity: try decimal("quantity"), unit: try UnitOfMeasure(try text("unit")), baseQuantity: try decimal("baseQuantity"),
                supplier: try body["supplier"]?.stringValue.map { try SupplierID($0) },
                amount: body["amount"]?.stringValue.flatMap(ExactDecimal.parse),
                currency: try body["currency"]?.stringValue.map { try CurrencyCode($0) }, status: status,
                purchaseOrder: body["purchaseOrder"]?.stringValue, position: try decimal("position"),
                parLevelVersion: body["parLevelVersion"]?.numberText.flatMap { Int($0) } ?? 0, proposedAt: proposedAt,
                decidedBy: body["decidedBy"]?.stringValue, decidedAt: body["decidedAt"]?.stringValue.flatMap { WallClock.milliseconds(timestamp: $0) },
                reason: body["reason"]?.stringValue)
            return (requisition, body["orderProblem"]?.stringValue)
        } catch {
            throw StoreError.corrupt("requisition \(document.key): \(error)")
        }
    }
}
