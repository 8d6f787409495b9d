/// Reads and writes the 856 ship notice: BSN, then the HL hierarchy of shipment (S), order (O),
/// pack (P) and item (I) levels; items carry LIN product ids (lot as `LT`), SN1 quantity and DTM*036 expiry.
enum ShipNotice856 {
    static let BSN = X12SegmentTag(packed: 0x42534E)  // "BSN"
    static let PRF = X12SegmentTag(packed: 0x505246)  // "PRF"
    static let SN1 = X12SegmentTag(packed: 0x534E31)  // "SN1"

    static func read(_ reader: inout X12SetReader) {
        var sawBSN = false
        // The purchase order that applies under each HL id, inherited from the order level above.
        var orderOfLevel: [String: String] = [:]
        var currentLevel: String?
        reader.reserveLines(PriceCatalog832.LIN)
        for index in reader.body {
            switch reader.tag(index) {
            case BSN:
                sawBSN = true
                reader.document.purpose = reader.required(index, 1, "transaction set purpose code")
                reader.document.number = reader.required(index, 2, "shipment identification")
                reader.document.date = reader.date(index, 3, "ship notice date")
                reader.document.time = reader.value(index, 4)
            case X12SegmentTag.HL:
                reader.finishLine()
                let id = reader.value(index, 1) ?? ""
                currentLevel = id
                if let parent = reader.value(index, 2), let order = orderOfLevel[parent] {
                    orderOfLevel[id] = order
                }
            case PRF:
                guard let order = reader.required(index, 1, "purchase order number") else { continue }
                if let currentLevel { orderOfLevel[currentLevel] = order }
                if reader.document.purchaseOrder == nil { reader.document.purchaseOrder = order }
                if reader.hasLine, reader.line.purchaseOrder == nil { reader.line.purchaseOrder = order }
            case PriceCatalog832.LIN:
                reader.begin(
                    line: reader.value(index, 1),
                    productIDs: reader.productIDs(index, from: 2),
                    purchaseOrder: currentLevel.flatMap { orderOfLevel[$0] }
                )
            case SN1:
                guard reader.hasLine else { continue }
                reader.line.quantity = reader.decimal(index, 2, "number of units shipped", required: true)
                reader.line.unit = reader.required(index, 3, "unit of measure")
            default:
                reader.readCommon(index)
            }
        }
        if !sawBSN { reader.reportMissing("BSN", "beginning segment for ship notice") }
    }

    /// One shipment level, then one order level per purchase order (in order of first appearance), each with its items.
    static func segments(_ document: X12Document) -> [[String]] {
        var segments: [[String]] = [["BSN", document.purpose ?? "00", document.number ?? "", document.date ?? "", document.time ?? "0000"]]
        segments.append(["HL", "1", "", "S"])
        segments += X12SegmentBuilder.header(document, currencyEntity: nil, partiesLast: true)
        var orders: [String?] = []
        for line in document.lines where !orders.contains(line.purchaseOrder) { orders.append(line.purchaseOrder) }
        if orders.isEmpty, let order = document.purchaseOrder { orders = [order] }
        var nextID = 2
        for order in orders {
            let orderID = nextID
            nextID += 1
            segments.append(["HL", String(orderID), "1", "O"])
            if let order { segments.append(["PRF", order]) }
            for line in document.lines where line.purchaseOrder == order {
                segments.append(["HL", String(nextID), String(orderID), "I"])
                nextID += 1
                var lin = ["LIN", line.line ?? ""]
                for id in line.productIDs { lin += [id.qualifier, id.value] }
                segments.append(lin)
                segments.append(["SN1", "", line.quantity ?? "", line.unit ?? ""])
                segments += X12SegmentBuilder.lineDetails(line)
            }
        }
        segments.append(["CTT", String(nextID - 1)])
        return segments
    }
}
