import PropertyBased
import SutureModel
import Testing

@Suite struct GS1IdentifierTests {
    @Test(arguments: [
        ("00614141000012", "00614141000012"),  // GTIN-14
        ("0614141000012", "00614141000012"),   // GTIN-13 (EAN-13)
        ("614141000012", "00614141000012"),    // GTIN-12 (UPC-A)
        ("96385074", "00000096385074"),        // GTIN-8
        ("10614141000019", "10614141000019"),  // GTIN-14 of a case (indicator 1)
        ("5901234123457", "05901234123457"),
    ])
    func validGTINsNormalizeToFourteenDigits(input: String, expected: String) throws {
        #expect(try GTIN(input).value == expected)
    }

    @Test(arguments: [
        ("00614141000013", GS1IdentifierError.checkDigit("00614141000013", expected: 2)),
        ("5901234123458", GS1IdentifierError.checkDigit("5901234123458", expected: 7)),
        ("0061414100001", GS1IdentifierError.checkDigit("0061414100001", expected: 7)),
        ("12345", GS1IdentifierError.wrongLength("12345", allowed: [8, 12, 13, 14])),
        ("006141410000123", GS1IdentifierError.wrongLength("006141410000123", allowed: [8, 12, 13, 14])),
        ("0061414100001A", GS1IdentifierError.notDigits("0061414100001A")),
        ("", GS1IdentifierError.notDigits("")),
        ("٠٠٦١٤١٤١٠٠٠٠١٢", GS1IdentifierError.notDigits("٠٠٦١٤١٤١٠٠٠٠١٢")),  // Arabic-Indic digits are not GS1 digits
    ])
    func invalidGTINsAreRefusedWithTheReason(input: String, expected: GS1IdentifierError) {
        #expect(throws: expected) { try GTIN(input) }
    }

    @Test func checkDigitErrorSaysWhatWasExpected() {
        let error = GS1IdentifierError.checkDigit("00614141000013", expected: 2)
        #expect(error.description.contains("expected 2"))
        #expect(error.description.contains("found 3"))
    }

    @Test(arguments: ["0614141000005", "5412345000013", "4000001000005"])
    func validGLNs(input: String) throws {
        #expect(try GLN(input).value == input)
    }

    @Test func glnWithWrongCheckDigitIsRefused() {
        #expect(throws: GS1IdentifierError.checkDigit("0614141000006", expected: 5)) { try GLN("0614141000006") }
        #expect(throws: GS1IdentifierError.wrongLength("06141410000", allowed: [13])) { try GLN("06141410000") }
    }

    @Test func ssccChecksItsDigit() throws {
        #expect(try SSCC("106141411234567897").value == "106141411234567897")
        #expect(throws: GS1IdentifierError.self) { try SSCC("106141411234567898") }
    }

    /// An independent statement of the GS1 rule: from the right, odd positions weigh 3.
    static func referenceCheckDigit(_ digits: [Int]) -> Int {
        var sum = 0
        for (offsetFromRight, digit) in digits.reversed().enumerated() {
            sum += digit * (offsetFromRight % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    @Test func checkDigitAgreesWithAnIndependentComputation() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...9).array(of: 1...17)) { digits in
            let text = digits.map(String.init).joined()
            #expect(GS1CheckDigit.compute(for: text).map(Int.init) == Self.referenceCheckDigit(digits))
        }
    }

    @Test func everyGTINWithItsComputedCheckDigitIsValidAndAnyOtherDigitIsNot() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...9).array(of: 13), Gen.int(in: 1...9)) { digits, shift in
            let body = digits.map(String.init).joined()
            let check = Self.referenceCheckDigit(digits)
            #expect((try? GTIN(body + String(check))) != nil)
            #expect((try? GTIN(body + String((check + shift) % 10))) == nil)
        }
    }

    @Test func anySingleDigitChangeIsCaught() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...9).array(of: 13), Gen.int(in: 0...12), Gen.int(in: 1...9)) { digits, position, delta in
            let valid = digits.map(String.init).joined() + String(Self.referenceCheckDigit(digits))
            var changed = Array(valid)
            changed[position] = Character(String((Int(String(changed[position]))! + delta) % 10))
            #expect(GS1CheckDigit.isValid(String(changed)) == false)
        }
    }

    @Test func shortGTINsPadWithZerosKeepingTheCheckDigitValid() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...9).array(of: 11)) { digits in
            let upc = digits.map(String.init).joined() + String(Self.referenceCheckDigit(digits))
            let gtin = try? GTIN(upc)
            #expect(gtin?.value == "00" + upc)
            #expect(gtin.map { GS1CheckDigit.isValid($0.value) } == true)
        }
    }
}
