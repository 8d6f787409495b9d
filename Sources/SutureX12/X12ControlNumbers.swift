/// The control numbers for one written interchange, handed in by the caller that persists them.
///
/// Sets are numbered from `firstSet` up across the interchange and groups from `group` up, so a
/// caller that writes N sets in G groups next passes `firstSet + N` and `group + G`.
public struct X12ControlNumbers: Hashable, Sendable {
    /// ISA13/IEA02, 1 to 999999999.
    public var interchange: Int
    /// GS06/GE02 of the first group.
    public var group: Int
    /// ST02/SE02 of the first set.
    public var firstSet: Int

    public init(interchange: Int, group: Int, firstSet: Int) {
        self.interchange = interchange
        self.group = group
        self.firstSet = firstSet
    }
}
