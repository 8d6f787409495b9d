/// A place where stock is held or delivered: enterprise, facility, storeroom or bin.
public struct Location: Hashable, Sendable, Codable {
    public var id: LocationID
    public var name: String
    public var type: LocationType
    /// The location this one belongs to; a bin sits in a storeroom, a storeroom in a facility.
    public var parent: LocationID?
    public var gln: GLN?
    /// `inactive` once retired (`DELETE /v1/locations/{id}`): kept for history and old documents.
    public var status: RecordStatus

    public init(id: LocationID, name: String, type: LocationType, parent: LocationID? = nil, gln: GLN? = nil, status: RecordStatus = .active) {
        self.id = id
        self.name = name
        self.type = type
        self.parent = parent
        self.gln = gln
        self.status = status
    }
}

/// Whether a location or supplier is in use or retired.
public enum RecordStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case active
    case inactive
}

/// The levels of the location hierarchy, outermost first.
public enum LocationType: String, Hashable, Sendable, Codable, CaseIterable {
    case enterprise
    case facility
    case storeroom
    case bin

    /// How deep this level sits: enterprise 0, bin 3.
    public var depth: Int { Self.allCases.firstIndex(of: self)! }

    /// Whether a location of this type may sit directly inside one of `parent`'s type.
    /// A child sits deeper than its parent; levels may be skipped (a storeroom directly
    /// under an enterprise), never inverted.
    public func canBeChild(of parent: LocationType) -> Bool { depth > parent.depth }
}
