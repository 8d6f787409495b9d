/// Writes documents as an X12 interchange: ISA (exactly 106 characters), one GS group per
/// functional identifier, ST/SE around each document with the right counts, GE and IEA.
///
/// Control numbers come from the caller, which persists them; the writer assigns them in order.
public struct X12Writer: Sendable {
    public var version: X12Version
    public var separators: X12Separators
    /// Whether a line break follows each segment terminator (easier to read; parsers skip it).
    public var lineBreaks: Bool

    public init(version: X12Version, separators: X12Separators = .standard, lineBreaks: Bool = true) {
        self.version = version
        self.separators = separators
        self.lineBreaks = lineBreaks
    }

    /// Stands for the component separator inside element values (`AK401` is position and component).
    static let componentMark: Character = "\u{1F}"

    /// Writes `documents` in one interchange; their `control` is replaced by the assigned set numbers.
    public func write(
        _ documents: [X12Document], parties: X12EnvelopeParties, control: X12ControlNumbers,
        timestamp: X12Timestamp, interchangeAcknowledgment: X12InterchangeAcknowledgment? = nil
    ) throws(X12WriteError) -> String {
        for (field, value) in [("ISA13", control.interchange), ("GS06", control.group), ("ST02", control.firstSet)]
        where value < 1 || value > 999_999_999 {
            throw .controlNumberOutOfRange(field: field, value: value)
        }
        var output = ""
        try output += isa(parties: parties, control: control.interchange, timestamp: timestamp)
        if let ta1 = interchangeAcknowledgment {
            try append(["TA1", ta1.control, ta1.date, ta1.time, ta1.status, ta1.note], to: &output)
        }

        var groups: [(functionalID: String, documents: [X12Document])] = []
        for document in documents {
            let functionalID = X12DocumentType.functionalID(forSet: document.set)
            if let index = groups.firstIndex(where: { $0.functionalID == functionalID }) {
                groups[index].documents.append(document)
            } else {
                groups.append((functionalID, [document]))
            }
        }
        var setNumber = control.firstSet
        for (offset, group) in groups.enumerated() {
            let groupControl = String(control.group + offset)
            try append([
                "GS", group.functionalID, parties.applicationSender ?? parties.sender, parties.applicationReceiver ?? parties.receiver,
                timestamp.date, timestamp.time, groupControl, "X", version.groupVersion(forSet: group.documents[0].set),
            ], to: &output)
            for document in group.documents {
                let setControl = Self.setControl(setNumber)
                setNumber += 1
                var body = try Self.segments(for: document)
                let header = ["ST", document.set, setControl] + (document.set == "999" ? ["005010X231A1"] : [])
                body.insert(header, at: 0)
                body.append(["SE", String(body.count + 1), setControl])
                for segment in body { try append(segment, to: &output) }
            }
            try append(["GE", String(group.documents.count), groupControl], to: &output)
        }
        try append(["IEA", String(groups.count), Self.interchangeControl(control.interchange)], to: &output)
        return output
    }

    /// ST02 as written: at least four digits (`0001`).
    package static func setControl(_ number: Int) -> String {
        let text = String(number)
        return text.count < 4 ? String(repeating: "0", count: 4 - text.count) + text : text
    }

    static func interchangeControl(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 9 - text.count)) + text
    }

    /// The body segments of a document, without ST and SE.
    static func segments(for document: X12Document) throws(X12WriteError) -> [[String]] {
        switch document.set {
        case "850": return PurchaseOrder850.segments(document)
        case "855": return POAcknowledgment855.segments(document)
        case "856": return ShipNotice856.segments(document)
        case "810": return Invoice810.segments(document)
        case "832": return PriceCatalog832.segments(document)
        case "846": return InventoryAdvice846.segments(document)
        case "861": return ReceivingAdvice861.segments(document)
        case "997", "999": return FunctionalAcknowledgmentSet.segments(document)
        default: throw .unsupportedSet(document.set)
        }
    }

    func isa(parties: X12EnvelopeParties, control: Int, timestamp: X12Timestamp) throws(X12WriteError) -> String {
        func fixed(_ field: String, _ value: String, _ width: Int) throws(X12WriteError) -> String {
            guard value.utf8.count <= width, value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && !separators.isDelimiter($0) }) else {
                throw .fieldTooLong(field: field, value: value, maximum: width)
            }
            return value + String(repeating: " ", count: width - value.utf8.count)
        }
        let repetition = version == .v004010 ? "U" : String(UnicodeScalar(separators.repetition ?? UInt8(ascii: "^")))
        let date = String(timestamp.date.suffix(6))
        let fields = [
            "ISA", "00", String(repeating: " ", count: 10), "00", String(repeating: " ", count: 10),
            try fixed("ISA05", parties.senderQualifier, 2), try fixed("ISA06", parties.sender, 15),
            try fixed("ISA07", parties.receiverQualifier, 2), try fixed("ISA08", parties.receiver, 15),
            try fixed("ISA09", date, 6), try fixed("ISA10", timestamp.time, 4), repetition, version.interchangeVersion,
            Self.interchangeControl(control), parties.acknowledgmentRequested ? "1" : "0", try fixed("ISA15", parties.usage, 1),
            String(UnicodeScalar(separators.component)),
        ]
        var text = fields.joined(separator: String(UnicodeScalar(separators.element)))
        text.unicodeScalars.append(UnicodeScalar(separators.segment))
        if lineBreaks { text += "\n" }
        return text
    }

    /// Appends one segment, dropping trailing empty elements as X12 requires.
    func append(_ elements: [String], to output: inout String) throws(X12WriteError) {
        var count = elements.count
        while count > 1, elements[count - 1].isEmpty { count -= 1 }
        let elementSeparator = Character(UnicodeScalar(separators.element))
        let componentSeparator = Character(UnicodeScalar(separators.component))
        for index in 0..<count {
            let value = elements[index]
            if index > 0 { output.append(elementSeparator) }
            for byte in value.utf8 where separators.isDelimiter(byte) || byte == 0x0A || byte == 0x0D {
                throw .delimiterInValue(segment: elements[0], element: index, value: value)
            }
            if value.contains(Self.componentMark) {
                output += value.map { $0 == Self.componentMark ? componentSeparator : $0 }
            } else {
                output += value
            }
        }
        output.unicodeScalars.append(UnicodeScalar(separators.segment))
        if lineBreaks { output += "\n" }
    }
}
