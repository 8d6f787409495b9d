import Testing
@testable import SutureX12
import SutureDevTools

/// The public partner files (Fixtures/public): the noise they carry is accepted, and exactly their known faults are reported.
struct X12PublicSampleTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let file: String
        let faults: [String]
        let documents: Int
        var testDescription: String { file }
    }

    static let samples: [Sample] = [
        Sample(file: "x12.850.edi", faults: ["control-mismatch IEA 15"], documents: 1),
        Sample(file: "x12.850a.edi", faults: ["isa-width ISA 1", "control-mismatch IEA 54"], documents: 1),
        Sample(file: "x12.850.issue135.edi", faults: ["isa-width ISA 1", "missing-terminator DTM 23", "duplicate-control ST 90"], documents: 2),
        Sample(file: "x12.810a.edi", faults: ["isa-width ISA 1"], documents: 1),
        Sample(file: "x12.810b.edi", faults: ["isa-width ISA 1"], documents: 1),
        Sample(file: "x12.832.edi", faults: ["isa-width ISA 1", "se-count SE 14"], documents: 1),
    ]

    @Test(arguments: samples)
    func publicSamplesReportExactlyTheirKnownFaults(_ sample: Sample) throws {
        let result = X12Parser.parse(try Fixtures.publicSample(sample.file))
        #expect(result.errors.map { "\($0.code.rawValue) \($0.segment) \($0.position)" } == sample.faults)
        #expect(result.documents.count == sample.documents)
        #expect(!result.valid)
    }

    @Test func nonBreakingSpacePaddingIsTrimmedFromTheSenderAndCountsAsOneCharacter() throws {
        let result = X12Parser.parse(try Fixtures.publicSample("x12.850.edi"))
        #expect(result.interchange?.sender == "000123456")
        #expect(result.interchange?.receiver == "PARTNERID")
        #expect(result.interchange?.control == "000000055")
        #expect(!result.errors.contains { $0.code == .isaWidth })
        let line = try #require(result.documents.first?.lines.first)
        #expect(line.vendorPart == "0054321")
        #expect(line.unitPrice == "19.95")
    }

    @Test func invoiceSamplesGiveTheirTDSTotalInCurrencyUnits() throws {
        #expect(X12Parser.parse(try Fixtures.publicSample("x12.810a.edi")).documents.first?.total == "365.96")
        #expect(X12Parser.parse(try Fixtures.publicSample("x12.810b.edi")).documents.first?.total == "401.92")
    }

    @Test func issue135AcknowledgmentRejectsTheRepeatedSetOnly() throws {
        let result = X12Parser.parse(try Fixtures.publicSample("x12.850.issue135.edi"))
        let ack = try X12Acknowledger.acknowledge(result, timestamp: X12SampleInterchanges.timestamp)
        let group = try #require(ack.groups.first)
        #expect(group.groupStatus == "P")
        #expect(group.sets.map(\.status) == ["E", "R"])
        #expect(group.sets[1].errors == ["23"])
        #expect(!ack.acceptsEverything)
    }
}
