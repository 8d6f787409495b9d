public import SutureModel

/// One line of an X12 document: a PO1, LIN or IT1 with what follows it, values as written.
///
/// The convenient views (`gtin`, `vendorPart`, `lot`, `expiry`, `status`...) are computed from
/// the qualifier pairs and segments as written, so a line read and written again is the same value.
public struct X12LineItem: Hashable, Sendable {
    /// PO101, LIN01 or IT101: the line's id in its document.
    public var line: String?
    /// PO102, SN102, IT102, or the first QTY02 of an 846 line; a decimal as written.
    public var quantity: String?
    /// PO103, SN103, IT103, QTY03 or CTP05-1.
    public var unit: String?
    /// PO104, IT104, or the first CTP03 of an 832 line.
    public var unitPrice: String?
    /// The product id qualifier pairs in order.
    public var productIDs: [X12ProductID]
    /// PID05 of the first PID with a description.
    public var description: String?
    /// 855 ACK segments.
    public var acknowledgments: [X12LineAcknowledgment]
    /// 856: the purchase order (PRF01) of the order level the item is under.
    public var purchaseOrder: String?
    /// Line-level REF and DTM segments (`REF*LT` lot, `REF*SE` serial, `DTM*036` expiry).
    public var references: [X12Reference]
    public var dates: [X12DateReference]
    // `quantities` is declared before `prices`, unlike in the public initializer, so that the
    // synthesized memberwise initializer (kept by declaring the public ones in an extension) has
    // a signature of its own. The readers use it: it builds the line in place in the array,
    // where the public initializer made the optimizer copy and destroy every 144-byte line.
    /// 846 QTY quantities.
    public var quantities: [X12QuantityReport]
    /// 832 CTP prices.
    public var prices: [X12Price]
}

extension X12LineItem {
    public init(
        line: String? = nil, quantity: String? = nil, unit: String? = nil, unitPrice: String? = nil,
        productIDs: [X12ProductID] = [], description: String? = nil,
        acknowledgments: [X12LineAcknowledgment] = [], purchaseOrder: String? = nil,
        references: [X12Reference] = [], dates: [X12DateReference] = [],
        prices: [X12Price] = [], quantities: [X12QuantityReport] = []
    ) {
        self.line = line
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.productIDs = productIDs
        self.description = description
        self.acknowledgments = acknowledgments
        self.purchaseOrder = purchaseOrder
        self.references = references
        self.dates = dates
        self.prices = prices
        self.quantities = quantities
    }

    /// A line built from typed fields, with the product ids written the way Suture sends them:
    /// `VN` vendor item, `IN` buyer item, `UK` GTIN-14, `MG` manufacturer part, `N4` NDC, `LT` lot, `SN` serials,
    /// and the expiry as `DTM*036`.
    public init(
        line: String?, quantity: String?, unit: String?, unitPrice: String? = nil,
        gtin: GTIN? = nil, vendorPart: String? = nil, buyerPart: String? = nil,
        manufacturerPart: String? = nil, ndc: String? = nil, description: String? = nil,
        lot: String? = nil, serials: [String] = [], expiry: String? = nil,
        status: String? = nil, purchaseOrder: String? = nil
    ) {
        var ids: [X12ProductID] = []
        if let vendorPart { ids.append(X12ProductID("VN", vendorPart)) }
        if let buyerPart { ids.append(X12ProductID("IN", buyerPart)) }
        if let gtin { ids.append(X12ProductID("UK", gtin.value)) }
        if let manufacturerPart { ids.append(X12ProductID("MG", manufacturerPart)) }
        if let ndc { ids.append(X12ProductID("N4", ndc)) }
        if let lot { ids.append(X12ProductID("LT", lot)) }
        ids += serials.map { X12ProductID("SN", $0) }
        var dates: [X12DateReference] = []
        if let expiry { dates.append(X12DateReference("036", expiry.replacingDashes())) }
        self.init(
            line: line, quantity: quantity, unit: unit, unitPrice: unitPrice, productIDs: ids,
            description: description,
            acknowledgments: status.map { [X12LineAcknowledgment(status: $0, quantity: quantity, unit: unit)] } ?? [],
            purchaseOrder: purchaseOrder, dates: dates
        )
    }

    /// The first value with one of `qualifiers`.
    public func productID(_ qualifiers: Set<String>) -> String? {
        productIDs.first { qualifiers.contains($0.qualifier) }?.value
    }

    /// The first UPC, EAN or GTIN-14 that is a valid GTIN, in its 14-digit form.
    public var gtin: GTIN? {
        for id in productIDs where X12ProductID.gtinQualifiers.contains(id.qualifier) {
            if let gtin = try? GTIN(id.value) { return gtin }
        }
        return nil
    }

    public var vendorPart: String? { productID(X12ProductID.vendorPartQualifiers) }
    public var buyerPart: String? { productID(X12ProductID.buyerPartQualifiers) }
    public var manufacturerPart: String? { productID(["MG"]) }
    /// National Drug Code (`N4`, or `ND`).
    public var ndc: String? { productID(["N4", "ND"]) }
    /// Health Industry Bar Code (`HI`).
    public var hibc: String? { productID(["HI"]) }

    /// The lot: an `LT` product id, or `REF*LT`.
    public var lot: String? {
        productID(["LT"]) ?? references.first { $0.qualifier == "LT" }?.value
    }

    /// Serial numbers: `SN` product ids and `REF*SE`.
    public var serials: [String] {
        productIDs.filter { $0.qualifier == "SN" }.map(\.value)
            + references.filter { $0.qualifier == "SE" }.map(\.value)
    }

    /// The expiry (`DTM*036`) as an ISO date `YYYY-MM-DD`.
    public var expiry: String? {
        dates.first { $0.qualifier == "036" }.flatMap { X12Date.iso($0.date) }
    }

    /// 855: the first ACK01 status (`IA` accepted, `IB` backordered, `IR` rejected, `IS` substituted...).
    public var status: String? { acknowledgments.first?.status }
}

/// An 855 ACK segment: what the supplier does with the line.
public struct X12LineAcknowledgment: Hashable, Sendable {
    /// ACK01: `IA` accepted, `IB` backordered, `IR` rejected, `IS` substituted, `IC` changed,
    /// `IQ` quantity changed, `IP` price changed, `ID` deleted, `IH` on hold, `AR` accepted and released.
    public var status: String
    /// ACK02 and ACK03.
    public var quantity: String?
    public var unit: String?
    /// ACK04 date qualifier (`068` current schedule ship) and ACK05 date.
    public var dateQualifier: String?
    public var date: String?

    public init(status: String, quantity: String? = nil, unit: String? = nil, dateQualifier: String? = nil, date: String? = nil) {
        self.status = status
        self.quantity = quantity
        self.unit = unit
        self.dateQualifier = dateQualifier
        self.date = date
    }
}

/// An 832 CTP segment: a price for a class of trade.
public struct X12Price: Hashable, Sendable {
    /// CTP01 class of trade (`WS` wholesale...), CTP02 price qualifier (`CON` contract, `CAT` catalog...).
    public var classOfTrade: String?
    public var qualifier: String?
    /// CTP03 unit price, as written.
    public var price: String
    /// CTP05-1, the unit the price is for.
    public var unit: String?

    public init(classOfTrade: String? = nil, qualifier: String? = nil, price: String, unit: String? = nil) {
        self.classOfTrade = classOfTrade
        self.qualifier = qualifier
        self.price = price
        self.unit = unit
    }
}

/// An 846 QTY segment: a quantity of a kind (`33` available, `17` on hand, `02` committed...).
public struct X12QuantityReport: Hashable, Sendable {
    public var qualifier: String
    public var quantity: String
    public var unit: String?

    public init(qualifier: String, quantity: String, unit: String? = nil) {
        self.qualifier = qualifier
        self.quantity = quantity
        self.unit = unit
    }
}

extension String {
    /// `2027-01-31` as `20270131`; other text unchanged.
    func replacingDashes() -> String { filter { $0 != "-" } }
}
