/// Reads and writes the 832 price catalog: BCT, then LIN lines with CTP prices and PID descriptions.
enum PriceCatalog832 {
    static let BCT = X12SegmentTag(packed: 0x424354)  // "BCT"
    static let LIN = X12SegmentTag(packed: 0x4C494E)  // "LIN"
    static let CTP = X12SegmentTag(packed: 0x435450)  // "CTP"

    static func read(_ reader: inout X12SetReader) {
        var sawBCT = false
        reader.reserveLines(LIN)
        for index in reader.body {
            switch reader.tag(index) {
            case BCT:
                sawBCT = true
                reader.document.purpose = reader.required(index, 1, "catalog purpose code")
                reader.document.number = reader.value(index, 2)
            case LIN:
                reader.begin(line: reader.value(index, 1), productIDs: reader.productIDs(index, from: 2))
            case CTP:
                guard reader.hasLine else { continue }
                guard let price = reader.decimal(index, 3, "unit price", required: true) else { continue }
                let entry = X12Price(
                    classOfTrade: reader.value(index, 1), qualifier: reader.value(index, 2), price: price,
                    unit: reader.table.component(index, 5, 1)
                )
                reader.line.prices.append(entry)
                if reader.line.unitPrice == nil {
                    reader.line.unitPrice = entry.price
                    reader.line.unit = entry.unit
                }
            default:
                reader.readCommon(index)
            }
        }
        if !sawBCT { reader.reportMissing("BCT", "beginning segment for price/sales catalog") }
    }

    /// BCT, the header, then per line LIN, PID/REF/DTM and one CTP per price (`CTP**CON*price**unit`
    /// when a line was built with only `unitPrice`), and CTT with the number of lines.
    static func segments(_ document: X12Document) -> [[String]] {
        var segments: [[String]] = [["BCT", document.purpose ?? "PC", document.number ?? ""]]
        segments += X12SegmentBuilder.header(document, currencyEntity: "SE", partiesLast: true)
        for line in document.lines {
            segments.append(X12SegmentBuilder.lin(line))
            segments += X12SegmentBuilder.lineDetails(line)
            let prices = line.prices.isEmpty && line.unitPrice != nil
                ? [X12Price(qualifier: "CON", price: line.unitPrice ?? "", unit: line.unit)] : line.prices
            segments += prices.map { ["CTP", $0.classOfTrade ?? "", $0.qualifier ?? "", $0.price, "", $0.unit ?? ""] }
        }
        segments.append(["CTT", String(document.lines.count)])
        return segments
    }
}
