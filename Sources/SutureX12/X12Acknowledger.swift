/// Answers an interchange with a 997 (004010) or 999 (005010): one acknowledgment set per functional
/// group, with AK2/AK5 (IK5) per transaction set, AK3/AK4 (IK3/IK4) for faulty segments and elements,
/// and AK9 for the group; plus a TA1 when the envelope itself is at fault or a TA1 was requested.
public enum X12Acknowledger {
    /// The acknowledgment of one interchange.
    public struct Acknowledgment: Hashable, Sendable {
        /// The written acknowledgment interchange, addressed to the original sender.
        public var text: String
        /// `997` or `999`.
        public var set: String
        /// One per acknowledged group.
        public var groups: [X12FunctionalAcknowledgment]
        /// The TA1, when one is included.
        public var interchange: X12InterchangeAcknowledgment?

        /// True when nothing was rejected: every group `A` or `E` and no rejecting TA1.
        public var acceptsEverything: Bool {
            groups.allSatisfy(\.groupAccepted) && interchange?.status != "R"
        }
    }

    /// Why no acknowledgment can be written.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// No ISA could be read, so there is no one to answer.
        case noInterchange
        case write(X12WriteError)

        public var description: String {
            switch self {
            case .noInterchange: return "no ISA could be read, so there is no sender to acknowledge"
            case .write(let error): return "the acknowledgment could not be written: \(error)"
            }
        }
    }

    /// The acknowledgment of `result`, sent back to its sender with the caller's control numbers.
    public static func acknowledge(
        _ result: X12ParseResult, control: X12ControlNumbers = X12ControlNumbers(interchange: 1, group: 1, firstSet: 1),
        timestamp: X12Timestamp
    ) throws(Failure) -> Acknowledgment {
        guard let header = result.interchange else { throw .noInterchange }
        let version = X12Version(interchangeVersion: header.version) ?? .v004010
        let set = version == .v005010 ? "999" : "997"

        var groups: [X12FunctionalAcknowledgment] = []
        for (index, group) in result.groups.enumerated() where group.position > 0 {
            groups.append(acknowledge(group: group, index: index, in: result, set: set))
        }
        let interchange = interchangeAcknowledgment(result, header: header)
        let firstGroup = result.groups.first { $0.position > 0 }
        let parties = X12EnvelopeParties(
            senderQualifier: clean(header.receiverQualifier, 2, or: "ZZ"), sender: clean(header.receiver, 15, or: "UNKNOWN"),
            receiverQualifier: clean(header.senderQualifier, 2, or: "ZZ"), receiver: clean(header.sender, 15, or: "UNKNOWN"),
            applicationSender: firstGroup.flatMap { clean($0.receiver, 15) }, applicationReceiver: firstGroup.flatMap { clean($0.sender, 15) },
            usage: header.usage == "T" ? "T" : "P"
        )
        let documents = groups.map { X12Document(set: set, control: "", acknowledgment: $0) }
        do {
            let text = try X12Writer(version: version).write(
                documents, parties: parties, control: control, timestamp: timestamp, interchangeAcknowledgment: interchange
            )
            return Acknowledgment(text: text, set: set, groups: groups, interchange: interchange)
        } catch {
            throw .write(error)
        }
    }

    /// A value copied from the (maybe broken) original into the answer: printable ASCII without
    /// the writer's delimiters, at most `length` characters; `fallback` when nothing is left.
    static func clean(_ value: String, _ length: Int, or fallback: String? = nil) -> String? {
        let kept = value.utf8.filter { $0 >= 0x20 && $0 < 0x7F && !X12Separators.standard.isDelimiter($0) }
        let text = String(decoding: kept.prefix(length), as: UTF8.self).trimmingSpaces()
        return text.isEmpty ? fallback : text
    }

    static func clean(_ value: String, _ length: Int, or fallback: String) -> String {
        clean(value, length, or: Optional(fallback)) ?? fallback
    }

    /// Digits only, padded to `length`, for numeric fields such as TA101 and TA102.
    static func digits(_ value: String, _ length: Int) -> String {
        let kept = String(value.filter { $0.isASCII && $0.isNumber }.prefix(length))
        return String(repeating: "0", count: length - kept.count) + kept
    }

    /// The TA1 for envelope faults; nil when the envelope is sound and no TA1 was asked for.
    static func interchangeAcknowledgment(_ result: X12ParseResult, header: X12InterchangeHeader) -> X12InterchangeAcknowledgment? {
        let faults = result.errors(in: .interchange)
        guard !faults.isEmpty || header.acknowledgmentRequested == "1" else { return nil }
        var note = "000"
        var status = "A"
        // TA1 carries one note: the first fault that rejects, else the first fault.
        let rejecting = faults.first { $0.code != .isaWidth && $0.code != .missingTerminator }
        if let fault = rejecting ?? faults.first {
            switch (fault.code, fault.segment) {
            case (.controlMismatch, _): note = "001"
            case (.unsupportedVersion, _): note = "017"
            case (.ieaCount, _): note = "021"
            case (.missingTrailer, _): note = "023"
            case (.invalidElement, "ISA") where fault.element == 13: note = "018"
            case (.invalidElement, "ISA") where fault.element == 15: note = "020"
            case (.isaWidth, _), (.invalidSeparators, _): note = "022"
            default: note = "024"
            }
            // An ISA that is not fixed-width was still read in full: accepted, with the error noted.
            status = rejecting == nil ? "E" : "R"
        }
        return X12InterchangeAcknowledgment(
            control: digits(header.control, 9), date: digits(header.date, 6), time: digits(header.time, 4), status: status, note: note
        )
    }

    static func acknowledge(group: X12FunctionalGroup, index: Int, in result: X12ParseResult, set: String) -> X12FunctionalAcknowledgment {
        var sets: [X12SetAcknowledgment] = []
        for (setIndex, transactionSet) in group.transactionSets.enumerated() {
            let faults = result.errors(in: .transactionSet(group: index, set: setIndex))
            sets.append(acknowledge(transactionSet, faults: faults, set: set))
        }
        var groupErrors: [String] = []
        for fault in result.errors(in: .group(index)) {
            let code: String? = switch fault.code {
            case .unsupportedVersion: "2"
            case .missingTrailer: "3"
            case .controlMismatch: "4"
            case .geCount: "5"
            case .duplicateControl, .invalidElement: "6"
            default: nil
            }
            if let code, !groupErrors.contains(code) { groupErrors.append(code) }
        }
        let accepted = sets.filter(\.accepted).count
        let status: String
        if !groupErrors.isEmpty || (accepted == 0 && !sets.isEmpty) {
            status = "R"
        } else if accepted < sets.count {
            status = "P"
        } else if sets.contains(where: { $0.status == "E" }) {
            status = "E"
        } else {
            status = "A"
        }
        return X12FunctionalAcknowledgment(
            functionalID: clean(group.functionalID, 2, or: "ZZ"), groupControl: clean(group.control, 9, or: "0"),
            version: set == "999" ? clean(group.version, 12) : nil, sets: sets, groupStatus: status,
            setsIncluded: group.declaredSetCount ?? sets.count, setsReceived: sets.count,
            setsAccepted: status == "R" ? 0 : accepted, groupErrors: groupErrors
        )
    }

    /// Faults that leave the set usable: it is accepted with errors noted.
    static let noted: Set<X12ErrorCode> = [.invalidGTIN, .missingTerminator]

    static func acknowledge(_ transactionSet: X12TransactionSet, faults: [X12Error], set: String) -> X12SetAcknowledgment {
        var codes: [String] = []
        var notes: [X12SegmentNote] = []
        func add(_ code: String) { if !codes.contains(code) { codes.append(code) } }
        for fault in faults {
            switch fault.code {
            case .unsupportedSet: add("1")
            case .missingTrailer: add("2")
            case .controlMismatch: add("3")
            case .seCount: add("4")
            case .duplicateControl: add("23")
            default:
                let noteCode: String = switch fault.code {
                case .invalidSegment: "1"
                case .unexpectedSegment: "2"
                case .missingSegment: "3"
                default: "8"
                }
                // A segment id too broken to name cannot be pointed at; the set's codes still say it failed.
                guard let segment = clean(fault.segment, 3), segment.count >= 2 else {
                    if !noted.contains(fault.code) { add("5") }
                    continue
                }
                var note = X12SegmentNote(
                    segment: segment, position: fault.code == .missingSegment ? nil : fault.position - transactionSet.headerPosition + 1,
                    code: noteCode
                )
                if let element = fault.element, noteCode == "8" {
                    note.elementErrors = [X12ElementNote(position: element, code: fault.elementErrorCode ?? "7")]
                }
                if let last = notes.last, last.segment == note.segment, last.position == note.position, last.code == "8", note.code == "8" {
                    notes[notes.count - 1].elementErrors += note.elementErrors
                } else {
                    notes.append(note)
                }
                if !noted.contains(fault.code) { add("5") }
            }
        }
        let rejected = faults.contains { !noted.contains($0.code) }
        let status = rejected ? "R" : (faults.isEmpty ? "A" : "E")
        return X12SetAcknowledgment(
            setID: clean(transactionSet.id, 3, or: "000"), control: clean(transactionSet.control, 9, or: "0000"),
            implementationReference: nil, segmentErrors: Array(notes.prefix(20)), status: status, errors: Array(codes.prefix(5))
        )
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
