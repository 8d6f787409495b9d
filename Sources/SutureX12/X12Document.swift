/// A business document read from (or to be written as) one X12 transaction set.
///
/// One value type serves every set the codec knows; fields a set does not use stay empty.
/// Values are kept as written (quantities, prices, dates `CCYYMMDD`), so that writing a parsed
/// document gives the same segments back; derived views (`type`, a line's `gtin`...) are computed.
public struct X12Document: Hashable, Sendable {
    /// ST01: `850`, `855`, `856`, `810`, `832`, `846`, `861`, `997`, `999`.
    public var set: String
    /// ST02.
    public var control: String
    /// The document's own number: 850 BEG03, 855 BAK08, 856 BSN02, 810 BIG02, 861 BRA01.
    public var number: String?
    /// The purchase order it refers to: 850 BEG03, 855 BAK03, 856 first PRF01, 810 BIG04, 861 PRF01.
    public var purchaseOrder: String?
    /// The document date as written (`CCYYMMDD`): BEG05, BAK04, BSN03, BIG01, BCT... .
    public var date: String?
    /// BSN04 ship notice time (`HHMM`).
    public var time: String?
    /// The purpose or type code: BEG01 and BEG02 (`00`, `SA`), BAK01 and BAK02 (`00`, `AC`), BSN01, BIG07, BCT01, BIA01 and BIA02.
    public var purpose: String?
    public var typeCode: String?
    /// CUR02 at header level, such as `USD`.
    public var currency: String?
    /// Header-level REF segments.
    public var references: [X12Reference]
    /// Header-level DTM segments.
    public var dates: [X12DateReference]
    /// N1 loops (ship-to `ST`, buyer `BY`, seller `SE`, ship-from `SF`...).
    public var parties: [X12Party]
    public var lines: [X12LineItem]
    /// 810 TDS01, a decimal in currency units (TDS carries two implied decimals).
    public var total: String?
    /// 997 and 999: what the acknowledgment says.
    public var acknowledgment: X12FunctionalAcknowledgment?

    public init(
        set: String, control: String, number: String? = nil, purchaseOrder: String? = nil,
        date: String? = nil, time: String? = nil, purpose: String? = nil, typeCode: String? = nil,
        currency: String? = nil, references: [X12Reference] = [], dates: [X12DateReference] = [],
        parties: [X12Party] = [], lines: [X12LineItem] = [], total: String? = nil,
        acknowledgment: X12FunctionalAcknowledgment? = nil
    ) {
        self.set = set
        self.control = control
        self.number = number
        self.purchaseOrder = purchaseOrder
        self.date = date
        self.time = time
        self.purpose = purpose
        self.typeCode = typeCode
        self.currency = currency
        self.references = references
        self.dates = dates
        self.parties = parties
        self.lines = lines
        self.total = total
        self.acknowledgment = acknowledgment
    }

    /// The kind of document, from the set id; nil for a set the codec does not read.
    public var type: X12DocumentType? { X12DocumentType(set: set) }

    /// The party with entity code `code` (`ST` ship-to, `BY` buyer, `SE` seller...).
    public func party(_ code: String) -> X12Party? { parties.first { $0.code == code } }
}

/// The kinds of document the codec reads, named as in the JSON `type` member.
public enum X12DocumentType: String, Hashable, Sendable, CaseIterable {
    case purchaseOrder
    case poAcknowledgment
    case shipNotice
    case invoice
    case priceCatalog
    case inventoryAdvice
    case receivingAdvice
    case acknowledgment

    public init?(set: String) {
        switch set {
        case "850": self = .purchaseOrder
        case "855": self = .poAcknowledgment
        case "856": self = .shipNotice
        case "810": self = .invoice
        case "832": self = .priceCatalog
        case "846": self = .inventoryAdvice
        case "861": self = .receivingAdvice
        case "997", "999": self = .acknowledgment
        default: return nil
        }
    }

    /// The GS01 functional identifier of a group carrying this set.
    public static func functionalID(forSet set: String) -> String {
        switch set {
        case "850": return "PO"
        case "855": return "PR"
        case "856": return "SH"
        case "810": return "IN"
        case "832": return "SC"
        case "846": return "IB"
        case "861": return "RC"
        case "997", "999": return "FA"
        default: return "ZZ"
        }
    }
}

/// A REF segment: qualifier and value (`REF*BM*123` is a bill of lading number).
public struct X12Reference: Hashable, Sendable {
    public var qualifier: String
    public var value: String

    public init(_ qualifier: String, _ value: String) {
        self.qualifier = qualifier
        self.value = value
    }
}

/// A DTM segment: qualifier and the date as written (`CCYYMMDD`), e.g. `036` expiration.
public struct X12DateReference: Hashable, Sendable {
    public var qualifier: String
    public var date: String

    public init(_ qualifier: String, _ date: String) {
        self.qualifier = qualifier
        self.date = date
    }
}

/// An N1 loop's name segment: entity code, name and identifier.
public struct X12Party: Hashable, Sendable {
    /// N101: `ST` ship-to, `BY` buying party, `SE` selling party, `SF` ship-from, `VN` vendor...
    public var code: String
    public var name: String?
    /// N103 (`92` assigned by buyer, `UL` GLN, `1` DUNS...) and N104.
    public var idQualifier: String?
    public var id: String?

    public init(code: String, name: String? = nil, idQualifier: String? = nil, id: String? = nil) {
        self.code = code
        self.name = name
        self.idQualifier = idQualifier
        self.id = id
    }
}

/// A product id as a qualifier pair of PO1, LIN or IT1 (`VN`/`ABC-123`, `UK`/`10614141000415`).
public struct X12ProductID: Hashable, Sendable {
    public var qualifier: String
    public var value: String

    public init(_ qualifier: String, _ value: String) {
        self.qualifier = qualifier
        self.value = value
    }

    /// Qualifiers whose value is a GS1 GTIN (UPC-A, EAN-13, GTIN-14).
    public static let gtinQualifiers: Set<String> = ["UP", "UK", "EN"]
    public static let vendorPartQualifiers: Set<String> = ["VN", "VC", "VP", "VA"]
    public static let buyerPartQualifiers: Set<String> = ["IN", "BP", "PI"]
}
