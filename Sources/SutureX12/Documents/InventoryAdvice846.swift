/// Reads and writes the 846 inventory inquiry/advice: BIA, then LIN lines with QTY quantities.
enum InventoryAdvice846 {
    static let BIA = X12SegmentTag(packed: 0x424941)  // "BIA"
    static let QTY = X12SegmentTag(packed: 0x515459)  // "QTY"

    static func read(_ reader: inout X12SetReader) {
        var sawBIA = false
        reader.reserveLines(PriceCatalog832.LIN)
        for index in reader.body {
            switch reader.tag(index) {
            case BIA:
                sawBIA = true
                reader.document.purpose = reader.required(index, 1, "transaction set purpose code")
                reader.document.typeCode = reader.value(index, 2)
                reader.document.number = reader.value(index, 3)
                reader.document.date = reader.date(index, 4, "report date")
            case PriceCatalog832.LIN:
                reader.begin(line: reader.value(index, 1), productIDs: reader.productIDs(index, from: 2))
            case QTY:
                guard reader.hasLine, let qualifier = reader.required(index, 1, "quantity qualifier"),
                      let quantity = reader.decimal(index, 2, "quantity", required: true) else { continue }
                let report = X12QuantityReport(qualifier: qualifier, quantity: quantity, unit: reader.table.component(index, 3, 1))
                reader.line.quantities.append(report)
                if reader.line.quantity == nil {
                    reader.line.quantity = report.quantity
                    reader.line.unit = report.unit
                }
            default:
                reader.readCommon(index)
            }
        }
        if !sawBIA { reader.reportMissing("BIA", "beginning segment for inventory inquiry/advice") }
    }

    /// BIA, the header, then per line LIN, PID/REF/DTM and one QTY per quantity (`QTY*33*quantity*unit`,
    /// quantity available, when a line was built with only `quantity`), and CTT with the number of lines.
    static func segments(_ document: X12Document) -> [[String]] {
        var segments: [[String]] = [["BIA", document.purpose ?? "00", document.typeCode ?? "MM", document.number ?? "", document.date ?? ""]]
        segments += X12SegmentBuilder.header(document, currencyEntity: nil, partiesLast: true)
        for line in document.lines {
            segments.append(X12SegmentBuilder.lin(line))
            segments += X12SegmentBuilder.lineDetails(line)
            let quantities = line.quantities.isEmpty && line.quantity != nil
                ? [X12QuantityReport(qualifier: "33", quantity: line.quantity ?? "", unit: line.unit)] : line.quantities
            segments += quantities.map { ["QTY", $0.qualifier, $0.quantity, $0.unit ?? ""] }
        }
        segments.append(["CTT", String(document.lines.count)])
        return segments
    }
}
