import Foundation
import SutureERPSimulator
import SutureModel
import Testing

/// The `/_sim` endpoints: summary, rate histogram, reset and faults changed at run time.
@Suite("ERP simulator: control API")
struct ERPControlAPITests {
    @Test func faultsChangedOverHTTPTakeEffectAtOnce() async throws {
        try await withRunningSimulator { erp in
            // given a healthy ERP
            _ = try await erp.client.postReceipt(receiptBody("R-1", unit: "BX"), key: "k1")
            // when BX is made a mismatched unit over HTTP
            let faults = try await erp.client.control("PUT", "/_sim/faults", json: #"{"mismatchedUnits":["BX"]}"#)
            #expect(faults["mismatchedUnits"] == .array([.string("BX")]))
            #expect(try await erp.client.control("GET", "/_sim/faults") == faults)
            // then the next receipt in BX is refused
            let response = try await erp.client.postReceipt(receiptBody("R-2", unit: "BX"), key: "k2")
            #expect(response.status == 422)
            #expect(response.code == "UOM_MISMATCH")
            // and a replay of what was posted before the change still answers 200
            let replay = try await erp.client.postReceipt(receiptBody("R-1", unit: "BX"), key: "k1")
            #expect(replay.status == 200)
        }
    }

    @Test(arguments: [
        #"{"rateLimt":{"perSecond":5}}"#,
        #"{"unavailable":{"probability":1.5}}"#,
        #"{"rateLimit":{"perSecond":0}}"#,
        #"{"latency":{"milliseconds":10,"jitter":5}}"#,
        #"{"downMode":"sometimes"}"#,
        #"not json"#,
    ])
    func invalidFaultsAreRefused400AndChangeNothing(body: String) async throws {
        try await withRunningSimulator { erp in
            let before = erp.simulator.faults.faults
            let response = try await erp.client.send("PUT", "/_sim/faults", json: body, sendToken: false)
            #expect(response.status == 400)
            #expect(response.code == "INVALID_FAULTS")
            #expect(erp.simulator.faults.faults == before)
        }
    }

    @Test func summaryCountsEveryRequestAndItsArrivalSecond() async throws {
        try await withRunningSimulator { erp in
            // given five requests: three posted, one replayed, one refused
            _ = try await erp.client.postReceipt(receiptBody("R-1"), key: "k1")
            _ = try await erp.client.postReceipt(receiptBody("R-2"), key: "k2")
            _ = try await erp.client.postReceipt(receiptBody("R-3"), key: "k3")
            _ = try await erp.client.postReceipt(receiptBody("R-3"), key: "k3")
            _ = try await erp.client.send("POST", "/receipts", json: "{}", idempotencyKey: "k4")
            // when the summary is read over HTTP
            let summary = try await erp.client.control("GET", "/_sim/ledger/summary")
            // then it counts them, and the per-second histogram adds up to the requests
            #expect(summary["postings"]?.intValue == 3)
            #expect(summary["requests"]?.intValue == 5)
            #expect(summary["replayed"]?.intValue == 1)
            #expect(summary["rejected"]?.intValue == 1)
            #expect(summary["throttled"]?.intValue == 0)
            #expect(summary["failed"]?.intValue == 0)
            let perSecond = try #require(summary["requestsPerSecond"]?.arrayValue)
            #expect(perSecond.compactMap { $0["requests"]?.intValue }.reduce(0, +) == 5)
            let rate = try await erp.client.control("GET", "/_sim/rate")
            #expect(rate["requestsPerSecond"] == summary["requestsPerSecond"])
            #expect((1...5).contains(rate["peakRequestsPerSecond"]?.intValue ?? 0))
        }
    }

    @Test func resetForgetsPostingsAndKeys() async throws {
        try await withRunningSimulator { erp in
            _ = try await erp.client.postReceipt(receiptBody("R-1"), key: "k1")
            _ = try await erp.client.control("POST", "/_sim/reset")
            #expect(await erp.ledger.postings().isEmpty)
            #expect(await erp.ledger.summary().requests == 0)
            // the key is free again, so the same request posts anew
            let response = try await erp.client.postReceipt(receiptBody("R-1"), key: "k1")
            #expect(response.status == 201)
        }
    }

    @Test func ledgerCanBeReadFromASequenceOn() async throws {
        try await withRunningSimulator { erp in
            for index in 1...3 { _ = try await erp.client.postReceipt(receiptBody("R-\(index)"), key: "k\(index)") }
            let ledger = try await erp.client.control("GET", "/_sim/ledger?after=2")
            let postings = try #require(ledger["postings"]?.arrayValue)
            #expect(postings.map { $0["sequence"]?.intValue } == [3])
        }
    }

    @Test func controlEndpointsNeedNoToken() async throws {
        try await withRunningSimulator { erp in
            let response = try await erp.client.send("GET", "/_sim/health", sendToken: false)
            #expect(response.status == 200)
        }
    }
}
