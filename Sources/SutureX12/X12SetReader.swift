import SutureModel

/// The shared machinery of the document readers: walks one transaction set's segments, keeps the
/// current line, reads the segments every set has (REF, DTM, N1, CUR, PID) and checks elements.
///
/// Faults go to `errors` with the set's scope and the segment's position in the interchange.
struct X12SetReader {
    let table: X12SegmentTable
    /// Raw access to the table for the per-line work; see `X12SegmentView`.
    let view: X12SegmentView
    /// Shared by all sets of one parse, so repeated values are decoded once.
    let strings: X12StringPool
    /// The body of the set: the indexes after its ST up to (not including) its SE.
    let body: Range<Int>
    let scope: X12ErrorScope
    /// The index of the set's ST.
    let header: Int
    var errors: [X12Error] = []
    var document: X12Document
    /// Whether the last of `document.lines` is still open: the segments that follow belong to it.
    var hasLine = false

    init(table: X12SegmentTable, view: X12SegmentView, strings: X12StringPool, header: Int, end: Int, trailer: Int?, scope: X12ErrorScope) {
        self.table = table
        self.view = view
        self.strings = strings
        self.body = (header + 1)..<max(header + 1, trailer ?? end)
        self.scope = scope
        self.header = header
        document = X12Document(set: strings.string(view.bytes, view.range(header, 1)), control: table.string(header, 2))
    }

    /// The open line, edited where it lies in `document.lines` so that no line is copied. Only when `hasLine`.
    var line: X12LineItem {
        _read { yield document.lines[document.lines.count - 1] }
        _modify { yield &document.lines[document.lines.count - 1] }
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

    /// The id of segment `index`, packed.
    @inline(__always)
    func tag(_ index: Int) -> X12SegmentTag { view.tag(index) }

    /// Element `element` of segment `index`, or nil when absent or empty.
    @inline(__always)
    func value(_ index: Int, _ element: Int) -> String? {
        let range = view.range(index, element)
        return range.isEmpty ? nil : strings.string(view.bytes, range)
    }

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
        if !X12Number.isDecimal(view.slice(view.range(index, element))) {
            report(.invalidElement, at: index, element: element, "\(name(index, element)) (\(meaning)) '\(text)' is not a decimal number", syntax: "6")
        }
        return text
    }

    /// A date `CCYYMMDD`; a malformed one is reported and still returned as written.
    mutating func date(_ index: Int, _ element: Int, _ meaning: String) -> String? {
        guard let text = value(index, element) else { return nil }
        if !X12Date.isValid(view.slice(view.range(index, element))) {
            report(.invalidElement, at: index, element: element, "\(name(index, element)) (\(meaning)) '\(text)' is not a date CCYYMMDD", syntax: "8")
        }
        return text
    }

    /// Qualifier/value pairs from element `first` on (PO106/PO107, LIN02/LIN03...); GTINs are checked.
    mutating func productIDs(_ index: Int, from first: Int) -> [X12ProductID] {
        var ids: [X12ProductID] = []
        var element = first
        let count = view.elementCount(index)
        ids.reserveCapacity(max(0, (count - first + 2) / 2))
        while element <= count {
            let qualifier = value(index, element)
            let id = value(index, element + 1)
            if let qualifier, let id {
                ids.append(X12ProductID(qualifier, id))
                if isGTINQualifier(view.range(index, element)), !isValidGTIN(view.range(index, element + 1)) {
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
        switch (view.bytes[range.lowerBound], view.bytes[range.lowerBound + 1]) {
        case (UInt8(ascii: "U"), UInt8(ascii: "P")), (UInt8(ascii: "U"), UInt8(ascii: "K")), (UInt8(ascii: "E"), UInt8(ascii: "N")): return true
        default: return false
        }
    }

    /// The GS1 length and check digit rules of `GTIN`, on bytes: this runs for every line of every file.
    func isValidGTIN(_ range: Range<Int>) -> Bool {
        let count = range.count
        guard count == 8 || count == 12 || count == 13 || count == 14 else { return false }
        // Weights 3, 1, 3... from the digit left of the check digit.
        var sum = 0
        var position = range.upperBound - 2
        var weight = 3
        while position >= range.lowerBound {
            let digit = Int(view.bytes[position]) &- 0x30
            guard digit >= 0, digit <= 9 else { return false }
            sum &+= digit &* weight
            weight = 4 &- weight
            position &-= 1
        }
        let check = Int(view.bytes[range.upperBound - 1]) &- 0x30
        return check == (10 - sum % 10) % 10
    }

    /// Starts a new line, ending the current one, from the first fields of its PO1, IT1 or LIN.
    /// Taking the fields as `consuming` saves a retain and a release of each per line.
    mutating func begin(
        line: consuming String?, quantity: consuming String? = nil, unit: consuming String? = nil,
        unitPrice: consuming String? = nil, productIDs: consuming [X12ProductID], purchaseOrder: consuming String? = nil
    ) {
        // The memberwise initializer (see `X12LineItem.quantities`): built in place, not copied.
        document.lines.append(X12LineItem(
            line: line, quantity: quantity, unit: unit, unitPrice: unitPrice, productIDs: productIDs, description: nil,
            acknowledgments: [], purchaseOrder: purchaseOrder, references: [], dates: [], quantities: [], prices: []
        ))
        hasLine = true
    }

    /// Ends the open line: segments that follow belong to the header again (856 HL, 810 TDS).
    mutating func finishLine() {
        hasLine = false
    }

    /// Makes room for one line per `tag` segment of the body, so that appending lines never regrows the array.
    mutating func reserveLines(_ tag: X12SegmentTag) {
        var count = 0
        for index in body where view.tag(index) == tag { count += 1 }
        document.lines.reserveCapacity(count)
    }

    /// Reads the segments shared by all sets into the current line or, before the first line, the header.
    mutating func readCommon(_ index: Int) {
        switch view.tag(index) {
        case Self.REF:
            guard let qualifier = required(index, 1, "reference qualifier") else { return }
            let reference = X12Reference(qualifier, value(index, 2) ?? value(index, 3) ?? "")
            if hasLine { line.references.append(reference) } else { document.references.append(reference) }
        case Self.DTM:
            guard let qualifier = required(index, 1, "date qualifier") else { return }
            let reference = X12DateReference(qualifier, date(index, 2, "date") ?? "")
            if hasLine { line.dates.append(reference) } else { document.dates.append(reference) }
        case Self.N1:
            // Line-level N1 loops (ship-from per invoice line...) are not kept: the header parties are what the documents need.
            guard !hasLine, let code = required(index, 1, "entity identifier code") else { return }
            document.parties.append(X12Party(code: code, name: value(index, 2), idQualifier: value(index, 3), id: value(index, 4)))
        case Self.CUR:
            if !hasLine, document.currency == nil { document.currency = value(index, 2) }
        case Self.PID:
            if hasLine, line.description == nil, let text = value(index, 5) { line.description = text }
        default:
            break
        }
    }

    /// The document read.
    consuming func finish() -> X12Document {
        document
    }
}
