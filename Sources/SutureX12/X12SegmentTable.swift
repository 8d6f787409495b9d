/// The segments of one interchange as offsets into its bytes: the tokenizer's output.
///
/// Nothing is copied into strings until a reader asks for a value, which keeps parsing at
/// memory speed. For segment `i`, `marks` holds its first byte, the position of each element
/// separator, and the position of its terminator.
public final class X12SegmentTable: Sendable {
    /// The input, without changes (positions point into it).
    public let bytes: [UInt8]
    /// The delimiters declared by the ISA.
    public let separators: X12Separators
    let marks: [UInt32]
    /// Index into `marks` of each segment's first mark, plus one past the last.
    let firstMark: [UInt32]
    let tags: [X12SegmentTag]

    init(bytes: [UInt8], separators: X12Separators, marks: [UInt32], firstMark: [UInt32], tags: [X12SegmentTag]) {
        self.bytes = bytes
        self.separators = separators
        self.marks = marks
        self.firstMark = firstMark
        self.tags = tags
    }

    /// The number of segments, ISA and IEA included.
    public var count: Int { tags.count }

    /// The id of segment `index` (0-based) as a packed tag.
    public func tag(_ index: Int) -> X12SegmentTag { tags[index] }

    /// The id of segment `index` as written (at most 8 characters, for messages).
    public func id(_ index: Int) -> String {
        let range = byteRange(index, 0)
        let end = min(range.upperBound, range.lowerBound + 8)
        return String(decoding: bytes[range.lowerBound..<end], as: UTF8.self)
    }

    /// How many data elements segment `index` has (its id not counted), trailing empty ones included.
    public func elementCount(_ index: Int) -> Int {
        Int(firstMark[index + 1] - firstMark[index]) - 2
    }

    /// The bytes of element `element` (1-based; 0 is the segment id); empty when absent.
    public func byteRange(_ index: Int, _ element: Int) -> Range<Int> {
        let first = Int(firstMark[index])
        let last = Int(firstMark[index + 1]) - 1
        guard element >= 0, first + element < last else { return 0..<0 }
        let start = element == 0 ? Int(marks[first]) : Int(marks[first + element]) + 1
        return start..<Int(marks[first + element + 1])
    }

    /// Element `element` of segment `index` as text; empty when absent.
    public func string(_ index: Int, _ element: Int) -> String {
        let range = byteRange(index, element)
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// Element `element` of segment `index`, or nil when absent or empty.
    public func value(_ index: Int, _ element: Int) -> String? {
        let range = byteRange(index, element)
        return range.isEmpty ? nil : String(decoding: bytes[range], as: UTF8.self)
    }

    /// Component `component` (1-based) of composite element `element`, or nil when absent or empty.
    public func component(_ index: Int, _ element: Int, _ component: Int) -> String? {
        let range = byteRange(index, element)
        var part = 1
        var start = range.lowerBound
        for position in range {
            if bytes[position] == separators.component {
                if part == component { break }
                part += 1
                start = position + 1
            }
        }
        guard part == component else { return nil }
        var end = start
        while end < range.upperBound, bytes[end] != separators.component { end += 1 }
        return end > start ? String(decoding: bytes[start..<end], as: UTF8.self) : nil
    }

    /// An ISA field without the padding that partners put around it (spaces, and non-breaking spaces).
    public func trimmedValue(_ index: Int, _ element: Int) -> String {
        var range = byteRange(index, element)
        func isPadding(at start: Int) -> Int {
            if bytes[start] == 0x20 { return 1 }
            if bytes[start] == 0xC2, start + 1 < range.upperBound, bytes[start + 1] == 0xA0 { return 2 }
            return 0
        }
        while !range.isEmpty {
            let width = isPadding(at: range.lowerBound)
            if width == 0 { break }
            range = (range.lowerBound + width)..<range.upperBound
        }
        while !range.isEmpty {
            let last = range.upperBound - 1
            if bytes[last] == 0x20 {
                range = range.lowerBound..<last
            } else if bytes[last] == 0xA0, last - 1 >= range.lowerBound, bytes[last - 1] == 0xC2 {
                range = range.lowerBound..<(last - 1)
            } else {
                break
            }
        }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// Element `element` read as a non-negative integer, nil unless it is all digits (at most 18).
    public func integer(_ index: Int, _ element: Int) -> Int? {
        let range = byteRange(index, element)
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for position in range {
            let byte = bytes[position]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Whether two elements hold the same bytes.
    func elementsEqual(_ a: (Int, Int), _ b: (Int, Int)) -> Bool {
        bytes[byteRange(a.0, a.1)].elementsEqual(bytes[byteRange(b.0, b.1)])
    }
}
