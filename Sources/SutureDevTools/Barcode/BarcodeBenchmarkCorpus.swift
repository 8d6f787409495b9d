import SutureBarcode
/// Valid barcode data of every form the parser reads, for the `suture bench barcode`
/// benchmark (parses per second) and as the fuzzer's seed corpus.
public enum BarcodeBenchmarkCorpus {
    /// One or more samples of each form: GS1 element strings with symbology identifiers
    /// (FNC1 as GS), human-readable text, Digital Link URIs, bare GTINs, and HIBC primary,
    /// secondary and concatenated data. Every sample is valid with reference year 2026.
    public static let samples: [String] = [
        // GS1 element strings (FNC1 as GS, written \u{1D}).
        "]d2" + "0109506000134352" + "17261231" + "10ABC123" + "\u{1D}" + "21SN0001",
        "]d2" + "0100643169007222" + "17160128" + "10A00007" + "\u{1D}" + "212216007",
        "]C1" + "00376104250021234569",
        "]C1" + "0100614141000012" + "10LOT-42" + "\u{1D}" + "3710" + "\u{1D}" + "4105412345000013",
        "]Q3" + "0105901234123457" + "3103000123" + "15270100" + "10LOT42",
        "]e0" + "0100614141000012" + "17270228",
        "]J1" + "0109506000134352" + "11250301",
        "0109506000134352" + "\u{1D}" + "10B7" + "\u{1D}" + "17280615",
        "\u{1D}" + "0110614141000415" + "3020",
        // GS1 human-readable text.
        "(01)05901234123457(17)261231(10)A1B2C3",
        "(01)00643169007222(17)160128(10)A00007(21)2216007",
        "(01)09521234543213(3103)000123(11)250100",
        // GS1 Digital Link.
        "https://id.gs1.org/01/09506000134352/10/ABC%2F1?17=261231",
        "https://example.com/products/01/00614141000012/21/XYZ?3103=000195&linkType=gs1:pip",
        "]Q1https://id.gs1.org/01/05901234123457/10/LOT7",
        // Bare GTINs.
        "05901234123457",
        "]E05901234123457",
        "]E440000015",
        "614141999996",
        "]I010614141000415",
        // HIBC.
        "+H123ABC01234567890D",
        "]d1+A99912345/$$52001510X0",
        "+$$3261231LOT4279",
        "*+A999123457*",
        "]C0+$$8050326A1B272",
        "+E176CAT99001/$$3261231A123/16D20250115N",
        "+$+SER1237V",
        "]Q1+B234Q7651/$LOT1/Q25W",
    ]

    /// `count` samples cycling through `samples`, so a benchmark parses a fixed mix.
    public static func mixed(count: Int) -> [String] {
        (0..<max(0, count)).map { samples[$0 % samples.count] }
    }
}
