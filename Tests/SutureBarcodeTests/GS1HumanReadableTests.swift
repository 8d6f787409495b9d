import SutureBarcode
import Testing

/// GS1 human-readable text puts each AI in parentheses; no FNC1 is needed.
@Suite struct GS1HumanReadableTests {
    @Test func aisInParenthesesAreRead() {
        let result = parser.parse("(01)05901234123457(17)261231(10)A1B2C3")
        #expect(result.isValid)
        #expect(result.scheme == .gs1)
        #expect(result.symbology == nil)
        #expect(result.gtin == "05901234123457")
        #expect(result.expiry?.isoString == "2026-12-31")
        #expect(result.lot == "A1B2C3")
    }

    @Test func fdaUDIExampleIsRead() {
        let result = parser.parse("(01)00643169007222(17)160128(10)A00007(21)2216007")
        #expect(result.isValid)
        #expect(result.elements.map(\.ai) == ["01", "17", "10", "21"])
        #expect(result.serial == "2216007")
    }

    @Test func measuresKeepTheirSixDigits() {
        let result = parser.parse("(01)09521234543213(3103)000123")
        #expect(result.isValid)
        #expect(result.value(of: "3103") == "000123")
        #expect(ApplicationIdentifier.named("3103")?.decimalPlaces == 3)
    }

    @Test func escapedParenthesisStaysInTheData() {
        let result = parser.parse("(10)AB\\(1)(21)X")
        #expect(result.isValid)
        #expect(result.lot == "AB(1)")
        #expect(result.serial == "X")
    }

    @Test(arguments: [
        ("(01)05901234123458", "gtin-check-digit"),
        ("(01)0590123412345", "invalid-length"),
        ("(04)123", "unknown-ai"),
        ("(10)", "truncated"),
        ("(10)" + String(repeating: "A", count: 21), "too-long"),
        ("(01)05901234123457X", "invalid-length"),
        ("(01)05901234123457 (10)A", "invalid-length"),
        ("(0105901234123457", "truncated"),
        ("(10)A(10)B", "conflicting-ai"),
    ])
    func faultyTextIsRefused(_ text: String, _ code: String) {
        let result = parser.parse(text)
        #expect(!result.isValid)
        #expect(result.errorCodes.contains(code), "got \(result.errorCodes)")
    }

    @Test func checkDigitFaultPointsAtTheCheckDigit() throws {
        let error = try #require(parser.parse("(01)05901234123458").errors.first)
        #expect(error.position == 18)
        #expect(error.ai == "01")
    }
}
