import SutureBarcode
import Testing

/// Element strings as GS1 symbols carry them: FNC1 between variable-length elements
/// travels as GS (0x1D), and the AIM symbology identifier names the symbol.
@Suite struct GS1ElementStringTests {
    struct ValidCase: CustomTestStringConvertible, Sendable {
        let input: String
        let symbology: String?
        let gtin: String?
        let lot: String?
        let serial: String?
        let expiry: String?
        let elements: [String]
        var testDescription: String { input.showingGS }
    }

    static let validCases: [ValidCase] = [
        // GS1 General Specifications style: GTIN, expiry, lot, serial (FNC1 after the lot).
        ValidCase(input: "]d2" + "0109506000134352" + "17261231" + "10ABC123" + gs + "21SN0001", symbology: "gs1-datamatrix",
                  gtin: "09506000134352", lot: "ABC123", serial: "SN0001", expiry: "2026-12-31",
                  elements: ["(01)09506000134352", "(17)261231", "(10)ABC123", "(21)SN0001"]),
        // FDA UDI style GS1 example.
        ValidCase(input: "]C1" + "0100643169007222" + "17160128" + "10A00007" + gs + "212216007", symbology: "gs1-128",
                  gtin: "00643169007222", lot: "A00007", serial: "2216007", expiry: "2016-01-28",
                  elements: ["(01)00643169007222", "(17)160128", "(10)A00007", "(21)2216007"]),
        ValidCase(input: "]Q3" + "0105901234123457" + "3103000123" + "10LOT42", symbology: "gs1-qr",
                  gtin: "05901234123457", lot: "LOT42", serial: nil, expiry: nil,
                  elements: ["(01)05901234123457", "(3103)000123", "(10)LOT42"]),
        ValidCase(input: "]e0" + "0100614141000012" + "17270228", symbology: "gs1-databar",
                  gtin: "00614141000012", lot: nil, serial: nil, expiry: "2027-02-28",
                  elements: ["(01)00614141000012", "(17)270228"]),
        // No symbology identifier, and a leading FNC1 sent as GS.
        ValidCase(input: gs + "0109506000134352" + "10B7" + gs + "17280615", symbology: nil,
                  gtin: "09506000134352", lot: "B7", serial: nil, expiry: "2028-06-15",
                  elements: ["(01)09506000134352", "(10)B7", "(17)280615"]),
        // A GS after a predefined-length element is harmless, and one at the end too.
        ValidCase(input: "]C1" + "0109506000134352" + gs + "17261231" + gs, symbology: "gs1-128",
                  gtin: "09506000134352", lot: nil, serial: nil, expiry: "2026-12-31",
                  elements: ["(01)09506000134352", "(17)261231"]),
        // CSET 82 punctuation in a lot.
        ValidCase(input: "]C1" + "10" + "A-1/2.3_(x)", symbology: "gs1-128",
                  gtin: nil, lot: "A-1/2.3_(x)", serial: nil, expiry: nil, elements: ["(10)A-1/2.3_(x)"]),
        // Fixed-length AIs outside the predefined table, each ended by FNC1.
        ValidCase(input: "]C1" + "70032612311430" + gs + "4105412345000013" + "8005000150" + gs + "7007260101260131",
                  symbology: "gs1-128", gtin: nil, lot: nil, serial: nil, expiry: nil,
                  elements: ["(7003)2612311430", "(410)5412345000013", "(8005)000150", "(7007)260101260131"]),
    ]

    @Test(arguments: validCases)
    func validElementStringIsRead(_ example: ValidCase) {
        let result = parser.parse(example.input)
        #expect(result.errors == [])
        #expect(result.isValid)
        #expect(result.scheme == .gs1)
        #expect(result.symbology?.rawValue == example.symbology)
        #expect(result.gtin == example.gtin)
        #expect(result.lot == example.lot)
        #expect(result.serial == example.serial)
        #expect(result.expiry?.isoString == example.expiry)
        #expect(result.elements.map(\.description) == example.elements)
    }

    @Test func ssccComesFromAI00() {
        let result = parser.parse("]C1" + "00376104250021234569")
        #expect(result.isValid)
        #expect(result.sscc == "376104250021234569")
        #expect(result.gtin == nil)
    }

    @Test(arguments: [("30" + "20", 20), ("37" + "144", 144), ("37" + "00000001", 1)])
    func quantityComesFromAI30Or37(_ data: String, _ quantity: Int) {
        let result = parser.parse("]C1" + "0110614141000415" + data)
        #expect(result.isValid)
        #expect(result.quantity == quantity)
    }

    @Test func productionDateComesFromAI11() {
        let result = parser.parse("]d2" + "0109506000134352" + "11250301")
        #expect(result.productionDate?.isoString == "2025-03-01")
        #expect(result.expiry == nil)
    }

    struct FaultCase: CustomTestStringConvertible, Sendable {
        let input: String
        let code: String
        let ai: String?
        var testDescription: String { "\(code): \(input.showingGS)" }
    }

    static let faultCases: [FaultCase] = [
        FaultCase(input: "]d2" + "0109506000134353" + "17261231", code: "gtin-check-digit", ai: "01"),
        FaultCase(input: "]d2" + "0209506000134353" + "3712", code: "gtin-check-digit", ai: "02"),
        FaultCase(input: "]C1" + "00376104250021234560", code: "sscc-check-digit", ai: "00"),
        FaultCase(input: "]C1" + "4145412345000014", code: "gln-check-digit", ai: "414"),
        FaultCase(input: "]C1" + "8018" + "123456789012345670", code: "gsrn-check-digit", ai: "8018"),
        FaultCase(input: "]d2" + "0109506000134352" + "17261301", code: "invalid-date", ai: "17"),
        FaultCase(input: "]d2" + "0109506000134352" + "17260230", code: "invalid-date", ai: "17"),
        FaultCase(input: "]d2" + "0109506000134352" + "1726123", code: "truncated", ai: "17"),
        FaultCase(input: "]d2" + "0109506000134352" + "17261" + gs + "10A", code: "invalid-length", ai: "17"),
        FaultCase(input: "]d2" + "0109506000134352" + "172612AB", code: "invalid-character", ai: "17"),
        FaultCase(input: "]C1" + "70032612312430", code: "invalid-time", ai: "7003"),
        // A missing FNC1 after a variable-length lot runs the next AIs into it.
        FaultCase(input: "]d2" + "0109506000134352" + "10LOT1234567890" + "17261231" + "21SERIAL12", code: "too-long", ai: "10"),
        // ... or puts letters into a numeric count.
        FaultCase(input: "]C1" + "0110614141000415" + "3012" + "10ABC", code: "invalid-character", ai: "30"),
        // A fixed-length AI outside the predefined table must still be ended by FNC1.
        FaultCase(input: "]C1" + "70032612311430" + "10ABC", code: "missing-fnc1", ai: "7003"),
        FaultCase(input: "]d2" + "0109506000134352" + "04123456", code: "unknown-ai", ai: "0412"),
        FaultCase(input: "]d2" + "0109506000134352" + "10AB#C", code: "invalid-character", ai: "10"),
        FaultCase(input: "]d2" + "0109506000134352" + "10A" + gs + "10B", code: "conflicting-ai", ai: "10"),
        FaultCase(input: "]d2" + "01095060001343", code: "truncated", ai: "01"),
        FaultCase(input: "]d2" + "0109506000134352" + "3", code: "truncated", ai: nil),
        FaultCase(input: "]d2" + "0109506000134352" + "10" + gs + "21X", code: "truncated", ai: "10"),
        FaultCase(input: "]C1", code: "truncated", ai: nil),
        FaultCase(input: "]C1" + gs, code: "truncated", ai: nil),
    ]

    @Test(arguments: faultCases)
    func faultyElementStringIsRefusedWithItsRule(_ example: FaultCase) {
        let result = parser.parse(example.input)
        #expect(!result.isValid)
        let error = result.errors.first { $0.code.rawValue == example.code }
        #expect(error != nil, "expected \(example.code), got \(result.errorCodes)")
        #expect(error?.ai == example.ai)
        #expect(error?.message.isEmpty == false)
    }

    @Test func checkDigitFaultSaysWhereAndWhat() throws {
        let result = parser.parse("]d2" + "0109506000134353")
        let error = try #require(result.errors.first)
        #expect(error.code == .gtinCheckDigit)
        #expect(error.position == 19)
        #expect(error.message.contains("should be 2"))
        #expect(result.gtin == nil)
        #expect(result.elements.map(\.description) == ["(01)09506000134353"])
    }

    @Test func readingGoesOnAfterAMissingFNC1WhenTheNextAIIsKnown() {
        let result = parser.parse("]C1" + "70032612311430" + "10ABC")
        #expect(result.errorCodes == ["missing-fnc1"])
        #expect(result.lot == "ABC")
    }
}
