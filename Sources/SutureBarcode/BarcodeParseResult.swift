public import SutureModel

/// Everything read from one scan: the identifiers and attributes found, and every rule
/// the data broke.
///
/// For HIBC data `elements` stays empty: HIBC fields have no AIs, and inventing some would
/// mislead anyone who reads `elements` as GS1 data. The HIBC fields appear in `hibc`,
/// `lot`, `serial`, `expiry`, `quantity` and, for a `/16D` manufacture date, `productionDate`.
public struct BarcodeParseResult: Hashable, Sendable {
    /// The text as given.
    public var input: String
    /// The standard the data follows, or nil when it follows none Suture recognises.
    public var scheme: BarcodeScheme?
    /// The symbology named by the AIM identifier at the start, or nil when there was none.
    public var symbology: BarcodeSymbology?
    /// The GTIN in its 14-digit form (AI 01, or a bare GTIN).
    public var gtin: String?
    public var lot: String?
    public var serial: String?
    /// AI 17 or the HIBC expiry date.
    public var expiry: CalendarDate?
    /// AI 11 or the HIBC `/16D` manufacture date.
    public var productionDate: CalendarDate?
    /// AI 30 or 37, or the HIBC `$$8`/`$$9`/`/Q` quantity.
    public var quantity: Int?
    /// AI 00.
    public var sscc: String?
    /// The HIBC primary data; nil for GS1 and for a lone HIBC secondary symbol.
    public var hibc: HIBCProduct?
    /// The link character of a lone HIBC secondary symbol: the check character of the
    /// primary symbol it belongs to, so the two scans can be paired.
    public var hibcLinkCharacter: String?
    /// The GS1 elements in the order read.
    public var elements: [GS1Element]
    public var errors: [BarcodeError]

    public init(input: String) {
        self.input = input
        elements = []
        errors = []
    }

    /// Whether the data broke no rule.
    public var isValid: Bool { errors.isEmpty && scheme != nil }

    /// The data of the first element with AI `ai`.
    public func value(of ai: String) -> String? {
        elements.first { $0.ai == ai }?.value
    }

    mutating func fail(_ error: BarcodeError) {
        errors.append(error)
    }
}

// MARK: - JSON

extension BarcodeParseResult {
    /// The result as the barcode JSON of docs/formats.md ("Barcode JSON"), members in its order.
    public func jsonValue() -> JSONValue {
        .object([
            ("input", .string(input)),
            ("valid", .bool(isValid)),
            ("scheme", .optional(scheme?.rawValue)),
            ("symbology", .optional(symbology?.rawValue)),
            ("gtin", .optional(gtin)),
            ("lot", .optional(lot)),
            ("serial", .optional(serial)),
            ("expiry", .optional(expiry?.isoString)),
            ("productionDate", .optional(productionDate?.isoString)),
            ("quantity", quantity.map(JSONValue.integer) ?? .null),
            ("sscc", .optional(sscc)),
            ("hibc", hibc.map { product in
                .object([
                    ("lic", .string(product.labelerCode)),
                    ("product", .string(product.product)),
                    ("unitOfMeasure", .integer(product.unitOfMeasure)),
                ])
            } ?? .null),
            ("elements", .array(elements.map { .object([("ai", .string($0.ai)), ("value", .string($0.value))]) })),
            ("errors", .array(errors.map { error in
                .object([
                    ("code", .string(error.code.rawValue)),
                    ("message", .string(error.message)),
                    ("ai", .optional(error.ai)),
                    ("position", error.position.map(JSONValue.integer) ?? .null),
                ])
            })),
        ])
    }
}
