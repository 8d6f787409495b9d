import SutureBarcode
import Testing
import SutureModel

/// GS1 dates are YYMMDD: checked against the real calendar, day 00 is the month's last
/// day, and the century comes from the GS1 sliding window around a reference year.
@Suite struct GS1DateTests {
    @Test(arguments: [
        ("261200", "2026-12-31"),
        ("260400", "2026-04-30"),
        ("260200", "2026-02-28"),
        ("280200", "2028-02-29"),
        ("000200", "2000-02-29"),
    ])
    func dayZeroMeansLastDayOfMonth(_ yymmdd: String, _ iso: String) {
        let result = parser.parse("(17)" + yymmdd)
        #expect(result.isValid)
        #expect(result.expiry?.isoString == iso)
    }

    @Test(arguments: [
        ("281231", true), ("280229", true), ("270229", false), ("260230", false), ("260431", false),
        ("261301", false), ("260001", false), ("260132", false), ("000229", true),
    ])
    func datesAreCheckedAgainstTheCalendar(_ yymmdd: String, _ exists: Bool) {
        let result = parser.parse("(17)" + yymmdd)
        #expect(result.isValid == exists)
        if !exists { #expect(result.errorCodes == ["invalid-date"]) }
    }

    @Test func monthThirteenIsRefused() throws {
        let result = parser.parse("(01)09506000134352(17)261301")
        let error = try #require(result.errors.first)
        #expect(error.code == .invalidDate)
        #expect(error.ai == "17")
        #expect(error.message.contains("month 13"))
        #expect(result.expiry == nil)
    }

    /// GS1 General Specifications 7.12: a two-digit year lands 49 years before to 50 after.
    @Test(arguments: [
        (2026, "760101", 2076), (2026, "770101", 1977), (2026, "000101", 2000), (2026, "990101", 1999),
        (2090, "410101", 2041), (2090, "390101", 2139), (2090, "400101", 2140), (2000, "500101", 2050),
        (2000, "510101", 1951),
    ])
    func twoDigitYearsFollowTheGS1CenturyRule(_ referenceYear: Int, _ yymmdd: String, _ year: Int) {
        let result = BarcodeParser(referenceYear: referenceYear).parse("(11)" + yymmdd)
        #expect(result.productionDate?.year == year)
    }

    @Test func dayZeroIsRefusedWhereGS1DoesNotAllowIt() {
        let result = parser.parse("(7006)260100")
        #expect(result.errorCodes == ["invalid-date"])
    }

    @Test(arguments: [
        ("(7003)2612312359", true), ("(7003)2612312400", false), ("(7003)2612311260", false),
        ("(7003)2602301200", false), ("(8008)26123114", true), ("(8008)2612311459", true),
        ("(8008)261231145959", true), ("(8008)261231145960", false), ("(8008)261231145", false),
        ("(7007)260101", true), ("(7007)260101260132", false),
    ])
    func dateTimesAreCheckedToo(_ text: String, _ valid: Bool) {
        #expect(parser.parse(text).isValid == valid)
    }

    @Test func ordinaryDatesAgreeWithFoundationsCalendarOverManyRandomDays() {
        // The oracle: a date exists when the Gregorian calendar keeps its components.
        var random = SeededRandomGenerator(seed: 7)
        for _ in 0..<3_000 {
            let (yy, mm, dd) = (Int.random(in: 0...99, using: &random), Int.random(in: 0...14, using: &random), Int.random(in: 1...32, using: &random))
            let text = "(7006)" + twoDigits(yy) + twoDigits(mm) + twoDigits(dd)
            let year = yy <= 76 ? 2000 + yy : 1900 + yy
            #expect(parser.parse(text).isValid == FoundationOracle.dateExists(year: year, month: mm, day: dd), "\(text)")
        }
    }

    private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
