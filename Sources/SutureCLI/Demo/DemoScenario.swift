import Foundation
import SutureERPSimulator
import SutureModel
import NIOHTTP1

/// The receiving scene, played through the hub's own API against the simulators: an order
/// goes to the supplier as an 850 and its 855 and 856 come back; a case is scanned against
/// it and posted once to the ERP in the ERP's unit; the supplier's 810 is matched; a box of
/// gauze the ERP refuses for its unit lands in the exception queue, a person fixes the
/// mapping and retries, and it posts once. Then the replenishment scene: issues take the OR
/// storeroom to its reorder point, a requisition is raised and approved within the limit, its
/// purchase order's 850 goes to the supplier, whose 855 and 856 come back, and the receipt
/// brings the stock back to par. Each expectation is checked and reported.
struct DemoScenario {
    let client: DemoClient
    let world: DemoWorld

    /// One expectation and whether it held.
    struct Check: Sendable {
        let text: String
        let held: Bool
        let detail: String
    }

    private(set) var checks: [Check] = []
    let report: @Sendable (Check) -> Void

    mutating func expect(_ held: Bool, _ text: String, _ detail: @autoclosure () -> String = "") {
        let check = Check(text: text, held: held, detail: held ? "" : detail())
        checks.append(check)
        report(check)
    }

    // MARK: - Master data

    static let masterData: [(String, String)] = [
        ("/v1/locations/NORTH", #"{"name":"North Campus","type":"facility"}"#),
        ("/v1/locations/MAIN-OR-STORE", #"{"name":"Main OR storeroom","type":"storeroom","parent":"NORTH"}"#),
        ("/v1/suppliers/ACME", #"{"name":"Acme Medical","interchangeId":"ACMEMED"}"#),
        ("/v1/items/GLOVE-M", #"{"description":"Nitrile exam gloves, medium","gtin":"00614141000012","manufacturer":"Acme Medical","baseUnit":"EA","packaging":[{"unit":"BX","quantity":12,"gtin":"10614141000019"},{"unit":"CS","quantity":144,"gtin":"20614141000016"}],"lotControlled":true,"expiryControlled":true}"#),
        ("/v1/items/GAUZE-4X4", #"{"description":"Gauze sponge 4x4 in, sterile","baseUnit":"EA","packaging":[{"unit":"BX","quantity":100}]}"#),
        ("/v1/systems/storeroom-a/crosswalk/items/7788", #"{"id":"GLOVE-M"}"#),
        ("/v1/systems/storeroom-a/crosswalk/items/9911", #"{"id":"GAUZE-4X4"}"#),
        ("/v1/systems/storeroom-a/crosswalk/locations/OR-1", #"{"id":"MAIN-OR-STORE"}"#),
        ("/v1/systems/erp/crosswalk/items/ERP-100234", #"{"id":"GLOVE-M","unit":"BX"}"#),
        // The ERP keeps gauze in boxes, but this mapping forgot to say so: the receipt goes
        // out in eaches and the ERP refuses it (UOM_MISMATCH), the scene's exception.
        ("/v1/systems/erp/crosswalk/items/ERP-200100", #"{"id":"GAUZE-4X4"}"#),
        ("/v1/systems/erp/crosswalk/locations/WH-OR", #"{"id":"MAIN-OR-STORE"}"#),
        ("/v1/systems/erp/crosswalk/units/BOX", #"{"id":"BX"}"#),
        ("/v1/systems/acme-medical/crosswalk/suppliers/ACMEMED", #"{"id":"ACME"}"#),
    ]

    mutating func play() async throws {
        for (path, body) in Self.masterData {
            let answer = try await client.call(.PUT, path, json: body)
            guard answer.status == 200 || answer.status == 201 else {
                expect(false, "sample master data loads", "PUT \(path) answered \(answer.status): \(answer.json.serialized())")
                return
            }
        }
        expect(true, "sample master data loaded: 2 items (1 CS = 12 BX = 144 EA), 2 locations, 1 supplier, 9 crosswalk entries")
        try await order()
        try await scanTheCase()
        try await matchTheInvoice()
        try await fixTheUnitOfMeasure()
        try await replenish()
        try await overall()
    }

    // MARK: - The scene

    mutating func order() async throws {
        let created = try await client.call(.POST, "/v1/purchase-orders", json: """
            {"number":"PO-1001","supplier":"ACME","shipTo":"MAIN-OR-STORE",
             "lines":[{"line":1,"item":"GLOVE-M","quantity":"12","unit":"BX","unitPrice":"45.50"}]}
            """)
        expect(created.status == 201, "PO-1001 created and sent to Acme Medical as an X12 850", created.json.serialized())
        let shipped = try await client.waitFor("/v1/purchase-orders/PO-1001") { order in
            let line = order["lines"]?.arrayValue?.first
            return line?["acknowledged"]?.stringValue == "12" && line?["shipped"]?.stringValue == "12"
        }
        expect(shipped.held, "the supplier's 855 acknowledged and its 856 shipped 12 BX", shipped.last.serialized())
    }

    mutating func scanTheCase() async throws {
        let order = try await client.get("/v1/purchase-orders/PO-1001")
        let shipment = order["lines"]?.arrayValue?.first?["shipments"]?.arrayValue?.first
        guard let lot = shipment?["lots"]?.arrayValue?.first?.stringValue, let expiry = shipment?["expiry"]?.stringValue,
              let yymmdd = Self.gs1Date(expiry) else {
            expect(false, "the ship notice names the lot and expiry to scan", order.serialized())
            return
        }
        // A GS1 DataMatrix on the case: GTIN of the case level, expiry, lot.
        let barcode = "]d2" + "0120614141000016" + "17" + yymmdd + "10" + lot
        let accepted = try await client.call(.POST, "/v1/events", json: """
            {"type":"receipt","source":"storeroom-a","occurredAt":"\(InventoryEventJSONTime.now())","location":"OR-1",
             "barcode":"\(barcode)","quantity":"1","purchaseOrder":"PO-1001","poLine":1}
            """, headers: [("Idempotency-Key", "demo-scan-case-1")])
        guard accepted.status == 202, let eventID = accepted.json["id"]?.stringValue else {
            expect(false, "the case scan is accepted", "\(accepted.status): \(accepted.json.serialized())")
            return
        }
        expect(true, "a case of gloves scanned (lot \(lot)) and accepted durably as \(eventID)")
        let posted = await waitUntil { await world.erp.ledger.count(of: .receipt(eventID)) == 1 }
        let posting = await world.erp.ledger.postings(of: .receipt(eventID)).first
        let line = posting?.body["lines"]?.arrayValue?.first
        expect(posted && line?["unit"]?.stringValue == "BOX" && line?["quantity"]?.stringValue == "12",
               "posted once to the ERP in its unit: 1 CS = 12 BOX of ERP-100234",
               posting.map { $0.body.serialized() } ?? "no posting")
        let received = try await client.waitFor("/v1/purchase-orders/PO-1001") { order in
            order["lines"]?.arrayValue?.first?["received"]?.stringValue == "12"
        }
        expect(received.held, "PO-1001 line 1 received 12 BX", received.last.serialized())
        let analytics = world.analytics
        let published = await waitUntil { analytics.signedTypes.contains("inventory.receipt") }
        expect(published, "analytics got the receipt as a signed webhook", "received: \(analytics.signedTypes)")
    }

    mutating func matchTheInvoice(of order: String = "PO-1001") async throws {
        let invoices = try await client.waitFor("/v1/invoices?q=\(order)") { !($0["items"]?.arrayValue?.isEmpty ?? true) }
        guard let number = invoices.last["items"]?.arrayValue?.first?["number"]?.stringValue else {
            expect(false, "the supplier's 810 for \(order) arrived", invoices.last.serialized())
            return
        }
        // The 810 came with the ship notice, before the goods: matching held it for a person.
        // Now that the goods are in, the clerk asks for the match again.
        var invoice = try await client.get("/v1/invoices/\(number)")
        for exception in invoice["exceptions"]?.arrayValue ?? [] where exception["status"]?.stringValue == "open" {
            guard let id = exception["id"]?.stringValue else { continue }
            _ = try await client.call(.POST, "/v1/exceptions/\(id)/resolve",
                                      json: #"{"action":"retry","note":"goods received; match again"}"#)
        }
        let matched = try await client.waitFor("/v1/invoices/\(number)") { $0["status"]?.stringValue == "matched" }
        invoice = matched.last
        expect(matched.held, "the supplier's 810 (\(number)) matched \(order) and its receipt", invoice.serialized())
        let posted = await waitUntil { await world.erp.ledger.count(of: .apInvoice(number)) == 1 }
        expect(posted, "the matched invoice posted once to the ERP's accounts payable")
    }

    mutating func fixTheUnitOfMeasure() async throws {
        let accepted = try await client.call(.POST, "/v1/events", json: """
            {"type":"receipt","source":"storeroom-a","occurredAt":"\(InventoryEventJSONTime.now())","location":"OR-1",
             "item":"9911","quantity":"2","unit":"BX"}
            """, headers: [("Idempotency-Key", "demo-gauze-1")])
        guard let eventID = accepted.json["id"]?.stringValue else {
            expect(false, "the gauze receipt is accepted", accepted.json.serialized())
            return
        }
        let queued = try await client.waitFor("/v1/exceptions?status=open&type=rejected-by-destination") { page in
            page["items"]?.arrayValue?.contains { $0["eventId"]?.stringValue == eventID } ?? false
        }
        guard let exception = queued.last["items"]?.arrayValue?.first(where: { $0["eventId"]?.stringValue == eventID }),
              let id = exception["id"]?.stringValue else {
            expect(false, "the ERP's UOM_MISMATCH lands in the exception queue", queued.last.serialized())
            return
        }
        let detail = try await client.get("/v1/exceptions/\(id)")
        expect(detail["context"]?["response"]?["body"]?["code"]?.stringValue == "UOM_MISMATCH",
               "the ERP refused 200 EA of gauze (UOM_MISMATCH): exception \(id) holds the payload, the request and the answer",
               detail.serialized())
        // The operations channel hears of it: the erp-rejections alert fires (checked twice a second).
        let analytics = world.analytics
        let alerted = await waitUntil { analytics.signedTypes.contains("alert.firing") }
        expect(alerted, "the erp-rejections alert fired and analytics was told", "received: \(analytics.signedTypes)")
        let fixed = try await client.call(.PUT, "/v1/systems/erp/crosswalk/items/ERP-200100", json: #"{"id":"GAUZE-4X4","unit":"BX"}"#)
        let preview = try await client.get("/v1/exceptions/\(id)/preview")
        let unitChange = preview["deliveries"]?.arrayValue?.first?["changes"]?.arrayValue?.first { $0["path"]?.stringValue == "lines[0].unit" }
        expect(fixed.status == 200 && unitChange?["to"]?.stringValue == "BOX",
               "a person maps the ERP's gauze to boxes; the retry preview shows EA becoming BOX", preview.serialized())
        let resolved = try await client.call(.POST, "/v1/exceptions/\(id)/resolve",
                                             json: #"{"action":"retry","note":"ERP keeps gauze in boxes; mapping fixed"}"#)
        expect(resolved.json["status"]?.stringValue == "resolved", "resolved with retry", resolved.json.serialized())
        let posted = await waitUntil { await world.erp.ledger.count(of: .receipt(eventID)) == 1 }
        let line = await world.erp.ledger.postings(of: .receipt(eventID)).first?.body["lines"]?.arrayValue?.first
        expect(posted && line?["unit"]?.stringValue == "BOX" && line?["quantity"]?.stringValue == "2",
               "the corrected receipt posted once: 2 BOX of ERP-200100", line?.serialized() ?? "no posting")
    }

    /// The replenishment scene (docs/stock.md): the 144 gloves received above are the OR
    /// storeroom's par; issuing 96 takes it to its reorder point of 48.
    mutating func replenish() async throws {
        for (path, body) in [("/v1/suppliers/ACME/prices/GLOVE-M", #"{"unit":"BX","price":"45.50","validFrom":"2026-01-01"}"#),
                             ("/v1/locations/MAIN-OR-STORE/par-levels/GLOVE-M", #"{"par":"144","reorderPoint":"48","unit":"EA","critical":true}"#)] {
            let answer = try await client.call(.PUT, path, json: body)
            guard answer.status == 200 || answer.status == 201 else {
                expect(false, "the contract price and the par level are set", "PUT \(path) answered \(answer.status): \(answer.json.serialized())")
                return
            }
        }
        let issued = try await client.call(.POST, "/v1/events", json: """
            {"type":"issue","source":"storeroom-a","occurredAt":"\(InventoryEventJSONTime.now())","location":"OR-1","item":"7788","quantity":"96","unit":"EA"}
            """, headers: [("Idempotency-Key", "demo-issue-gloves-1")])
        expect(issued.status == 202, "96 gloves issued from the OR storeroom: 48 left, its reorder point (par 144)", issued.json.serialized())
        let raised = try await client.waitFor("/v1/requisitions") { list in
            list.arrayValue?.contains { $0["item"]?.stringValue == "GLOVE-M" && $0["status"]?.stringValue == "ordered" } ?? false
        }
        let requisition = raised.last.arrayValue?.first { $0["item"]?.stringValue == "GLOVE-M" }
        guard raised.held, let requisition, let number = requisition["purchaseOrder"]?.stringValue else {
            expect(false, "a requisition is raised, approved within the limit and ordered", raised.last.serialized())
            return
        }
        expect(requisition["quantity"]?.stringValue == "8" && requisition["unit"]?.stringValue == "BX" && requisition["decidedBy"]?.stringValue == "replenishment",
               "requisition \(requisition["id"]?.stringValue ?? "") raised for 8 BX (96 EA back to par), worth \(requisition["amount"]?.stringValue ?? "?") USD: approved automatically and ordered as \(number)",
               requisition.serialized())
        let shipped = try await client.waitFor("/v1/purchase-orders/\(number)") { order in
            let line = order["lines"]?.arrayValue?.first
            return line?["acknowledged"]?.stringValue == "8" && line?["shipped"]?.stringValue == "8"
        }
        expect(shipped.held, "its 850 reached Acme Medical, whose 855 and 856 came back (8 BX shipped)", shipped.last.serialized())
        let shipment = shipped.last["lines"]?.arrayValue?.first?["shipments"]?.arrayValue?.first
        guard let lot = shipment?["lots"]?.arrayValue?.first?.stringValue, let expiry = shipment?["expiry"]?.stringValue else {
            expect(false, "the ship notice names the lot and expiry", shipped.last.serialized())
            return
        }
        let received = try await client.call(.POST, "/v1/events", json: """
            {"type":"receipt","source":"storeroom-a","occurredAt":"\(InventoryEventJSONTime.now())","location":"OR-1","item":"7788",
             "quantity":"8","unit":"BX","lot":"\(lot)","expiry":"\(expiry)","purchaseOrder":"\(number)","poLine":1}
            """, headers: [("Idempotency-Key", "demo-receive-replenishment-1")])
        expect(received.status == 202, "the 8 boxes received against \(number)", received.json.serialized())
        let stocked = try await client.waitFor("/v1/stock?location=MAIN-OR-STORE&item=GLOVE-M") { positions in
            let position = positions.arrayValue?.first
            return position?["onHand"]?.stringValue == "144" && position?["onOrder"]?.stringValue == "0"
        }
        expect(stocked.held, "the OR storeroom is back at par: 144 gloves on hand, none on order", stocked.last.serialized())
        let advised = await waitUntil {
            let out = world.directory.appendingPathComponent("exchange/acme/out")
            let names = ((try? FileManager.default.subpathsOfDirectory(atPath: out.path)) ?? [])
            return names.contains { $0.contains("861-\(number)-") }
        }
        expect(advised, "Acme Medical was sent an 861 receiving advice for the receipt")
        try await matchTheInvoice(of: number)
    }

    mutating func overall() async throws {
        let duplicates = await world.erp.ledger.duplicates()
        expect(duplicates.isEmpty, "nothing was posted twice", "duplicates: \(duplicates)")
        let analytics = world.analytics
        let resolved = await waitUntil { analytics.signedTypes.contains("alert.resolved") }
        expect(resolved, "the alert resolved once the exception was, and analytics was told", "received: \(analytics.signedTypes)")
        expect(analytics.unsigned == 0, "every webhook carried a valid signature")
        let dashboard = try await client.waitFor("/v1/dashboard") { dashboard in
            dashboard["business"]?["openExceptions"]?["total"]?.numberText == "0"
        }
        let erp = dashboard.last["systems"]?.arrayValue?.first { $0["name"]?.stringValue == "erp" }
        expect(dashboard.held && erp?["circuit"]?.stringValue == "closed",
               "the dashboard shows no open exceptions and the ERP's circuit closed", dashboard.last.serialized())
    }

    // MARK: - Helpers

    /// `2028-03-14` as the GS1 `YYMMDD` of AI 17.
    static func gs1Date(_ iso: String) -> String? {
        let digits = iso.filter(\.isNumber)
        guard digits.count == 8 else { return nil }
        return String(digits.dropFirst(2))
    }

    func waitUntil(timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return await condition()
    }
}

enum InventoryEventJSONTime {
    static func now() -> String { Date().formatted(.iso8601) }
}
