/// The segment table seen through raw pointers, for the document readers' hot loops.
///
/// Readers run once per line of every document, so each array access with its bounds check and
/// each retain of the table's arrays counted. The offsets come from the tokenizer and `range`
/// checks element positions itself, so the unchecked reads stay inside the buffers.
/// Valid only inside `X12SegmentTable.withView`, which keeps the arrays alive.
struct X12SegmentView {
    let bytes: UnsafeBufferPointer<UInt8>
    let marks: UnsafeBufferPointer<UInt32>
    let firstMark: UnsafeBufferPointer<UInt32>
    let tags: UnsafeBufferPointer<X12SegmentTag>

    @inline(__always)
    func tag(_ index: Int) -> X12SegmentTag { tags[index] }

    /// How many data elements segment `index` has (its id not counted).
    @inline(__always)
    func elementCount(_ index: Int) -> Int {
        Int(firstMark[index + 1] &- firstMark[index]) &- 2
    }

    /// The bytes of element `element` (1-based; 0 is the segment id); empty when absent.
    @inline(__always)
    func range(_ index: Int, _ element: Int) -> Range<Int> {
        let first = Int(firstMark[index])
        let last = Int(firstMark[index + 1]) &- 1
        guard element >= 0, first &+ element < last else { return 0..<0 }
        let start = element == 0 ? Int(marks[first]) : Int(marks[first &+ element]) &+ 1
        return start..<Int(marks[first &+ element &+ 1])
    }

    /// Whether element `element` is present and not empty.
    @inline(__always)
    func hasValue(_ index: Int, _ element: Int) -> Bool { !range(index, element).isEmpty }

    /// The bytes of `range` as a buffer (no copy).
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }
}

extension X12SegmentTable {
    /// Runs `body` with raw access to the table's arrays, which stay alive and unchanged meanwhile.
    func withView<R>(_ body: (X12SegmentView) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try marks.withUnsafeBufferPointer { marks in
                try firstMark.withUnsafeBufferPointer { firstMark in
                    try tags.withUnsafeBufferPointer { tags in
                        try body(X12SegmentView(bytes: bytes, marks: marks, firstMark: firstMark, tags: tags))
                    }
                }
            }
        }
    }
}
