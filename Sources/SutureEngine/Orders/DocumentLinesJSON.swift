import Foundation
import SutureModel
import SutureProcurement
import SutureDelivery

/// What order and invoice bodies read alike: the document number, and the `lines` array
/// whose every line has a unique number, an item, a quantity above 0 and a unit.
enum DocumentLinesJSON {
    /// The fields every line has.
    struct Common {
        var line: Int
        var item: ItemID
        var quantity: Decimal
        var unit: UnitOfMeasure
    }

    /// `number`: at most 64 characters and no `/`, since it is a path segment of the API.
    static func number(_ body: inout JSONObjectReader) throws(JSONFieldError) -> String {
        let number = try body.text("number")
        guard number.unicodeScalars.count <= 64, !number.contains("/") else {
            throw JSONFieldError(.invalid, field: "number", message: "must be at most 64 characters without '/'")
        }
        return number
    }

    /// Reads `lines` (at least one); `rest` reads a line's own fields from its reader.
    static func lines<Line>(
        _ body: inout JSONObjectReader, _ rest: (inout JSONObjectReader, Common) throws(JSONFieldError) -> Line
    ) throws(JSONFieldError) -> [Line] {
        guard let values = try body.optionalArray("lines"), !values.isEmpty else {
            throw JSONFieldError(.missing, field: "lines", message: "is required and must list at least one line")
        }
        var numbers: Set<Int> = []
        var lines: [Line] = []
        for (index, value) in values.enumerated() {
            var line = try JSONObjectReader(value, path: "lines[\(index)]")
            guard let number = try line.optionalInteger("line", in: 1...999_999) else {
                throw line.missing("line")
            }
            guard numbers.insert(number).inserted else {
                throw JSONFieldError(.inconsistent, field: line.fieldPath("line"), message: "line \(number) appears twice")
            }
            let item = try line.required("item") { try ItemID($0) }
            guard let quantity = try line.optionalDecimal("quantity") else {
                throw line.missing("quantity")
            }
            guard quantity > 0 else { throw JSONFieldError(.invalid, field: line.fieldPath("quantity"), message: "must be above 0") }
            let unit = try line.required("unit") { try UnitOfMeasure($0) }
            lines.append(try rest(&line, Common(line: number, item: item, quantity: quantity, unit: unit)))
            try line.rejectUnknownFields()
        }
        return lines
    }
}
