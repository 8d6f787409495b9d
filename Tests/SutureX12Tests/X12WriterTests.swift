import Foundation
import SutureModel
import Testing
@testable import SutureX12
import SutureDevTools

/// Written interchanges have exact envelopes, and parsing what was written gives the same documents.
struct X12WriterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let version: X12Version
        let document: X12Document
        var testDescription: String { "\(document.set) \(version.rawValue)" }
    }

    static let cases: [Case] = X12Version.allCases.flatMap { version in
        X12SampleInterchanges.writableDocuments(version: version).map { Case(version: version, document: $0) }
    }

    @Test(arguments: cases)
    func writingThenParsingGivesTheSameDocument(_ case_: Case) throws {
        let control = X12ControlNumbers(interchange: 42, group: 7, firstSet: 15)
        let text = try X12Writer(version: case_.version).write([case_.document], parties: X12SampleInterchanges.parties, control: control, timestamp: X12SampleInterchanges.timestamp)
        let result = X12Parser.parse(text)
        #expect(result.errors == [])
        var expected = case_.document
        expected.control = "0015"
        #expect(result.documents == [expected])
        #expect(result.interchange?.control == "000000042")
        #expect(result.groups.first?.control == "7")
    }

    @Test(arguments: X12Version.allCases)
    func theISAIsExactly106CharactersWithFixedWidthFields(_ version: X12Version) throws {
        for (_, text) in X12SampleInterchanges.written(version: version) {
            let isa = try #require(text.split(separator: "\n").first)
            #expect(isa.utf8.count == 106)
            #expect(isa.hasPrefix("ISA*00*          *00*          *ZZ*SUTUREHUB      *ZZ*ACMEMEDICAL    *260518*1015*"))
            #expect(isa.hasSuffix(version == .v004010 ? "*U*00401*000000001*0*T*>~" : "*^*00501*000000001*0*T*>~"))
        }
    }

    @Test func severalDocumentsGetOneGroupPerFunctionalIdentifierAndConsecutiveControlNumbers() throws {
        let documents = [X12SampleInterchanges.purchaseOrder, X12SampleInterchanges.invoice, X12SampleInterchanges.purchaseOrder]
        let text = try X12Writer(version: .v004010, lineBreaks: false).write(documents, parties: X12SampleInterchanges.parties, control: X12SampleInterchanges.control, timestamp: X12SampleInterchanges.timestamp)
        let result = X12Parser.parse(text)
        #expect(result.errors == [])
        #expect(result.groups.map(\.functionalID) == ["PO", "IN"])
        #expect(result.groups.map(\.control) == ["1", "2"])
        #expect(result.groups.map { $0.transactionSets.map(\.control) } == [["0001", "0002"], ["0003"]])
        #expect(!text.contains("\n"))
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let document: X12Document
        let parties: X12EnvelopeParties
        var testDescription: String { name }
    }

    @Test(arguments: [
        Refusal(name: "delimiter in a value", document: X12Document(set: "850", control: "", number: "PO*1"), parties: X12SampleInterchanges.parties),
        Refusal(name: "sender longer than 15", document: X12SampleInterchanges.purchaseOrder, parties: X12EnvelopeParties(sender: "A-VERY-LONG-SENDER-ID", receiver: "B")),
        Refusal(name: "a set the codec does not know", document: X12Document(set: "204", control: ""), parties: X12SampleInterchanges.parties),
    ])
    func valuesThatWouldCorruptTheInterchangeAreRefused(_ refusal: Refusal) {
        #expect(throws: X12WriteError.self) {
            try X12Writer(version: .v004010).write([refusal.document], parties: refusal.parties, control: X12SampleInterchanges.control, timestamp: X12SampleInterchanges.timestamp)
        }
    }

    @Test func controlNumbersOutOfRangeAreRefused() {
        #expect(throws: X12WriteError.controlNumberOutOfRange(field: "ISA13", value: 1_000_000_000)) {
            try X12Writer(version: .v004010).write([], parties: X12SampleInterchanges.parties, control: X12ControlNumbers(interchange: 1_000_000_000, group: 1, firstSet: 1), timestamp: X12SampleInterchanges.timestamp)
        }
    }

    @Test func timestampsAreWrittenInUTC() {
        let stamp = X12Timestamp(Date(timeIntervalSince1970: 1_779_099_300))
        #expect(stamp == X12Timestamp(date: "20260518", time: "1015"))
    }

    @Test func benchmarkInterchangeIsValid() {
        let bytes = X12BenchmarkInterchange.make(documents: 50)
        let result = X12Parser.parse(bytes)
        #expect(result.errors == [])
        #expect(result.documents.count == 50)
        #expect(result.documents.allSatisfy { $0.lines.count == 10 })
    }
}
