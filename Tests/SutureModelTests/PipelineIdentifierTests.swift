import SutureModel
import Testing

@Suite struct PipelineIdentifierTests {
    @Test(arguments: [
        ("evt_abc", DeliverySource.event("evt_abc")),
        ("invoice:INV-9", DeliverySource.invoice("INV-9")),
        ("purchase-order:PO-1", DeliverySource.purchaseOrder("PO-1")),
        ("purchase-order:", DeliverySource.purchaseOrder("")),
    ])
    func aDeliverySourceReadsBackAsItWasStored(text: String, source: DeliverySource) {
        #expect(DeliverySource(rawValue: text) == source)
        #expect(source.rawValue == text)
    }

    @Test func onlyAnEventSourceHasAnEventID() {
        #expect(DeliverySource.event("evt_1").eventID == "evt_1")
        #expect(DeliverySource.invoice("INV-1").eventID == nil)
        #expect(DeliverySource.purchaseOrder("PO-1").eventID == nil)
    }

    @Test func aReversalIsNamedAfterItsOriginalAndKnowsItIsOne() {
        let original: DeliveryID = "dlv_1_erp"
        #expect(original.reversal == "dlv_1_erp.void")
        #expect(original.reversal.isReversal)
        #expect(!original.isReversal)
    }

    @Test func idsOfDifferentKindsWithTheSameTextStayApart() {
        // The point of the types: an event id is not a delivery id, even with equal text.
        let event = EventID("x")
        let delivery = DeliveryID("x")
        #expect(event.rawValue == delivery.rawValue)
        #expect("\(event)" == "x")
        #expect(TraceContext(traceID: "0af7651916cd43dd8448eb211c80319c", spanID: "b7ad6b7169203331").correlationID
                == CorrelationID("0af7651916cd43dd8448eb211c80319c"))
    }
}
