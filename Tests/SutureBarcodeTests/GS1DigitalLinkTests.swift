import SutureBarcode
import Testing

/// GS1 Digital Link URIs: the primary key and its qualifiers in the path, attributes in
/// the query, any host, percent-encoding decoded.
@Suite struct GS1DigitalLinkTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let uri: String
        let gtin: String?
        let lot: String?
        let serial: String?
        let expiry: String?
        var testDescription: String { uri }
    }

    static let validCases: [Case] = [
        Case(uri: "https://id.gs1.org/01/09506000134352/10/ABC?17=261231", gtin: "09506000134352", lot: "ABC", serial: nil, expiry: "2026-12-31"),
        Case(uri: "https://id.gs1.org/01/09506000134352", gtin: "09506000134352", lot: nil, serial: nil, expiry: nil),
        // From the Digital Link standard: a brand's own domain and path prefix.
        Case(uri: "https://example.com/some/path/01/09506000134352/21/4567?linkType=gs1:certificationInfo", gtin: "09506000134352", lot: nil, serial: "4567", expiry: nil),
        Case(uri: "HTTP://EXAMPLE.COM/01/09506000134352/10/A%2FB%25C?17=280200#top", gtin: "09506000134352", lot: "A/B%C", serial: nil, expiry: "2028-02-29"),
        // A GTIN-13 in the path is padded to 14 digits.
        Case(uri: "https://id.gs1.org/01/9506000134352?3103=000500", gtin: "09506000134352", lot: nil, serial: nil, expiry: nil),
        Case(uri: "https://id.gs1.org/gtin/09506000134352/lot/L1/ser/S2", gtin: "09506000134352", lot: "L1", serial: "S2", expiry: nil),
        Case(uri: "https://id.example.org:8443/00/376104250021234569", gtin: nil, lot: nil, serial: nil, expiry: nil),
    ]

    @Test(arguments: validCases)
    func digitalLinkIsRead(_ example: Case) {
        let result = parser.parse(example.uri)
        #expect(result.errors == [])
        #expect(result.scheme == .gs1)
        #expect(result.gtin == example.gtin)
        #expect(result.lot == example.lot)
        #expect(result.serial == example.serial)
        #expect(result.expiry?.isoString == example.expiry)
    }

    @Test func digitalLinkInAQRCodeKeepsTheQRSymbology() {
        let result = parser.parse("]Q1https://id.gs1.org/01/05901234123457/10/LOT7")
        #expect(result.isValid)
        #expect(result.symbology == .qr)
    }

    @Test(arguments: [
        ("https://id.gs1.org/01/09506000134351", "gtin-check-digit"),
        ("https://example.com/about/us", "missing-primary-key"),
        ("https://id.gs1.org/01/09506000134352/10/A%2", "invalid-percent-encoding"),
        ("https://id.gs1.org/01/09506000134352/10/A%ZZ", "invalid-percent-encoding"),
        ("https://id.gs1.org/01/09506000134352?17=261332", "invalid-date"),
        ("https://id.gs1.org/01/09506000134352/10", "invalid-uri"),
        ("https://id.gs1.org/01/09506000134352/99999/X", "unknown-ai"),
        ("https://id.gs1.org/01/09506000134352?9999=1", "unknown-ai"),
        ("https:///01/09506000134352", "invalid-uri"),
        ("https://id.gs1.org/01/09506000134352/10/" + String(repeating: "L", count: 21), "too-long"),
    ])
    func faultyDigitalLinkIsRefused(_ uri: String, _ code: String) {
        let result = parser.parse(uri)
        #expect(!result.isValid)
        #expect(result.errorCodes.contains(code), "got \(result.errorCodes)")
    }
}
