/// The ISA header of an interchange, fields as written with their padding trimmed.
public struct X12InterchangeHeader: Hashable, Sendable {
    /// ISA05, the sender's id qualifier (`ZZ`, `01`, `12`...).
    public var senderQualifier: String
    /// ISA06.
    public var sender: String
    /// ISA07.
    public var receiverQualifier: String
    /// ISA08.
    public var receiver: String
    /// ISA09, `YYMMDD`.
    public var date: String
    /// ISA10, `HHMM`.
    public var time: String
    /// ISA12, `00401` or `00501`.
    public var version: String
    /// ISA13, the 9-digit interchange control number.
    public var control: String
    /// ISA14, `1` when the sender asks for a TA1.
    public var acknowledgmentRequested: String
    /// ISA15, `P` production or `T` test.
    public var usage: String

    public init(
        senderQualifier: String, sender: String, receiverQualifier: String, receiver: String,
        date: String, time: String, version: String, control: String,
        acknowledgmentRequested: String = "0", usage: String
    ) {
        self.senderQualifier = senderQualifier
        self.sender = sender
        self.receiverQualifier = receiverQualifier
        self.receiver = receiver
        self.date = date
        self.time = time
        self.version = version
        self.control = control
        self.acknowledgmentRequested = acknowledgmentRequested
        self.usage = usage
    }
}

/// One functional group (GS...GE) and the transaction sets in it.
public struct X12FunctionalGroup: Hashable, Sendable {
    /// GS01, the functional identifier (`PO`, `PR`, `SH`, `IN`, `SC`, `IB`, `FA`).
    public var functionalID: String
    /// GS02, the application sender's code.
    public var sender: String
    /// GS03, the application receiver's code.
    public var receiver: String
    /// GS04 (`CCYYMMDD`) and GS05 (`HHMM`).
    public var date: String
    public var time: String
    /// GS06, the group control number.
    public var control: String
    /// GS08, such as `004010` or `005010X231A1`.
    public var version: String
    /// The 1-based position of the GS segment in the interchange.
    public var position: Int
    /// GE01 as written, nil when the GE is missing or GE01 is not a number.
    public var declaredSetCount: Int?
    /// The transaction sets in the order they appear.
    public var transactionSets: [X12TransactionSet]

    public init(
        functionalID: String, sender: String, receiver: String, date: String, time: String,
        control: String, version: String, position: Int, declaredSetCount: Int? = nil,
        transactionSets: [X12TransactionSet] = []
    ) {
        self.functionalID = functionalID
        self.sender = sender
        self.receiver = receiver
        self.date = date
        self.time = time
        self.control = control
        self.version = version
        self.position = position
        self.declaredSetCount = declaredSetCount
        self.transactionSets = transactionSets
    }
}

/// One transaction set (ST...SE): where it lies in the interchange and the document read from it.
public struct X12TransactionSet: Hashable, Sendable {
    /// ST01, such as `850`.
    public var id: String
    /// ST02.
    public var control: String
    /// The 1-based positions of its ST and of its SE (nil when the SE is missing).
    public var headerPosition: Int
    public var trailerPosition: Int?
    /// The document read from its segments.
    public var document: X12Document

    public init(id: String, control: String, headerPosition: Int, trailerPosition: Int?, document: X12Document) {
        self.id = id
        self.control = control
        self.headerPosition = headerPosition
        self.trailerPosition = trailerPosition
        self.document = document
    }
}
