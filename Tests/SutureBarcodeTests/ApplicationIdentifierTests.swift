import SutureBarcode
import Testing

/// The Application Identifier table, declared once, against the GS1 General Specifications.
@Suite struct ApplicationIdentifierTests {
    static let required: [String] =
        ["00", "01", "02", "10", "11", "12", "13", "15", "16", "17", "20", "21", "22", "30", "37",
         "240", "241", "242", "243", "250", "251", "253", "254", "255", "400", "401", "402", "403",
         "410", "411", "412", "413", "414", "415", "416", "417", "420", "421", "422", "423", "424", "425", "426", "427",
         "7001", "7002", "7003", "7004", "7005", "7006", "7007", "7240",
         "8003", "8004", "8005", "8006", "8007", "8008", "8018", "8020"]
        + (90...99).map(String.init)
        + (310...316).flatMap { prefix in (0...5).map { "\(prefix)\($0)" } }
        + (320...369).filter { ![338, 339, 358, 359].contains($0) }.flatMap { prefix in (0...5).map { "\(prefix)\($0)" } }
        + (390...393).flatMap { prefix in (0...9).map { "\(prefix)\($0)" } }
        + ["3940", "3943", "3950", "3955"]

    @Test func everyRequiredAIIsKnown() {
        for code in Self.required {
            #expect(ApplicationIdentifier.named(code) != nil, "\(code)")
        }
    }

    @Test func tableHasEachAIOnceAndNoAIIsAPrefixOfAnother() {
        let codes = ApplicationIdentifier.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(!codes.contains { $0 != code && $0.hasPrefix(code) }, "\(code)")
        }
    }

    @Test(arguments: [
        ("00", false), ("01", false), ("02", false), ("11", false), ("17", false), ("20", false),
        ("3103", false), ("3650", false), ("410", false), ("417", false),
        ("10", true), ("21", true), ("30", true), ("37", true), ("3922", true), ("7003", true),
        ("8005", true), ("422", true), ("90", true),
    ])
    func fnc1IsRequiredOutsideThePredefinedLengthTable(_ code: String, _ requiresFNC1: Bool) {
        #expect(ApplicationIdentifier.named(code)?.requiresFNC1 == requiresFNC1)
    }

    @Test(arguments: [("3103", 3), ("3200", 0), ("3925", 5), ("3955", 5)])
    func measureAIsCarryTheirDecimalPlaces(_ code: String, _ places: Int) {
        #expect(ApplicationIdentifier.named(code)?.decimalPlaces == places)
    }

    @Test(arguments: ["03", "04", "14", "3106", "3380", "9", "12345", "ab", ""])
    func unknownCodesAreNotFound(_ code: String) {
        #expect(ApplicationIdentifier.named(code) == nil)
    }

    @Test func lengthsAndCharacterSetsFollowTheSpecification() throws {
        let lot = try #require(ApplicationIdentifier.named("10"))
        #expect(lot.length == .variable(min: 1, max: 20))
        #expect(lot.characterSet == .alphanumeric)
        let gtin = try #require(ApplicationIdentifier.named("01"))
        #expect(gtin.length == .fixed(14))
        #expect(gtin.characterSet == .numeric)
        #expect(ApplicationIdentifier.named("91")?.length.maximum == 90)
    }
}
