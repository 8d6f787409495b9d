import Foundation
import SutureEngine
import SutureModel
import Testing

@Suite struct PipelinePartsTests {
    @Test(arguments: [
        ("suture-dlv_1_erp", "suture-dlv_1_erp.r1"),
        ("suture-dlv_1_erp.r1", "suture-dlv_1_erp.r2"),
        ("suture-dlv_1_erp.r9", "suture-dlv_1_erp.r10"),
        ("suture-po.PO-1.r2", "suture-po.PO-1.r3"),
    ])
    func aReplayAfterARejectionSendsUnderTheNextRevisedKey(key: String, revised: String) {
        #expect(DeliveryReplay.revisedKey(key) == revised)
    }

    /// The corrected receipt is written from the typed event, so it must read back as the
    /// same event: every field, in any combination the parser allows.
    @Test(arguments: [
        #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00.120Z","location":"MAIN","item":"GL-100","quantity":"2.50","unit":"CS","lot":"L1","expiry":"2027-01-31","serial":"S9","purchaseOrder":"PO-1","poLine":3,"reason":"r"}"#,
        #"{"type":"transfer","source":"storeroom-a","occurredAt":"2026-05-18T12:15:00+02:00","location":"MAIN","toLocation":"OR-1","barcode":"0100614141999996","quantity":1}"#,
        #"{"type":"adjustment","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"MAIN","item":"GL-100","quantity":-3,"unit":"EA"}"#,
    ])
    func anEventWrittenFromItsTypedFormReadsBackTheSame(body: String) throws {
        let input = try InventoryEventJSON.parse(try JSONValue.parse(body)).event
        let written = InventoryEventJSON.json(input)
        #expect(try InventoryEventJSON.parse(written).event == input)
    }
}
