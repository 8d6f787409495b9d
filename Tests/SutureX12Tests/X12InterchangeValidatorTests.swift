import Foundation
import Testing
@testable import SutureX12
import SutureDevTools

/// Real faults are reported precisely: code, segment and position, in 004010 and 005010 alike.
struct X12InterchangeValidatorTests {
    struct Fault: CustomTestStringConvertible, Sendable {
        let name: String
        let version: X12Version
        let transform: @Sendable (String) -> String
        let code: X12ErrorCode
        let segment: String
        let position: Int
        var testDescription: String { "\(name) (\(version.rawValue))" }
    }

    /// ISA 1, GS 2, ST 3, BEG 4, PO1 5, PID 6, SE 7, GE 8, IEA 9.
    static func clean(_ version: X12Version) -> String {
        X12SampleInterchanges.envelope(version: version, functionalID: "PO", set: "850", body: [
            "BEG*00*SA*PO1**20260518", "PO1*1*10*BX*45.50**VN*ABC-123*UK*10614141000415", "PID*F****Gloves",
        ])
    }

    static func twoSets(_ version: X12Version, secondControl: String) -> String {
        clean(version)
            .replacingOccurrences(of: "GE*1*1", with: "ST*850*\(secondControl)~\nBEG*00*SA*PO2**20260518~\nSE*3*\(secondControl)~\nGE*2*1")
    }

    static let faults: [Fault] = X12Version.allCases.flatMap { version -> [Fault] in
        [
            Fault(name: "wrong SE01", version: version, transform: { $0.replacingOccurrences(of: "SE*5*0001", with: "SE*6*0001") }, code: .seCount, segment: "SE", position: 7),
            Fault(name: "SE02 differs from ST02", version: version, transform: { $0.replacingOccurrences(of: "SE*5*0001", with: "SE*5*0002") }, code: .controlMismatch, segment: "SE", position: 7),
            Fault(name: "wrong GE01", version: version, transform: { $0.replacingOccurrences(of: "GE*1*1", with: "GE*2*1") }, code: .geCount, segment: "GE", position: 8),
            Fault(name: "GE02 differs from GS06", version: version, transform: { $0.replacingOccurrences(of: "GE*1*1", with: "GE*1*7") }, code: .controlMismatch, segment: "GE", position: 8),
            Fault(name: "wrong IEA01", version: version, transform: { $0.replacingOccurrences(of: "IEA*1*", with: "IEA*3*") }, code: .ieaCount, segment: "IEA", position: 9),
            Fault(name: "IEA02 differs from ISA13", version: version, transform: { $0.replacingOccurrences(of: "IEA*1*000000001", with: "IEA*1*000000002") }, code: .controlMismatch, segment: "IEA", position: 9),
            Fault(name: "missing IEA", version: version, transform: { $0.replacingOccurrences(of: "IEA*1*000000001~\n", with: "") }, code: .missingTrailer, segment: "IEA", position: 9),
            Fault(name: "missing GE", version: version, transform: { $0.replacingOccurrences(of: "GE*1*1~\n", with: "") }, code: .missingTrailer, segment: "GE", position: 8),
            Fault(name: "missing SE", version: version, transform: { $0.replacingOccurrences(of: "SE*5*0001~\n", with: "") }, code: .missingTrailer, segment: "SE", position: 7),
            Fault(name: "short ISA", version: version, transform: { $0.replacingOccurrences(of: "SUTUREHUB      ", with: "SUTUREHUB") }, code: .isaWidth, segment: "ISA", position: 1),
            Fault(name: "bad GTIN check digit", version: version, transform: { $0.replacingOccurrences(of: "10614141000415", with: "10614141000416") }, code: .invalidGTIN, segment: "PO1", position: 5),
            Fault(name: "quantity not a number", version: version, transform: { $0.replacingOccurrences(of: "PO1*1*10*", with: "PO1*1*1O*") }, code: .invalidElement, segment: "PO1", position: 5),
            Fault(name: "bad date", version: version, transform: { $0.replacingOccurrences(of: "PO1**20260518", with: "PO1**20260231") }, code: .invalidElement, segment: "BEG", position: 4),
            Fault(name: "missing BEG", version: version, transform: { $0.replacingOccurrences(of: "BEG*00*SA*PO1**20260518~\n", with: "").replacingOccurrences(of: "SE*5", with: "SE*4") }, code: .missingSegment, segment: "BEG", position: 3),
            Fault(name: "bad segment id", version: version, transform: { $0.replacingOccurrences(of: "PID*", with: "P!D*") }, code: .invalidSegment, segment: "P!D", position: 6),
            Fault(name: "unsupported ISA version", version: version, transform: { $0.replacingOccurrences(of: "*\(version.interchangeVersion)*", with: "*00300*") }, code: .unsupportedVersion, segment: "ISA", position: 1),
            Fault(name: "unsupported set", version: version, transform: { $0.replacingOccurrences(of: "ST*850", with: "ST*204") }, code: .unsupportedSet, segment: "ST", position: 3),
            Fault(name: "segment after IEA", version: version, transform: { $0 + "GS*PO*A*B*20260518*1015*2*X*004010~" }, code: .unexpectedSegment, segment: "GS", position: 10),
        ]
    }

    @Test(arguments: faults)
    func eachFaultIsReportedWithCodeSegmentAndPosition(_ fault: Fault) {
        let clean = X12Parser.parse(Self.clean(fault.version))
        #expect(clean.valid, "\(clean.errors)")
        let result = X12Parser.parse(fault.transform(Self.clean(fault.version)))
        #expect(!result.valid)
        #expect(result.errors.count == 1, "\(result.errors)")
        let error = result.errors.first
        #expect(error?.code == fault.code)
        #expect(error?.segment == fault.segment)
        #expect(error?.position == fault.position)
        #expect(error?.message.isEmpty == false)
    }

    @Test(arguments: X12Version.allCases)
    func aRepeatedST02InAGroupIsADuplicate(_ version: X12Version) {
        let result = X12Parser.parse(Self.twoSets(version, secondControl: "0001"))
        #expect(result.errors.map(\.code) == [.duplicateControl])
        #expect(result.errors.first?.segment == "ST")
        #expect(result.errors.first?.position == 8)
        #expect(X12Parser.parse(Self.twoSets(version, secondControl: "0002")).valid)
    }

    @Test(arguments: X12Version.allCases)
    func aRepeatedGS06InAnInterchangeIsADuplicate(_ version: X12Version) {
        let group = "GS*PO*SUTUREHUB*ACMEMEDICAL*20260518*1015*1*X*\(version.rawValue)~\nST*850*0001~\nBEG*00*SA*PO2**20260518~\nSE*3*0001~\nGE*1*1~\n"
        let text = Self.clean(version).replacingOccurrences(of: "IEA*1*", with: group + "IEA*2*")
        let result = X12Parser.parse(text)
        #expect(result.errors.map(\.code) == [.duplicateControl])
        #expect(result.errors.first?.segment == "GS")
        #expect(result.errors.first?.position == 9)
    }

    struct Hierarchy: CustomTestStringConvertible, Sendable {
        let name: String
        let levels: [String]
        let expected: [(X12ErrorCode, Int)]
        var testDescription: String { name }
    }

    static let hierarchies: [Hierarchy] = [
        Hierarchy(name: "well formed", levels: ["HL*1**S", "HL*2*1*O", "HL*3*2*I"], expected: []),
        Hierarchy(name: "parent pointing nowhere", levels: ["HL*1**S", "HL*2*1*O", "HL*3*9*I"], expected: [(.hlParent, 7)]),
        Hierarchy(name: "parent pointing forward", levels: ["HL*1**S", "HL*2*3*O", "HL*3*1*I"], expected: [(.hlParent, 6)]),
        Hierarchy(name: "ids not sequential", levels: ["HL*1**S", "HL*3*1*O", "HL*4*3*I"], expected: [(.hlSequence, 6)]),
    ]

    @Test(arguments: hierarchies)
    func hlParentsMustReferToEarlierLevelsAndIdsCountUp(_ hierarchy: Hierarchy) {
        for version in X12Version.allCases {
            let text = X12SampleInterchanges.envelope(version: version, functionalID: "SH", set: "856", body: ["BSN*00*S1*20260520*1430"] + hierarchy.levels)
            let result = X12Parser.parse(text)
            #expect(result.errors.map(\.code) == hierarchy.expected.map(\.0))
            #expect(result.errors.map(\.position) == hierarchy.expected.map(\.1))
            #expect(result.errors.allSatisfy { $0.segment == "HL" })
        }
    }
}
