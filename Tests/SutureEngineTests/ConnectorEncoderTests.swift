import Foundation
import SutureDelivery
import SutureEngine
import SutureModel
import SutureProcurement
import SutureStore
import SutureX12
import Testing

/// Master data held in memory: what an encoder reads through `MasterDataLookup`, so the
/// encoders are tested without a store or a network.
struct MasterDataFixture: MasterDataLookup {
    var items: [Item] = []
    var crosswalks: [CrosswalkEntry] = []

    func crosswalk(system: SystemName, kind: CrosswalkKind, code: String) async throws -> CrosswalkEntry? {
        crosswalks.first { $0.system == system && $0.kind == kind && $0.code == code }
    }

    func crosswalkCodes(system: SystemName, kind: CrosswalkKind, canonical: String) async throws -> [CrosswalkEntry] {
        crosswalks.filter { $0.system == system && $0.kind == kind && $0.canonical == canonical }.sorted { $0.code < $1.code }
    }

    func item(_ id: ItemID) async throws -> Item? { items.first { $0.id == id } }
    func item(byGTIN gtin: GTIN) async throws -> (item: Item, unit: UnitOfMeasure)? { nil }
    func location(_ id: LocationID) async throws -> Location? { nil }

    /// Gloves in EA, BX of 12 and CS of 144; the ERP keeps them in BX under code ERP-100234,
    /// calls a box `BOX` and the main storeroom `0001`; the supplier calls them ABC-123.
    static let scene: MasterDataFixture = {
        let erp: SystemName = "erp"
        let acme: SystemName = "acme-medical"
        let gloves = Item(id: "GLOVE-M", description: "Nitrile exam gloves, medium", gtin: try! GTIN("00614141000012"),
                          packaging: try! PackagingHierarchy(baseUnit: "EA", levels: [
                              PackagingLevel(unit: "BX", quantity: 12, gtin: try! GTIN("10614141000019")), PackagingLevel(unit: "CS", quantity: 144),
                          ]))
        return MasterDataFixture(items: [gloves], crosswalks: [
            CrosswalkEntry(system: erp, kind: .items, code: "ERP-100234", canonical: "GLOVE-M", unit: "BX"),
            CrosswalkEntry(system: erp, kind: .locations, code: "0001", canonical: "MAIN-OR-STORE"),
            CrosswalkEntry(system: erp, kind: .locations, code: "0002", canonical: "ICU-STORE"),
            CrosswalkEntry(system: erp, kind: .units, code: "BOX", canonical: "BX"),
            CrosswalkEntry(system: acme, kind: .items, code: "ABC-123", canonical: "GLOVE-M"),
        ])
    }()

    static func event(_ type: InventoryEventType, eaches: Decimal, toLocation: LocationID? = nil, item: ItemID = "GLOVE-M") -> CanonicalInventoryEvent {
        CanonicalInventoryEvent(type: type, source: "storeroom-a", occurredAt: Date(timeIntervalSince1970: 1_779_099_300),
                                location: "MAIN-OR-STORE", toLocation: toLocation, item: item, quantity: Quantity(eaches, "EA"),
                                sourceQuantity: Quantity(eaches, "EA"), lot: type == .receipt ? "LOT4711" : nil,
                                expiry: type == .receipt ? "2027-01-31" : nil, serial: nil, gtin: nil,
                                purchaseOrder: type == .receipt ? "PO-1" : nil, poLine: type == .receipt ? 1 : nil, reason: nil)
    }

    static func order() throws -> PurchaseOrder {
        let line = PurchaseOrderLine(machine: try PurchaseOrderLineStateMachine(
            lineNumber: 1, item: "GLOVE-M", ordered: Quantity(10, "BX"), unitPrice: Decimal(string: "45.50")))
        return PurchaseOrder(number: "PO-1", supplier: "ACME", shipTo: "MAIN-OR-STORE", orderedAt: Date(timeIntervalSince1970: 1_779_099_300),
                             lines: [line])
    }
}

/// The reference ERP profile's encoder, case by case: the call's method, path and body.
@Suite struct ERPEncoderTests {
    let encoder = ERPEncoder(system: "erp")

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let event: CanonicalInventoryEvent
        let path: String
        let body: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a receipt of 24 EA is 2 BOX of ERP-100234 on PO line 1", event: MasterDataFixture.event(.receipt, eaches: 24),
             path: "/receipts",
             body: #"{"receiptId":"evt_1","purchaseOrder":"PO-1","location":"0001","receivedAt":"2026-05-18T10:15:00.000Z","lines":[{"poLine":1,"item":"ERP-100234","quantity":"2","unit":"BOX","lot":"LOT4711","expiry":"2027-01-31"}]}"#),
        Case(name: "an issue of 6 EA is half a box", event: MasterDataFixture.event(.issue, eaches: 6),
             path: "/inventory-transactions",
             body: #"{"transactionId":"evt_1","type":"issue","item":"ERP-100234","location":"0001","quantity":"0.5","unit":"BOX","occurredAt":"2026-05-18T10:15:00.000Z"}"#),
        Case(name: "a transfer names the other location in the ERP's code", event: MasterDataFixture.event(.transfer, eaches: 12, toLocation: "ICU-STORE"),
             path: "/inventory-transactions",
             body: #"{"transactionId":"evt_1","type":"transfer","item":"ERP-100234","location":"0001","toLocation":"0002","quantity":"1","unit":"BOX","occurredAt":"2026-05-18T10:15:00.000Z"}"#),
    ]

    @Test(arguments: cases)
    func encodesAnInventoryEventInTheERPsCodesAndUnit(_ row: Case) async throws {
        let delivery = try await encoder.encode(row.event, eventID: "evt_1", deliveryID: "dlv_1_erp", lookup: MasterDataFixture.scene)
        #expect(delivery.method == "POST")
        #expect(delivery.path == row.path)
        #expect(delivery.body == row.body)
        #expect(delivery.idempotencyKey == "suture-dlv_1_erp")
        #expect(delivery.destination == "erp")
        #expect(delivery.stateKey == nil)
    }

    @Test func anItemWithoutAnERPCodeIsAnUnmappedItemException() async throws {
        var fixture = MasterDataFixture.scene
        fixture.crosswalks.removeAll { $0.kind == .items }
        await #expect {
            _ = try await encoder.encode(MasterDataFixture.event(.receipt, eaches: 24), eventID: "evt_1", deliveryID: "dlv_1_erp", lookup: fixture)
        } throws: { error in
            (error as? EventNormalizer.Failure)?.type == .unmappedItem
        }
    }

    @Test func aQuantityThatIsNoWholeNumberOfTheERPsUnitIsAUOMMismatch() async throws {
        // 5 EA is 5/12 of a box: not exact, so it is not sent as a guess.
        await #expect {
            _ = try await encoder.encode(MasterDataFixture.event(.issue, eaches: 5), eventID: "evt_1", deliveryID: "dlv_1_erp", lookup: MasterDataFixture.scene)
        } throws: { error in
            (error as? EventNormalizer.Failure)?.type == .uomMismatch
        }
    }

    @Test func aPurchaseOrderStatusIsAPutWithAStateKeyInTheERPsUnit() async throws {
        let delivery = try #require(try await encoder.encode(.purchaseOrderStatus(try MasterDataFixture.order(), revision: 3),
                                                             deliveryID: "dlv_po_erp", lookup: MasterDataFixture.scene))
        #expect(delivery.method == "PUT")
        #expect(delivery.path == "/purchase-orders/PO-1/status")
        #expect(delivery.stateKey == "purchase-order-status:PO-1")
        #expect(delivery.body == #"{"status":"ordered","revision":3,"lines":[{"poLine":1,"status":"ordered","quantity":"10","unit":"BOX"}]}"#)
    }

    @Test func anOrderFor850IsNotTheERPs() async throws {
        #expect(try await encoder.encode(.purchaseOrder850(try MasterDataFixture.order()), deliveryID: "dlv", lookup: MasterDataFixture.scene) == nil)
    }
}

/// The webhook encoder: the Standard Webhooks envelope around the normalized event.
@Suite struct WebhookEncoderTests {
    let encoder = WebhookEncoder(system: "analytics")

    @Test func anEventIsSentAsItsTypedEnvelope() throws {
        let delivery = encoder.encode(MasterDataFixture.event(.receipt, eaches: 24), eventID: "evt_1",
                                      correlationID: "0af7651916cd43dd8448eb211c80319c", deliveryID: "dlv_1_analytics")
        #expect(delivery.method == "POST")
        #expect(delivery.path == "")
        #expect(delivery.idempotencyKey == "suture-dlv_1_analytics")
        let body = try JSONValue.parse(delivery.body)
        #expect(body["id"] == .string("evt_1"))
        #expect(body["type"] == .string("inventory.receipt"))
        #expect(body["occurredAt"] == .string("2026-05-18T10:15:00.000Z"))
        #expect(body["correlationId"] == .string("0af7651916cd43dd8448eb211c80319c"))
        #expect(body["data"]?["item"] == .string("GLOVE-M"))
    }

    @Test func documentsBecomeEventsOfTheirOwnTypesAndAn850IsNotSent() throws {
        let at = Date(timeIntervalSince1970: 1_779_099_300)
        let status = try #require(encoder.encode(.purchaseOrderStatus(try MasterDataFixture.order(), revision: 2),
                                                 deliveryID: "dlv_po", correlationID: "c", at: at))
        let body = try JSONValue.parse(status.body)
        #expect(body["type"] == .string("purchase-order.status"))
        #expect(body["id"] == .string("purchase-order:PO-1:r2"))
        #expect(body["occurredAt"] == .string("2026-05-18T10:15:00.000Z"))
        #expect(encoder.encode(.purchaseOrder850(try MasterDataFixture.order()), deliveryID: "d", correlationID: "c", at: at) == nil)
    }

    @Test func theSignatureIsTheStandardWebhooksTestVector() {
        // The test vector of the Standard Webhooks specification.
        let signer = WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let body = #"{"test": 2432232314}"#
        #expect(signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
            == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }
}

/// The supplier X12 encoder: the 850 interchange, built without I/O.
@Suite struct SupplierX12EncoderTests {
    let encoder = SupplierX12Encoder(system: "acme-medical", parties: X12EnvelopeParties(sender: "SUTUREHUB", receiver: "ACMEMED"),
                                     version: .v004010, currency: "EUR")

    @Test func anOrderIsAn850InTheSuppliersPartNumbersAndX12Units() async throws {
        let order = try MasterDataFixture.order()
        let lines = try await encoder.lines(of: order, lookup: MasterDataFixture.scene)
        #expect(lines.count == 1)
        #expect(lines.first?.vendorPart == "ABC-123")
        #expect(lines.first?.unit == "BX")
        #expect(lines.first?.gtin == (try GTIN("10614141000019")))
        let file = try encoder.purchaseOrder850(order, lines: lines, shipToName: "Main OR storeroom", supplierName: "Acme Medical",
                                                control: X12ControlNumbers(interchange: 42, group: 7, firstSet: 1),
                                                at: Date(timeIntervalSince1970: 1_779_099_300))
        #expect(file.name == "850-PO-1-000000042.x12")
        let parsed = X12Parser.parse(Array(file.text.utf8))
        #expect(parsed.valid, "\(parsed.errors)")
        let document = try #require(parsed.documents.first)
        #expect(document.set == "850")
        #expect(file.text.contains("ISA*00*          *00*          *ZZ*SUTUREHUB      *ZZ*ACMEMED        *"))
        #expect(file.text.contains("*000000042*"))
        #expect(file.text.contains("BEG*00*SA*PO-1**20260518"))
        #expect(file.text.contains("CUR*BY*EUR"), "the configured currency, not a fixed one")
        #expect(document.currency == "EUR")
        #expect(file.text.contains("PO1*1*10*BX*45.5**"))
        #expect(file.text.contains("VN*ABC-123"))
        #expect(file.text.contains("N1*ST*Main OR storeroom*92*MAIN-OR-STORE"))
    }

    @Test func aCaseWithoutAMappedUnitCodeIsCAInX12() async throws {
        var order = try MasterDataFixture.order()
        order.lines = [PurchaseOrderLine(machine: try PurchaseOrderLineStateMachine(
            lineNumber: 1, item: "GLOVE-M", ordered: Quantity(2, "CS"), unitPrice: nil))]
        #expect(try await encoder.lines(of: order, lookup: MasterDataFixture.scene).first?.unit == "CA")
    }
}
