/// Reads and writes the 997 functional acknowledgment and the 999 implementation acknowledgment
/// (AK1, AK2, AK3/AK4 or IK3/IK4, AK5 or IK5, AK9).
enum FunctionalAcknowledgmentSet {
    static let AK1 = X12SegmentTag(packed: 0x414B31)  // "AK1"
    static let AK2 = X12SegmentTag(packed: 0x414B32)  // "AK2"
    static let AK3 = X12SegmentTag(packed: 0x414B33)  // "AK3"
    static let AK4 = X12SegmentTag(packed: 0x414B34)  // "AK4"
    static let AK5 = X12SegmentTag(packed: 0x414B35)  // "AK5"
    static let AK9 = X12SegmentTag(packed: 0x414B39)  // "AK9"
    static let IK3 = X12SegmentTag(packed: 0x494B33)  // "IK3"
    static let IK4 = X12SegmentTag(packed: 0x494B34)  // "IK4"
    static let IK5 = X12SegmentTag(packed: 0x494B35)  // "IK5"

    static func read(_ reader: inout X12SetReader) {
        var ack = X12FunctionalAcknowledgment(functionalID: "", groupControl: "", sets: [], groupStatus: "", setsIncluded: 0, setsReceived: 0, setsAccepted: 0)
        var sawAK1 = false
        var currentSet: X12SetAcknowledgment?
        func finishSet() {
            if let set = currentSet { ack.sets.append(set) }
            currentSet = nil
        }
        for index in reader.body {
            let tag = reader.tag(index)
            switch tag {
            case AK1:
                sawAK1 = true
                ack.functionalID = reader.required(index, 1, "functional identifier code") ?? ""
                ack.groupControl = reader.required(index, 2, "group control number") ?? ""
                ack.version = reader.value(index, 3)
            case AK2:
                finishSet()
                currentSet = X12SetAcknowledgment(
                    setID: reader.required(index, 1, "transaction set identifier code") ?? "",
                    control: reader.required(index, 2, "transaction set control number") ?? "",
                    implementationReference: reader.value(index, 3), status: ""
                )
            case AK3, IK3:
                guard currentSet != nil else { continue }
                currentSet!.segmentErrors.append(X12SegmentNote(
                    segment: reader.required(index, 1, "segment id code") ?? "",
                    position: reader.table.integer(index, 2), loop: reader.value(index, 3), code: reader.value(index, 4)
                ))
            case AK4, IK4:
                guard currentSet != nil, !currentSet!.segmentErrors.isEmpty else { continue }
                let note = X12ElementNote(
                    position: reader.table.component(index, 1, 1).flatMap { Int($0) },
                    component: reader.table.component(index, 1, 2).flatMap { Int($0) },
                    reference: reader.value(index, 2),
                    code: reader.required(index, 3, "data element syntax error code") ?? "",
                    badData: reader.value(index, 4)
                )
                currentSet!.segmentErrors[currentSet!.segmentErrors.count - 1].elementErrors.append(note)
            case AK5, IK5:
                guard currentSet != nil else { continue }
                currentSet!.status = reader.required(index, 1, "acknowledgment code") ?? ""
                currentSet!.errors = (2...6).compactMap { reader.value(index, $0) }
                finishSet()
            case AK9:
                finishSet()
                ack.groupStatus = reader.required(index, 1, "functional group acknowledge code") ?? ""
                ack.setsIncluded = reader.table.integer(index, 2) ?? 0
                ack.setsReceived = reader.table.integer(index, 3) ?? 0
                ack.setsAccepted = reader.table.integer(index, 4) ?? 0
                ack.groupErrors = (5...9).compactMap { reader.value(index, $0) }
            default:
                reader.readCommon(index)
            }
        }
        finishSet()
        if !sawAK1 { reader.reportMissing("AK1", "functional group response header") }
        reader.document.acknowledgment = ack
    }

    static func segments(_ document: X12Document) -> [[String]] {
        guard let ack = document.acknowledgment else { return [] }
        let is999 = document.set == "999"
        var segments: [[String]] = [["AK1", ack.functionalID, ack.groupControl] + (is999 ? [ack.version ?? ""] : [])]
        for set in ack.sets {
            segments.append(["AK2", set.setID, set.control] + (is999 ? [set.implementationReference ?? ""] : []))
            for note in set.segmentErrors {
                segments.append([is999 ? "IK3" : "AK3", note.segment, note.position.map(String.init) ?? "", note.loop ?? "", note.code ?? ""])
                for element in note.elementErrors {
                    var position = element.position.map(String.init) ?? ""
                    if let component = element.component { position += "\u{1F}\(component)" }
                    segments.append([is999 ? "IK4" : "AK4", position, element.reference ?? "", element.code, element.badData ?? ""])
                }
            }
            segments.append([is999 ? "IK5" : "AK5", set.status] + set.errors.prefix(5))
        }
        segments.append(["AK9", ack.groupStatus, String(ack.setsIncluded), String(ack.setsReceived), String(ack.setsAccepted)] + ack.groupErrors.prefix(5))
        return segments
    }
}
