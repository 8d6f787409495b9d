import SutureBarcode
import SutureModel
import Testing

/// Check digits and check characters, compared over thousands of seeded random keys with
/// an independent statement of each rule (see TestSupport.swift).
@Suite struct CheckDigitPropertyTests {
    /// A random key of `length` digits whose last digit is random too, so that about one in
    /// ten is valid.
    private static func randomDigits(_ length: Int, using random: inout SeededRandomGenerator) -> [Int] {
        (0..<length).map { _ in Int.random(in: 0...9, using: &random) }
    }

    private static func text(_ digits: [Int]) -> String { digits.map(String.init).joined() }

    @Test(arguments: [8, 12, 13, 14])
    func gtinVerdictMatchesTheIndependentRule(_ length: Int) {
        var random = SeededRandomGenerator(seed: UInt64(length))
        var validSeen = 0
        for _ in 0..<3_000 {
            let digits = Self.randomDigits(length, using: &random)
            let result = parser.parse(Self.text(digits))
            let expected = gs1KeyIsValid(digits)
            #expect(result.isValid == expected, "\(Self.text(digits))")
            if expected {
                validSeen += 1
                #expect(result.gtin == String(repeating: "0", count: 14 - length) + Self.text(digits))
            } else {
                #expect(result.errorCodes == ["gtin-check-digit"])
            }
        }
        #expect(validSeen > 150)
    }

    @Test func ssccAndGLNVerdictsMatchTheIndependentRule() {
        var random = SeededRandomGenerator(seed: 18)
        for _ in 0..<3_000 {
            let sscc = Self.randomDigits(18, using: &random)
            #expect(parser.parse("]C1" + "00" + Self.text(sscc)).isValid == gs1KeyIsValid(sscc))
            let gln = Self.randomDigits(13, using: &random)
            let result = parser.parse("]C1" + "414" + Self.text(gln))
            #expect(result.isValid == gs1KeyIsValid(gln))
            if !gs1KeyIsValid(gln) { #expect(result.errorCodes == ["gln-check-digit"]) }
        }
    }

    static func byteCheck(_ text: String) -> UInt8? {
        var text = text
        return text.withUTF8 { GS1CheckDigit.compute(bytes: $0, range: 0..<$0.count) }
    }

    @Test func modelCheckDigitAndItsByteFormAgreeWithTheIndependentRule() {
        var random = SeededRandomGenerator(seed: 99)
        for _ in 0..<5_000 {
            let data = Self.randomDigits(Int.random(in: 1...17, using: &random), using: &random)
            let check = GS1CheckDigit.compute(for: Self.text(data))
            #expect(check.map { gs1KeyIsValid(data + [Int($0)]) } == true)
            // The byte-level form the parser uses gives the same answer.
            #expect(Self.byteCheck(Self.text(data)) == check)
        }
    }

    @Test(arguments: ["", "12a4", "１２"])
    func checkDigitOfNonDigitsIsNil(_ text: String) {
        #expect(Self.byteCheck(text) == nil)
        #expect(GS1CheckDigit.compute(for: text) == nil)
    }

    @Test func everySingleDigitChangeOfAValidGTINIsCaught() {
        var random = SeededRandomGenerator(seed: 5)
        for _ in 0..<500 {
            let data = Self.randomDigits(13, using: &random)
            let valid = data + [Int(GS1CheckDigit.compute(for: Self.text(data))!)]
            let position = Int.random(in: 0..<14, using: &random)
            var changed = valid
            changed[position] = (changed[position] + Int.random(in: 1...9, using: &random)) % 10
            #expect(parser.parse(Self.text(valid)).isValid)
            #expect(parser.parse(Self.text(changed)).errorCodes == ["gtin-check-digit"])
        }
    }

    @Test func hibcVerdictMatchesTheIndependentRule() {
        var random = SeededRandomGenerator(seed: 43)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var validSeen = 0
        for _ in 0..<3_000 {
            var data = "+" + String(letters[Int.random(in: 0..<26, using: &random)])
            for _ in 0..<(3 + Int.random(in: 1...18, using: &random)) { data.append(alphanumerics[Int.random(in: 0..<36, using: &random)]) }
            data.append(Character(String(Int.random(in: 0...9, using: &random))))
            // The right check character half of the time, a random one otherwise.
            let right = independentHIBCCheckCharacter(data)
            let check = Bool.random(using: &random) ? right : hibcAlphabet[Int.random(in: 0..<43, using: &random)]
            let result = parser.parse(data + String(check))
            #expect(result.isValid == (check == right), "\(data + String(check))")
            if check == right { validSeen += 1 } else { #expect(result.errorCodes == ["hibc-check-character"]) }
        }
        #expect(validSeen > 1_000)
    }

    @Test func hibcCheckCharacterOfPublishedStyleExamples() {
        #expect(HIBCCheckCharacter.compute(for: "+H123ABC01234567890") == "D")
        #expect(HIBCCheckCharacter.compute(for: "+A99912345/$$52001510X") == "0")
        #expect(HIBCCheckCharacter.compute(for: "+a") == nil)
        #expect(independentHIBCCheckCharacter("+H123ABC01234567890") == "D")
    }
}
