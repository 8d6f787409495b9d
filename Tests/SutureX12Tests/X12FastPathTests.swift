import Foundation
import Testing
@testable import SutureX12
import SutureDevTools

/// The throughput machinery (eight-byte delimiter scan, pooled strings) must read exactly what a
/// byte-by-byte reader would, whatever the lengths and wherever the delimiters fall.
struct X12FastPathTests {
    /// A value of `length` characters that differs from the other lengths' values.
    static func value(_ length: Int) -> String {
        String((0..<length).map { Character(Unicode.Scalar(UInt8(0x41 + ($0 + length) % 26))) })
    }

    static func order(_ lines: [(id: String, description: String)]) -> String {
        X12SampleInterchanges.envelope(version: .v004010, functionalID: "PO", set: "850", body: ["BEG*00*SA*PO1**20260518"]
            + lines.flatMap { ["PO1*1*10*BX*45.50**VN*\($0.id)", "PID*F****\($0.description)"] })
    }

    @Test(arguments: [1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 64, 65, 80])
    func valuesOfEveryLengthReadBackExactlyEvenWhenRepeated(_ length: Int) {
        let id = Self.value(length)
        let other = String(id.dropLast()) + "#"
        let result = X12Parser.parse(Self.order([(id, id), (other, other), (id, id)]))
        #expect(result.errors == [])
        #expect(result.documents.first?.lines.map(\.vendorPart) == [id, other, id])
        #expect(result.documents.first?.lines.map(\.description) == [id, other, id])
    }

    @Test func invalidUTF8IsRepairedTheSameWayEveryTime() {
        var bytes = Array(Self.order([("A\u{1}B", "gloves \u{2}"), ("A\u{1}B", "gloves \u{2}")]).utf8)
        for index in bytes.indices where bytes[index] == 0x01 || bytes[index] == 0x02 { bytes[index] = 0xFF }
        let lines = X12Parser.parse(bytes).documents.first?.lines ?? []
        let expectedID = String(decoding: [0x41, 0xFF, 0x42], as: UTF8.self)
        #expect(lines.map(\.vendorPart) == [expectedID, expectedID])
        #expect(lines.map(\.description) == Array(repeating: String(decoding: Array("gloves ".utf8) + [0xFF], as: UTF8.self), count: 2))
    }

    @Test(arguments: 0..<9)
    func lastSegmentEndingNearTheEndOfInputIsCutWhereItEnds(_ padding: Int) {
        // Without a final terminator, the IEA runs to the end of the input; the scan's last word is partial.
        let text = Self.order([("ABC", "gloves")]).replacingOccurrences(of: "IEA*1*000000001~\n", with: "IEA*1*000000001" + String(repeating: "0", count: padding))
        let result = X12Parser.parse(text)
        #expect(result.errors.map(\.code).contains(.missingTerminator))
        #expect(result.documents.first?.lines.first?.vendorPart == "ABC")
    }

    @Test func benchmarkMeasuresTheWholeInterchange() {
        let bytes = X12BenchmarkInterchange.make(documents: 20, linesPerDocument: 3)
        let measurement = X12Benchmark.best(of: 2, bytes: bytes)
        #expect(measurement.bytes == bytes.count)
        #expect(measurement.documents == 20)
        #expect(measurement.valid)
        #expect(measurement.seconds >= 0)
    }
}
