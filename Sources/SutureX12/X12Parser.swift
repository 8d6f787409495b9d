public import Foundation

/// Parses and validates an X12 interchange: the entry point of the codec.
///
/// It never throws and never traps: whatever the input, the answer is a result whose `errors`
/// say what is wrong, with codes, segments and positions.
public enum X12Parser {
    public static func parse(_ bytes: [UInt8]) -> X12ParseResult {
        let tokens = X12Tokenizer.tokenize(bytes)
        guard let table = tokens.table else {
            return X12ParseResult(interchange: nil, separators: nil, groups: [], errors: tokens.errors, segmentCount: 0)
        }
        var validator = X12InterchangeValidator(table: table)
        validator.validate()
        var errors = tokens.errors.map { rescoped($0, in: validator.groups) } + validator.errors

        var groups: [X12FunctionalGroup] = []
        groups.reserveCapacity(validator.groups.count)
        let strings = X12StringPool()
        table.withView { view in
            for (groupIndex, span) in validator.groups.enumerated() {
                var group: X12FunctionalGroup
                if span.header >= 0 {
                    let gs = span.header
                    group = X12FunctionalGroup(
                        functionalID: table.string(gs, 1), sender: table.string(gs, 2), receiver: table.string(gs, 3),
                        date: table.string(gs, 4), time: table.string(gs, 5), control: table.string(gs, 6),
                        version: table.string(gs, 8), position: gs + 1, declaredSetCount: span.declaredSetCount
                    )
                } else {
                    group = X12FunctionalGroup(functionalID: "", sender: "", receiver: "", date: "", time: "", control: "", version: "", position: 0)
                }
                group.transactionSets.reserveCapacity(span.sets.count)
                for (setIndex, set) in span.sets.enumerated() {
                    let scope = X12ErrorScope.transactionSet(group: groupIndex, set: setIndex)
                    var reader = X12SetReader(
                        table: table, view: view, strings: strings, header: set.header, end: set.end, trailer: set.trailer, scope: scope
                    )
                    read(&reader)
                    if !reader.errors.isEmpty { errors += reader.errors }
                    group.transactionSets.append(X12TransactionSet(
                        id: set.id, control: set.control, headerPosition: set.header + 1,
                        trailerPosition: set.trailer.map { $0 + 1 }, document: reader.finish()
                    ))
                }
                groups.append(group)
            }
        }
        let header = X12InterchangeHeader(
            senderQualifier: table.trimmedValue(0, 5), sender: table.trimmedValue(0, 6),
            receiverQualifier: table.trimmedValue(0, 7), receiver: table.trimmedValue(0, 8),
            date: table.trimmedValue(0, 9), time: table.trimmedValue(0, 10), version: table.trimmedValue(0, 12),
            control: table.trimmedValue(0, 13), acknowledgmentRequested: table.trimmedValue(0, 14), usage: table.trimmedValue(0, 15)
        )
        // Stable: faults at one position keep the order in which the passes found them.
        let ordered = errors.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element)
        return X12ParseResult(interchange: header, separators: table.separators, groups: groups, errors: ordered, segmentCount: table.count)
    }

    public static func parse(_ text: String) -> X12ParseResult { parse(Array(text.utf8)) }

    public static func parse(_ data: Data) -> X12ParseResult { parse([UInt8](data)) }

    /// The tokenizer does not know the envelope: a fault inside a set's segments belongs to that set.
    static func rescoped(_ error: X12Error, in groups: [X12InterchangeValidator.GroupSpan]) -> X12Error {
        let index = error.position - 1
        for (groupIndex, group) in groups.enumerated() {
            for (setIndex, set) in group.sets.enumerated() where set.header <= index && index < set.end {
                var error = error
                error.scope = .transactionSet(group: groupIndex, set: setIndex)
                return error
            }
        }
        return error
    }

    /// Reads one set's document with the reader for its ST01.
    static func read(_ reader: inout X12SetReader) {
        switch reader.document.set {
        case "850": PurchaseOrder850.read(&reader)
        case "855": POAcknowledgment855.read(&reader)
        case "856": ShipNotice856.read(&reader)
        case "810": Invoice810.read(&reader)
        case "832": PriceCatalog832.read(&reader)
        case "846": InventoryAdvice846.read(&reader)
        case "861": ReceivingAdvice861.read(&reader)
        case "997", "999": FunctionalAcknowledgmentSet.read(&reader)
        default:
            reader.errors.append(X12Error(
                code: .unsupportedSet, segment: "ST", position: reader.header + 1,
                message: "transaction set '\(reader.document.set)' is not one the codec reads (850, 855, 856, 810, 832, 846, 861, 997, 999)",
                element: 1, scope: reader.scope
            ))
        }
    }
}
