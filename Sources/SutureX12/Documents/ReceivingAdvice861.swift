/// Reads and writes the 861 receiving advice (docs/x12.md, "861 receiving advice"): BRA, DTM and
/// PRF (the purchase order) in the header, then per line an RCD with the quantity received and
/// any quantities in question with their receiving condition (`02` short, `01` damaged), then
/// LIN with the product ids.
enum ReceivingAdvice861 {
    static let BRA = X12SegmentTag(packed: 0x425241)  // "BRA"
    static let RCD = X12SegmentTag(packed: 0x524344)  // "RCD"

    static func read(_ reader: inout X12SetReader) {
        var sawBRA = false
        reader.reserveLines(RCD)
        for index in reader.body {
            switch reader.tag(index) {
            case BRA:
                sawBRA = true
                reader.document.number = reader.required(index, 1, "receiving advice reference")
                reader.document.date = reader.date(index, 2, "receiving advice date")
                reader.document.purpose = reader.required(index, 3, "transaction set purpose code")
                reader.document.typeCode = reader.value(index, 4)
            case ShipNotice856.PRF:
                guard let order = reader.required(index, 1, "purchase order number") else { continue }
                if reader.hasLine {
                    reader.line.purchaseOrder = order
                } else if reader.document.purchaseOrder == nil {
                    reader.document.purchaseOrder = order
                }
            case RCD:
                reader.begin(line: reader.value(index, 1), quantity: reader.decimal(index, 2, "quantity received"),
                             unit: reader.table.component(index, 3, 1), productIDs: [], purchaseOrder: reader.document.purchaseOrder)
                // RCD06-08, 09-11, ... 18-20: a quantity in question, its unit and receiving condition.
                var element = 6
                while element + 2 <= 20 {
                    if let quantity = reader.decimal(index, element, "quantity in question"), let condition = reader.value(index, element + 2) {
                        reader.line.quantities.append(X12QuantityReport(qualifier: condition, quantity: quantity,
                                                                        unit: reader.table.component(index, element + 1, 1)))
                    }
                    element += 3
                }
            case PriceCatalog832.LIN:
                guard reader.hasLine else { continue }
                reader.line.productIDs += reader.productIDs(index, from: 2)
            default:
                reader.readCommon(index)
            }
        }
        if !sawBRA { reader.reportMissing("BRA", "beginning segment for receiving advice") }
    }

    /// BRA (purpose `00`, type `1` receiving dock advice by default), header REF and DTM, PRF,
    /// N1 loops, then per line RCD (received, then each quantity in question as a triple from
    /// RCD06) and LIN, and CTT with the number of lines.
    static func segments(_ document: X12Document) -> [[String]] {
        var segments: [[String]] = [["BRA", document.number ?? "", document.date ?? "", document.purpose ?? "00", document.typeCode ?? "1"]]
        segments += document.references.map { ["REF", $0.qualifier, $0.value] }
        segments += document.dates.map { ["DTM", $0.qualifier, $0.date] }
        if let order = document.purchaseOrder { segments.append(["PRF", order]) }
        segments += document.parties.map { ["N1", $0.code, $0.name ?? "", $0.idQualifier ?? "", $0.id ?? ""] }
        for line in document.lines {
            var rcd = ["RCD", line.line ?? "", line.quantity ?? "", line.unit ?? "", "", ""]
            for report in line.quantities.prefix(5) { rcd += [report.quantity, report.unit ?? "", report.qualifier] }
            segments.append(rcd)
            if !line.productIDs.isEmpty { segments.append(X12SegmentBuilder.lin(X12LineItem(productIDs: line.productIDs))) }
            segments += X12SegmentBuilder.lineDetails(line)
        }
        segments.append(["CTT", String(document.lines.count)])
        return segments
    }
}
