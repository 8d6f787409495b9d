/// One GS1 Application Identifier: what its data means and the syntax that data must follow.
///
/// Every AI Suture knows is declared once, in `ApplicationIdentifier.all`; the element
/// string, human-readable and Digital Link parsers all read their rules from there.
public struct ApplicationIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// How many characters the data holds.
    public enum Length: Sendable, Hashable {
        case fixed(Int)
        case variable(min: Int, max: Int)

        public var maximum: Int {
            switch self {
            case .fixed(let count): return count
            case .variable(_, let max): return max
            }
        }

        public var minimum: Int {
            switch self {
            case .fixed(let count): return count
            case .variable(let min, _): return min
            }
        }
    }

    /// Which characters the data may hold (after any leading digits the format requires).
    public enum CharacterSet: Sendable, Hashable {
        case numeric
        /// GS1 AI encodable character set 82: ``!"%&'()*+,-./0-9:;<=>?A-Z_a-z``.
        case alphanumeric
    }

    /// The GS1 identification keys whose last digit (of `checkDigits`) is a check digit.
    public enum Key: String, Sendable, Hashable {
        case gtin, sscc, gln, gsin, gdti, gcn, grai, gsrn

        var checkDigitFault: BarcodeError.Code {
            switch self {
            case .gtin: return .gtinCheckDigit
            case .sscc: return .ssccCheckDigit
            case .gln: return .glnCheckDigit
            case .gsin: return .gsinCheckDigit
            case .gdti: return .gdtiCheckDigit
            case .gcn: return .gcnCheckDigit
            case .grai: return .graiCheckDigit
            case .gsrn: return .gsrnCheckDigit
            }
        }
    }

    /// What the data is, beyond its characters, and so which further checks apply.
    public enum Content: Sendable, Hashable {
        case text
        /// A GS1 key whose check digit is the last of the digits at `checkDigits`.
        case key(Key, checkDigits: Range<Int>)
        /// `YYMMDD`; when `allowsDayZero`, day 00 means the last day of the month.
        case date(allowsDayZero: Bool)
        /// `YYMMDDhhmm` (AI 7003).
        case dateHourMinute
        /// `YYMMDDhh` then optionally `mm` or `mmss` (AI 8008).
        case dateHourOptionalMinuteSecond
        /// `YYMMDD` then optionally a second `YYMMDD`, the end of the range (AI 7007).
        case dateRange
        /// A count of trade items (AI 30, 37).
        case count
    }

    /// Which value of a parse result the AI fills.
    enum ResultField: Sendable, Hashable {
        case gtin, lot, serial, expiry, productionDate, quantity, sscc
    }

    /// The AI digits, such as `"01"` or `"3103"`.
    public let code: String
    /// The GS1 data title, such as `"GTIN"` or `"USE BY OR EXPIRY"`.
    public let title: String
    public let length: Length
    /// How many leading characters must be digits whatever `characterSet` says (GDTI's 13).
    public let numericPrefix: Int
    public let characterSet: CharacterSet
    /// For measures and amounts (310n-369n, 390n-395n): the implied decimal places `n`.
    public let decimalPlaces: Int?
    /// Whether an FNC1 must end the data when another element follows: true for every AI
    /// outside the predefined-length table (00-04, 11-20, 31-36, 41).
    public let requiresFNC1: Bool
    public let content: Content
    /// Whether the AI may start a GS1 Digital Link URI path (a primary key).
    public let isDigitalLinkPrimaryKey: Bool
    let field: ResultField?

    init(
        _ code: String, _ title: String, _ length: Length, _ characterSet: CharacterSet,
        numericPrefix: Int = 0, decimalPlaces: Int? = nil, content: Content = .text,
        field: ResultField? = nil, primaryKey: Bool = false
    ) {
        self.code = code
        self.title = title
        self.length = length
        self.characterSet = characterSet
        self.numericPrefix = characterSet == .numeric ? 0 : numericPrefix
        self.decimalPlaces = decimalPlaces
        self.content = content
        self.field = field
        self.isDigitalLinkPrimaryKey = primaryKey
        requiresFNC1 = !Self.predefinedLengthPrefixes.contains(String(code.prefix(2)))
    }

    public var description: String { "(\(code)) \(title)" }

    /// The first two digits of the AIs whose length is predefined, so need no FNC1 after them
    /// (GS1 General Specifications figure 7.8.5-2).
    static let predefinedLengthPrefixes: Set<String> = [
        "00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
        "31", "32", "33", "34", "35", "36", "41",
    ]

    /// The AI with these digits, or nil when Suture does not know it.
    public static func named(_ code: String) -> ApplicationIdentifier? {
        let bytes = Array(code.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let index = index(of: buffer, in: 0..<buffer.count) else { return nil }
            return all[index]
        }
    }
}

// MARK: - The table

extension ApplicationIdentifier {
    /// Every Application Identifier Suture understands, in AI order.
    public static let all: [ApplicationIdentifier] = {
        var table: [ApplicationIdentifier] = [
            .init("00", "SSCC", .fixed(18), .numeric, content: .key(.sscc, checkDigits: 0..<18), field: .sscc, primaryKey: true),
            .init("01", "GTIN", .fixed(14), .numeric, content: .key(.gtin, checkDigits: 0..<14), field: .gtin, primaryKey: true),
            .init("02", "CONTENT", .fixed(14), .numeric, content: .key(.gtin, checkDigits: 0..<14)),
            .init("10", "BATCH/LOT", .variable(min: 1, max: 20), .alphanumeric, field: .lot),
            .init("11", "PROD DATE", .fixed(6), .numeric, content: .date(allowsDayZero: true), field: .productionDate),
            .init("12", "DUE DATE", .fixed(6), .numeric, content: .date(allowsDayZero: true)),
            .init("13", "PACK DATE", .fixed(6), .numeric, content: .date(allowsDayZero: true)),
            .init("15", "BEST BEFORE or BEST BY", .fixed(6), .numeric, content: .date(allowsDayZero: true)),
            .init("16", "SELL BY", .fixed(6), .numeric, content: .date(allowsDayZero: true)),
            .init("17", "USE BY OR EXPIRY", .fixed(6), .numeric, content: .date(allowsDayZero: true), field: .expiry),
            .init("20", "VARIANT", .fixed(2), .numeric),
            .init("21", "SERIAL", .variable(min: 1, max: 20), .alphanumeric, field: .serial),
            .init("22", "CPV", .variable(min: 1, max: 20), .alphanumeric),
            .init("235", "TPX", .variable(min: 1, max: 28), .alphanumeric),
            .init("240", "ADDITIONAL ID", .variable(min: 1, max: 30), .alphanumeric),
            .init("241", "CUST. PART No.", .variable(min: 1, max: 30), .alphanumeric),
            .init("242", "MTO VARIANT", .variable(min: 1, max: 6), .numeric),
            .init("243", "PCN", .variable(min: 1, max: 20), .alphanumeric),
            .init("250", "SECONDARY SERIAL", .variable(min: 1, max: 30), .alphanumeric),
            .init("251", "REF. TO SOURCE", .variable(min: 1, max: 30), .alphanumeric),
            .init("253", "GDTI", .variable(min: 13, max: 30), .alphanumeric, numericPrefix: 13,
                  content: .key(.gdti, checkDigits: 0..<13), primaryKey: true),
            .init("254", "GLN EXTENSION COMPONENT", .variable(min: 1, max: 20), .alphanumeric),
            .init("255", "GCN", .variable(min: 13, max: 25), .numeric, content: .key(.gcn, checkDigits: 0..<13), primaryKey: true),
            .init("30", "VAR. COUNT", .variable(min: 1, max: 8), .numeric, content: .count, field: .quantity),
            .init("37", "COUNT", .variable(min: 1, max: 8), .numeric, content: .count, field: .quantity),
            .init("400", "ORDER NUMBER", .variable(min: 1, max: 30), .alphanumeric),
            .init("401", "GINC", .variable(min: 1, max: 30), .alphanumeric, primaryKey: true),
            .init("402", "GSIN", .fixed(17), .numeric, content: .key(.gsin, checkDigits: 0..<17), primaryKey: true),
            .init("403", "ROUTE", .variable(min: 1, max: 30), .alphanumeric),
            .init("410", "SHIP TO LOC", .fixed(13), .numeric, content: .key(.gln, checkDigits: 0..<13)),
            .init("411", "BILL TO", .fixed(13), .numeric, content: .key(.gln, checkDigits: 0..<13)),
            .init("412", "PURCHASE FROM", .fixed(13), .numeric, content: .key(.gln, checkDigits: 0..<13)),
            .init("413", "SHIP FOR LOC", .fixed(13), .numeric, content: .key(.gln, checkDigits: 0..<13)),
            .init("414", "LOC No.", .fixed(13), .numeric, content: .key(.gln, checkDigits: 0..<13), primaryKey: true),
            .init("415", "PAY TO", .fixed(13), .numeric, content: .key(.gln, checkDigits: 0..<13)),
            .init("416", "PROD/SERV LOC", .fixed(13), .numeric, content: .key(.gln, checkDigits: 0..<13)),
            .init("417", "PARTY", .fixed(13), .numeric, content: .key(.gln, checkDigits: 0..<13), primaryKey: true),
            .init("420", "SHIP TO POST", .variable(min: 1, max: 20), .alphanumeric),
            .init("421", "SHIP TO POST", .variable(min: 4, max: 12), .alphanumeric, numericPrefix: 3),
            .init("422", "ORIGIN", .fixed(3), .numeric),
            .init("423", "COUNTRY - INITIAL PROCESS.", .variable(min: 3, max: 15), .numeric),
            .init("424", "COUNTRY - PROCESS.", .fixed(3), .numeric),
            .init("425", "COUNTRY - DISASSEMBLY", .variable(min: 3, max: 15), .numeric),
            .init("426", "COUNTRY - FULL PROCESS", .fixed(3), .numeric),
            .init("427", "ORIGIN SUBDIVISION", .variable(min: 1, max: 3), .alphanumeric),
            .init("7001", "NSN", .fixed(13), .numeric),
            .init("7002", "MEAT CUT", .variable(min: 1, max: 30), .alphanumeric),
            .init("7003", "EXPIRY TIME", .fixed(10), .numeric, content: .dateHourMinute),
            .init("7004", "ACTIVE POTENCY", .variable(min: 1, max: 4), .numeric),
            .init("7005", "CATCH AREA", .variable(min: 1, max: 12), .alphanumeric),
            .init("7006", "FIRST FREEZE DATE", .fixed(6), .numeric, content: .date(allowsDayZero: false)),
            .init("7007", "HARVEST DATE", .variable(min: 6, max: 12), .numeric, content: .dateRange),
            .init("710", "NHRN PZN", .variable(min: 1, max: 20), .alphanumeric),
            .init("711", "NHRN CIP", .variable(min: 1, max: 20), .alphanumeric),
            .init("712", "NHRN CN", .variable(min: 1, max: 20), .alphanumeric),
            .init("713", "NHRN DRN", .variable(min: 1, max: 20), .alphanumeric),
            .init("714", "NHRN AIM", .variable(min: 1, max: 20), .alphanumeric),
            .init("715", "NHRN NDC", .variable(min: 1, max: 20), .alphanumeric),
            .init("7240", "PROTOCOL", .variable(min: 1, max: 20), .alphanumeric),
            .init("8003", "GRAI", .variable(min: 14, max: 30), .alphanumeric, numericPrefix: 14,
                  content: .key(.grai, checkDigits: 1..<14), primaryKey: true),
            .init("8004", "GIAI", .variable(min: 1, max: 30), .alphanumeric, primaryKey: true),
            .init("8005", "PRICE PER UNIT", .fixed(6), .numeric),
            .init("8006", "ITIP", .fixed(18), .numeric, content: .key(.gtin, checkDigits: 0..<14), primaryKey: true),
            .init("8007", "IBAN", .variable(min: 1, max: 34), .alphanumeric),
            .init("8008", "PROD TIME", .variable(min: 8, max: 12), .numeric, content: .dateHourOptionalMinuteSecond),
            .init("8012", "VERSION", .variable(min: 1, max: 20), .alphanumeric),
            .init("8017", "GSRN - PROVIDER", .fixed(18), .numeric, content: .key(.gsrn, checkDigits: 0..<18), primaryKey: true),
            .init("8018", "GSRN - RECIPIENT", .fixed(18), .numeric, content: .key(.gsrn, checkDigits: 0..<18), primaryKey: true),
            .init("8020", "REF No.", .variable(min: 1, max: 25), .alphanumeric),
            .init("8200", "PRODUCT URL", .variable(min: 1, max: 70), .alphanumeric),
            .init("90", "INTERNAL", .variable(min: 1, max: 30), .alphanumeric),
        ]
        table += (91...99).map { .init(String($0), "INTERNAL", .variable(min: 1, max: 90), .alphanumeric) }
        table += measureAIs
        table += amountAIs
        return table.sorted { $0.code < $1.code }
    }()

    /// Trade and logistic measures 310n-369n: six digits with `n` implied decimal places (0-5).
    private static var measureAIs: [ApplicationIdentifier] {
        let titles: [(String, String)] = [
            ("310", "NET WEIGHT (kg)"), ("311", "LENGTH (m)"), ("312", "WIDTH (m)"), ("313", "HEIGHT (m)"),
            ("314", "AREA (m2)"), ("315", "NET VOLUME (l)"), ("316", "NET VOLUME (m3)"),
            ("320", "NET WEIGHT (lb)"), ("321", "LENGTH (in)"), ("322", "LENGTH (ft)"), ("323", "LENGTH (yd)"),
            ("324", "WIDTH (in)"), ("325", "WIDTH (ft)"), ("326", "WIDTH (yd)"), ("327", "HEIGHT (in)"),
            ("328", "HEIGHT (ft)"), ("329", "HEIGHT (yd)"),
            ("330", "GROSS WEIGHT (kg)"), ("331", "LENGTH (m), log"), ("332", "WIDTH (m), log"),
            ("333", "HEIGHT (m), log"), ("334", "AREA (m2), log"), ("335", "VOLUME (l), log"),
            ("336", "VOLUME (m3), log"), ("337", "KG PER m2"),
            ("340", "GROSS WEIGHT (lb)"), ("341", "LENGTH (in), log"), ("342", "LENGTH (ft), log"),
            ("343", "LENGTH (yd), log"), ("344", "WIDTH (in), log"), ("345", "WIDTH (ft), log"),
            ("346", "WIDTH (yd), log"), ("347", "HEIGHT (in), log"), ("348", "HEIGHT (ft), log"),
            ("349", "HEIGHT (yd), log"),
            ("350", "AREA (in2)"), ("351", "AREA (ft2)"), ("352", "AREA (yd2)"), ("353", "AREA (in2), log"),
            ("354", "AREA (ft2), log"), ("355", "AREA (yd2), log"), ("356", "NET WEIGHT (t oz)"),
            ("357", "NET VOLUME (oz)"),
            ("360", "NET VOLUME (qt)"), ("361", "NET VOLUME (gal.)"), ("362", "VOLUME (qt), log"),
            ("363", "VOLUME (gal.), log"), ("364", "VOLUME (in3)"), ("365", "VOLUME (ft3)"),
            ("366", "VOLUME (yd3)"), ("367", "VOLUME (in3), log"), ("368", "VOLUME (ft3), log"),
            ("369", "VOLUME (yd3), log"),
        ]
        return titles.flatMap { prefix, title in
            (0...5).map { places in
                ApplicationIdentifier(prefix + String(places), title, .fixed(6), .numeric, decimalPlaces: places)
            }
        }
    }

    /// Amounts and prices 390n-395n, with `n` implied decimal places.
    private static var amountAIs: [ApplicationIdentifier] {
        let families: [(String, String, Length, Int, ClosedRange<Int>)] = [
            ("390", "AMOUNT", .variable(min: 1, max: 15), 0, 0...9),
            ("391", "AMOUNT", .variable(min: 4, max: 18), 3, 0...9),
            ("392", "PRICE", .variable(min: 1, max: 15), 0, 0...9),
            ("393", "PRICE", .variable(min: 4, max: 18), 3, 0...9),
            ("394", "PRCNT OFF", .fixed(4), 0, 0...3),
            ("395", "PRICE/UoM", .fixed(6), 0, 0...5),
        ]
        return families.flatMap { prefix, title, length, _, places in
            places.map { ApplicationIdentifier(prefix + String($0), title, length, .numeric, decimalPlaces: $0) }
        }
    }
}

// MARK: - Lookup

extension ApplicationIdentifier {
    /// Positions in `all` by AI value: slots 0-99 for two-digit AIs, 100-1099 for
    /// three-digit and 1100-11099 for four-digit ones (-1 where there is none), so that
    /// finding an AI costs one array read instead of a dictionary lookup with hashing.
    private static let indexByValue: [Int16] = {
        var slots = [Int16](repeating: -1, count: 11_100)
        for (position, ai) in all.enumerated() {
            slots[slotBase(forLength: ai.code.utf8.count) + Int(ai.code)!] = Int16(position)
        }
        return slots
    }()

    @inline(__always)
    private static func slotBase(forLength length: Int) -> Int {
        switch length {
        case 2: return 0
        case 3: return 100
        default: return 1100
        }
    }

    /// The position of AI 01 (GTIN) in `all`.
    static let gtinIndex = all.firstIndex { $0.code == "01" }!

    /// The position in `all` of the AI spelled by exactly the digits in `range` (2-4 of them).
    static func index(of bytes: BarcodeBytes, in range: Range<Int>) -> Int? {
        guard (2...4).contains(range.count), let value = bytes.number(in: range) else { return nil }
        let slot = indexByValue[slotBase(forLength: range.count) + value]
        return slot < 0 ? nil : Int(slot)
    }

    /// The AI that starts at `start` of an element string: GS1 AIs are prefix-free, so the
    /// first of the two-, three- and four-digit readings that is known is the one.
    static func index(startingAt start: Int, in bytes: BarcodeBytes, end: Int) -> (index: Int, length: Int)? {
        for length in 2...4 where start + length <= end {
            if let index = index(of: bytes, in: start..<(start + length)) { return (index, length) }
        }
        return nil
    }
}
