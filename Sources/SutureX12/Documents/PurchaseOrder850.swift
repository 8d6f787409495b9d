/// Reads and writes the 850 purchase order: BEG, CUR, REF, DTM, N1 loops, PO1 lines with PID, CTT.
enum PurchaseOrder850 {
    static let BEG = X12SegmentTag(packed: 0x424547)  // "BEG"
    static let PO1 = X12SegmentTag(packed: 0x504F31)  // "PO1"

    static func read(_ reader: inout X12SetReader) {
        var sawBEG = false
        reader.reserveLines(PO1)
        for index in reader.body {
            switch reader.tag(index) {
            case BEG:
                sawBEG = true
                reader.document.purpose = reader.required(index, 1, "transaction set purpose code")
                reader.document.typeCode = reader.required(index, 2, "purchase order type code")
                reader.document.number = reader.required(index, 3, "purchase order number")
                reader.document.purchaseOrder = reader.document.number
                reader.document.date = reader.date(index, 5, "purchase order date")
            case PO1:
                readPO1(&reader, index)
            default:
                reader.readCommon(index)
            }
        }
        if !sawBEG { reader.reportMissing("BEG", "beginning segment for purchase order") }
    }

    /// PO1 (850, 855): line, quantity, unit, unit price, then product id pairs from PO106; starts a line.
    static func readPO1(_ reader: inout X12SetReader, _ index: Int) {
        let line = reader.value(index, 1)
        let quantity = reader.decimal(index, 2, "quantity ordered")
        let unit = reader.value(index, 3)
        let unitPrice = reader.decimal(index, 4, "unit price")
        let ids = reader.productIDs(index, from: 6)
        reader.begin(line: line, quantity: quantity, unit: unit, unitPrice: unitPrice, productIDs: ids)
    }

    static func segments(_ document: X12Document) -> [[String]] {
        var segments: [[String]] = [["BEG", document.purpose ?? "00", document.typeCode ?? "SA", document.number ?? document.purchaseOrder ?? "", "", document.date ?? ""]]
        segments += X12SegmentBuilder.header(document, currencyEntity: "BY", partiesLast: true)
        for line in document.lines {
            segments.append(X12SegmentBuilder.po1(line))
            segments += X12SegmentBuilder.lineDetails(line)
        }
        segments.append(["CTT", String(document.lines.count)])
        return segments
    }
}
