/// Splits an interchange into segments: reads the delimiters from the ISA, then cuts the rest on bytes.
///
/// It tolerates what partners really send (a byte-order mark, line breaks and indentation between
/// segments, a newline as terminator, non-breaking spaces padding ISA fields) and reports what is
/// really wrong (an ISA that is not 106 characters, a segment cut by a line break, a malformed id).
public enum X12Tokenizer {
    /// What the tokenizer produced: the segments, or nil when no interchange could be read at all.
    public struct Output: Sendable {
        public var table: X12SegmentTable?
        public var errors: [X12Error]
    }

    /// Inputs larger than this are refused: offsets are kept in 32 bits.
    public static let maximumSize = Int(UInt32.max) - 1

    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    /// Stands in for a component separator that the ISA does not declare; it cannot occur in X12 text.
    static let absentComponent: UInt8 = 0x00

    public static func tokenize(_ bytes: [UInt8]) -> Output {
        guard bytes.count < maximumSize else {
            return Output(table: nil, errors: [X12Error(code: .missingISA, segment: "ISA", position: 1, message: "input of \(bytes.count) bytes is too large")])
        }
        return bytes.withUnsafeBufferPointer { buffer in tokenize(buffer, keeping: bytes) }
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == cr || byte == lf || byte == space || byte == tab }
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func tokenize(_ p: UnsafeBufferPointer<UInt8>, keeping bytes: [UInt8]) -> Output {
        let n = p.count
        var errors: [X12Error] = []
        func fatal(_ code: X12ErrorCode, _ message: String) -> Output {
            Output(table: nil, errors: errors + [X12Error(code: code, segment: "ISA", position: 1, message: message)])
        }

        var start = 0
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { start = 3 }
        while start < n, isBlank(p[start]) { start += 1 }
        guard start + 4 <= n, p[start] == UInt8(ascii: "I"), p[start + 1] == UInt8(ascii: "S"), p[start + 2] == UInt8(ascii: "A") else {
            return fatal(.missingISA, "the interchange must start with an ISA segment")
        }
        let element = p[start + 3]
        guard !isAlphanumeric(element), !isBlank(element), element < 0x80 else {
            return fatal(.invalidSeparators, "the byte after ISA must be the element separator, not '\(Unicode.Scalar(element))'")
        }

        // ISA fields are fixed-width by the standard, but partners send shorter ones: find the 16
        // element separators instead of trusting offsets, and report the width separately.
        var isaMarks: [UInt32] = [UInt32(start), UInt32(start + 3)]
        var scan = start + 4
        let scanLimit = min(n, start + 400)
        while scan < scanLimit, isaMarks.count < 17 {
            let byte = p[scan]
            if byte == cr || byte == lf { break }
            if byte == element { isaMarks.append(UInt32(scan)) }
            scan += 1
        }
        guard isaMarks.count == 17 else {
            return fatal(.isaWidth, "the ISA segment is incomplete: it has \(isaMarks.count - 1) of its 16 elements")
        }
        let last = Int(isaMarks[16])
        guard last + 2 < n || (last + 1 < n && (p[last + 1] == cr || p[last + 1] == lf)) else {
            return fatal(.isaWidth, "the ISA segment ends before its component separator and segment terminator")
        }
        var component = p[last + 1]
        var terminatorIndex = last + 2
        var isa16Missing = false
        if component == cr || component == lf {
            // `...*T*` then a line break: no ISA16, and the line break ends the ISA.
            isa16Missing = true
            terminatorIndex = last + 1
        } else if p[terminatorIndex] == cr || p[terminatorIndex] == lf, endsNextSegment(p, after: terminatorIndex, with: component) {
            // `...*T*~` then a line break, and the next segment ends with `~` too: the `~` is the
            // terminator and ISA16 is missing, not a component separator of `~` with newline terminators.
            isa16Missing = true
            terminatorIndex = last + 1
        }
        let terminator = p[terminatorIndex]
        if isa16Missing { component = absentComponent }

        var width = 0
        for index in start...terminatorIndex where p[index] & 0xC0 != 0x80 { width += 1 }
        if isa16Missing {
            errors.append(X12Error(code: .isaWidth, segment: "ISA", position: 1,
                                   message: "the ISA segment is \(width) characters and has no ISA16 (component separator); it must be 106 characters"))
        } else if width != 106 {
            errors.append(X12Error(code: .isaWidth, segment: "ISA", position: 1,
                                   message: "the ISA segment is \(width) characters; its fields must be fixed-width, 106 characters in all"))
        }
        guard !isAlphanumeric(terminator), terminator != element, component != element, component != terminator,
              isa16Missing || (!isAlphanumeric(component) && !isBlank(component))
        else {
            return fatal(.invalidSeparators, "the ISA declares unusable delimiters (element '\(Unicode.Scalar(element))', component '\(Unicode.Scalar(component))', terminator '\(Unicode.Scalar(terminator))')")
        }
        isaMarks.append(UInt32(terminatorIndex))

        // Repetition separator (ISA11) exists from 00501 on; a `U` there is the 00401 habit, tolerated as none.
        var repetition: UInt8?
        let isa11 = Int(isaMarks[11]) + 1
        let versionStart = Int(isaMarks[12]) + 1
        let isVersion5OrLater = versionStart + 3 <= n && (p[versionStart + 2] >= UInt8(ascii: "5")) && p[versionStart + 1] == UInt8(ascii: "0") && p[versionStart] == UInt8(ascii: "0")
        if isVersion5OrLater, Int(isaMarks[12]) - isa11 == 1 {
            let candidate = p[isa11]
            if !isAlphanumeric(candidate), !isBlank(candidate), candidate != element, candidate != component, candidate != terminator {
                repetition = candidate
            }
        }
        let separators = X12Separators(element: element, repetition: repetition, component: component, segment: terminator)

        // Generous capacities, so that the arrays never regrow (each regrowth copied tens of MB):
        // lines of short elements (`PO1*1*3*BX*45.50**VN*...`) need a mark every 4 to 5 bytes.
        // Pages that are reserved but never written cost no memory.
        var marks: [UInt32] = isaMarks
        marks.reserveCapacity(n / 3 + 64)
        var firstMark: [UInt32] = [0]
        firstMark.reserveCapacity(n / 16 + 8)
        var tags: [X12SegmentTag] = [.ISA]
        tags.reserveCapacity(n / 16 + 8)
        firstMark.append(UInt32(marks.count))

        let lineTerminated = terminator == cr || terminator == lf
        var scanner = X12DelimiterScanner(p, terminator: terminator, element: element)
        var index = terminatorIndex + 1
        while index < n {
            let byte = p[index]
            if isBlank(byte) || byte == terminator { index += 1; continue }
            let segmentStart = index
            marks.append(UInt32(segmentStart))
            var end = index
            var cutByLineBreak = false
            scanner.seek(segmentStart)
            while true {
                end = scanner.current
                if end >= n { end = n; break }
                let c = p[end]
                if c == terminator { break }
                if c == element {
                    marks.append(UInt32(end))
                    scanner.advance()
                    continue
                }
                // A line break that is not the terminator cuts the segment.
                if !lineTerminated { cutByLineBreak = true }
                break
            }
            marks.append(UInt32(end))
            firstMark.append(UInt32(marks.count))
            let idEnd = Int(marks[Int(firstMark[firstMark.count - 2]) + 1])
            let tag = X12SegmentTag(p, from: segmentStart, to: idEnd)
            tags.append(tag)
            let position = tags.count
            if tag == .invalid {
                let shown = String(decoding: UnsafeBufferPointer(rebasing: p[segmentStart..<min(idEnd, segmentStart + 8)]), as: UTF8.self)
                errors.append(X12Error(code: .invalidSegment, segment: shown, position: position,
                                       message: "'\(shown)' is not a segment id (two or three capital letters and digits)"))
            }
            // A newline-terminated file may end without a last newline; anything else needs its terminator.
            if cutByLineBreak || (end == n && !lineTerminated) {
                errors.append(X12Error(code: .missingTerminator, segment: tag.description, position: position,
                                       message: "the segment ends at a \(end == n ? "end of file" : "line break") without the segment terminator '\(Unicode.Scalar(terminator))'"))
            }
            index = end + 1
        }
        let table = X12SegmentTable(bytes: bytes, separators: separators, marks: marks, firstMark: firstMark, tags: tags)
        return Output(table: table, errors: errors)
    }

    /// Whether the text after the line break at `index` is a segment whose line ends with `byte`
    /// (trailing blanks ignored), which tells a terminator from a component separator.
    private static func endsNextSegment(_ p: UnsafeBufferPointer<UInt8>, after index: Int, with byte: UInt8) -> Bool {
        var position = index
        while position < p.count, isBlank(p[position]) { position += 1 }
        guard position < p.count, isAlphanumeric(p[position]) else { return false }
        var lastNonBlank: UInt8 = 0
        while position < p.count, p[position] != cr, p[position] != lf {
            if p[position] != space, p[position] != tab { lastNonBlank = p[position] }
            position += 1
        }
        return lastNonBlank == byte
    }
}
