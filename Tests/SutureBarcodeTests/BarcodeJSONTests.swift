import SutureBarcode
import SutureModel
import Testing
import SutureDevTools

/// The barcode JSON of docs/formats.md ("Barcode JSON"): members in its order, dates in ISO form,
/// quantity as an integer, and faults as code and message.
@Suite struct BarcodeJSONTests {
    @Test func gs1ResultBecomesContractJSONInContractOrder() {
        let result = parser.parse("]d2" + "0105901234123457" + "17261231" + "10A1B2C3" + gs + "21SN0001")
        #expect(result.jsonValue().serialized() == """
            {"input":"]d201059012341234571726123110A1B2C3\\u001d21SN0001","valid":true,"scheme":"gs1",\
            "symbology":"gs1-datamatrix","gtin":"05901234123457","lot":"A1B2C3","serial":"SN0001",\
            "expiry":"2026-12-31","productionDate":null,"quantity":null,"sscc":null,"hibc":null,\
            "elements":[{"ai":"01","value":"05901234123457"},{"ai":"17","value":"261231"},\
            {"ai":"10","value":"A1B2C3"},{"ai":"21","value":"SN0001"}],"errors":[]}
            """)
    }

    @Test func hibcResultCarriesLabelerProductAndUnitOfMeasure() {
        let json = parser.parse("+H123ABC01234567890/$$3261231LOT5/SSN9C").jsonValue()
        #expect(json["hibc"] == .object([("lic", .string("H123")), ("product", .string("ABC0123456789")), ("unitOfMeasure", .number("0"))]))
        #expect(json["gtin"] == .null)
        #expect(json["elements"] == .array([]))
        #expect(json["expiry"] == .string("2026-12-31"))
    }

    @Test func loneSecondaryHasNullHIBC() {
        let json = parser.parse("+$$9000250227LOT9DR").jsonValue()
        #expect(json["hibc"] == .null)
        #expect(json["quantity"] == .number("25"))
        #expect(json["lot"] == .string("LOT9"))
    }

    @Test func memberOrderIsTheContractsForEveryForm() {
        let order = ["input", "valid", "scheme", "symbology", "gtin", "lot", "serial", "expiry", "productionDate",
                     "quantity", "sscc", "hibc", "elements", "errors"]
        for sample in BarcodeBenchmarkCorpus.samples + ["nonsense", ""] {
            guard case .object(let members) = parser.parse(sample).jsonValue() else {
                Issue.record("not an object")
                continue
            }
            #expect(members.map(\.0) == order)
        }
    }

    @Test func faultBecomesCodeAndMessage() throws {
        let json = parser.parse("(01)05901234123458").jsonValue()
        #expect(json["valid"] == .bool(false))
        let error = try #require(json["errors"]?.arrayValue?.first)
        #expect(error["code"] == .string("gtin-check-digit"))
        #expect(error["message"]?.stringValue?.contains("check digit") == true)
        #expect(error["ai"] == .string("01"))
        #expect(error["position"] == .number("18"))
        // What was written is valid JSON that reads back the same.
        #expect(try JSONValue.parse(json.serialized()) == json)
    }
}
