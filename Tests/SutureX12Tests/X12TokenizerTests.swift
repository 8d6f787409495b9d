import Foundation
import Testing
@testable import SutureX12
import SutureDevTools

/// Harmless noise partners send must parse without faults; delimiters come from the ISA.
struct X12TokenizerTests {
    static let clean = X12SampleInterchanges.envelope(version: .v004010, functionalID: "PO", set: "850", body: [
        "BEG*00*SA*PO1**20260518", "PO1*1*10*BX*45.50**VN*ABC-123",
    ])

    struct Noise: CustomTestStringConvertible, Sendable {
        let name: String
        let transform: @Sendable (String) -> String
        var testDescription: String { name }
    }

    static let noise: [Noise] = [
        Noise(name: "byte-order mark") { "\u{FEFF}" + $0 },
        Noise(name: "CR LF after terminators") { $0.replacingOccurrences(of: "~\n", with: "~\r\n") },
        Noise(name: "no line breaks") { $0.replacingOccurrences(of: "~\n", with: "~") },
        Noise(name: "tabs and spaces before segments") { $0.replacingOccurrences(of: "~\n", with: "~\n\t  ") },
        Noise(name: "newline as terminator") { $0.replacingOccurrences(of: "~\n", with: "\n") },
        Noise(name: "CR LF as terminator") { $0.replacingOccurrences(of: "~\n", with: "\r\n") },
        Noise(name: "leading blank lines") { "\n\n" + $0 },
        Noise(name: "other delimiters") {
            $0.replacingOccurrences(of: "*", with: "|").replacingOccurrences(of: "~", with: "'").replacingOccurrences(of: "|>'", with: "|:'")
        },
        Noise(name: "non-breaking spaces padding ISA fields") {
            $0.replacingOccurrences(of: "SUTUREHUB      ", with: "SUTUREHUB \u{00A0} \u{00A0} \u{00A0}")
        },
    ]

    @Test(arguments: noise)
    func harmlessNoiseParsesWithoutFaults(_ noise: Noise) {
        let result = X12Parser.parse(noise.transform(Self.clean))
        #expect(result.errors == [])
        #expect(result.documents.first?.number == "PO1")
        #expect(result.interchange?.sender == "SUTUREHUB")
    }

    @Test func delimitersAreReadFromTheISA() {
        let text = X12SampleInterchanges.envelope(version: .v005010, functionalID: "PO", set: "850", body: ["BEG*00*SA*PO1**20260518"])
        let result = X12Parser.parse(text)
        #expect(result.separators == X12Separators(element: UInt8(ascii: "*"), repetition: UInt8(ascii: "^"), component: UInt8(ascii: ">"), segment: UInt8(ascii: "~")))
        #expect(result.valid)
    }

    @Test func aUInISA11Of00501MeansNoRepetitionSeparator() {
        let text = X12SampleInterchanges.envelope(version: .v005010, functionalID: "PO", set: "850", body: ["BEG*00*SA*PO1**20260518"])
            .replacingOccurrences(of: "*^*00501*", with: "*U*00501*")
        let result = X12Parser.parse(text)
        #expect(result.valid)
        #expect(result.separators?.repetition == nil)
    }

    @Test func aMissingISA16WithTildeBeforeLineBreaksIsReadAsTheTerminator() {
        let text = Self.clean.replacingOccurrences(of: "*T*>~", with: "*T*~")
        let result = X12Parser.parse(text)
        #expect(result.errors.map(\.code) == [.isaWidth])
        #expect(result.documents.first?.lines.first?.vendorPart == "ABC-123")
    }

    @Test func aSegmentCutByALineBreakIsReportedAndStillCounted() {
        let text = Self.clean.replacingOccurrences(of: "20260518~\n", with: "20260518\n")
        let result = X12Parser.parse(text)
        #expect(result.errors.map(\.code) == [.missingTerminator])
        #expect(result.errors.first?.position == 4)
        #expect(result.errors.first?.segment == "BEG")
    }

    struct Garbage: CustomTestStringConvertible, Sendable {
        let input: String
        let code: X12ErrorCode
        var testDescription: String { String(input.prefix(20)) }
    }

    @Test(arguments: [
        Garbage(input: "", code: .missingISA),
        Garbage(input: "GS*PO*A*B~", code: .missingISA),
        Garbage(input: "ISA*00*", code: .isaWidth),
        Garbage(input: "ISAA00", code: .invalidSeparators),
        Garbage(input: "ISA*00*          *00*          *ZZ*A              *ZZ*B              *260518*1015*U*00401*000000001*0*P*", code: .isaWidth),
    ])
    func inputWithoutAReadableISAGivesOneFaultAndNoDocuments(_ garbage: Garbage) {
        let result = X12Parser.parse(garbage.input)
        #expect(result.errors.first?.code == garbage.code)
        #expect(result.errors.first?.position == 1)
        #expect(result.documents.isEmpty)
        #expect(!result.valid)
    }
}
