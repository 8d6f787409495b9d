import SutureModel

/// The shared machinery of the document readers: walks one transaction set's segments, keeps the
/// current line, reads the segments every set has (REF, DTM, N1, CUR, PID) and checks elements.
///
/// Faults go to `errors` with the set's scope and the segment's position in the interchange.
struct X12SetReader {
    let table: X12SegmentTable
    /// The body of the set: the indexes after its ST up to (not including) its SE.
    let body: Range<Int>
    let scope: X12ErrorScope
    /// The index of the set's ST.
    let header: Int
    var errors: [X12Error] = []
    var document: X12Document
    var line: X12LineItem?

    init(table: X12SegmentTable, header: Int, end: Int, trailer: Int?, scope: X12ErrorScope) {
        self.table = table
        self.body = (header + 1)..<max(header + 1, trailer ?? end)
        self.scope = scope
        self.header = header
        document = X12Document(set: table.string(header, 1), control: table.string(header, 2))
    }

    static let REF = X12SegmentTag(packed: 0x524546)  // "REF"
    static let DTM = X12SegmentTag(packed: 0x44544D)  // "DTM"
    static let N1 = X12SegmentTag(packed: 0x4E3100)  // "N1"
    static let CUR = X12SegmentTag(packed: 0x435552)  // "CUR"
    static let PID = X12SegmentTag(packed: 0x504944)  // "PID"

    mutating func report(_ code: X12ErrorCode, at index: Int, element: Int?, _ message: String, syntax: String? = nil) {
        errors.append(X12Error(code: code, segment: table.id(index), position: index + 1, message: message,
                               element: element, scope: scope, elementErrorCode: syntax))
    }

    /// A mandatory segment that never came, reported at the set's ST.
    mutating func reportMissing(_ segment: String, _ meaning: String) {
        errors.append(X12Error(code: .missingSegment, segment: segment, position: header + 1,
                               message: "the \(document.set) has no \(segment) (\(meaning))", scope: scope))
    }

    func value(_ index: Int, _ element: Int) -> String? { table.value(index, element) }

    /// The name of an element for messages, such as `PO102`.
    func name(_ index: Int, _ element: Int) -> String {
        table.id(index) + (element < 10 ? "0" : "") + String(element)
    }

    /// A mandatory element: reported as `invalid-element` when empty.
    mutating func required(_ index: Int, _ element: Int, _ meaning: String) -> String? {
        guard let text = value(index, element) else {
            report(.invalidElement, at: index, element: element, "\(name(index, element)) (\(meaning)) is missing", syntax: "1")
            return nil
        }
        return text
    }

    /// A decimal (type R) as written; a malformed one is reported and still returned as written.
    mutating func decimal(_ index: Int, _ element: Int, _ meaning: String, required isRequired: Bool = false) -> String? {
        guard let text = value(index, element) else {
            if isRequired { report(.invalidElement, at: index, element: element, "\(name(index, element)) (\(meaning)) is missing", syntax: "1") }
            return nil
        }
        if !X12Number.isDecimal(table.bytes[table.byteRange(index, element)]) {
            report(.invalidElement, at: index, element: element, "\(name(index, element)) (\(meaning)) '\(text)' is not a decimal number", syntax: "6")
        }
        return text
    }

    /// A date `CCYYMMDD`; a malformed one is reported and still returned as written.
    mutating func date(_ index: Int, _ element: Int, _ meaning: String) -> String? {
        guard let text = value(index, element) else { return nil }
        if !X12Date.isValid(text) {
            report(.invalidElement, at: index, element: element, "\(name(index, element)) (\(meaning)) '\(text)' is not a date CCYYMMDD", syntax: "8")
        }
        return text
    }

    /// Qualifier/value pairs from element `first` on (PO106/PO107, LIN02/LIN03...); GTINs are checked.
    mutating func productIDs(_ index: Int, from first: Int) -> [X12ProductID] {
        var ids: [X12ProductID] = []
        var element = first
        let count = table.elementCount(index)
        while element <= count {
            let qualifier = value(index, element)
            let id = value(index, element + 1)
            if let qualifier, let id {
                ids.append(X12ProductID(qualifier, id))
                if isGTINQualifier(table.byteRange(index, element)), !isValidGTIN(table.byteRange(index, element + 1)) {
                    do {
                        _ = try GTIN(id)
                    } catch {
                        report(.invalidGTIN, at: index, element: element + 1, "\(name(index, element + 1)) (\(qualifier)) \(error)", syntax: "7")
                    }
                }
            } else if qualifier != nil || id != nil {
                let missing = qualifier == nil ? element : element + 1
                report(.invalidElement, at: index, element: missing, "\(name(index, missing)) is missing: product ids come in qualifier/value pairs", syntax: "2")
            }
            element += 2
        }
        return ids
    }

    /// `UP`, `UK` or `EN` (X12ProductID.gtinQualifiers), compared on bytes.
    func isGTINQualifier(_ range: Range<Int>) -> Bool {
        guard range.count == 2 else { return false }
        switch (table.bytes[range.lowerBound], table.bytes[range.lowerBound + 1]) {
        case (UInt8(ascii: "U"), UInt8(ascii: "P")), (UInt8(ascii: "U"), UInt8(ascii: "K")), (UInt8(ascii: "E"), UInt8(ascii: "N")): return true
        default: return false
        }
    }

    /// The GS1 length and check digit rules of `GTIN`, on bytes: this runs for every line of every file.
    func isValidGTIN(_ range: Range<Int>) -> Bool {
        let count = range.count
        guard count == 8 || count == 12 || count == 13 || count == 14 else { return false }
        var sum = 0
        var weight = 3
        for position in stride(from: range.upperBound - 2, through: range.lowerBound, by: -1) {
            let digit = Int(table.bytes[position]) - 0x30
            guard digit >= 0, digit <= 9 else { return false }
            sum += digit * weight
            weight = 4 - weight
        }
        let check = Int(table.bytes[range.upperBound - 1]) - 0x30
        return check == (10 - sum % 10) % 10
    }

    /// Starts a new line, ending the current one.
    mutating func begin(_ newLine: X12LineItem) {
        finishLine()
        line = newLine
    }

    mutating func finishLine() {
        if let finished = line.take() { document.lines.append(finished) }
    }

    /// Reads the segments shared by all sets into the current line or, before the first line, the header.
    mutating func readCommon(_ index: Int) {
        switch table.tag(index) {
        case Self.REF:
            guard let qualifier = required(index, 1, "reference qualifier") else { return }
            let reference = X12Reference(qualifier, value(index, 2) ?? value(index, 3) ?? "")
            if line != nil { line!.references.append(reference) } else { document.references.append(reference) }
        case Self.DTM:
            guard let qualifier = required(index, 1, "date qualifier") else { return }
            let reference = X12DateReference(qualifier, date(index, 2, "date") ?? "")
            if line != nil { line!.dates.append(reference) } else { document.dates.append(reference) }
        case Self.N1:
            // Line-level N1 loops (ship-from per invoice line...) are not kept: the header parties are what the documents need.
            guard line == nil, let code = required(index, 1, "entity identifier code") else { return }
            document.parties.append(X12Party(code: code, name: value(index, 2), idQualifier: value(index, 3), id: value(index, 4)))
        case Self.CUR:
            if line == nil, document.currency == nil { document.currency = value(index, 2) }
        case Self.PID:
            if line != nil, line!.description == nil, let text = value(index, 5) { line!.description = text }
        default:
            break
        }
    }

    /// The document with its last line added.
    mutating func finish() -> X12Document {
        finishLine()
        return document
    }
}
