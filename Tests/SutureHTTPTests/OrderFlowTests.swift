import Crypto
import Foundation
import SutureConfig
import SutureERPSimulator
import SutureModel
import SutureStore
import SutureDelivery
import SutureX12
import Testing
import SutureProcurement

/// The business flows of purchasing, end to end over real HTTP against the ERP simulator:
/// orders tracked per line, receiving, invoice matching, the workbench and compensation.
@Suite struct OrderFlowTests {
    static let order = #"{"number":"PO-7001","supplier":"ACME","shipTo":"MAIN-OR-STORE","orderedAt":"2026-05-10T09:00:00Z","lines":[{"line":1,"item":"GLOVE-M","quantity":"10","unit":"BX","unitPrice":"45.50"}]}"#
    static let gs = "\u{1D}"
    /// A case of gloves (GTIN 20614141000016: 1 CS = 10 BX), lot LOT4711, expiring 2027-01-31.
    static let caseScan = "]d2" + "0120614141000016" + "17270131" + "10LOT4711" + gs + "21SN0001"

    static func scan(order: String = "PO-7001", barcode: String = caseScan) -> String {
        let escaped = barcode.replacingOccurrences(of: "\u{1D}", with: "\\u001d")
        return #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","barcode":"\#(escaped)","quantity":"1","purchaseOrder":"\#(order)"}"#
    }

    /// Sends the supplier's `documents` as one 004010 interchange to `POST /v1/edi/x12`.
    static func postX12(_ documents: [X12Document], interchange: Int = 1, _ harness: PipelineHarness) async throws -> TestResponse {
        let text = try X12Writer(version: .v004010).write(
            documents, parties: X12EnvelopeParties(sender: "ACMEMED", receiver: "SUTURE"),
            control: X12ControlNumbers(interchange: interchange, group: interchange, firstSet: 1), timestamp: X12Timestamp(date: "20260518", time: "1015"))
        return try await harness.hub.request("POST", "/v1/edi/x12", token: harness.token, body: Data(text.utf8),
                                             headers: ["Content-Type": "application/edi-x12"])
    }

    static func seedSupplier(_ harness: PipelineHarness) async throws {
        _ = try await harness.hub.store.putSupplier(Supplier(id: "ACME", name: "Acme Medical", interchangeID: "ACMEMED"))
    }

    @Test func theReceivingSceneScanPostsOnceInTheERPsUnitMarksTheLineReceivedAndPublishesASignedEvent() async throws {
        try await WebhookSink.with { sink in
        try await PipelineHarness.with(adjust: { configuration in
            configuration.systems.append(SystemSettings(name: "analytics", connection: .webhook(WebhookSettings(url: sink.url, secret: "whsec_c2VjcmV0LWtleQ==")),
                                                        delivery: PipelineHarness.fastDelivery(maxAttempts: 5)))
            configuration.routes = [RouteSettings(types: ["receipt"], to: ["erp", "analytics"])]
        }) { harness in
            try await Self.seedSupplier(harness)
            let created = try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: Self.order)
            #expect(created.status == 201, "\(created.text)")
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: Self.order).status == 200)
            let other = Self.order.replacingOccurrences(of: #""quantity":"10""#, with: #""quantity":"12""#)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: other).status == 409)

            // The clerk scans a case against the order, without naming the line.
            let accepted = try await harness.post(Self.scan(), key: "dock-1").json()
            let id = try #require(accepted["id"] as? String)
            let correlationID = try #require(accepted["correlationId"] as? String)

            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(id)) == 1 })
            let posting = try #require(await harness.erp.ledger.postings(of: .receipt(id)).first)
            let line = try #require(posting.body["lines"]?.arrayValue?.first)
            #expect(line["item"] == .string("ERP-100234"), "the ERP's own item code")
            #expect(line["quantity"] == .string("10"), "1 CS = 10 BX, the unit the ERP keeps gloves in")
            #expect(line["unit"] == .string("BOX"))
            #expect(line["poLine"] == .integer(1), "the line found by item")
            #expect(line["lot"] == .string("LOT4711"))
            #expect(posting.body["purchaseOrder"] == .string("PO-7001"))

            let order = try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()
            let orderLine = try #require((order["lines"] as? [[String: Any]])?.first)
            #expect(orderLine["state"] as? String == "received")
            #expect(orderLine["received"] as? String == "10")
            #expect(orderLine["ordered"] as? String == "10")
            #expect(order["status"] as? String == "received")
            // The status update carries the order's revision: created as 1, received as 2.
            #expect(await eventually { await harness.erp.ledger.count(of: .purchaseOrderStatus(number: "PO-7001", status: "received", revision: 2)) == 1 })
            let status = try #require(await harness.erp.ledger.postings(of: .purchaseOrderStatus(number: "PO-7001", status: "received", revision: 2)).first)
            #expect(status.body["lines"]?.arrayValue?.first?["quantity"] == .string("10"))
            #expect(status.body["lines"]?.arrayValue?.first?["unit"] == .string("BOX"), "in the ERP's unit code")

            #expect(await eventually { sink.received().count == 1 })
            let published = try #require(sink.received().first)
            let key = SymmetricKey(data: Data(base64Encoded: "c2VjcmV0LWtleQ==")!)
            let signed = "\(published.headers["webhook-id"] ?? "").\(published.headers["webhook-timestamp"] ?? "").\(published.body)"
            #expect(published.headers["webhook-signature"] == "v1," + Data(HMAC<SHA256>.authenticationCode(for: Data(signed.utf8), using: key)).base64EncodedString())
            #expect(try JSONValue.parse(published.body)["data"]?["poLine"] == .integer(1))

            #expect(await eventually {
                let stages = ((try? await harness.hub.store.timeline(correlationID: CorrelationID(correlationID))) ?? []).map(\.stage.rawValue)
                return ["received", "normalized", "linked", "routed", "delivery-attempt"].allSatisfy(stages.contains)
                    && stages.filter { $0 == "delivered" }.count >= 3  // the receipt to both systems, the PO status to the ERP
            })
            let transaction = try await harness.hub.request("GET", "/v1/transactions/\(correlationID)", token: harness.token)
            #expect(transaction.status == 200)
            #expect(transaction.text.contains(#""stage":"linked""#))
            let steps = try await harness.hub.store.timeline(correlationID: CorrelationID(correlationID)).map { "\($0.stage) \($0.system ?? "-") \($0.detail)" }
            #expect(steps.filter { $0.hasPrefix("delivered") }.count >= 3, "\(steps)")
            #expect(try await harness.hub.store.exceptions(ExceptionFilter(), limit: 10, before: nil).isEmpty)
        }
        }
    }

    @Test func aUOMRejectionIsFixedInTheUnitCrosswalkAndRetryPostsTheReceiptExactlyOnce() async throws {
        try await PipelineHarness.with(faults: ERPFaults(mismatchedUnits: ["BOX"])) { harness in
            try await Self.seedSupplier(harness)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: Self.order).status == 201)
            let id = try #require(try await harness.post(Self.scan(), key: "uom-dock").json()["id"] as? String)
            #expect(await eventually {
                !((try? await harness.hub.store.exceptions(ExceptionFilter(type: .rejectedByDestination), limit: 5, before: nil)) ?? []).isEmpty
            })
            let exception = try #require(try await harness.hub.store.exceptions(ExceptionFilter(type: .rejectedByDestination), limit: 5, before: nil).first)
            let shown = try await harness.hub.request("GET", "/v1/exceptions/\(exception.id)", token: harness.token).json()
            #expect(((shown["context"] as? [String: Any])?["response"] as? [String: Any]).flatMap { ($0["body"] as? [String: Any])?["code"] as? String } == "UOM_MISMATCH")
            #expect(shown["actions"] as? [String] == ["retry", "reject"])
            #expect(shown["status"] as? String == "open")

            // A person takes it, fixes the ERP's unit code for boxes, and retries.
            let taken = try await harness.hub.request("POST", "/v1/exceptions/\(exception.id)/assign", token: harness.token, json: #"{"owner":"pat"}"#)
            #expect(try taken.json()["status"] as? String == "in-progress")
            #expect(try await harness.hub.request("DELETE", "/v1/systems/erp/crosswalk/units/BOX", token: harness.token).status == 204)
            let resolved = try await harness.hub.request("POST", "/v1/exceptions/\(exception.id)/resolve", token: harness.token,
                                                         json: #"{"action":"retry","note":"ERP wants BX for boxes; crosswalk fixed"}"#)
            #expect(resolved.status == 200, "\(resolved.text)")
            let body = try resolved.json()
            #expect(body["status"] as? String == "resolved")
            #expect(body["owner"] as? String == "pat")
            let history = try #require(body["history"] as? [[String: Any]])
            #expect(history.map { $0["action"] as? String } == ["assign", "retry"])
            #expect(history.last?["note"] as? String == "ERP wants BX for boxes; crosswalk fixed")
            #expect(history.last?["by"] as? String != nil)

            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(id)) == 1 })
            let posting = try #require(await harness.erp.ledger.postings(of: .receipt(id)).first)
            #expect(posting.body["lines"]?.arrayValue?.first?["unit"] == .string("BX"))
            #expect(posting.idempotencyKey.hasSuffix(".r1"), "the corrected body goes under a revised key")

            // The same action again is answered, not repeated; another action is refused.
            let again = try await harness.hub.request("POST", "/v1/exceptions/\(exception.id)/resolve", token: harness.token,
                                                      json: #"{"action":"retry","note":"again"}"#)
            #expect(again.status == 200)
            #expect(try await harness.hub.request("POST", "/v1/exceptions/\(exception.id)/resolve", token: harness.token,
                                                  json: #"{"action":"approve","note":"?"}"#).status == 409)
            #expect(await harness.settled(), "the hub finished its work")
            #expect(await harness.erp.ledger.count(of: .receipt(id)) == 1)
            #expect(await harness.erp.ledger.summary().duplicates.isEmpty)
            let timeline = try await harness.hub.store.timeline(correlationID: exception.correlationID)
            #expect(timeline.contains { $0.stage == .resolved && $0.outcome == "retry" })
        }
    }

    static func invoice(number: String, price: String, quantity: String = "10", unit: String = "BX", order: String = "PO-7001") -> String {
        #"{"number":"\#(number)","purchaseOrder":"\#(order)","supplier":"ACME","invoicedAt":"2026-05-25","currency":"USD","total":"455.00","lines":[{"line":1,"poLine":1,"item":"GLOVE-M","quantity":"\#(quantity)","unit":"\#(unit)","unitPrice":"\#(price)"}]}"#
    }

    @Test func anInvoiceWithinTolerancePostsToAPAndOneOutsideOpensAPriceVarianceThatApprovePosts() async throws {
        try await PipelineHarness.with(adjust: { configuration in
            configuration.matching.pricePercent = 2
            configuration.matching.priceAbsolute = Decimal(string: "0.50")!
        }) { harness in
            try await Self.seedSupplier(harness)
            for number in ["PO-7001", "PO-7002"] {
                let body = Self.order.replacingOccurrences(of: "PO-7001", with: number)
                #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: body).status == 201)
                let id = try #require(try await harness.post(Self.scan(order: number), key: "recv-\(number)").json()["id"] as? String)
                #expect(await eventually { await harness.erp.ledger.count(of: .receipt(id)) == 1 })
            }

            // 1 CS at 455.80 is 45.58 a box: 0.08 over 45.50, within 2 %.
            let within = try await harness.hub.request("POST", "/v1/invoices", token: harness.token,
                                                       json: Self.invoice(number: "INV-1", price: "455.80", quantity: "1", unit: "CS"))
            #expect(within.status == 202, "\(within.text)")
            #expect(try within.json()["status"] as? String == "matched")
            #expect(await eventually { await harness.erp.ledger.count(of: .apInvoice("INV-1")) == 1 })
            let ap = try #require(await harness.erp.ledger.postings(of: .apInvoice("INV-1")).first)
            #expect(ap.body["match"] == .string("matched"))
            #expect(ap.body["lines"]?.arrayValue?.first?["quantity"] == .string("10"), "posted in the ERP's unit")
            let matchedLine = try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()
            #expect((matchedLine["lines"] as? [[String: Any]])?.first?["state"] as? String == "matched")

            // 48.00 a box is 5.5 % over: a price variance, nothing posted.
            let outside = try await harness.hub.request("POST", "/v1/invoices", token: harness.token,
                                                        json: Self.invoice(number: "INV-2", price: "48.00", order: "PO-7002"))
            #expect(outside.status == 202)
            let invoice = try outside.json()
            #expect(invoice["status"] as? String == "exception")
            let exceptions = try #require(invoice["exceptions"] as? [[String: Any]])
            #expect(exceptions.count == 1)
            #expect(exceptions.first?["type"] as? String == "price-variance")
            let match = try #require(((invoice["lines"] as? [[String: Any]])?.first?["match"]) as? [String: Any])
            #expect(match["orderedUnitPrice"] as? String == "45.50", "money keeps its minor units")
            #expect(match["unitPrice"] as? String == "48.00")
            #expect(match["received"] as? String == "10")
            let exceptionID = try #require(exceptions.first?["id"] as? String)
            let detail = try await harness.hub.request("GET", "/v1/exceptions/\(exceptionID)", token: harness.token).json()
            #expect(detail["actions"] as? [String] == ["retry", "approve", "reject"])
            #expect(await harness.settled(), "the hub finished its work")
            #expect(await harness.erp.ledger.count(of: .apInvoice("INV-2")) == 0)

            let approved = try await harness.hub.request("POST", "/v1/exceptions/\(exceptionID)/resolve", token: harness.token,
                                                         json: #"{"action":"approve","note":"price increase agreed by buyer"}"#)
            #expect(approved.status == 200, "\(approved.text)")
            #expect(await eventually { await harness.erp.ledger.count(of: .apInvoice("INV-2")) == 1 })
            #expect(try #require(await harness.erp.ledger.postings(of: .apInvoice("INV-2")).first).body["match"] == .string("approved-variance"))
            let after = try await harness.hub.request("GET", "/v1/invoices/INV-2", token: harness.token).json()
            #expect(after["status"] as? String == "approved")
            let line = try await harness.hub.request("GET", "/v1/purchase-orders/PO-7002", token: harness.token).json()
            #expect((line["lines"] as? [[String: Any]])?.first?["state"] as? String == "matched")
            #expect((line["lines"] as? [[String: Any]])?.first?["invoiced"] as? String == "10")

            // The same invoice again is answered with the stored one; other content under its number is refused.
            #expect(try await harness.hub.request("POST", "/v1/invoices", token: harness.token,
                                                  json: Self.invoice(number: "INV-2", price: "48.00", order: "PO-7002")).status == 200)
            #expect(try await harness.hub.request("POST", "/v1/invoices", token: harness.token,
                                                  json: Self.invoice(number: "INV-2", price: "49.00", order: "PO-7002")).status == 409)
        }
    }

    @Test func aPartialReceiptABackorderAndASubstitutionLeaveTheLinesInTheRightStates() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            let store = harness.hub.store
            for id in ["MASK-N95", "MASK-ALT"] {
                _ = try await store.putItem(Item(id: try ItemID(id), description: "Respirator \(id)",
                                                 packaging: try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 20)])))
                _ = try await store.putCrosswalk(CrosswalkEntry(system: "storeroom-a", kind: .items, code: id, canonical: id))
                _ = try await store.putCrosswalk(CrosswalkEntry(system: "erp", kind: .items, code: "ERP-\(id)", canonical: id))
            }
            let order = #"{"number":"PO-8001","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"30","unit":"BX","unitPrice":"45.50"},{"line":2,"item":"GLOVE-M","quantity":"2","unit":"CS","unitPrice":"455"},{"line":3,"item":"MASK-N95","quantity":"4","unit":"BX","unitPrice":"30"}]}"#
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: order).status == 201)

            // The supplier acknowledges: line 1 accepted, line 2 backordered, line 3 substituted.
            let acknowledgment = X12Document(set: "855", control: "0001", number: "SO-1", purchaseOrder: "PO-8001", date: "20260518",
                                             purpose: "00", typeCode: "AC", lines: [
                X12LineItem(line: "1", quantity: "30", unit: "BX", unitPrice: "45.50", buyerPart: "GLOVE-M", status: "IA"),
                X12LineItem(line: "2", quantity: "2", unit: "CA", unitPrice: "455", buyerPart: "GLOVE-M", status: "IB"),
                X12LineItem(line: "3", quantity: "4", unit: "BX", unitPrice: "30", buyerPart: "MASK-ALT", status: "IS"),
            ])
            let edi = try await Self.postX12([acknowledgment], harness)
            #expect(edi.status == 202, "\(edi.text)")
            #expect(((try edi.json()["applied"] as? [[String: Any]])?.first?["outcome"]) as? String == "applied")

            // A partial receipt on line 1: one case of the thirty boxes.
            let scan = Self.scan(order: "PO-8001").replacingOccurrences(of: #""purchaseOrder":"PO-8001""#, with: #""purchaseOrder":"PO-8001","poLine":1"#)
            let receiptID = try #require(try await harness.post(scan, key: "partial-1").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(receiptID)) == 1 })

            var lines = try #require(try await harness.hub.request("GET", "/v1/purchase-orders/PO-8001", token: harness.token).json()["lines"] as? [[String: Any]])
            #expect(lines.map { $0["state"] as? String } == ["partially-received", "backordered", "substituted"])
            #expect(lines[0]["received"] as? String == "10")
            #expect(lines[0]["acknowledged"] as? String == "30")
            #expect(lines[1]["backordered"] as? String == "2")
            #expect(lines[2]["substitute"] as? String == "MASK-ALT")
            let backorders = try await store.exceptions(ExceptionFilter(type: .backorder, document: "purchase-order:PO-8001"), limit: 5, before: nil)
            #expect(backorders.count == 1)
            let substitution = try #require(try await store.exceptions(ExceptionFilter(type: .supplierSubstitution), limit: 5, before: nil).first)

            // The substitute arrives before anyone accepted it: it waits, and posts after `substitute` and `retry`.
            let masks = #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-19T08:00:00Z","location":"OR-1","item":"MASK-ALT","quantity":"4","unit":"BX","purchaseOrder":"PO-8001"}"#
            let maskID = try #require(try await harness.post(masks, key: "masks-1").json()["id"] as? String)
            #expect(await eventually { (try? await store.event(id: EventID(maskID)))?.status == .exception })
            let held = try #require(try await store.exceptions(ExceptionFilter(type: .unmatchedReceipt), limit: 5, before: nil).first)
            #expect(await harness.erp.ledger.count(of: .receipt(maskID)) == 0)
            let accepted = try await harness.hub.request("POST", "/v1/exceptions/\(substitution.id)/resolve", token: harness.token,
                                                         json: #"{"action":"substitute","note":"MASK-ALT is equivalent"}"#)
            #expect(accepted.status == 200, "\(accepted.text)")
            #expect(try await harness.hub.request("POST", "/v1/exceptions/\(held.id)/resolve", token: harness.token,
                                                  json: #"{"action":"retry","note":"substitute accepted"}"#).status == 200)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(maskID)) == 1 })
            lines = try #require(try await harness.hub.request("GET", "/v1/purchase-orders/PO-8001", token: harness.token).json()["lines"] as? [[String: Any]])
            #expect(lines[2]["state"] as? String == "received")
            #expect(lines[2]["acceptedSubstitute"] as? String == "MASK-ALT")
            #expect(try #require(await harness.erp.ledger.postings(of: .receipt(maskID)).first).body["lines"]?.arrayValue?.first?["poLine"] == .integer(3))
        }
    }

    @Test func rejectingAPartBackorderTakesOnlyTheBackorderedQuantityOffTheLine() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            let store = harness.hub.store
            let order = #"{"number":"PO-8101","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"10","unit":"BX","unitPrice":"45.50"}]}"#
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: order).status == 201)
            // The supplier ships 6 boxes now and backorders 4.
            var line = X12LineItem(line: "1", quantity: "10", unit: "BX", unitPrice: "45.50", buyerPart: "GLOVE-M")
            line.acknowledgments = [X12LineAcknowledgment(status: "IA", quantity: "6", unit: "BX"),
                                    X12LineAcknowledgment(status: "IB", quantity: "4", unit: "BX")]
            let acknowledgment = X12Document(set: "855", control: "0001", number: "SO-81", purchaseOrder: "PO-8101", date: "20260518",
                                             purpose: "00", typeCode: "AC", lines: [line])
            let edi = try await Self.postX12([acknowledgment], harness)
            #expect(edi.status == 202, "\(edi.text)")
            let backorder = try #require(try await store.exceptions(ExceptionFilter(type: .backorder, document: "purchase-order:PO-8101"), limit: 5, before: nil).first)

            // The buyer will not wait for the 4: they leave the order, the 6 stay on it.
            let rejected = try await harness.hub.request("POST", "/v1/exceptions/\(backorder.id)/resolve", token: harness.token,
                                                         json: #"{"action":"reject","note":"buying the rest elsewhere"}"#)
            #expect(rejected.status == 200, "\(rejected.text)")
            var orderLine = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-8101", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(orderLine["state"] as? String == "acknowledged")
            #expect(orderLine["ordered"] as? String == "6")
            #expect(orderLine["cancelled"] as? String == "4")
            #expect(orderLine["backordered"] as? String == "0")
            #expect(orderLine["acknowledged"] as? String == "6")
            #expect(try await harness.hub.request("POST", "/v1/exceptions/\(backorder.id)/resolve", token: harness.token,
                                                  json: #"{"action":"reject","note":"again"}"#).status == 200)

            // The 6 boxes arrive: the line is received in full, and the ERP hears so.
            let receipt = PipelineHarness.receipt(quantity: "6", unit: "BX").replacingOccurrences(of: "PO123456", with: "PO-8101")
            let receiptID = try #require(try await harness.post(receipt, key: "po-8101-6").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(receiptID)) == 1 })
            orderLine = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-8101", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(orderLine["state"] as? String == "received")
            #expect(orderLine["cancelled"] as? String == "4")
            #expect(await eventually {
                await harness.erp.ledger.postings().contains { $0.businessKey.kind == .purchaseOrderStatus && $0.businessKey.value.hasPrefix("PO-8101/received/") }
            })
            #expect(try await store.exceptions(ExceptionFilter(type: .quantityMismatch), limit: 5, before: nil).isEmpty)
        }
    }

    @Test func rejectingASubstituteOnceItShippedIsRefusedAndTheExceptionStaysOpen() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            let store = harness.hub.store
            _ = try await store.putItem(Item(id: "GLOVE-L", description: "Nitrile gloves L",
                                             packaging: try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 10)])))
            let order = #"{"number":"PO-8201","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"10","unit":"BX","unitPrice":"45.50"}]}"#
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: order).status == 201)
            let acknowledgment = X12Document(set: "855", control: "0001", number: "SO-82", purchaseOrder: "PO-8201", date: "20260518",
                                             purpose: "00", typeCode: "AC", lines: [
                X12LineItem(line: "1", quantity: "10", unit: "BX", unitPrice: "45.50", buyerPart: "GLOVE-L", status: "IS"),
            ])
            let notice = X12Document(set: "856", control: "0002", number: "SH-82", purchaseOrder: "PO-8201", date: "20260519", time: "1000",
                                     purpose: "00", lines: [X12LineItem(line: "1", quantity: "10", unit: "BX", purchaseOrder: "PO-8201")])
            for (index, document) in [acknowledgment, notice].enumerated() {
                let edi = try await Self.postX12([document], interchange: index + 1, harness)
                #expect(edi.status == 202, "\(edi.text)")
            }
            let substitution = try #require(try await store.exceptions(ExceptionFilter(type: .supplierSubstitution), limit: 5, before: nil).first)
            // The goods are on their way: cancelling the line is refused, with the reason, and
            // nothing changes; the person can still accept the substitute.
            let refused = try await harness.hub.request("POST", "/v1/exceptions/\(substitution.id)/resolve", token: harness.token,
                                                        json: #"{"action":"reject","note":"we do not take L"}"#)
            #expect(refused.status == 409, "\(refused.text)")
            #expect(refused.text.contains("shipped"), "\(refused.text)")
            #expect(try await store.exception(id: substitution.id)?.status == .open)
            let line = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-8201", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(line["state"] as? String == "shipped")
            #expect(try await harness.hub.request("POST", "/v1/exceptions/\(substitution.id)/resolve", token: harness.token,
                                                  json: #"{"action":"substitute","note":"fine, L it is"}"#).status == 200)
        }
    }

    @Test func aNewerOrderStatusTakesThePlaceOfOneTheERPHasNotTakenYet() async throws {
        try await PipelineHarness.with(adjust: { configuration in
            configuration.systems[1].delivery.retry = PipelineHarness.fastRetry(maxAttempts: 100)
        }) { harness in
            try await Self.seedSupplier(harness)
            let store = harness.hub.store
            let order = #"{"number":"PO-9001","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"20","unit":"BX","unitPrice":"45.50"}]}"#
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: order).status == 201)
            let statuses: @Sendable () async -> [DeliveryRecord] = {
                ((try? await store.deliveries(source: .event("purchase-order:PO-9001"))) ?? []).sorted { $0.id < $1.id }
            }

            // Two cases arrive while the ERP is down: the line is partially received (revision 2),
            // then received (revision 3), and both statuses wait for the ERP.
            _ = try harness.erp.faults.goDown(mode: .serviceUnavailable)
            _ = try await harness.post(Self.scan(order: "PO-9001"), key: "down-1")
            #expect(await eventually(timeout: .seconds(20)) { await statuses().count == 1 })
            let second = Self.caseScan.replacingOccurrences(of: "SN0001", with: "SN0002")
            _ = try await harness.post(Self.scan(order: "PO-9001", barcode: second), key: "down-2")
            #expect(await eventually(timeout: .seconds(20)) { await statuses().count == 2 })
            // Revision 2 is not sent again once revision 3 exists; it is marked so, and traced.
            #expect(await eventually(timeout: .seconds(20)) { await statuses().first?.status == .superseded })
            _ = harness.erp.faults.comeUp()

            #expect(await eventually(timeout: .seconds(20)) {
                await harness.erp.ledger.count(of: .purchaseOrderStatus(number: "PO-9001", status: "received", revision: 3)) == 1
            })
            #expect(await harness.erp.ledger.count(of: .purchaseOrderStatus(number: "PO-9001", status: "partially-received", revision: 2)) == 0)
            #expect(await eventually { await statuses().map(\.status) == [.superseded, .delivered] })
            let final = await statuses()
            try #require(final.count == 2)
            let listed = try await harness.hub.request("GET", "/v1/deliveries?status=superseded", token: harness.token)
            #expect(listed.status == 200)
            #expect(listed.text.contains(final[0].id.rawValue))
            let trace = try await store.timeline(correlationID: final[0].correlationID)
            #expect(trace.contains { $0.stage == .superseded && $0.detail.hasPrefix(final[0].id.rawValue) })
            // A superseded status is not sent again on request either.
            let replay = try await harness.hub.request("POST", "/v1/deliveries/\(final[0].id)/replay", token: harness.token)
            #expect(replay.status == 409, "\(replay.text)")
            #expect(await harness.erp.ledger.count(of: .purchaseOrderStatus(number: "PO-9001", status: "partially-received", revision: 2)) == 0)
        }
    }

    @Test func aVoidedReceiptAndAReturnToTheSupplierPostTheirReversalsOnce() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            let body = Self.order.replacingOccurrences(of: #""quantity":"10""#, with: #""quantity":"30""#)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: body).status == 201)
            let first = try #require(try await harness.post(Self.scan(), key: "void-1").json()["id"] as? String)
            let second = try #require(try await harness.post(Self.scan().replacingOccurrences(of: "SN0001", with: "SN0002"), key: "void-2").json()["id"] as? String)
            #expect(await eventually {
                let status = try? await harness.hub.store.deliveries(source: .event(EventID(first))).first?.status
                let posted = await harness.erp.ledger.count(of: .receipt(first))
                return posted == 1 && status == .delivered
            })
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(second)) == 1 })

            let voided = try await harness.hub.request("POST", "/v1/events/\(first)/void", token: harness.token, json: #"{"reason":"scanned twice"}"#)
            #expect(voided.status == 202, "\(voided.text)")
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(first + ".void")) == 1 })
            let reversal = try #require(await harness.erp.ledger.postings(of: .receipt(first + ".void")).first)
            #expect(reversal.body["reverses"] == .string(first))
            #expect(reversal.body["lines"]?.arrayValue?.first?["quantity"] == .string("-10"))
            #expect(try await harness.hub.request("POST", "/v1/events/\(first)/void", token: harness.token, json: #"{"reason":"again"}"#).status == 202)

            // Half a case goes back to the supplier.
            let giveBack = #"{"type":"return","source":"storeroom-a","occurredAt":"2026-05-20T08:00:00Z","location":"OR-1","item":"7788","quantity":"5","unit":"BX","purchaseOrder":"PO-7001","reason":"damaged"}"#
            let returned = try #require(try await harness.post(giveBack, key: "rts-1").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .inventoryTransaction(returned)) == 1 })

            #expect(await eventually {
                let line = ((try? await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"]) as? [[String: Any]])?.first
                return line?["received"] as? String == "5" && line?["state"] as? String == "partially-received"
            })
            #expect(await harness.settled(), "the hub finished its work")
            #expect(await harness.erp.ledger.count(of: .receipt(first + ".void")) == 1, "voiding again posts nothing more")
            #expect(await harness.erp.ledger.summary().duplicates.isEmpty)
        }
    }

    @Test func aReceiptWhosePostingWaitsForAMappingStillCountsOnTheLineAndDoesNotStallTheBatch() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            let store = harness.hub.store
            _ = try await store.putItem(Item(id: "GOWN-L", description: "Isolation gown L",
                                             packaging: try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 10)])))
            _ = try await store.putCrosswalk(CrosswalkEntry(system: "storeroom-a", kind: .items, code: "GOWN", canonical: "GOWN-L"))
            let order = #"{"number":"PO-7100","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"10","unit":"BX","unitPrice":"45.50"},{"line":2,"item":"GOWN-L","quantity":"5","unit":"BX","unitPrice":"20"}]}"#
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: order).status == 201)
            // One batch: the gowns first (the ERP has no code for them), then the gloves, on the same order.
            let gowns = #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"GOWN","quantity":"5","unit":"BX","purchaseOrder":"PO-7100","poLine":2,"idempotencyKey":"b-gowns"}"#
            let gloves = #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-18T10:16:00Z","location":"OR-1","item":"7788","quantity":"1","unit":"CA","lot":"L1","purchaseOrder":"PO-7100","poLine":1,"idempotencyKey":"b-gloves"}"#
            let batch = try await harness.hub.request("POST", "/v1/events:batch", token: harness.token, json: #"{"events":[\#(gowns),\#(gloves)]}"#)
            #expect(batch.status == 202)
            let ids = try #require((try batch.json()["results"] as? [[String: Any]])?.compactMap { $0["id"] as? String })
            #expect(ids.count == 2)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(ids[1])) == 1 })
            #expect(await eventually { (try? await store.event(id: EventID(ids[0])))?.status == .exception })
            #expect(try await store.exceptions(ExceptionFilter(type: .unmappedItem), limit: 5, before: nil).count == 1)
            let lines = try #require(try await harness.hub.request("GET", "/v1/purchase-orders/PO-7100", token: harness.token).json()["lines"] as? [[String: Any]])
            #expect(lines.map { $0["received"] as? String } == ["10", "5"])
        }
    }

    @Test func rejectingAnOverReceiptReversesItAndACorrectionPostsTheRightQuantityOnce() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: Self.order).status == 201)
            // Two cases (20 BX) against 10 BX ordered: posted (the goods are there) and flagged.
            let over = PipelineHarness.receipt(quantity: "2").replacingOccurrences(of: "PO123456", with: "PO-7001")
            let id = try #require(try await harness.post(over, key: "over-1").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(id)) == 1 })
            #expect(await eventually { (try? await harness.hub.store.deliveries(source: .event(EventID(id))).first?.status) == .delivered })
            let mismatch = try #require(try await harness.hub.store.exceptions(ExceptionFilter(type: .quantityMismatch), limit: 5, before: nil).first)
            #expect(mismatch.summary.contains("20 BX received against 10 BX ordered"), "\(mismatch.summary)")
            let shown = try await harness.hub.request("GET", "/v1/exceptions/\(mismatch.id)", token: harness.token).json()
            #expect(shown["actions"] as? [String] == ["approve", "reject"])

            // The dock refuses the extra case: rejecting reverses the receipt.
            let rejected = try await harness.hub.request("POST", "/v1/exceptions/\(mismatch.id)/resolve", token: harness.token,
                                                         json: #"{"action":"reject","note":"one case too many; sent back"}"#)
            #expect(rejected.status == 200, "\(rejected.text)")
            #expect(try rejected.json()["status"] as? String == "rejected")
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(id + ".void")) == 1 })
            var line = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(line["received"] as? String == "0")
            #expect(line["state"] as? String == "ordered")

            // A correction of another receipt: 1 case was keyed, 5 boxes arrived.
            let keyed = PipelineHarness.receipt(quantity: "1").replacingOccurrences(of: "PO123456", with: "PO-7001")
            let second = try #require(try await harness.post(keyed, key: "keyed-1").json()["id"] as? String)
            #expect(await eventually { (try? await harness.hub.store.deliveries(source: .event(EventID(second))).first?.status) == .delivered })
            let correction = #"{"quantity":"5","unit":"BX","reason":"miskeyed: 5 boxes, not a case"}"#
            let corrected = try await harness.hub.request("POST", "/v1/events/\(second)/correct", token: harness.token, json: correction)
            #expect(corrected.status == 202, "\(corrected.text)")
            let newID = try #require((try corrected.json()["correction"] as? [String: Any])?["id"] as? String)
            let again = try await harness.hub.request("POST", "/v1/events/\(second)/correct", token: harness.token, json: correction)
            #expect(((try again.json()["correction"] as? [String: Any])?["id"] as? String) == newID, "a repeat answers the same correction")
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(newID)) == 1 })
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(second + ".void")) == 1 }, "the reversal and the correction go out in parallel")
            #expect(try #require(await harness.erp.ledger.postings(of: .receipt(newID)).first).body["lines"]?.arrayValue?.first?["quantity"] == .string("5"))
            #expect(await eventually {
                let lines = (try? await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"]) as? [[String: Any]]
                return lines?.first?["received"] as? String == "5"
            })
            line = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(line["state"] as? String == "partially-received")
            let other = #"{"quantity":"6","reason":"no, six"}"#
            #expect(try await harness.hub.request("POST", "/v1/events/\(second)/correct", token: harness.token, json: other).status == 409)
            #expect(await harness.erp.ledger.summary().duplicates.isEmpty)
        }
    }

    @Test func rejectingAnInvoiceTakesItsChargesBackAndPostsNothing() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: Self.order).status == 201)
            // Invoiced before anything was received: a quantity mismatch.
            let invoice = try await harness.hub.request("POST", "/v1/invoices", token: harness.token, json: Self.invoice(number: "INV-9", price: "45.50")).json()
            #expect(invoice["status"] as? String == "exception")
            let exception = try #require((invoice["exceptions"] as? [[String: Any]])?.first)
            #expect(exception["type"] as? String == "quantity-mismatch")
            var line = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(line["invoiced"] as? String == "10")
            let id = try #require(exception["id"] as? String)
            #expect(try await harness.hub.request("POST", "/v1/exceptions/\(id)/resolve", token: harness.token,
                                                  json: #"{"action":"reject","note":"not delivered; asked for a credit"}"#).status == 200)
            line = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(line["invoiced"] as? String == "0")
            #expect(line["state"] as? String == "ordered")
            #expect(try await harness.hub.request("GET", "/v1/invoices/INV-9", token: harness.token).json()["status"] as? String == "rejected")
            #expect(await harness.settled(), "the hub finished its work")
            #expect(await harness.erp.ledger.count(of: .apInvoice("INV-9")) == 0)
        }
    }

    @Test func receiptsAreCheckedAgainstTheShipNoticesQuantityLotAndExpiry() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            let order = Self.order.replacingOccurrences(of: #""quantity":"10""#, with: #""quantity":"30""#)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: order).status == 201)
            // The supplier ships 10 BX of lot LOT4711, expiring 2027-01-31.
            let notice = X12Document(set: "856", control: "0001", number: "SHIP-1", purchaseOrder: "PO-7001", date: "20260518", time: "1000",
                                     purpose: "00", lines: [
                X12LineItem(line: "1", quantity: "10", unit: "BX", buyerPart: "GLOVE-M", lot: "LOT4711", expiry: "2027-01-31", purchaseOrder: "PO-7001"),
            ])
            let edi = try await Self.postX12([notice], interchange: 7, harness)
            #expect(edi.status == 202, "\(edi.text)")
            var line = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(line["shipped"] as? String == "10")
            #expect(line["state"] as? String == "partially-shipped")
            #expect(((line["shipments"] as? [[String: Any]])?.first?["expiry"]) as? String == "2027-01-31")

            // The announced case arrives as announced: no exception.
            let matching = try #require(try await harness.post(Self.scan(), key: "asn-1").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(matching)) == 1 })
            #expect(try await harness.hub.store.exceptions(ExceptionFilter(), limit: 10, before: nil).isEmpty)
            line = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(line["received"] as? String == "10")

            // A second case of another lot: more than the ship notice announced, and a lot it did not.
            let other = Self.caseScan.replacingOccurrences(of: "10LOT4711", with: "10LOT9999").replacingOccurrences(of: "SN0001", with: "SN0002")
            let surprise = try #require(try await harness.post(Self.scan(barcode: other), key: "asn-2").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(surprise)) == 1 }, "posted: the goods are there")
            let exceptions = try await harness.hub.store.exceptions(ExceptionFilter(correlationID: nil), limit: 10, before: nil)
            #expect(Set(exceptions.map(\.type)) == [.quantityMismatch, .lotMismatch])
            #expect(exceptions.first { $0.type == .quantityMismatch }?.summary.contains("on the ship notice") == true)
            #expect(exceptions.allSatisfy { $0.eventID?.rawValue == surprise })

            // The announced lot with another expiry date than announced.
            let redated = Self.caseScan.replacingOccurrences(of: "17270131", with: "17280131").replacingOccurrences(of: "SN0001", with: "SN0003")
            let third = try #require(try await harness.post(Self.scan(barcode: redated), key: "asn-3").json()["id"] as? String)
            #expect(await eventually {
                ((try? await harness.hub.store.exceptions(ExceptionFilter(type: .lotMismatch), limit: 10, before: nil)) ?? [])
                    .contains { $0.eventID?.rawValue == third && $0.summary.contains("expiry 2028-01-31, the ship notice announced 2027-01-31") }
            })
        }
    }

    @Test(arguments: [
        (#"{"number":"PO-1","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[]}"#, 400, "lines"),
        (#"{"number":"PO-1","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"1","unit":"BX"},{"line":1,"item":"GLOVE-M","quantity":"2","unit":"BX"}]}"#, 422, "lines[1].line"),
        (#"{"number":"PO-1","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"0","unit":"BX"}]}"#, 400, "lines[0].quantity"),
        (#"{"number":"PO-1","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"1","unit":"BX","colour":"blue"}]}"#, 400, "lines[0].colour"),
        (#"{"number":"PO/1","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"1","unit":"BX"}]}"#, 400, "number"),
        (#"{"number":"PO-1","supplier":"NOBODY","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"1","unit":"BX"}]}"#, 422, "supplier"),
        (#"{"number":"PO-1","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"NOPE","quantity":"1","unit":"BX"}]}"#, 422, "lines[0].item"),
        (#"{"number":"PO-1","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"1","unit":"PK"}]}"#, 422, "lines[0].unit"),
    ])
    func badOrdersAreRefusedNamingTheFieldAndNothingIsStored(body: String, status: Int, field: String) async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            let response = try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: body)
            #expect(response.status == status, "\(response.text)")
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect((try response.json()["detail"] as? String)?.contains(field) == true, "\(response.text)")
            #expect(try await harness.hub.store.document(.purchaseOrder, key: "PO-1") == nil)
            #expect(try await harness.hub.request("GET", "/v1/purchase-orders/PO-1", token: harness.token).status == 404)
        }
    }

    @Test func anInvoiceForAnOrderSuturesDoesNotTrackIs422AndAnotherSuppliersIsRefused() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            _ = try await harness.hub.store.putSupplier(Supplier(id: "OTHER", name: "Other"))
            let untracked = try await harness.hub.request("POST", "/v1/invoices", token: harness.token, json: Self.invoice(number: "INV-X", price: "1", order: "PO-NONE"))
            #expect(untracked.status == 422)
            #expect((try untracked.json()["detail"] as? String)?.contains("purchaseOrder") == true)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: Self.order).status == 201)
            let wrongSupplier = Self.invoice(number: "INV-Y", price: "45.50").replacingOccurrences(of: #""supplier":"ACME""#, with: #""supplier":"OTHER""#)
            let refused = try await harness.hub.request("POST", "/v1/invoices", token: harness.token, json: wrongSupplier)
            #expect(refused.status == 422)
            #expect(try await harness.hub.store.document(.invoice, key: "INV-Y") == nil)
            let malformed = try await harness.hub.request("POST", "/v1/invoices", token: harness.token, json: #"{"number":"INV-Z"}"#)
            #expect(malformed.status == 400)
        }
    }

    @Test func aMatchedInvoiceTheERPHasNoCodeForWaitsAsAnExceptionAndRetryPostsIt() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedSupplier(harness)
            #expect(try await harness.hub.request("POST", "/v1/purchase-orders", token: harness.token, json: Self.order).status == 201)
            let id = try #require(try await harness.post(Self.scan(), key: "ap-recv").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(id)) == 1 })
            // The ERP's code for the gloves is withdrawn before the invoice comes.
            #expect(try await harness.hub.request("DELETE", "/v1/systems/erp/crosswalk/items/ERP-100234", token: harness.token).status == 204)
            let answer = try await harness.hub.request("POST", "/v1/invoices", token: harness.token, json: Self.invoice(number: "INV-MAP", price: "45.50"))
            #expect(answer.status == 202, "\(answer.text)")
            let invoice = try answer.json()
            #expect(invoice["status"] as? String == "matched")
            let exception = try #require((invoice["exceptions"] as? [[String: Any]])?.first)
            #expect(exception["type"] as? String == "unmapped-item")
            #expect(await harness.settled(), "the hub finished its work")
            #expect(await harness.erp.ledger.count(of: .apInvoice("INV-MAP")) == 0)
            // Mapped again, retried: posted once.
            #expect(try await harness.hub.request("PUT", "/v1/systems/erp/crosswalk/items/ERP-100234", token: harness.token,
                                                  json: #"{"id":"GLOVE-M","unit":"BX"}"#).status == 201)
            let id2 = try #require(exception["id"] as? String)
            let retried = try await harness.hub.request("POST", "/v1/exceptions/\(id2)/resolve", token: harness.token, json: #"{"action":"retry","note":"mapped"}"#)
            #expect(retried.status == 200, "\(retried.text)")
            #expect(await eventually { await harness.erp.ledger.count(of: .apInvoice("INV-MAP")) == 1 })
            let line = try #require((try await harness.hub.request("GET", "/v1/purchase-orders/PO-7001", token: harness.token).json()["lines"] as? [[String: Any]])?.first)
            #expect(line["invoiced"] as? String == "10")
            #expect(line["state"] as? String == "matched")
        }
    }
}
