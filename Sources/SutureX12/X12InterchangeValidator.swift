/// Walks the segments of an interchange and checks its envelope: ISA/IEA, GS/GE and ST/SE pairing,
/// counts, control numbers, duplicates and the HL hierarchy.
///
/// It finds where each group and transaction set lies; the document readers then read the sets.
struct X12InterchangeValidator {
    /// Where a transaction set's segments lie: indexes (0-based) of its ST and of its SE, if any.
    struct SetSpan {
        var id: String
        var control: String
        var header: Int
        var trailer: Int?
        /// One past the last segment that belongs to it (its SE, or where the next envelope segment began).
        var end: Int
    }

    struct GroupSpan {
        var header: Int
        var declaredSetCount: Int?
        var sets: [SetSpan] = []
    }

    let table: X12SegmentTable
    var errors: [X12Error] = []
    var groups: [GroupSpan] = []

    init(table: X12SegmentTable) { self.table = table }

    static let supportedVersions = ["00401", "00501"]

    mutating func report(
        _ code: X12ErrorCode, _ segment: String, at index: Int, _ message: String,
        element: Int? = nil, scope: X12ErrorScope = .interchange, syntax: String? = nil
    ) {
        errors.append(X12Error(code: code, segment: segment, position: index + 1, message: message, element: element, scope: scope, elementErrorCode: syntax))
    }

    /// Control numbers are equal when their text is, or when both are numbers of equal value (`2` and `000000002`).
    func sameControl(_ a: (Int, Int), _ b: (Int, Int)) -> Bool {
        if table.elementsEqual(a, b) { return true }
        guard let x = table.integer(a.0, a.1), let y = table.integer(b.0, b.1) else { return false }
        return x == y
    }

    mutating func validate() {
        checkISA()
        var openGroup: Int?
        var openSet: (group: Int, span: SetSpan)?
        var sawIEA = false
        var groupControls: [String: Int] = [:]
        var setControls: Set<SetControlKey> = []
        var looseGroup: Int?

        func groupScope(_ index: Int?) -> X12ErrorScope { index.map { .group($0) } ?? .interchange }

        /// Ends the open set at `end`; without a trailer, the SE is reported missing where `end` is.
        func closeSet(at end: Int, trailer: Int?) {
            guard let open = openSet else { return }
            let scope = X12ErrorScope.transactionSet(group: open.group, set: groups[open.group].sets.count)
            if trailer == nil {
                let before = end < table.count ? "before this \(table.id(end))" : "before the end of the file"
                report(.missingTrailer, "SE", at: end, "transaction set \(open.span.control) has no SE \(before)", scope: scope)
            }
            checkHierarchy(open.span.header, end, scope: scope)
            var span = open.span
            span.trailer = trailer
            span.end = end
            groups[open.group].sets.append(span)
            openSet = nil
        }

        for index in 1..<table.count {
            let tag = table.tag(index)
            if sawIEA {
                report(.unexpectedSegment, table.id(index), at: index, "segment after IEA: one file holds one interchange")
                continue
            }
            switch tag {
            case .GS:
                closeSet(at: index, trailer: nil)
                if let group = openGroup {
                    report(.missingTrailer, "GE", at: index, "functional group \(table.string(groups[group].header, 6)) has no GE before this GS", scope: .group(group))
                }
                groups.append(GroupSpan(header: index))
                let group = groups.count - 1
                openGroup = group
                // Sized once: a group of 100,000 orders otherwise regrew both a dozen times.
                let expectedSets = setsAhead(of: index)
                groups[group].sets.reserveCapacity(expectedSets)
                setControls = []
                setControls.reserveCapacity(expectedSets)
                checkGS(index, group: group)
                let control = table.integer(index, 6).map(String.init) ?? table.string(index, 6)
                if let first = groupControls[control] {
                    report(.duplicateControl, "GS", at: index, "group control number \(table.string(index, 6)) (GS06) is already used by the group at segment \(first + 1)",
                           element: 6, scope: .group(group))
                } else {
                    groupControls[control] = index
                }
            case .ST:
                closeSet(at: index, trailer: nil)
                let group: Int
                if let openGroup {
                    group = openGroup
                } else {
                    // A set outside any group still gets read, under a group of its own that has no GS.
                    if looseGroup == nil {
                        groups.append(GroupSpan(header: -1))
                        looseGroup = groups.count - 1
                    }
                    group = looseGroup!
                    report(.unexpectedSegment, "ST", at: index, "transaction set outside a functional group (no GS before it)", scope: .group(group))
                }
                let control = table.string(index, 2)
                let setIndex = groups[group].sets.count
                let scope = X12ErrorScope.transactionSet(group: group, set: setIndex)
                if control.isEmpty {
                    report(.invalidElement, "ST", at: index, "ST02 (transaction set control number) is missing", element: 2, scope: scope)
                } else if !setControls.insert(SetControlKey(table, index)).inserted {
                    report(.duplicateControl, "ST", at: index, "transaction set control number \(control) (ST02) is used twice in this group", element: 2, scope: scope)
                }
                openSet = (group, SetSpan(id: table.string(index, 1), control: control, header: index, trailer: nil, end: index + 1))
            case .SE:
                guard let open = openSet else {
                    report(.unexpectedSegment, "SE", at: index, "SE without a matching ST", scope: groupScope(openGroup))
                    continue
                }
                let scope = X12ErrorScope.transactionSet(group: open.group, set: groups[open.group].sets.count)
                let actual = index - open.span.header + 1
                if let declared = table.integer(index, 1) {
                    if declared != actual {
                        report(.seCount, "SE", at: index, "SE01 says \(declared) segments but the transaction set has \(actual) (ST to SE)", element: 1, scope: scope)
                    }
                } else {
                    report(.seCount, "SE", at: index, "SE01 '\(table.string(index, 1))' is not a segment count; the transaction set has \(actual)", element: 1, scope: scope)
                }
                if !table.elementsEqual((index, 2), (open.span.header, 2)) {
                    report(.controlMismatch, "SE", at: index, "SE02 '\(table.string(index, 2))' does not match ST02 '\(open.span.control)'", element: 2, scope: scope)
                }
                closeSet(at: index + 1, trailer: index)
            case .GE:
                closeSet(at: index, trailer: nil)
                guard let group = openGroup else {
                    report(.unexpectedSegment, "GE", at: index, "GE without a matching GS")
                    continue
                }
                let actual = groups[group].sets.count
                let declared = table.integer(index, 1)
                groups[group].declaredSetCount = declared
                if declared != actual {
                    report(.geCount, "GE", at: index, "GE01 says \(table.string(index, 1)) transaction sets but the group has \(actual)", element: 1, scope: .group(group))
                }
                if !sameControl((index, 2), (groups[group].header, 6)) {
                    report(.controlMismatch, "GE", at: index, "GE02 '\(table.string(index, 2))' does not match GS06 '\(table.string(groups[group].header, 6))'", element: 2, scope: .group(group))
                }
                openGroup = nil
            case .IEA:
                closeSet(at: index, trailer: nil)
                if let group = openGroup {
                    report(.missingTrailer, "GE", at: index, "functional group \(table.string(groups[group].header, 6)) has no GE before the IEA", scope: .group(group))
                    openGroup = nil
                }
                sawIEA = true
                let actual = groups.filter { $0.header >= 0 }.count
                if table.integer(index, 1) != actual {
                    report(.ieaCount, "IEA", at: index, "IEA01 says \(table.string(index, 1)) functional groups but the interchange has \(actual)", element: 1)
                }
                if !sameControl((index, 2), (0, 13)) {
                    report(.controlMismatch, "IEA", at: index, "IEA02 '\(table.string(index, 2))' does not match ISA13 '\(table.trimmedValue(0, 13))'", element: 2)
                }
            case .ISA:
                report(.unexpectedSegment, "ISA", at: index, "a second ISA before the IEA of the first interchange")
            default:
                if openSet == nil, tag != .invalid, tag != .TA1 {
                    report(.unexpectedSegment, table.id(index), at: index, "segment \(table.id(index)) outside a transaction set", scope: groupScope(openGroup))
                }
            }
        }
        let end = table.count
        closeSet(at: end, trailer: nil)
        if let group = openGroup {
            report(.missingTrailer, "GE", at: end, "functional group \(table.string(groups[group].header, 6)) has no GE", scope: .group(group))
        }
        if !sawIEA {
            report(.missingTrailer, "IEA", at: end, "the interchange has no IEA")
        }
    }

    /// The number of ST segments after the GS at `index`, up to the group's end.
    func setsAhead(of index: Int) -> Int {
        var count = 0
        var next = index + 1
        while next < table.count {
            let tag = table.tag(next)
            if tag == .ST { count += 1 } else if tag == .GE || tag == .GS || tag == .IEA { break }
            next += 1
        }
        return count
    }

    /// An ST02 for the duplicate check, without hashing text in the common case: digits are kept
    /// as their value and width (so `0001` and `1` stay different), anything else as text.
    struct SetControlKey: Hashable {
        var number: Int
        var width: Int
        var text: String?

        init(_ table: X12SegmentTable, _ index: Int) {
            width = table.byteRange(index, 2).count
            if let value = table.integer(index, 2) {
                number = value
                text = nil
            } else {
                number = -1
                text = table.string(index, 2)
            }
        }
    }

    mutating func checkISA() {
        let version = table.trimmedValue(0, 12)
        if !Self.supportedVersions.contains(version) {
            report(.unsupportedVersion, "ISA", at: 0, "ISA12 version '\(version)' is not supported (00401 or 00501)", element: 12)
        }
        let control = table.string(0, 13)
        if control.utf8.count != 9 || table.integer(0, 13) == nil {
            report(.invalidElement, "ISA", at: 0, "ISA13 '\(control)' must be a 9-digit interchange control number", element: 13)
        }
        let usage = table.trimmedValue(0, 15)
        if usage != "P", usage != "T", usage != "I" {
            report(.invalidElement, "ISA", at: 0, "ISA15 '\(usage)' must be P (production) or T (test)", element: 15)
        }
    }

    mutating func checkGS(_ index: Int, group: Int) {
        let version = table.string(index, 8)
        if !Self.supportedVersions.contains(where: { version.hasPrefix($0) }) {
            report(.unsupportedVersion, "GS", at: index, "GS08 version '\(version)' is not supported (004010 or 005010)", element: 8, scope: .group(group))
        }
        if table.integer(index, 6) == nil {
            report(.invalidElement, "GS", at: index, "GS06 '\(table.string(index, 6))' must be a group control number (digits)", element: 6, scope: .group(group))
        }
    }

    /// HL01 must count 1, 2, 3... and each HL02 must name an earlier HL01.
    mutating func checkHierarchy(_ header: Int, _ end: Int, scope: X12ErrorScope) {
        var seen: Set<String> = []
        var expected = 1
        for index in (header + 1)..<max(header + 1, end) where table.tag(index) == .HL {
            let id = table.string(index, 1)
            if table.integer(index, 1) != expected {
                report(.hlSequence, "HL", at: index, "HL01 '\(id)' should be \(expected): hierarchical ids count up from 1", element: 1, scope: scope, syntax: "7")
            }
            expected = (table.integer(index, 1) ?? expected) + 1
            if let parent = table.value(index, 2), !seen.contains(parent) {
                report(.hlParent, "HL", at: index, "HL02 '\(parent)' does not refer to an earlier HL01", element: 2, scope: scope, syntax: "7")
            }
            seen.insert(id)
        }
    }
}
