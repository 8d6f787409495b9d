import Foundation
import Testing
@testable import SutureX12
import SutureDevTools

/// Acknowledgments answer the sender with the right codes, and are themselves valid interchanges.
struct X12AcknowledgerTests {
    static func acknowledge(_ text: String) throws -> X12Acknowledger.Acknowledgment {
        try X12Acknowledger.acknowledge(X12Parser.parse(text), control: X12ControlNumbers(interchange: 900, group: 90, firstSet: 9), timestamp: X12SampleInterchanges.timestamp)
    }

    @Test(arguments: X12Version.allCases)
    func aCleanInterchangeIsAcceptedAndAnsweredToItsSender(_ version: X12Version) throws {
        let original = X12SampleInterchanges.written(version: version)[0].text
        let ack = try Self.acknowledge(original)
        #expect(ack.acceptsEverything)
        #expect(ack.set == (version == .v004010 ? "997" : "999"))
        #expect(ack.interchange == nil)
        let answer = X12Parser.parse(ack.text)
        #expect(answer.errors == [])
        #expect(answer.interchange?.sender == "ACMEMEDICAL")
        #expect(answer.interchange?.receiver == "SUTUREHUB")
        #expect(answer.interchange?.control == "000000900")
        #expect(answer.groups.first?.sender == "ACMEMEDICAL")
        #expect(answer.groups.first?.receiver == "SUTUREHUB")
        #expect(answer.groups.first?.functionalID == "FA")
        let read = try #require(answer.documents.first?.acknowledgment)
        #expect(read.groupStatus == "A")
        #expect(read.acceptedSetControls == ["0001"])
        #expect(ack.text.contains(version == .v004010 ? "AK5*A~" : "IK5*A~"))
        #expect(ack.text.contains("AK9*A*1*1*1~"))
    }

    struct Answer: Sendable, CustomTestStringConvertible {
        let name: String
        let transform: @Sendable (String) -> String
        let setStatus: String
        let setCodes: [String]
        let groupStatus: String
        let groupCodes: [String]
        let accepts: Bool
        var testDescription: String { name }
    }

    static let answers: [Answer] = [
        Answer(name: "wrong SE01", transform: { $0.replacingOccurrences(of: "SE*5*0001", with: "SE*9*0001") }, setStatus: "R", setCodes: ["4"], groupStatus: "R", groupCodes: [], accepts: false),
        Answer(name: "SE02 differs", transform: { $0.replacingOccurrences(of: "SE*5*0001", with: "SE*5*0009") }, setStatus: "R", setCodes: ["3"], groupStatus: "R", groupCodes: [], accepts: false),
        Answer(name: "missing SE", transform: { $0.replacingOccurrences(of: "SE*5*0001~\n", with: "") }, setStatus: "R", setCodes: ["2"], groupStatus: "R", groupCodes: [], accepts: false),
        Answer(name: "wrong GE01", transform: { $0.replacingOccurrences(of: "GE*1*1", with: "GE*3*1") }, setStatus: "A", setCodes: [], groupStatus: "R", groupCodes: ["5"], accepts: false),
        Answer(name: "GE02 differs", transform: { $0.replacingOccurrences(of: "GE*1*1", with: "GE*1*8") }, setStatus: "A", setCodes: [], groupStatus: "R", groupCodes: ["4"], accepts: false),
        Answer(name: "bad GTIN", transform: { $0.replacingOccurrences(of: "10614141000415", with: "10614141000416") }, setStatus: "E", setCodes: [], groupStatus: "E", groupCodes: [], accepts: true),
        Answer(name: "bad quantity", transform: { $0.replacingOccurrences(of: "PO1*1*10*", with: "PO1*1*X*") }, setStatus: "R", setCodes: ["5"], groupStatus: "R", groupCodes: [], accepts: false),
    ]

    @Test(arguments: answers)
    func faultsAreAnsweredWithTheirX12Codes(_ answer: Answer) throws {
        for version in X12Version.allCases {
            let clean = X12InterchangeValidatorTests.clean(version)
            let ack = try Self.acknowledge(answer.transform(clean))
            let group = try #require(ack.groups.first)
            #expect(group.sets.first?.status == answer.setStatus)
            #expect(group.sets.first?.errors == answer.setCodes)
            #expect(group.groupStatus == answer.groupStatus)
            #expect(group.groupErrors == answer.groupCodes)
            #expect(ack.acceptsEverything == answer.accepts)
            #expect(X12Parser.parse(ack.text).errors == [], "\(ack.text)")
        }
    }

    @Test(arguments: X12Version.allCases)
    func elementFaultsGetSegmentAndElementNotes(_ version: X12Version) throws {
        let text = X12InterchangeValidatorTests.clean(version).replacingOccurrences(of: "10614141000415", with: "10614141000416")
        let ack = try Self.acknowledge(text)
        let note = try #require(ack.groups.first?.sets.first?.segmentErrors.first)
        #expect(note.segment == "PO1")
        #expect(note.position == 3)
        #expect(note.code == "8")
        #expect(note.elementErrors == [X12ElementNote(position: 9, code: "7")])
        #expect(ack.text.contains(version == .v004010 ? "AK3*PO1*3**8~\nAK4*9**7~" : "IK3*PO1*3**8~\nIK4*9**7~"))
    }

    @Test func envelopeFaultsAddARejectingTA1() throws {
        let text = X12InterchangeValidatorTests.clean(.v004010).replacingOccurrences(of: "IEA*1*000000001", with: "IEA*1*000000002")
        let ack = try Self.acknowledge(text)
        #expect(ack.interchange == X12InterchangeAcknowledgment(control: "000000001", date: "260518", time: "1015", status: "R", note: "001"))
        #expect(ack.text.contains("TA1*000000001*260518*1015*R*001~"))
        #expect(!ack.acceptsEverything)
        #expect(X12Parser.parse(ack.text).errors == [])
    }

    @Test func anInputWithoutISACannotBeAcknowledged() {
        #expect(throws: X12Acknowledger.Failure.noInterchange) {
            try Self.acknowledge("hello")
        }
    }
}
