import Foundation
import SutureModel
import Testing

@Suite struct ValueTests {
    @Test(arguments: [("2", "2"), ("0.5", "0.5"), ("-3.25", "-3.25"), ("10.500", "10.5"), ("0007", "7"),
                      ("12345678901234567890.123456", "12345678901234567890.123456")])
    func exactDecimalsParseAndPrintCanonically(input: String, expected: String) throws {
        let value = try #require(ExactDecimal.parse(input))
        #expect(ExactDecimal.format(value) == expected)
    }

    @Test(arguments: ["", "-", ".5", "5.", "1e3", "12abc", "1,5", " 1", "1 ", "+1", "NaN", "0x10", "1..2"])
    func onlyPlainDecimalsAreAccepted(input: String) {
        #expect(ExactDecimal.parse(input) == nil)
    }

    @Test(arguments: ["EA", "BX", "CS", "PK", "P4"])
    func unitCodesAreUpperCaseShortCodes(code: String) throws {
        #expect(try UnitOfMeasure(code).code == code)
    }

    @Test(arguments: ["", "ea", "BOXES", "B X", "É"])
    func invalidUnitCodesAreRefused(code: String) {
        #expect(throws: UnitOfMeasureError.invalidCode(code)) { try UnitOfMeasure(code) }
    }

    @Test func identifiersRefuseCharactersThatBreakPathsAndLogs() {
        #expect((try? ItemID("SKU-12345")) != nil)
        #expect((try? ItemID("site:OR/42")) != nil)
        // Through variables: `ItemID("literal")` would be a literal, checked by precondition.
        let empty = "", spaced = "a b"
        #expect(throws: IdentifierError.empty) { try ItemID(empty) }
        #expect(throws: IdentifierError.invalidCharacters("a b")) { try ItemID(spaced) }
        #expect(throws: IdentifierError.self) { try ItemID(String(repeating: "x", count: 65)) }
    }

    @Test func locationHierarchyOnlyNestsInward() {
        #expect(LocationType.bin.canBeChild(of: .storeroom))
        #expect(LocationType.storeroom.canBeChild(of: .facility))
        #expect(LocationType.storeroom.canBeChild(of: .enterprise))
        #expect(!LocationType.facility.canBeChild(of: .storeroom))
        #expect(!LocationType.storeroom.canBeChild(of: .storeroom))
    }

    @Test func currencyCodesAreThreeUpperCaseLetters() throws {
        #expect(try CurrencyCode("USD").code == "USD")
        let lowerCase = "usd"
        #expect(throws: CurrencyCodeError.invalid("usd")) { try CurrencyCode(lowerCase) }
        #expect(Money(Decimal(string: "45.50")!, "EUR").description == "45.50 EUR", "with the currency's minor units")
    }

    @Test(arguments: [("45.5", "EUR", "45.50"), ("470", "USD", "470.00"), ("0.125", "USD", "0.125"), ("470", "JPY", "470"),
                      ("1.5", "KWD", "1.500"), ("-3", "USD", "-3.00")])
    func moneyIsWrittenWithAtLeastItsCurrencysMinorUnits(amount: String, currency: String, text: String) throws {
        #expect(Money(try #require(ExactDecimal.parse(amount)), try CurrencyCode(currency)).amountText == text)
    }

    @Test(arguments: [("descripton", ["description", "baseUnit"], "description"), ("baseunit", ["description", "baseUnit"], "baseUnit"),
                      ("manufactuer", ["manufacturer", "manufacturerPart"], "manufacturer"), ("colour", ["description", "baseUnit"], nil),
                      ("qty", ["quantity"], nil), ("uint", ["unit"], "unit")])
    func aMisspeltNameFindsTheOneItWasMeantToBe(name: String, candidates: [String], expected: String?) {
        #expect(NearestName.to(name, among: candidates) == expected)
    }

    @Test func traceparentIsParsedAndInvalidOnesAreIgnored() throws {
        let trace = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(trace.correlationID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(trace.childSpan().traceID == trace.traceID)
        #expect(trace.childSpan().spanID != trace.spanID)
        for bad in ["", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                    "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"] {
            #expect(TraceContext(traceparent: bad) == nil, "\(bad)")
        }
        let fresh = TraceContext.random()
        #expect(TraceContext(traceparent: fresh.traceparent) == fresh)
    }
}
