public import SutureModel

extension X12ParseResult {
    /// The result as docs/formats.md ("X12 JSON") spells it: `valid`, `interchange`, `documents`, `errors`, members in that order.
    public func json() -> JSONValue {
        let interchangeJSON: JSONValue = interchange.map { header in
            .object([
                ("sender", .string(header.sender)),
                ("receiver", .string(header.receiver)),
                ("control", .string(header.control)),
                ("version", .string(header.version)),
                ("usage", .string(header.usage)),
            ])
        } ?? .null
        return .object([
            ("valid", .bool(valid)),
            ("interchange", interchangeJSON),
            ("documents", .array(documents.map { $0.json() })),
            ("errors", .array(errors.map { $0.json() })),
        ])
    }
}

extension X12Document {
    /// One document of docs/formats.md ("X12 JSON"); an 810 adds `total`, a 997/999 adds `acknowledgment`.
    public func json() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("set", .string(set)),
            ("control", .string(control)),
            ("type", .optional(type?.rawValue)),
            ("number", .optional(number)),
            ("purchaseOrder", .optional(purchaseOrder)),
            ("lines", .array(lines.map { $0.json() })),
        ]
        if set == "810" { members.append(("total", .optional(total))) }
        if let acknowledgment { members.append(("acknowledgment", acknowledgment.json())) }
        return .object(members)
    }
}

extension X12LineItem {
    public func json() -> JSONValue {
        .object([
            ("line", .optional(line)),
            ("quantity", .optional(quantity)),
            ("unit", .optional(unit)),
            ("unitPrice", .optional(unitPrice)),
            ("gtin", .optional(gtin?.value)),
            ("vendorPart", .optional(vendorPart)),
            ("buyerPart", .optional(buyerPart)),
            ("description", .optional(description)),
            ("status", .optional(status)),
            ("lot", .optional(lot)),
            ("expiry", .optional(expiry)),
        ])
    }
}

extension X12Error {
    public func json() -> JSONValue {
        .object([
            ("code", .string(code.rawValue)),
            ("segment", .string(segment)),
            ("position", .integer(position)),
            ("message", .string(message)),
        ])
    }
}

extension X12FunctionalAcknowledgment {
    /// Which group and which sets were accepted or rejected.
    public func json() -> JSONValue {
        .object([
            ("functionalId", .string(functionalID)),
            ("groupControl", .string(groupControl)),
            ("status", .string(groupStatus)),
            ("accepted", .bool(groupAccepted)),
            ("setsIncluded", .integer(setsIncluded)),
            ("setsReceived", .integer(setsReceived)),
            ("setsAccepted", .integer(setsAccepted)),
            ("errors", .array(groupErrors.map(JSONValue.string))),
            ("sets", .array(sets.map { set in
                .object([
                    ("set", .string(set.setID)),
                    ("control", .string(set.control)),
                    ("status", .string(set.status)),
                    ("accepted", .bool(set.accepted)),
                    ("errors", .array(set.errors.map(JSONValue.string))),
                ])
            })),
        ])
    }
}
