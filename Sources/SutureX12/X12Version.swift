/// The two X12 versions the codec reads and writes.
public enum X12Version: String, Hashable, Sendable, CaseIterable {
    case v004010 = "004010"
    case v005010 = "005010"

    /// ISA12: `00401` or `00501`.
    public var interchangeVersion: String { self == .v004010 ? "00401" : "00501" }

    /// The version of an interchange from its ISA12, nil for others.
    public init?(interchangeVersion: String) {
        switch interchangeVersion {
        case "00401": self = .v004010
        case "00501": self = .v005010
        default: return nil
        }
    }

    /// GS08 for a group carrying `set`: the 999 names its implementation guide.
    func groupVersion(forSet set: String) -> String {
        set == "999" ? "005010X231A1" : rawValue
    }
}
