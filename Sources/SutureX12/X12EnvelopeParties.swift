public import Foundation

/// Who sends an interchange to whom, and how: the ISA and GS fields a writer needs besides control numbers.
public struct X12EnvelopeParties: Hashable, Sendable {
    /// ISA05/ISA06: interchange id qualifier (`ZZ` mutually defined, `01` DUNS, `12` phone, `14` DUNS+4) and id (at most 15 characters).
    public var senderQualifier: String
    public var sender: String
    /// ISA07/ISA08.
    public var receiverQualifier: String
    public var receiver: String
    /// GS02/GS03 application codes; the interchange ids when nil.
    public var applicationSender: String?
    public var applicationReceiver: String?
    /// ISA15: `P` production or `T` test.
    public var usage: String
    /// ISA14: whether a TA1 is requested.
    public var acknowledgmentRequested: Bool

    public init(
        senderQualifier: String = "ZZ", sender: String, receiverQualifier: String = "ZZ", receiver: String,
        applicationSender: String? = nil, applicationReceiver: String? = nil, usage: String = "P",
        acknowledgmentRequested: Bool = false
    ) {
        self.senderQualifier = senderQualifier
        self.sender = sender
        self.receiverQualifier = receiverQualifier
        self.receiver = receiver
        self.applicationSender = applicationSender
        self.applicationReceiver = applicationReceiver
        self.usage = usage
        self.acknowledgmentRequested = acknowledgmentRequested
    }
}

/// When an interchange is written, as its envelopes spell it (UTC).
public struct X12Timestamp: Hashable, Sendable {
    /// `CCYYMMDD` (GS04; ISA09 takes the last six digits) and `HHMM`.
    public var date: String
    public var time: String

    public init(date: String, time: String) {
        self.date = date
        self.time = time
    }

    public init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        func two(_ value: Int?) -> String { let text = String(value ?? 0); return text.count < 2 ? "0" + text : text }
        date = String(parts.year ?? 2000) + two(parts.month) + two(parts.day)
        time = two(parts.hour) + two(parts.minute)
    }
}
