/// The four delimiters of an X12 interchange, read from its ISA segment or chosen by the writer.
public struct X12Separators: Hashable, Sendable {
    /// Between elements; the byte right after `ISA`.
    public var element: UInt8
    /// Between repeated values of one element (ISA11 from 00501 on); nil when there is none.
    public var repetition: UInt8?
    /// Between the components of a composite element (ISA16).
    public var component: UInt8
    /// Ends every segment; the byte right after ISA16.
    public var segment: UInt8

    public init(element: UInt8, repetition: UInt8?, component: UInt8, segment: UInt8) {
        self.element = element
        self.repetition = repetition
        self.component = component
        self.segment = segment
    }

    /// `*`, `^`, `>` and `~`: what most partners expect and what Suture writes.
    public static let standard = X12Separators(
        element: UInt8(ascii: "*"),
        repetition: UInt8(ascii: "^"),
        component: UInt8(ascii: ">"),
        segment: UInt8(ascii: "~")
    )

    /// Whether `byte` is one of the delimiters, so a written value containing it would corrupt the interchange.
    public func isDelimiter(_ byte: UInt8) -> Bool {
        byte == element || byte == component || byte == segment || byte == repetition
    }
}
