import SutureBarcode
import Testing

/// HIBC supplier labeling (ANSI/HIBC 2.6): primary, secondary and concatenated data,
/// each closed by a modulo-43 check character.
@Suite struct HIBCTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        var lic: String? = nil
        var product: String? = nil
        var unitOfMeasure: Int? = nil
        var lot: String? = nil
        var serial: String? = nil
        var expiry: String? = nil
        var productionDate: String? = nil
        var quantity: Int? = nil
        var link: String? = nil
        var testDescription: String { input }
    }

    static let validCases: [Case] = [
        // Primary data alone: labeler H123, product ABC0123456789, unit of measure 0, check D.
        Case(input: "+H123ABC01234567890D", lic: "H123", product: "ABC0123456789", unitOfMeasure: 0),
        Case(input: "+A999123457", lic: "A999", product: "1234", unitOfMeasure: 5),
        // Code 39 human-readable text keeps the '*' start and stop characters.
        Case(input: "*+A999123457*", lic: "A999", product: "1234", unitOfMeasure: 5),
        // Concatenated: primary, '/', secondary without its '+', one check character.
        Case(input: "+A99912345/$$52001510X0", lic: "A999", product: "1234", unitOfMeasure: 5, lot: "10X", expiry: "2020-01-15"),
        Case(input: "+H123ABC01234567890/$$3261231LOT5/SSN9C", lic: "H123", product: "ABC0123456789", unitOfMeasure: 0,
             lot: "LOT5", serial: "SN9", expiry: "2026-12-31"),
        Case(input: "+H123PARTNO1234567890120/$$420020216LOT123456789012345/SXYZ456789012345678/16D20130202H",
             lic: "H123", product: "PARTNO123456789012", unitOfMeasure: 0, lot: "LOT123456789012345",
             serial: "XYZ456789012345678", expiry: "2020-02-02", productionDate: "2013-02-02"),
        Case(input: "+B234Q7651/14D20270630C", lic: "B234", product: "Q765", unitOfMeasure: 1, expiry: "2027-06-30"),
        // Secondary data alone, linked by 'D' (the primary's check character) before its own.
        Case(input: "+$$0227LOT3D5", lot: "LOT3", expiry: "2027-02-28", link: "D"),
        Case(input: "+$$2123126L1D%", lot: "L1", expiry: "2026-12-31", link: "D"),
        Case(input: "+$$3261231LOT42DF", lot: "LOT42", expiry: "2026-12-31", link: "D"),
        Case(input: "+$$426123114BATCHDK", lot: "BATCH", expiry: "2026-12-31", link: "D"),
        Case(input: "+$$526182X1DI", lot: "X1", expiry: "2026-07-01", link: "D"),
        Case(input: "+$$62406023BATCHDJ", lot: "BATCH", expiry: "2024-02-29", link: "D"),
        Case(input: "+$$7LOT77DC", lot: "LOT77", link: "D"),
        Case(input: "+$$8053270115LOTBDY", lot: "LOTB", expiry: "2027-01-15", quantity: 5, link: "D"),
        Case(input: "+$$9000250227LOT9DR", lot: "LOT9", expiry: "2027-02-28", quantity: 25, link: "D"),
        Case(input: "+$$+3261231SER9DB", serial: "SER9", expiry: "2026-12-31", link: "D"),
        Case(input: "+$$+0227SER9D4", serial: "SER9", expiry: "2027-02-28", link: "D"),
        Case(input: "+$LOT777DG", lot: "LOT777", link: "D"),
        Case(input: "+$+SER123D.", serial: "SER123", link: "D"),
        Case(input: "+$$7LOT1/SSN42/16D20250101/Q12D6", lot: "LOT1", serial: "SN42", productionDate: "2025-01-01", quantity: 12, link: "D"),
        // The check character may be a space; it is data, not padding.
        Case(input: "+$$420020216LOT123456789012345/SXYZ456789012345678/16D20130202C ", lot: "LOT123456789012345",
             serial: "XYZ456789012345678", expiry: "2020-02-02", productionDate: "2013-02-02", link: "C"),
    ]

    @Test(arguments: validCases)
    func checkCharactersInTheTableAreRightByAnIndependentComputation(_ example: Case) {
        var data = example.input
        if data.hasPrefix("*") { data = String(data.dropFirst().dropLast()) }
        #expect(independentHIBCCheckCharacter(String(data.dropLast())) == data.last)
        #expect(HIBCCheckCharacter.compute(for: data.dropLast()) == data.last)
    }

    @Test(arguments: validCases)
    func validHIBCDataIsRead(_ example: Case) {
        let result = parser.parse(example.input)
        #expect(result.errors == [])
        #expect(result.scheme == .hibc)
        #expect(result.gtin == nil)
        #expect(result.elements.isEmpty)
        #expect(result.hibc?.labelerCode == example.lic)
        #expect(result.hibc?.product == example.product)
        #expect(result.hibc?.unitOfMeasure == example.unitOfMeasure)
        #expect(result.lot == example.lot)
        #expect(result.serial == example.serial)
        #expect(result.expiry?.isoString == example.expiry)
        #expect(result.productionDate?.isoString == example.productionDate)
        #expect(result.quantity == example.quantity)
        #expect(result.hibcLinkCharacter == example.link)
    }

    @Test(arguments: [
        ("]d1+A999123457", "hibc-datamatrix"), ("]C0+A999123457", "hibc-128"), ("]Q1+A999123457", "hibc-qr"),
        ("]A0+A999123457", "hibc-39"),
    ])
    func symbologyIdentifierNamesTheHIBCSymbol(_ input: String, _ symbology: String) {
        let result = parser.parse(input)
        #expect(result.isValid)
        #expect(result.symbology?.rawValue == symbology)
    }

    @Test(arguments: [
        ("+H123ABC01234567890E", "hibc-check-character"),
        ("+$$1327LOT3D7", "invalid-date"),
        ("+$$3260230LOT1D8", "invalid-date"),
        ("+$$526366X1DM", "invalid-date"),
        ("+1234ABC0+", "invalid-labeler-code"),
        ("+H123ABCX1", "invalid-unit-of-measure"),
        ("+H123ABCDEFGHIJKLMNOPQRS0 ", "too-long"),
        ("+$LOT1/ZZZDC", "unknown-hibc-field"),
        ("+$$+SERX/14D20261130D4", "invalid-date-format"),
        ("+$$8A53270115LOTBD1", "invalid-quantity"),
        ("+$LOT-1DW", "invalid-character"),
        ("+h123abc0", "invalid-character"),
        ("+A", "truncated"),
        ("+", "truncated"),
        ("+A12", "truncated"),
    ])
    func faultyHIBCDataIsRefused(_ input: String, _ code: String) {
        let result = parser.parse(input)
        #expect(!result.isValid)
        #expect(result.errorCodes.contains(code), "got \(result.errorCodes)")
    }

    @Test func wrongCheckCharacterNamesTheRightOne() throws {
        let error = try #require(parser.parse("+H123ABC01234567890E").errors.first)
        #expect(error.code.rawValue.contains("check"))
        #expect(error.position == 20)
        #expect(error.message.contains("'D'"))
    }

    @Test func primaryFieldsAreStillReadWhenOnlyTheCheckCharacterIsWrong() {
        let result = parser.parse("+H123ABC01234567890E")
        #expect(result.hibc?.labelerCode == "H123")
        #expect(!result.isValid)
    }
}
