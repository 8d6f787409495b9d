/// Reads and writes the 810 invoice: BIG, IT1 lines, and the TDS total (two implied decimals).
enum Invoice810 {
    static let BIG = X12SegmentTag(packed: 0x424947)  // "BIG"
    static let IT1 = X12SegmentTag(packed: 0x495431)  // "IT1"
    static let TDS = X12SegmentTag(packed: 0x544453)  // "TDS"

    static func read(_ reader: inout X12SetReader) {
        var sawBIG = false
        reader.reserveLines(IT1)
        for index in reader.body {
            switch reader.tag(index) {
            case BIG:
                sawBIG = true
                reader.document.date = reader.date(index, 1, "invoice date")
                reader.document.number = reader.required(index, 2, "invoice number")
                reader.document.purchaseOrder = reader.value(index, 4)
                reader.document.typeCode = reader.value(index, 7)
            case IT1:
                reader.begin(
                    line: reader.value(index, 1),
                    quantity: reader.decimal(index, 2, "quantity invoiced"),
                    unit: reader.value(index, 3),
                    unitPrice: reader.decimal(index, 4, "unit price"),
                    productIDs: reader.productIDs(index, from: 6)
                )
            case TDS:
                reader.finishLine()
                guard let amount = reader.required(index, 1, "total invoice amount") else { continue }
                if let total = X12Number.impliedDecimal(amount) {
                    reader.document.total = total
                } else {
                    reader.report(.invalidElement, at: index, element: 1, "TDS01 '\(amount)' must be digits with two implied decimals (12345 is 123.45)", syntax: "6")
                }
            default:
                reader.readCommon(index)
            }
        }
        if !sawBIG { reader.reportMissing("BIG", "beginning segment for invoice") }
    }

    static func segments(_ document: X12Document) -> [[String]] {
        var big = ["BIG", document.date ?? "", document.number ?? "", "", document.purchaseOrder ?? ""]
        if let type = document.typeCode { big += ["", "", type] }
        var segments: [[String]] = [big]
        segments += X12SegmentBuilder.header(document, currencyEntity: "SE", partiesLast: false)
        for line in document.lines {
            var it1 = ["IT1", line.line ?? "", line.quantity ?? "", line.unit ?? "", line.unitPrice ?? "", ""]
            for id in line.productIDs { it1 += [id.qualifier, id.value] }
            segments.append(it1)
            segments += X12SegmentBuilder.lineDetails(line)
        }
        segments.append(["TDS", document.total.flatMap { X12Number.toImpliedDecimal($0) } ?? "0"])
        segments.append(["CTT", String(document.lines.count)])
        return segments
    }
}
