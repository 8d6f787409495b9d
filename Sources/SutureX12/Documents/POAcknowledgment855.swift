/// Reads and writes the 855 purchase order acknowledgment: BAK, then PO1 lines each with ACK statuses.
enum POAcknowledgment855 {
    static let BAK = X12SegmentTag(packed: 0x42414B)  // "BAK"
    static let ACK = X12SegmentTag(packed: 0x41434B)  // "ACK"

    static func read(_ reader: inout X12SetReader) {
        var sawBAK = false
        reader.reserveLines(PurchaseOrder850.PO1)
        for index in reader.body {
            switch reader.tag(index) {
            case BAK:
                sawBAK = true
                reader.document.purpose = reader.required(index, 1, "transaction set purpose code")
                reader.document.typeCode = reader.required(index, 2, "acknowledgment type")
                reader.document.purchaseOrder = reader.required(index, 3, "purchase order number")
                reader.document.date = reader.date(index, 4, "purchase order date")
                reader.document.number = reader.value(index, 8)
            case PurchaseOrder850.PO1:
                PurchaseOrder850.readPO1(&reader, index)
            case ACK:
                guard reader.hasLine else {
                    reader.report(.unexpectedSegment, at: index, element: nil, "ACK before any PO1 line")
                    continue
                }
                guard let status = reader.required(index, 1, "line item status code") else { continue }
                let ack = X12LineAcknowledgment(
                    status: status,
                    quantity: reader.decimal(index, 2, "quantity"),
                    unit: reader.value(index, 3),
                    dateQualifier: reader.value(index, 4),
                    date: reader.date(index, 5, "date")
                )
                reader.line.acknowledgments.append(ack)
            default:
                reader.readCommon(index)
            }
        }
        if !sawBAK { reader.reportMissing("BAK", "beginning segment for purchase order acknowledgment") }
    }

    static func segments(_ document: X12Document) -> [[String]] {
        var segments: [[String]] = [[
            "BAK", document.purpose ?? "00", document.typeCode ?? "AC", document.purchaseOrder ?? "",
            document.date ?? "", "", "", "", document.number ?? "",
        ]]
        segments += X12SegmentBuilder.header(document, currencyEntity: "SE", partiesLast: true)
        for line in document.lines {
            segments.append(X12SegmentBuilder.po1(line))
            segments += X12SegmentBuilder.lineDetails(line)
            for ack in line.acknowledgments {
                segments.append(["ACK", ack.status, ack.quantity ?? "", ack.unit ?? "", ack.dateQualifier ?? "", ack.date ?? ""])
            }
        }
        segments.append(["CTT", String(document.lines.count)])
        return segments
    }
}
