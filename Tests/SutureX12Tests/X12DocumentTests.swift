import Foundation
import SutureModel
import Testing
@testable import SutureX12
import SutureDevTools

/// Each set is read into the document fields and the JSON of docs/formats.md ("X12 JSON"), in 004010 and 005010.
struct X12DocumentTests {
    static func only(_ text: String) throws -> X12Document {
        let result = X12Parser.parse(text)
        #expect(result.errors == [])
        return try #require(result.documents.first)
    }

    @Test(arguments: X12Version.allCases)
    func purchaseOrderReadsHeaderPartiesAndLines(_ version: X12Version) throws {
        let document = try Self.only(X12SampleInterchanges.envelope(version: version, functionalID: "PO", set: "850", body: [
            "BEG*00*SA*PO123456**20260518", "REF*DP*OR-01", "DTM*002*20260525",
            "N1*ST*Main OR*92*MAIN-OR-STORE", "N1*BY*Main Hospital", "N1*SE*Acme",
            "PO1*1*10*BX*45.50**VN*ABC-123*IN*7788*UK*10614141000415", "PID*F****Gloves, medium",
            "PO1*2*1.5*CS*.75**UP*012345678905*N4*12345-6789-01*MG*M-1*HI*H123", "CTT*2",
        ]))
        #expect(document.type == .purchaseOrder)
        #expect(document.number == "PO123456")
        #expect(document.purchaseOrder == "PO123456")
        #expect(document.party("ST")?.id == "MAIN-OR-STORE")
        #expect(document.parties.map(\.code) == ["ST", "BY", "SE"])
        #expect(document.references == [X12Reference("DP", "OR-01")])
        #expect(document.lines.count == 2)
        let first = document.lines[0]
        #expect(first.gtin?.value == "10614141000415")
        #expect(first.vendorPart == "ABC-123")
        #expect(first.buyerPart == "7788")
        #expect(first.description == "Gloves, medium")
        let second = document.lines[1]
        #expect(second.quantity == "1.5")
        #expect(second.unitPrice == ".75")
        #expect(second.gtin?.value == "00012345678905")
        #expect(second.ndc == "12345-6789-01")
        #expect(second.manufacturerPart == "M-1")
        #expect(second.hibc == "H123")
    }

    @Test(arguments: X12Version.allCases)
    func poAcknowledgmentCarriesTheACKStatusOfEachLine(_ version: X12Version) throws {
        let document = try Self.only(X12SampleInterchanges.envelope(version: version, functionalID: "PR", set: "855", body: [
            "BAK*00*AC*PO123456*20260518****SO-1",
            "PO1*1*10*BX*45.50**VN*ABC-123", "ACK*IA*10*BX",
            "PO1*2*5*BX*3**VN*B", "ACK*IB*5*BX*068*20260601",
            "PO1*3*5*BX*3**VN*C", "ACK*IR*5*BX",
            "PO1*4*5*BX*3**VN*D", "ACK*IS*5*BX", "PO1*5*5*BX*3**VN*E", "ACK*IQ*4*BX", "PO1*6*5*BX*3**VN*F", "ACK*IP*5*BX",
        ]))
        #expect(document.type == .poAcknowledgment)
        #expect(document.number == "SO-1")
        #expect(document.purchaseOrder == "PO123456")
        #expect(document.lines.map(\.status) == ["IA", "IB", "IR", "IS", "IQ", "IP"])
        #expect(document.lines[1].acknowledgments.first?.date == "20260601")
        #expect(document.lines[4].acknowledgments.first?.quantity == "4")
    }

    @Test func poAcknowledgmentWithoutBAK08HasNoNumber() throws {
        let document = try Self.only(X12SampleInterchanges.envelope(version: .v004010, functionalID: "PR", set: "855", body: ["BAK*00*AC*PO9*20260518"]))
        #expect(document.number == nil)
        #expect(document.json()["number"] == .null)
    }

    @Test(arguments: X12Version.allCases)
    func shipNoticeReadsTheHierarchyLotsExpiriesAndSerials(_ version: X12Version) throws {
        let document = try Self.only(X12SampleInterchanges.envelope(version: version, functionalID: "SH", set: "856", body: [
            "BSN*00*SHIP-1*20260520*1430", "HL*1**S", "DTM*011*20260520", "N1*ST*Main OR*92*MAIN",
            "HL*2*1*O", "PRF*PO123456",
            "HL*3*2*I", "LIN*1*VN*ABC-123*UK*10614141000415*LT*LOT4711", "SN1**10*BX", "DTM*036*20270131",
            "HL*4*1*O", "PRF*PO777",
            "HL*5*4*P", "HL*6*5*I", "LIN**VN*XYZ*SN*SER-1", "SN1**1*EA", "REF*LT*L2", "REF*SE*SER-2", "DTM*036*20280229",
        ]))
        #expect(document.type == .shipNotice)
        #expect(document.number == "SHIP-1")
        #expect(document.purchaseOrder == "PO123456")
        #expect(document.dates == [X12DateReference("011", "20260520")])
        #expect(document.lines.count == 2)
        let first = document.lines[0]
        #expect(first.lot == "LOT4711")
        #expect(first.expiry == "2027-01-31")
        #expect(first.quantity == "10")
        #expect(first.purchaseOrder == "PO123456")
        let second = document.lines[1]
        #expect(second.line == nil)
        #expect(second.lot == "L2")
        #expect(second.serials == ["SER-1", "SER-2"])
        #expect(second.expiry == "2028-02-29")
        #expect(second.purchaseOrder == "PO777")
    }

    struct Total: Sendable, CustomTestStringConvertible {
        let tds: String
        let total: String
        var testDescription: String { tds }
    }

    @Test(arguments: [Total(tds: "12345", total: "123.45"), Total(tds: "5", total: "0.05"), Total(tds: "100", total: "1.00"), Total(tds: "-250", total: "-2.50")])
    func invoiceTotalHasTwoImpliedDecimals(_ case_: Total) throws {
        let document = try Self.only(X12SampleInterchanges.envelope(version: .v004010, functionalID: "IN", set: "810", body: [
            "BIG*20260521*INV-1**PO123456", "IT1*1*2*EA*99.99**VP*ID001*BP*B1", "PID*F****Power cord", "TDS*\(case_.tds)", "CTT*1",
        ]))
        #expect(document.type == .invoice)
        #expect(document.number == "INV-1")
        #expect(document.purchaseOrder == "PO123456")
        #expect(document.total == case_.total)
        #expect(document.lines.first?.vendorPart == "ID001")
        #expect(document.lines.first?.buyerPart == "B1")
        #expect(document.json()["total"] == .string(case_.total))
    }

    @Test(arguments: X12Version.allCases)
    func priceCatalogAndInventoryAdviceReadPricesAndQuantities(_ version: X12Version) throws {
        let catalog = try Self.only(X12SampleInterchanges.priceCatalog(version: version))
        #expect(catalog.type == .priceCatalog)
        #expect(catalog.lines.map(\.unitPrice) == ["45.50", "120"])
        #expect(catalog.lines.map(\.unit) == ["BX", "CS"])
        #expect(catalog.lines.first?.gtin?.value == "10614141000415")
        let advice = try Self.only(X12SampleInterchanges.inventoryAdvice(version: version))
        #expect(advice.type == .inventoryAdvice)
        #expect(advice.lines.map(\.quantity) == ["140", "3"])
        #expect(advice.lines.first?.quantities == [X12QuantityReport(qualifier: "33", quantity: "140", unit: "BX")])
    }

    @Test func acknowledgment997SaysWhichSetsWereAcceptedOrRejected() throws {
        let document = try Self.only(X12SampleInterchanges.envelope(version: .v004010, functionalID: "FA", set: "997", body: [
            "AK1*PO*17", "AK2*850*0001", "AK5*A", "AK2*850*0002", "AK3*PO1*5**8", "AK4*7**7*12345", "AK5*R*5", "AK9*P*2*2*1",
        ]))
        let ack = try #require(document.acknowledgment)
        #expect(document.type == .acknowledgment)
        #expect(ack.groupControl == "17")
        #expect(ack.acceptedSetControls == ["0001"])
        #expect(ack.rejectedSetControls == ["0002"])
        #expect(ack.sets[1].segmentErrors.first?.elementErrors.first?.badData == "12345")
        #expect(ack.groupStatus == "P")
        #expect(!ack.groupAccepted)
    }

    @Test func acknowledgment999ReadsIK3IK4AndIK5() throws {
        let document = try Self.only(X12SampleInterchanges.envelope(version: .v005010, functionalID: "FA", set: "999", body: [
            "AK1*PO*3*005010", "AK2*850*0001*005010", "IK3*PO1*4**8", "IK4*2>1**6*X", "IK5*R*5", "AK9*R*1*1*0",
        ]))
        let ack = try #require(document.acknowledgment)
        #expect(ack.version == "005010")
        #expect(ack.rejectedSetControls == ["0001"])
        let element = try #require(ack.sets.first?.segmentErrors.first?.elementErrors.first)
        #expect(element.position == 2)
        #expect(element.component == 1)
        #expect(element.code == "6")
    }

    @Test func jsonFollowsTheContractMemberOrder() throws {
        let result = X12Parser.parse(X12SampleInterchanges.written(version: .v004010)[0].text)
        let json = result.json().serialized()
        #expect(json.hasPrefix(#"{"valid":true,"interchange":{"sender":"SUTUREHUB","receiver":"ACMEMEDICAL","control":"000000001","version":"00401","usage":"T"},"documents":[{"set":"850","control":"0001","type":"purchaseOrder","number":"PO123456","purchaseOrder":"PO123456","lines":[{"line":"1","quantity":"10","unit":"BX","unitPrice":"45.50","gtin":"10614141000415","vendorPart":"ABC-123","buyerPart":"7788","description":"Nitrile exam gloves, medium","status":null,"lot":null,"expiry":null}"#))
        #expect(json.hasSuffix(#""errors":[]}"#))
        let broken = X12Parser.parse(X12SampleInterchanges.written(version: .v004010)[0].text.replacingOccurrences(of: "IEA*1*000000001", with: "IEA*1*000000009"))
        #expect(broken.json()["errors"]?.arrayValue?.first == .object([
            ("code", .string("control-mismatch")), ("segment", .string("IEA")), ("position", .number("18")),
            ("message", .string("IEA02 '000000009' does not match ISA13 '000000001'")),
        ]))
    }
}
