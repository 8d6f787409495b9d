import Foundation
import SutureModel
import SutureX12
import Testing
import SutureTestSupport
import SutureDevTools

/// `suture barcode parse` and `suture x12 ...` as outside tools call them (docs/formats.md).
@Suite struct CodecCommandTests {
    static let gs = "\u{1D}"

    @Test func barcodeJSONFollowsTheContractForEveryForm() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputs = [
            "]d2" + "0105901234123457" + "10A1B2C3" + Self.gs + "17261231" + "21SN0001",  // GS1 DataMatrix
            "]C1" + "00106141411234567897",                                                    // GS1-128 SSCC
            "(01)05901234123457(17)261200(10)A1B2C3",                                          // HRI, day 00
            "https://id.gs1.org/01/05901234123457/10/A1B2C3?17=261231",                        // Digital Link
            "5901234123457",                                                                    // bare EAN-13
        ]
        let result = try await SutureProcess.run(["barcode", "parse", "--json"] + inputs, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == inputs.count)
        let keys = ["input", "valid", "scheme", "symbology", "gtin", "lot", "serial", "expiry", "productionDate", "quantity", "sscc", "hibc", "elements", "errors"]
        for line in lines {
            guard case .object(let members) = try JSONValue.parse(line) else { Issue.record("not an object: \(line)"); continue }
            #expect(members.map(\.0) == keys, "member order of docs/formats.md")
        }
        let matrix = try JSONValue.parse(lines[0])
        #expect(matrix["scheme"] == .string("gs1"))
        #expect(matrix["symbology"] == .string("gs1-datamatrix"))
        #expect(matrix["gtin"] == .string("05901234123457"))
        #expect(matrix["lot"] == .string("A1B2C3"))
        #expect(matrix["serial"] == .string("SN0001"))
        #expect(matrix["expiry"] == .string("2026-12-31"))
        #expect(matrix["elements"]?.arrayValue?.first == .object([("ai", .string("01")), ("value", .string("05901234123457"))]))
        #expect(try JSONValue.parse(lines[1])["sscc"] == .string("106141411234567897"))
        #expect(try JSONValue.parse(lines[1])["symbology"] == .string("gs1-128"))
        #expect(try JSONValue.parse(lines[2])["expiry"] == .string("2026-12-31"), "day 00 is the last day of the month")
        #expect(try JSONValue.parse(lines[3])["lot"] == .string("A1B2C3"))
        #expect(try JSONValue.parse(lines[4])["scheme"] == .string("gtin"))
        #expect(try JSONValue.parse(lines[4])["gtin"] == .string("05901234123457"))
    }

    @Test func barcodeJSONForHIBCPrimarySecondaryAndConcatenated() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func check(_ data: String) -> String { data + HIBCMod43.character(for: data) }
        let primary = check("+A99912345")
        let concatenated = check("+A99912345/$$52001510X")
        let result = try await SutureProcess.run(["barcode", "parse", "--json", primary, concatenated], in: directory)
        #expect(result.status == 0, "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let first = try JSONValue.parse(lines[0])
        #expect(first["scheme"] == .string("hibc"))
        #expect(first["gtin"] == .null)
        #expect(first["hibc"] == .object([("lic", .string("A999")), ("product", .string("1234")), ("unitOfMeasure", .integer(5))]))
        let second = try JSONValue.parse(lines[1])
        #expect(second["lot"] == .string("10X"))
        #expect(second["expiry"] == .string("2020-01-15"))
    }

    @Test func invalidBarcodesExit1WithACheckError() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await SutureProcess.run(["barcode", "parse", "--json", "]C1" + "0105901234123458", "]C1" + "0105901234123457" + "17261301"], in: directory)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let badCheck = try JSONValue.parse(lines[0])
        #expect(badCheck["valid"] == .bool(false))
        #expect(badCheck["errors"]?.arrayValue?.first?["code"]?.stringValue?.contains("check") == true)
        #expect(try JSONValue.parse(lines[1])["valid"] == .bool(false), "month 13")
    }

    /// Writes the generated interchanges of both versions into `directory`.
    static func writeSamples(to directory: URL) throws -> [URL] {
        var files: [URL] = []
        for version in [X12Version.v004010, .v005010] {
            for (name, text) in X12SampleInterchanges.written(version: version) {
                let url = directory.appendingPathComponent(name)
                try text.write(to: url, atomically: true, encoding: .utf8)
                files.append(url)
            }
        }
        return files
    }

    @Test func x12JSONFollowsTheContractFor850855856And810() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.writeSamples(to: directory)
        let expected = ["850": "purchaseOrder", "855": "poAcknowledgment", "856": "shipNotice", "810": "invoice"]
        var seen: Set<String> = []
        for file in files {
            let result = try await SutureProcess.run(["x12", "parse", "--json", file.lastPathComponent], in: directory)
            #expect(result.status == 0, "\(file.lastPathComponent): \(result.stdout)")
            let json = try JSONValue.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            guard case .object(let top) = json else { Issue.record("not an object"); continue }
            #expect(top.map(\.0) == ["valid", "interchange", "documents", "errors"])
            #expect(json["interchange"]?["control"]?.stringValue?.count == 9)
            for document in json["documents"]?.arrayValue ?? [] {
                let set = document["set"]?.stringValue ?? ""
                guard let type = expected[set] else { continue }
                seen.insert(set)
                #expect(document["type"] == .string(type))
                let line = try #require(document["lines"]?.arrayValue?.first)
                guard case .object(let members) = line else { continue }
                #expect(members.map(\.0) == ["line", "quantity", "unit", "unitPrice", "gtin", "vendorPart", "buyerPart", "description", "status", "lot", "expiry"])
                if set == "810" { #expect(document["total"]?.stringValue != nil) }
                if set == "856" { #expect(line["lot"]?.stringValue != nil) }
            }
        }
        #expect(seen == Set(expected.keys))
    }

    @Test func x12AckAnswersTheSenderAndExitsByTheVerdict() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.writeSamples(to: directory)
        let po4010 = try #require(files.first { $0.lastPathComponent.hasPrefix("850") && $0.lastPathComponent.contains("4010") })
        let ack = try await SutureProcess.run(["x12", "ack", po4010.lastPathComponent], in: directory)
        #expect(ack.status == 0, "\(ack.stdout)")
        #expect(ack.stdout.contains("ST*997*"))
        let original = X12Parser.parse(try Data(contentsOf: po4010).map { $0 })
        let answer = X12Parser.parse(Array(ack.stdout.utf8))
        #expect(answer.interchange?.sender == original.interchange?.receiver)
        #expect(answer.interchange?.receiver == original.interchange?.sender)

        // A broken copy (wrong SE01) is rejected: exit 1.
        var text = try String(contentsOf: po4010, encoding: .utf8)
        let range = try #require(text.range(of: #"SE\*[0-9]+\*"#, options: .regularExpression))
        text.replaceSubrange(range, with: "SE*999*")
        try text.write(to: directory.appendingPathComponent("broken.edi"), atomically: true, encoding: .utf8)
        let rejected = try await SutureProcess.run(["x12", "ack", "broken.edi"], in: directory)
        #expect(rejected.status == 1)
        #expect(try await SutureProcess.run(["x12", "parse", "broken.edi"], in: directory).status == 1)
    }

    @Test func publicSampleWithMismatchedIEAIsReportedNotThrown() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SutureX12Tests/Fixtures/public/x12.850.edi")
        let result = try await SutureProcess.run(["x12", "parse", "--json", sample.path], in: directory)
        #expect(result.status == 1)
        let json = try JSONValue.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json["valid"] == .bool(false))
        #expect(json["errors"]?.arrayValue?.contains { $0["segment"] == .string("IEA") } == true)
    }

    /// Generated 850, 855, 856, 810, 832, 846, 997 and 999 files are valid X12 to an independent parser.
    @Test func generatedInterchangesAreValidForPyx12() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files = try Self.writeSamples(to: directory).map(\.path)
        for version in [X12Version.v004010, .v005010] {
            let po = try #require(X12SampleInterchanges.written(version: version).first { $0.name.hasPrefix("850") })
            let ack = try X12Acknowledger.acknowledge(X12Parser.parse(po.text), timestamp: X12SampleInterchanges.timestamp)
            let url = directory.appendingPathComponent("ack-\(version.rawValue).edi")
            try ack.text.write(to: url, atomically: true, encoding: .utf8)
            files.append(url.path)
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/check-x12-with-pyx12.py").path
        let result = try await ChildProcess.python([script] + files)
        // pyx12 comes from PyPI (scripts/test installs it).
        #expect(result.status == 0, "pyx12: \(result.stdout)\(result.stderr)")
        #expect(files.count >= 10)
    }
}

/// The HIBC mod-43 check character, computed here independently of the codec.
enum HIBCMod43 {
    static func character(for data: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%")
        return String(alphabet[data.reduce(0) { $0 + (alphabet.firstIndex(of: $1) ?? 0) } % 43])
    }
}
