/// Everything read from one interchange: its header, groups, sets and documents, and every fault found.
public struct X12ParseResult: Hashable, Sendable {
    /// The ISA header; nil when no ISA could be read.
    public var interchange: X12InterchangeHeader?
    /// The delimiters the interchange uses.
    public var separators: X12Separators?
    public var groups: [X12FunctionalGroup]
    /// All faults, in the order of their position in the interchange.
    public var errors: [X12Error]
    /// The number of segments read, ISA and IEA included.
    public var segmentCount: Int

    public init(interchange: X12InterchangeHeader?, separators: X12Separators?, groups: [X12FunctionalGroup], errors: [X12Error], segmentCount: Int) {
        self.interchange = interchange
        self.separators = separators
        self.groups = groups
        self.errors = errors
        self.segmentCount = segmentCount
    }

    /// True when no fault was found.
    public var valid: Bool { errors.isEmpty }

    /// The documents of all sets, in order.
    public var documents: [X12Document] { groups.flatMap { $0.transactionSets.map(\.document) } }

    /// The faults of one scope (the interchange, a group, a set).
    public func errors(in scope: X12ErrorScope) -> [X12Error] { errors.filter { $0.scope == scope } }
}
