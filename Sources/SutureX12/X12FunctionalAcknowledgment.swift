/// What a 997 or 999 says about one functional group: the AK1 group, its AK2 sets with their
/// segment and element errors and AK5/IK5 result, and the AK9 group result.
public struct X12FunctionalAcknowledgment: Hashable, Sendable {
    /// AK101 and AK102: the acknowledged group's functional identifier and control number (GS01, GS06).
    public var functionalID: String
    public var groupControl: String
    /// AK103 (999): the acknowledged group's version (GS08).
    public var version: String?
    public var sets: [X12SetAcknowledgment]
    /// AK901: `A` accepted, `E` accepted with errors, `P` partially accepted, `R` rejected.
    public var groupStatus: String
    /// AK902, AK903, AK904: sets included (GE01), received, accepted.
    public var setsIncluded: Int
    public var setsReceived: Int
    public var setsAccepted: Int
    /// AK905-AK909: group error codes (`3` trailer missing, `4` control number mismatch, `5` set count mismatch...).
    public var groupErrors: [String]

    public init(
        functionalID: String, groupControl: String, version: String? = nil, sets: [X12SetAcknowledgment],
        groupStatus: String, setsIncluded: Int, setsReceived: Int, setsAccepted: Int, groupErrors: [String] = []
    ) {
        self.functionalID = functionalID
        self.groupControl = groupControl
        self.version = version
        self.sets = sets
        self.groupStatus = groupStatus
        self.setsIncluded = setsIncluded
        self.setsReceived = setsReceived
        self.setsAccepted = setsAccepted
        self.groupErrors = groupErrors
    }

    /// Whether the group as a whole was accepted (`A` or `E`; `P` accepts only some sets).
    public var groupAccepted: Bool { groupStatus == "A" || groupStatus == "E" }

    /// Control numbers (ST02) of the sets accepted (`A` or `E`) and of those rejected.
    public var acceptedSetControls: [String] { sets.filter(\.accepted).map(\.control) }
    public var rejectedSetControls: [String] { sets.filter { !$0.accepted }.map(\.control) }
}

/// One AK2 loop: a transaction set, the faults found in it, and its AK5 (997) or IK5 (999) result.
public struct X12SetAcknowledgment: Hashable, Sendable {
    /// AK201 and AK202: set id and control number (ST01, ST02).
    public var setID: String
    public var control: String
    /// AK203 (999): the implementation convention reference (ST03).
    public var implementationReference: String?
    public var segmentErrors: [X12SegmentNote]
    /// AK501/IK501: `A` accepted, `E` accepted with errors, `R` rejected (`M`, `W`, `X` are rejections too).
    public var status: String
    /// AK502-AK506: set error codes (`1` not supported, `2` trailer missing, `3` control numbers differ,
    /// `4` segment count wrong, `5` segments in error, `23` control number not unique).
    public var errors: [String]

    public init(setID: String, control: String, implementationReference: String? = nil, segmentErrors: [X12SegmentNote] = [], status: String, errors: [String] = []) {
        self.setID = setID
        self.control = control
        self.implementationReference = implementationReference
        self.segmentErrors = segmentErrors
        self.status = status
        self.errors = errors
    }

    public var accepted: Bool { status == "A" || status == "E" }
}

/// One AK3 (997) or IK3 (999) segment note with its AK4/IK4 element notes.
public struct X12SegmentNote: Hashable, Sendable {
    /// AK301: the segment id in error.
    public var segment: String
    /// AK302: its position in the transaction set, ST being 1.
    public var position: Int?
    /// AK303: the loop identifier, if any.
    public var loop: String?
    /// AK304: `1` unrecognized segment, `2` unexpected, `3` mandatory missing, `8` has data element errors...
    public var code: String?
    public var elementErrors: [X12ElementNote]

    public init(segment: String, position: Int?, loop: String? = nil, code: String?, elementErrors: [X12ElementNote] = []) {
        self.segment = segment
        self.position = position
        self.loop = loop
        self.code = code
        self.elementErrors = elementErrors
    }
}

/// One AK4 (997) or IK4 (999) element note.
public struct X12ElementNote: Hashable, Sendable {
    /// AK401-1: the element's position in the segment; AK401-2 the component, if any.
    public var position: Int?
    public var component: Int?
    /// AK402: the data element reference number, if known.
    public var reference: String?
    /// AK403: `1` mandatory missing, `6` invalid character, `7` invalid code value, `8` invalid date...
    public var code: String
    /// AK404: a copy of the bad data.
    public var badData: String?

    public init(position: Int?, component: Int? = nil, reference: String? = nil, code: String, badData: String? = nil) {
        self.position = position
        self.component = component
        self.reference = reference
        self.code = code
        self.badData = badData
    }
}
