public import SutureX12
import SutureModel

/// Clean interchanges of every set the codec knows, in 004010 and 005010: for tests, for the
/// pyx12 cross-check (`scripts/check-x12-with-pyx12.py`) and for the supplier simulator's examples.
public enum X12SampleInterchanges {
    public static let parties = X12EnvelopeParties(
        senderQualifier: "ZZ", sender: "SUTUREHUB", receiverQualifier: "ZZ", receiver: "ACMEMEDICAL", usage: "T"
    )
    public static let timestamp = X12Timestamp(date: "20260518", time: "1015")
    public static let control = X12ControlNumbers(interchange: 1, group: 1, firstSet: 1)

    static func gtin(_ text: String) -> GTIN { try! GTIN(text) }

    /// An 850 for two lines shipped to the main OR storeroom.
    public static var purchaseOrder: X12Document {
        X12Document(
            set: "850", control: "0001", number: "PO123456", purchaseOrder: "PO123456", date: "20260518",
            purpose: "00", typeCode: "SA", currency: "USD",
            references: [X12Reference("DP", "OR-01")], dates: [X12DateReference("002", "20260525")],
            parties: [
                X12Party(code: "ST", name: "Main Hospital OR Storeroom", idQualifier: "92", id: "MAIN-OR-STORE"),
                X12Party(code: "BY", name: "Main Hospital", idQualifier: "UL", id: "0614141000005"),
                X12Party(code: "SE", name: "Acme Medical", idQualifier: "92", id: "ACME"),
            ],
            lines: [
                X12LineItem(line: "1", quantity: "10", unit: "BX", unitPrice: "45.50", gtin: gtin("10614141000415"),
                            vendorPart: "ABC-123", buyerPart: "7788", description: "Nitrile exam gloves, medium"),
                X12LineItem(line: "2", quantity: "2.5", unit: "CS", unitPrice: "120", gtin: gtin("012345678905"),
                            vendorPart: "XYZ-9", description: "Suture kit"),
            ]
        )
    }

    /// An 855 accepting line 1 and backordering line 2.
    public static var poAcknowledgment: X12Document {
        X12Document(
            set: "855", control: "0001", number: "SO-98765", purchaseOrder: "PO123456", date: "20260518",
            purpose: "00", typeCode: "AC",
            lines: [
                X12LineItem(line: "1", quantity: "10", unit: "BX", unitPrice: "45.50", gtin: gtin("10614141000415"),
                            vendorPart: "ABC-123", buyerPart: "7788", status: "IA"),
                X12LineItem(line: "2", quantity: "2.5", unit: "CS", unitPrice: "120", vendorPart: "XYZ-9", status: "IB"),
            ]
        )
    }

    /// An 856 shipping both lines of the order, with lot, expiry and a serial number.
    public static var shipNotice: X12Document {
        X12Document(
            set: "856", control: "0001", number: "SHIP-0001", purchaseOrder: "PO123456", date: "20260520", time: "1430",
            purpose: "00", dates: [X12DateReference("011", "20260520")],
            parties: [X12Party(code: "ST", name: "Main Hospital OR Storeroom", idQualifier: "92", id: "MAIN-OR-STORE")],
            lines: [
                X12LineItem(line: "1", quantity: "10", unit: "BX", gtin: gtin("10614141000415"), vendorPart: "ABC-123",
                            lot: "LOT4711", expiry: "2027-01-31", purchaseOrder: "PO123456"),
                X12LineItem(line: "2", quantity: "2", unit: "CS", vendorPart: "XYZ-9", lot: "L2", serials: ["SN0001"],
                            expiry: "2028-02-29", purchaseOrder: "PO123456"),
            ]
        )
    }

    /// An 810 invoicing both lines.
    public static var invoice: X12Document {
        X12Document(
            set: "810", control: "0001", number: "INV-0001", purchaseOrder: "PO123456", date: "20260521",
            currency: "USD", parties: [X12Party(code: "RI", name: "Acme Medical", idQualifier: "92", id: "ACME")],
            lines: [
                X12LineItem(line: "1", quantity: "10", unit: "BX", unitPrice: "45.50", gtin: gtin("10614141000415"), vendorPart: "ABC-123"),
                X12LineItem(line: "2", quantity: "2", unit: "CS", unitPrice: "120", vendorPart: "XYZ-9"),
            ],
            total: "695.00"
        )
    }

    /// A 997 (or 999) accepting group 1 with one 850, and rejecting a second set for a wrong count.
    public static func acknowledgment(set: String) -> X12Document {
        X12Document(set: set, control: "0001", acknowledgment: X12FunctionalAcknowledgment(
            functionalID: "PO", groupControl: "1", version: set == "999" ? "005010" : nil,
            sets: [
                X12SetAcknowledgment(setID: "850", control: "0001", status: "A"),
                X12SetAcknowledgment(
                    setID: "850", control: "0002",
                    segmentErrors: [X12SegmentNote(segment: "PO1", position: 5, code: "8", elementErrors: [X12ElementNote(position: 7, code: "7", badData: "12345")])],
                    status: "R", errors: ["4", "5"]
                ),
            ],
            groupStatus: "P", setsIncluded: 2, setsReceived: 2, setsAccepted: 1
        ))
    }

    /// An 832 with contract prices for two items, the first with a second (list) price and validity dates.
    public static var writtenPriceCatalog: X12Document {
        var gloves = X12LineItem(line: "1", quantity: nil, unit: "BX", unitPrice: "45.50", gtin: gtin("10614141000415"),
                                 vendorPart: "ABC-123", description: "Nitrile exam gloves, medium")
        gloves.prices = [X12Price(qualifier: "CON", price: "45.50", unit: "BX"), X12Price(classOfTrade: "WS", qualifier: "CAT", price: "52.00", unit: "BX")]
        gloves.dates = [X12DateReference("007", "20260101"), X12DateReference("036", "20261231")]
        var kits = X12LineItem(line: "2", quantity: nil, unit: "CS", unitPrice: "120", vendorPart: "XYZ-9")
        kits.prices = [X12Price(qualifier: "CON", price: "120", unit: "CS")]
        return X12Document(set: "832", control: "0001", number: "CAT-2026", purpose: "PC", currency: "USD",
                           dates: [X12DateReference("007", "20260101")],
                           parties: [X12Party(code: "SE", name: "Acme Medical", idQualifier: "92", id: "ACME")],
                           lines: [gloves, kits])
    }

    /// An 846 advising what is on hand of two items at one storeroom.
    public static var writtenInventoryAdvice: X12Document {
        var gloves = X12LineItem(line: "1", quantity: "140", unit: "BX", gtin: gtin("10614141000415"), vendorPart: "ABC-123")
        gloves.quantities = [X12QuantityReport(qualifier: "33", quantity: "140", unit: "BX"), X12QuantityReport(qualifier: "02", quantity: "12", unit: "BX")]
        var kits = X12LineItem(line: "2", quantity: "3", unit: "CS", vendorPart: "XYZ-9")
        kits.quantities = [X12QuantityReport(qualifier: "33", quantity: "3", unit: "CS")]
        return X12Document(set: "846", control: "0001", number: "INV-ADV-1", date: "20260518", purpose: "00", typeCode: "MM",
                           parties: [X12Party(code: "ST", name: "Main Hospital OR Storeroom", idQualifier: "92", id: "MAIN-OR-STORE")],
                           lines: [gloves, kits])
    }

    /// An 861 receiving advice as Suture writes it: 10 of 12 boxes received (2 short) of lot
    /// LOT4711, and 5 cases of which 1 damaged.
    public static var writtenReceivingAdvice: X12Document {
        var gloves = X12LineItem(line: "1", quantity: "10", unit: "BX", vendorPart: "ABC-123", buyerPart: "GLOVE-M", lot: "LOT4711",
                                 expiry: "2030-01-31", purchaseOrder: "PO-9001")
        gloves.quantities = [X12QuantityReport(qualifier: "02", quantity: "2", unit: "BX")]
        var kits = X12LineItem(line: "2", quantity: "5", unit: "CA", buyerPart: "KIT-9", purchaseOrder: "PO-9001")
        kits.quantities = [X12QuantityReport(qualifier: "01", quantity: "1", unit: "CA")]
        return X12Document(set: "861", control: "0001", number: "RCV-1", purchaseOrder: "PO-9001", date: "20260518", purpose: "00", typeCode: "1",
                           dates: [X12DateReference("050", "20260518")], lines: [gloves, kits])
    }

    /// The documents the writer can produce, one of each.
    public static func writableDocuments(version: X12Version) -> [X12Document] {
        [purchaseOrder, poAcknowledgment, shipNotice, invoice, writtenPriceCatalog, writtenInventoryAdvice, writtenReceivingAdvice,
         acknowledgment(set: version == .v005010 ? "999" : "997")]
    }

    /// One written interchange per writable set, named like `850-004010.edi`.
    public static func written(version: X12Version) -> [(name: String, text: String)] {
        writableDocuments(version: version).map { document in
            let text = try! X12Writer(version: version).write([document], parties: parties, control: control, timestamp: timestamp)
            return ("\(document.set)-\(version.rawValue).edi", text)
        }
    }

    /// A hand-written 832 price catalog, as a supplier might send it.
    public static func priceCatalog(version: X12Version) -> String {
        envelope(version: version, functionalID: "SC", set: "832", body: [
            "BCT*PC*CAT-2026",
            "LIN*1*VN*ABC-123*UK*10614141000415",
            "PID*F****Nitrile exam gloves, medium",
            "CTP**CON*45.50**BX",
            "LIN*2*VN*XYZ-9",
            "CTP**CON*120**CS",
        ])
    }

    /// A hand-written 846 inventory advice.
    public static func inventoryAdvice(version: X12Version) -> String {
        envelope(version: version, functionalID: "IB", set: "846", body: [
            "BIA*00*MM*INV-ADV-1*20260518",
            "LIN*1*VN*ABC-123*UK*10614141000415",
            "QTY*33*140*BX",
            "LIN*2*VN*XYZ-9",
            "QTY*33*3*CS",
        ])
    }

    /// Wraps body segments in a valid envelope with `ST*set*0001`.
    public static func envelope(version: X12Version, functionalID: String, set: String, body: [String], setControl: String = "0001") -> String {
        let isa = "ISA*00*          *00*          *ZZ*SUTUREHUB      *ZZ*ACMEMEDICAL    *260518*1015*\(version == .v004010 ? "U" : "^")*\(version.interchangeVersion)*000000001*0*T*>~"
        let segments = ["ST*\(set)*\(setControl)"] + body
        return isa + "\n" + (["GS*\(functionalID)*SUTUREHUB*ACMEMEDICAL*20260518*1015*1*X*\(version.rawValue)"]
            + segments + ["SE*\(segments.count + 1)*\(setControl)", "GE*1*1", "IEA*1*000000001"]).map { $0 + "~\n" }.joined()
    }
}
