import SutureBarcode
import Testing

/// The parser works out the form of the data itself, from the AIM symbology identifier
/// when there is one and from the data when there is not.
@Suite struct BarcodeParserDetectionTests {
    @Test(arguments: [
        ("]C1" + "0109506000134352", "gs1", "gs1-128"),
        ("]d2" + "0109506000134352", "gs1", "gs1-datamatrix"),
        ("]Q3" + "0109506000134352", "gs1", "gs1-qr"),
        ("]e0" + "0109506000134352", "gs1", "gs1-databar"),
        ("]J1" + "0109506000134352", "gs1", "gs1-dotcode"),
        ("]E0" + "5901234123457", "gtin", "ean-13"),
        ("]E0" + "614141999996", "gtin", "ean-13"),
        ("]E4" + "40000015", "gtin", "ean-8"),
        ("]I1" + "10614141000415", "gtin", "itf-14"),
        ("]d1" + "+A999123457", "hibc", "hibc-datamatrix"),
        ("]Q1" + "https://id.gs1.org/01/09506000134352", "gs1", "qr"),
        ("(01)09506000134352", "gs1", nil),
        ("https://id.gs1.org/01/09506000134352", "gs1", nil),
        ("0109506000134352", "gs1", nil),
        ("+A999123457", "hibc", nil),
    ])
    func formIsDetected(_ input: String, _ scheme: String, _ symbology: String?) {
        let result = parser.parse(input)
        #expect(result.errors == [])
        #expect(result.scheme?.rawValue == scheme)
        #expect(result.symbology?.rawValue == symbology)
    }

    @Test(arguments: [
        ("40000015", "00000040000015"), ("614141999996", "00614141999996"),
        ("5901234123457", "05901234123457"), ("10614141000415", "10614141000415"),
    ])
    func bareGTINIsHeldInItsFourteenDigitForm(_ input: String, _ gtin: String) {
        let result = parser.parse(input)
        #expect(result.isValid)
        #expect(result.scheme == .gtin)
        #expect(result.gtin == gtin)
    }

    @Test(arguments: [
        ("5901234123458", "gtin-check-digit"),
        ("]E0" + "40000015", "invalid-length"),
        ("]E4" + "4000001X", "invalid-character"),
        ("]X0" + "123", "unknown-symbology"),
        ("]", "unknown-symbology"),
        ("", "empty-input"),
        ("\r\n", "empty-input"),
        ("hello world", "unrecognized-format"),
        ("]d1" + "hello", "unrecognized-format"),
    ])
    func unreadableInputSaysWhy(_ input: String, _ code: String) {
        let result = parser.parse(input)
        #expect(!result.isValid)
        #expect(result.errorCodes == [code])
    }

    @Test func scannerLineEndingIsNotData() {
        let result = parser.parse("(01)09506000134352(10)ABC\r\n")
        #expect(result.isValid)
        #expect(result.lot == "ABC")
    }

    @Test func hugeInputIsRefusedWithoutReadingIt() {
        let result = parser.parse("]C1" + String(repeating: "10ABC\u{1D}", count: 50_000))
        #expect(result.errorCodes == ["input-too-long"])
    }

    @Test(arguments: [
        [0xFF, 0xFE, 0x30, 0x31],
        [0x5D, 0x64, 0x32, 0x30, 0x31, 0xC3],
        [0x2B, 0x41, 0xE2, 0x82, 0xAC, 0x31],
        [0x28, 0x30, 0x31, 0x29, 0xF0, 0x9F, 0x98, 0x80],
        [0x68, 0x74, 0x74, 0x70, 0x73, 0x3A, 0x2F, 0x2F, 0x80, 0x2F, 0x30, 0x31],
    ] as [[UInt8]])
    func invalidUTF8IsRefusedNotCrashedOn(_ bytes: [UInt8]) {
        let result = parser.parse(String(decoding: bytes, as: UTF8.self))
        #expect(!result.isValid)
        #expect(!result.errors.isEmpty)
    }

    @Test func defaultParserUsesTheCurrentYear() {
        #expect(BarcodeParser().referenceYear == BarcodeParser.currentYear())
        #expect(BarcodeParser.currentYear() >= 2025)
        #expect(BarcodeParser.parse("(01)09506000134352").isValid)
    }
}
