import Foundation
import SutureERPSimulator
import SutureModel
import Testing

/// Each injected fault, seen from a client over loopback HTTP; none of them posts anything.
@Suite("ERP simulator: fault injection")
struct ERPFaultInjectionTests {
    @Test func overTheRateLimitAnswers429WithRetryAfterAndPostsNothing() async throws {
        // given an ERP that allows a burst of 2 and then one request every 20 seconds (slow
        // enough that the bucket cannot refill between the three calls on a busy machine)
        let faults = ERPFaults(rateLimit: .init(perSecond: 0.05, burst: 2))
        try await withRunningSimulator(ERPSimulatorConfiguration(token: testToken, faults: faults)) { erp in
            // when three receipts come at once
            var statuses: [Int] = []
            var throttled: TestResponse?
            for index in 1...3 {
                let response = try await erp.client.postReceipt(receiptBody("R-\(index)"), key: "k\(index)")
                statuses.append(response.status)
                if response.status == 429 { throttled = response }
            }
            // then the third is throttled with a whole-second Retry-After and is not posted
            #expect(statuses == [201, 201, 429])
            let response = try #require(throttled)
            #expect(response.code == "RATE_LIMITED")
            let retryAfter = try #require(response.header("Retry-After").flatMap { Int($0) })
            #expect((1...20).contains(retryAfter), "whole seconds, at most one refill interval")
            #expect(await erp.ledger.postings().count == 2)
            #expect(await erp.ledger.count(of: .receipt("R-3")) == 0)
            #expect(await erp.ledger.summary().throttled == 1)
        }
    }

    @Test func shareOf503sFollowsTheSeedAndPostsNothing() async throws {
        // given two simulators with the same 50 % share of 503s and the same seed
        let faults = ERPFaults(unavailability: .init(probability: 0.5), seed: 42)
        func run() async throws -> [Int] {
            var statuses: [Int] = []
            try await withRunningSimulator(ERPSimulatorConfiguration(token: testToken, faults: faults)) { erp in
                for index in 1...20 {
                    statuses.append(try await erp.client.postReceipt(receiptBody("R-\(index)"), key: "k\(index)").status)
                }
                // then only the requests answered 201 were posted
                let posted = await erp.ledger.postings().map(\.businessKey)
                let expected = statuses.enumerated().filter { $0.element == 201 }.map { ERPBusinessKey.receipt("R-\($0.offset + 1)") }
                #expect(posted == expected)
                #expect(await erp.ledger.summary().failed == statuses.filter { $0 == 503 }.count)
            }
            return statuses
        }
        // when the same requests go to each
        let first = try await run()
        let second = try await run()
        // then both answer the same sequence, a mix of 201 and 503
        #expect(first == second)
        #expect(Set(first) == [201, 503])
    }

    @Test func alwaysUnavailableAnswers503WithTheConfiguredRetryAfter() async throws {
        let faults = ERPFaults(unavailability: .init(probability: 1, retryAfterSeconds: 3))
        try await withRunningSimulator(ERPSimulatorConfiguration(token: testToken, faults: faults)) { erp in
            let response = try await erp.client.postReceipt(receiptBody(), key: "k")
            #expect(response.status == 503)
            #expect(response.code == "UNAVAILABLE")
            #expect(response.header("Retry-After") == "3")
            #expect(await erp.ledger.postings().isEmpty)
        }
    }

    @Test func rejectedUnitIsAnswered422UOMMismatchAndNotPosted() async throws {
        // given an ERP that keeps the item in another unit than CS
        let faults = ERPFaults(mismatchedUnits: ["CS"])
        try await withRunningSimulator(ERPSimulatorConfiguration(token: testToken, faults: faults)) { erp in
            // when a receipt in CS arrives
            let response = try await erp.client.postReceipt(receiptBody("R-1", unit: "CS"), key: "k")
            // then it is refused for good, naming the line, and nothing is posted
            #expect(response.status == 422)
            #expect(response.code == "UOM_MISMATCH")
            #expect(response.json?["message"]?.stringValue?.contains("lines[0]") == true)
            #expect(await erp.ledger.postings().isEmpty)
            // and after the fix the corrected body goes through under the revised key
            let fixed = try await erp.client.postReceipt(receiptBody("R-1", unit: "EA"), key: "k-r1")
            #expect(fixed.status == 201)
            #expect(await erp.ledger.count(of: .receipt("R-1")) == 1)
        }
    }

    @Test func unknownItemIsAnswered422UnknownItem() async throws {
        let faults = ERPFaults(unknownItems: ["ERP-0000"])
        try await withRunningSimulator(ERPSimulatorConfiguration(token: testToken, faults: faults)) { erp in
            let response = try await erp.client.send("POST", "/inventory-transactions",
                                                     json: transactionBody(item: "ERP-0000"), idempotencyKey: "k")
            #expect(response.status == 422)
            #expect(response.code == "UNKNOWN_ITEM")
            #expect(await erp.ledger.postings().isEmpty)
            #expect(await erp.ledger.summary().rejected == 1)
        }
    }

    @Test func closedPurchaseOrderIsAnswered409POClosed() async throws {
        let faults = ERPFaults(closedPurchaseOrders: ["PO123456"])
        try await withRunningSimulator(ERPSimulatorConfiguration(token: testToken, faults: faults)) { erp in
            let status = try await erp.client.send("PUT", "/purchase-orders/PO123456/status",
                                                   json: #"{"status":"received","lines":[]}"#, idempotencyKey: "k1")
            let receipt = try await erp.client.postReceipt(receiptBody(purchaseOrder: "PO123456"), key: "k2")
            #expect(status.status == 409)
            #expect(status.code == "PO_CLOSED")
            #expect(receipt.status == 409)
            #expect(receipt.code == "PO_CLOSED")
            #expect(await erp.ledger.postings().isEmpty)
        }
    }

    @Test func downClosesConnectionsAndUpServesAgain() async throws {
        try await withRunningSimulator { erp in
            // given the ERP switched down
            _ = try await erp.client.control("POST", "/_sim/down")
            // when a receipt is posted, the connection closes without an answer
            await #expect(throws: (any Error).self) {
                _ = try await erp.client.postReceipt(receiptBody("R-1"), key: "k")
            }
            #expect(await erp.ledger.postings().isEmpty)
            #expect(await erp.ledger.summary().dropped >= 1)
            // when it is switched up, the same delivery posts
            _ = try await erp.client.control("POST", "/_sim/up")
            let response = try await erp.client.postReceipt(receiptBody("R-1"), key: "k")
            #expect(response.status == 201)
            #expect(await erp.ledger.postings().count == 1)
        }
    }

    @Test func downFor503ModeAnswers503UntilItComesBackByItself() async throws {
        try await withRunningSimulator { erp in
            // given the ERP down in 503 mode for five seconds (room for a loaded machine
            // between switching it down and the next request)
            let faults = try await erp.client.control("POST", "/_sim/down?downFor=5", json: #"{"downMode":"503"}"#)
            #expect(faults["down"] == .bool(true))
            #expect(faults["downMode"]?.stringValue == "503")
            // when a receipt comes meanwhile it is answered 503 with a Retry-After
            let during = try await erp.client.postReceipt(receiptBody("R-1"), key: "k")
            #expect(during.status == 503)
            // Retry-After says how many of the five seconds are left, rounded up.
            #expect((1...5).contains(Int(during.header("Retry-After") ?? "") ?? 0))
            // and once the time is up it is posted without anyone switching the ERP up
            var after = during
            let deadline = ContinuousClock.now + .seconds(30)
            while after.status == 503, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(250))
                after = try await erp.client.postReceipt(receiptBody("R-1"), key: "k")
            }
            #expect(after.status == 201)
            #expect(erp.simulator.faults.faults.down == false)
        }
    }

    @Test func latencyDelaysEveryAnswer() async throws {
        // given an ERP that takes 300 ms to answer
        let faults = ERPFaults(latency: .init(milliseconds: 300, jitterMilliseconds: 50))
        try await withRunningSimulator(ERPSimulatorConfiguration(token: testToken, faults: faults)) { erp in
            // when a receipt is posted
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await erp.client.postReceipt(receiptBody(), key: "k")
            let elapsed = clock.now - start
            // then the answer takes at least that long
            #expect(response.status == 201)
            #expect(elapsed >= .milliseconds(300))
        }
    }
}
