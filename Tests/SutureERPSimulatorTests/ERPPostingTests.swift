import Foundation
import SutureERPSimulator
import SutureModel
import Testing

/// The four endpoints of the reference ERP profile: posting, idempotency, authentication
/// and validation, over real loopback HTTP.
@Suite("ERP simulator: posting")
struct ERPPostingTests {
    @Test func postedReceiptIsRecordedInTheLedgerAndAnswered201() async throws {
        try await withRunningSimulator { erp in
            // given a valid receipt
            let body = receiptBody("R-1")
            // when the hub posts it
            let response = try await erp.client.postReceipt(body, key: "delivery-1")
            // then it is posted, answered 201 with the ERP's document id, and in the ledger as received
            #expect(response.status == 201)
            #expect(response.json?["status"]?.stringValue == "posted")
            let id = try #require(response.json?["id"]?.stringValue)
            let postings = await erp.ledger.postings()
            #expect(postings.count == 1)
            let posting = try #require(postings.first)
            #expect(posting.documentID == id)
            #expect(posting.kind == .receipt)
            #expect(posting.businessKey == .receipt("R-1"))
            #expect(posting.idempotencyKey == "delivery-1")
            #expect(posting.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            #expect(posting.body == (try JSONValue.parse(body)))
            // and the ledger reads the same over HTTP
            let ledger = try await erp.client.control("GET", "/_sim/ledger")
            let entry = try #require(ledger["postings"]?.arrayValue?.first)
            #expect(entry["id"]?.stringValue == id)
            #expect(entry["idempotencyKey"]?.stringValue == "delivery-1")
            #expect(entry["body"]?["lines"]?.arrayValue?.first?["lot"]?.stringValue == "LOT4711")
            #expect(entry["postedAt"]?.stringValue?.hasSuffix("Z") == true)
            #expect(entry["traceparent"] == .string("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        }
    }

    @Test func repeatedIdempotencyKeyWithTheSameBodyAnswers200AndDoesNotPostTwice() async throws {
        try await withRunningSimulator { erp in
            // given a receipt posted once
            let first = try await erp.client.postReceipt(receiptBody("R-1"), key: "delivery-1")
            // when the hub retries it with the same key and body (as after a lost answer)
            let retry = try await erp.client.postReceipt(receiptBody("R-1"), key: "delivery-1")
            // then the retry gets the original answer with 200, and one posting stands
            #expect(first.status == 201)
            #expect(retry.status == 200)
            #expect(retry.json == first.json)
            #expect(await erp.ledger.postings().count == 1)
            #expect(await erp.ledger.postings().first?.replays == 1)
            let summary = await erp.ledger.summary()
            #expect(summary.replayed == 1)
            #expect(summary.duplicates.isEmpty)
        }
    }

    @Test func sameBodyWithMembersInAnotherOrderIsTheSameRequest() async throws {
        try await withRunningSimulator { erp in
            // given a transaction posted once
            let body = #"{"transactionId":"T-1","type":"issue","item":"A","location":"L","quantity":1,"unit":"EA","occurredAt":"2026-05-18T10:15:00Z"}"#
            let reordered = #"{"type":"issue","transactionId":"T-1","location":"L","item":"A","unit":"EA","quantity":1,"occurredAt":"2026-05-18T10:15:00Z"}"#
            _ = try await erp.client.send("POST", "/inventory-transactions", json: body, idempotencyKey: "k")
            // when the retry serializes the members in another order
            let retry = try await erp.client.send("POST", "/inventory-transactions", json: reordered, idempotencyKey: "k")
            // then it is a replay, not a conflict
            #expect(retry.status == 200)
        }
    }

    @Test func repeatedIdempotencyKeyWithAnotherBodyAnswers409AndPostsNothing() async throws {
        try await withRunningSimulator { erp in
            // given a receipt posted under a key
            _ = try await erp.client.postReceipt(receiptBody("R-1", quantity: "\"24\""), key: "delivery-1")
            // when another body comes under the same key
            let response = try await erp.client.postReceipt(receiptBody("R-1", quantity: "\"25\""), key: "delivery-1")
            // then it is refused with IDEMPOTENCY_KEY_REUSED and the first posting is unchanged
            #expect(response.status == 409)
            #expect(response.code == "IDEMPOTENCY_KEY_REUSED")
            let postings = await erp.ledger.postings()
            #expect(postings.count == 1)
            #expect(postings.first?.body["lines"]?.arrayValue?.first?["quantity"] == .string("24"))
        }
    }

    @Test func requestWithoutAValidTokenIsAnswered401AndPostsNothing() async throws {
        try await withRunningSimulator { erp in
            // when one request has no token and another a wrong one
            let missing = try await erp.client.send("POST", "/receipts", json: receiptBody(), idempotencyKey: "a", sendToken: false)
            let wrong = try await erp.client.send("POST", "/receipts", json: receiptBody(), idempotencyKey: "b",
                                                  authorization: "Bearer not-the-token")
            // then both are refused with 401 and nothing is posted
            #expect(missing.status == 401)
            #expect(missing.code == "UNAUTHORIZED")
            #expect(missing.header("WWW-Authenticate") == "Bearer")
            #expect(wrong.status == 401)
            #expect(await erp.ledger.postings().isEmpty)
            #expect(await erp.ledger.summary().rejected == 2)
        }
    }

    @Test func withoutAConfiguredTokenEveryRequestIsLetIn() async throws {
        try await withRunningSimulator(ERPSimulatorConfiguration(token: nil)) { erp in
            let response = try await erp.client.postReceipt(receiptBody(), key: "k")
            #expect(response.status == 201)
        }
    }

    @Test func requestWithoutIdempotencyKeyIsAnswered400() async throws {
        try await withRunningSimulator { erp in
            let response = try await erp.client.send("POST", "/receipts", json: receiptBody())
            #expect(response.status == 400)
            #expect(response.code == "INVALID_REQUEST")
            #expect(response.json?["message"]?.stringValue?.contains("Idempotency-Key") == true)
            #expect(await erp.ledger.postings().isEmpty)
        }
    }

    @Test(arguments: [
        ("/receipts", #"{"purchaseOrder":"P","location":"L","receivedAt":"2026-05-18T10:15:00Z","lines":[{"item":"A","quantity":1,"unit":"EA"}]}"#, "receiptId is required"),
        ("/receipts", #"{"receiptId":"R","location":"L","receivedAt":"2026-05-18T10:15:00Z","lines":[]}"#, "lines must have at least one line"),
        ("/receipts", #"{"receiptId":"R","location":"L","receivedAt":"2026-05-18T10:15:00Z","lines":[{"item":"A","quantity":"1.5.0","unit":"EA"}]}"#, "lines[0].quantity"),
        ("/receipts", #"{"receiptId":"R","location":"L","receivedAt":"2026-05-18T10:15:00Z","lines":[{"item":"A","quantity":0,"unit":"EA"}]}"#, "lines[0].quantity must be more than 0"),
        ("/receipts", #"{"receiptId":"R","location":"L","receivedAt":"18.05.2026","lines":[{"item":"A","quantity":1,"unit":"EA"}]}"#, "receivedAt"),
        ("/receipts", #"{"receiptId":"R","location":"L","receivedAt":"2026-05-18T10:15:00Z","lines":[{"item":"A","quantity":1,"unit":"EA","expiry":"2027-02-30"}]}"#, "lines[0].expiry"),
        ("/inventory-transactions", #"{"transactionId":"T","type":"transfer","item":"A","location":"L","quantity":1,"unit":"EA","occurredAt":"2026-05-18T10:15:00Z"}"#, "toLocation is required"),
        ("/inventory-transactions", #"{"transactionId":"T","type":"receipt","item":"A","location":"L","quantity":1,"unit":"EA","occurredAt":"2026-05-18T10:15:00Z"}"#, "type must be one of"),
        ("/ap-invoices", #"{"invoice":"I","purchaseOrder":"P","supplier":"S","amount":"10.00","currency":"usd","lines":[],"match":"matched"}"#, "currency"),
        ("/ap-invoices", #"{"invoice":"I","purchaseOrder":"P","supplier":"S","amount":"10.00","currency":"USD","lines":[],"match":"maybe"}"#, "match must be one of"),
        ("/receipts", #"{"receiptId":"R""#, "not valid JSON"),
    ])
    func bodyThatBreaksTheProfileIsAnswered400NamingTheField(path: String, body: String, message: String) async throws {
        try await withRunningSimulator { erp in
            let response = try await erp.client.send("POST", path, json: body, idempotencyKey: "k")
            #expect(response.status == 400)
            #expect(response.code == "INVALID_REQUEST")
            let text = response.json?["message"]?.stringValue ?? ""
            #expect(text.contains(message), "message was: \(text)")
            #expect(await erp.ledger.postings().isEmpty)
        }
    }

    @Test func sameReceiptUnderAnotherKeyIsCountedAsADuplicatePosting() async throws {
        try await withRunningSimulator { erp in
            // given a receipt posted under one key
            _ = try await erp.client.postReceipt(receiptBody("R-7"), key: "delivery-1")
            // when a buggy hub posts the same receipt again under a new key
            let second = try await erp.client.postReceipt(receiptBody("R-7"), key: "delivery-1-again")
            // then the ERP posts it (it cannot know better) and the ledger shows the double posting
            #expect(second.status == 201)
            #expect(await erp.ledger.count(of: .receipt("R-7")) == 2)
            #expect(await erp.ledger.duplicates() == [.receipt("R-7")])
            let summary = try await erp.client.control("GET", "/_sim/ledger/summary")
            #expect(summary["duplicates"] == .array([.string("receipt:R-7")]))
            #expect(summary["byBusinessKey"]?["receipt:R-7"]?.intValue == 2)
            #expect(summary["postings"]?.intValue == 2)
        }
    }

    @Test func everyProfileEndpointPostsUnderItsBusinessKey() async throws {
        try await withRunningSimulator { erp in
            // when one document of each kind is posted
            let receipt = try await erp.client.postReceipt(receiptBody("R-1"), key: "k1")
            let transaction = try await erp.client.send("POST", "/inventory-transactions",
                                                        json: transactionBody("T-1", type: "adjustment", quantity: "\"-3\""),
                                                        idempotencyKey: "k2")
            let status = try await erp.client.send(
                "PUT", "/purchase-orders/PO123456/status",
                json: #"{"status":"partially-received","lines":[{"poLine":1,"status":"received","quantity":"24"}]}"#,
                idempotencyKey: "k3")
            let invoice = try await erp.client.send(
                "POST", "/ap-invoices",
                json: #"{"invoice":"INV-1","purchaseOrder":"PO123456","supplier":"ACME","amount":"1092.00","currency":"USD","lines":[{"line":1,"item":"ERP-4711","quantity":"24","unit":"EA","unitPrice":"45.50"}],"match":"matched"}"#,
                idempotencyKey: "k4")
            // then each is posted once under its own business key
            #expect([receipt.status, transaction.status, status.status, invoice.status] == [Int](repeating: 201, count: 4))
            let keys = await erp.ledger.postings().map(\.businessKey)
            #expect(keys == [.receipt("R-1"), .inventoryTransaction("T-1"),
                             .purchaseOrderStatus(number: "PO123456", status: "partially-received"), .apInvoice("INV-1")])
            #expect(await erp.ledger.postings().map(\.documentID) == ["GR-000001", "IT-000002", "POS-000003", "AP-000004"])
        }
    }

    @Test func concurrentRetriesUnderOneKeyPostOnce() async throws {
        try await withRunningSimulator { erp in
            // when twenty copies of one delivery race each other
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await erp.client.postReceipt(receiptBody("R-1"), key: "same-key").status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            // then exactly one posted and the others were answered as replays
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 200 }.count == 19)
            #expect(await erp.ledger.postings().count == 1)
        }
    }

    @Test func requestsWithoutTraceparentAreCounted() async throws {
        try await withRunningSimulator { erp in
            _ = try await erp.client.send("POST", "/receipts", json: receiptBody("R-1"), idempotencyKey: "a", traceparent: nil)
            _ = try await erp.client.send("POST", "/receipts", json: receiptBody("R-2"), idempotencyKey: "b", traceparent: "garbage")
            _ = try await erp.client.send("POST", "/receipts", json: receiptBody("R-3"), idempotencyKey: "c")
            let summary = await erp.ledger.summary()
            #expect(summary.withoutTraceparent == 2)
            #expect(await erp.ledger.posting(idempotencyKey: "a")?.traceparent == nil)
        }
    }
}
