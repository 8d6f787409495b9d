import Foundation
import SutureFHIR
import SutureModel
import Testing

/// The FHIR R5 codec on its own: what it reads, the element every refusal names, and what it writes.
struct FHIRCodecTests {
    static let delivery = """
        {"resourceType":"SupplyDelivery","identifier":[{"system":"urn:example:asn","value":"D-1"}],"status":"completed",
         "suppliedItem":[{"quantity":{"value":2,"unit":"BX","system":"urn:suture:unit","code":"BX"},
                          "itemCodeableConcept":{"coding":[{"system":"https://www.gs1.org/gtin","code":"00312345678906"}]}}],
         "occurrenceDateTime":"2026-05-18T10:15:00Z","destination":{"reference":"Location/MAIN-OR-STORE"},
         "supplier":{"display":"ACME"}}
        """

    @Test func aDeliveryIsReadWithItsItemQuantityAndDestination() throws {
        let delivery = try SupplyDelivery.read(try JSONValue.parse(Self.delivery))
        try delivery.checkReceipt()
        #expect(delivery.status == .completed)
        #expect(delivery.identifiers == [FHIRIdentifier(system: "urn:example:asn", value: "D-1")])
        #expect(delivery.suppliedItems.first?.item?.name == .gtin("00312345678906"))
        #expect(delivery.suppliedItems.first?.quantity == FHIRQuantity(value: 2, unit: "BX", system: FHIR.unitSystem, code: "BX"))
        #expect(delivery.destination?.id(of: "Location") == "MAIN-OR-STORE")
        #expect(delivery.occurredAt == WallClock.milliseconds(timestamp: "2026-05-18T10:15:00Z"))
    }

    /// Each refusal names the element at fault by its FHIRPath.
    @Test(arguments: [
        (#""status":"completed""#, #""status":"done""#, "SupplyDelivery.status"),
        (#""value":2,"#, #""value":"2","#, "SupplyDelivery.suppliedItem[0].quantity.value"),
        (#""supplier":{"display":"ACME"}"#, #""supplier":{"display":"ACME"},"colour":"red""#, "SupplyDelivery.colour"),
        (#""reference":"Location/MAIN-OR-STORE""#, #""reference":5"#, "SupplyDelivery.destination.reference"),
        (#""occurrenceDateTime":"2026-05-18T10:15:00Z""#, #""occurrenceDateTime":"2026-05-18T10:15:00""#, "SupplyDelivery.occurrenceDateTime"),
        (#""supplier":{"display":"ACME"}"#, #""supplier":{}"#, "SupplyDelivery.supplier"),
        (#""supplier":{"display":"ACME"}"#, #""supplier":{"display":"ACME"},"basedOn":"SupplyRequest/1""#, "SupplyDelivery.basedOn"),
        (#""status":"completed""#, #""status":"completed","modifierExtension":[{"url":"urn:x"}]"#, "SupplyDelivery.modifierExtension"),
        (#""system":"urn:suture:unit","code":"BX""#, #""code":"BX""#, "SupplyDelivery.suppliedItem[0].quantity.system"),
        (#""value":2,"#, #""value":2,"comparator":"<","#, "SupplyDelivery.suppliedItem[0].quantity.comparator"),
        (#""resourceType":"SupplyDelivery""#, #""resourceType":"SupplyRequest""#, "SupplyDelivery.resourceType"),
    ])
    func aRefusalNamesTheElement(original: String, replacement: String, expression: String) throws {
        let text = Self.delivery.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.delivery)
        do {
            _ = try SupplyDelivery.read(try JSONValue.parse(text))
            Issue.record("accepted \(text)")
        } catch let error as JSONFieldError {
            #expect(error.fields.contains(expression), "\(error)")
        }
    }

    /// R5's partial dates are dateTimes too, read as the start of their period in UTC.
    @Test func aDeliveryDatedByDayMonthOrYearIsRead() throws {
        for (date, instant) in [("2016-12-31", "2016-12-31T00:00:00Z"), ("2016-12", "2016-12-01T00:00:00Z"), ("2016", "2016-01-01T00:00:00Z")] {
            let text = Self.delivery.replacingOccurrences(of: "2026-05-18T10:15:00Z", with: date)
            #expect(try SupplyDelivery.read(try JSONValue.parse(text)).occurredAt == WallClock.milliseconds(timestamp: instant), "\(date)")
        }
        let display = Self.delivery.replacingOccurrences(of: #""reference":"Location/MAIN-OR-STORE""#, with: #""display":"Location 1""#)
        let delivery = try SupplyDelivery.read(try JSONValue.parse(display))
        #expect(throws: JSONFieldError.self) { try delivery.checkReceipt() }
    }

    /// A primitive's extension (`_status`) rides beside it.
    @Test func aPrimitivesExtensionIsKept() throws {
        let text = Self.delivery.replacingOccurrences(of: #""status":"completed","#, with: #""status":"completed","_status":{"extension":[{"url":"urn:x","valueString":"y"}]},"#)
        #expect(try SupplyDelivery.read(try JSONValue.parse(text)).status == .completed)
    }

    /// Ids FHIR cannot take are written as hex and read back.
    @Test func suturesIdsBecomeFHIRIdsBothWays() {
        #expect(FHIRID.encode("GLOVE-M") == "GLOVE-M")
        #expect(FHIRID.encode("OR_1") == "x.4f525f31")
        #expect(FHIRID.decode("x.4f525f31") == "OR_1")
        #expect(FHIRID.decode(FHIRID.encode("a/b:c")) == "a/b:c")
        #expect(FHIRID.decode(FHIRID.encode("x.1")) == "x.1")
        #expect(FHIRReference(reference: "Location/x.4f525f31").id(of: "Location") == "OR_1")
    }

    @Test func aRequestWithoutItemOrQuantityIsRefusedByName() throws {
        let base = #"{"resourceType":"SupplyRequest","status":"active","deliverTo":{"reference":"Location/L"}}"#
        do {
            _ = try SupplyRequest.read(try JSONValue.parse(base))
            Issue.record("accepted a SupplyRequest without item")
        } catch let error as JSONFieldError {
            #expect(error.field == "SupplyRequest.item" && error.kind == .missing)
        }
    }

    @Test func aSnapshotReportReadsItsListingsAndRefusesANegativeCount() throws {
        let text = """
            {"resourceType":"InventoryReport","identifier":[{"value":"C-1"}],"status":"active","countType":"snapshot",
             "reportedDateTime":"2026-05-18T10:15:00Z","inventoryListing":[{"location":{"reference":"Location/A"},
             "item":[{"item":{"reference":{"reference":"InventoryItem/GLOVE-M"}},"quantity":{"value":7,"system":"urn:suture:unit","code":"EA"}}]}]}
            """
        let report = try InventoryReport.read(try JSONValue.parse(text))
        try report.checkCounts()
        #expect(report.listings.first?.items.first?.item.name == .item("GLOVE-M"))
        let negative = try InventoryReport.read(try JSONValue.parse(text.replacingOccurrences(of: #""value":7"#, with: #""value":-1"#)))
        #expect(throws: JSONFieldError.self) { try negative.checkCounts() }
    }

    @Test func anOperationOutcomeCarriesTheExpression() {
        let outcome = OperationOutcome([.init(code: .required, diagnostics: "SupplyRequest.item: is required", expression: ["SupplyRequest.item"])])
        #expect(outcome.json.serialized()
            == #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"required","diagnostics":"SupplyRequest.item: is required","expression":["SupplyRequest.item"]}]}"#)
    }
}
