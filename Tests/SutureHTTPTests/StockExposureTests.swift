import Foundation
import SutureConfig
import SutureDelivery
import SutureEngine
import SutureModel
import SutureStore
import Testing

/// Critical-supply exposure across facilities (docs/stock.md, "Critical-supply exposure"):
/// days of supply from 14 days of usage, the transfer a hand computation expects, and a
/// transfer a person accepts becoming transfer events, one per lot, earliest expiry first.
@Suite struct StockExposureTests {
    static let day: Int64 = 86_400_000

    @Test func daysOfSupplyAndTheSuggestedTransferMatchAHandComputationAndAnAcceptedTransferMovesStock() async throws {
        try await PipelineHarness.with(adjust: { $0.routes = [] }) { harness in
            let store = harness.hub.store
            for facility in ["A", "B", "C"] {
                _ = try await store.putLocation(Location(id: try LocationID("FAC-\(facility)"), name: "Hospital \(facility)", type: .facility))
                _ = try await store.putLocation(Location(id: try LocationID("\(facility)-STORE"), name: "Store \(facility)", type: .storeroom,
                                                         parent: try LocationID("FAC-\(facility)")))
                #expect(try await harness.hub.request("PUT", "/v1/locations/\(facility)-STORE/par-levels/GLOVE-M", token: harness.token,
                                                      json: #"{"par":"200","reorderPoint":"50","unit":"EA","critical":true}"#).status == 201)
            }
            // Usage seeded over the last 14 days (GLOVE-M, base EA):
            //   A: 900 of LOT-L1 and 100 of LOT-L2 (expiring first) received; 100 issued 20 days ago (outside
            //      the window); 10 a day for 14 days: on hand 760, usage 10/day, 76 days.
            //   B: 300 received, 20 a day for 14 days: on hand 20, usage 20/day, 1 day.
            //   C: 50 received, 2 a day: on hand 22, usage 2/day, 11 days.
            let now = WallClock.nowMilliseconds()
            var seed = StoreChanges()
            var sequence = 0
            func move(_ location: String, _ kind: StockMovement.Kind, _ quantity: Decimal, daysAgo: Double, lot: String = "LOT-L1",
                      expiry: String = "2030-01-31") throws {
                sequence += 1
                seed.stock.append(StockMovement(source: "seed:\(sequence)", at: now - Int64(daysAgo * Double(Self.day)), location: try LocationID(location),
                                                item: "GLOVE-M", lot: lot, expiry: expiry, kind: kind, quantity: quantity))
            }
            try move("A-STORE", .receipt, 900, daysAgo: 30)
            try move("A-STORE", .receipt, 100, daysAgo: 30, lot: "LOT-L2", expiry: "2027-06-30")
            try move("A-STORE", .issue, -100, daysAgo: 20)
            try move("B-STORE", .receipt, 300, daysAgo: 30)
            try move("C-STORE", .receipt, 50, daysAgo: 30)
            for daysAgo in 0..<14 {
                try move("A-STORE", .issue, -10, daysAgo: Double(daysAgo) + 0.5)
                try move("B-STORE", .issue, -20, daysAgo: Double(daysAgo) + 0.5)
                try move("C-STORE", .issue, -2, daysAgo: Double(daysAgo) + 0.5)
            }
            try await store.commit(seed)

            // By hand, for 7 days of supply: A needs 70 and holds 690 more; B needs 140, holds 20, lacks 120;
            // C needs 14 and holds 8 more. B is served from the largest surplus: 120 from A.
            let response = try await harness.hub.request("GET", "/v1/stock/exposure?critical=true&days=7", token: harness.token)
            #expect(response.status == 200, "\(response.text)")
            let report = try JSONValue.parse(response.text)
            var rows: [String: JSONValue] = [:]
            for row in report["positions"]?.arrayValue ?? [] { rows[row["facility"]?.stringValue ?? ""] = row }
            #expect(rows.keys.sorted() == ["FAC-A", "FAC-B", "FAC-C"])
            #expect(rows["FAC-A"]?["onHand"]?.stringValue == "760")
            #expect(rows["FAC-A"]?["averageDailyUsage"]?.stringValue == "10")
            #expect(rows["FAC-A"]?["daysOfSupply"]?.stringValue == "76")
            #expect(rows["FAC-A"]?["surplus"]?.stringValue == "690")
            #expect(rows["FAC-B"]?["daysOfSupply"]?.stringValue == "1")
            #expect(rows["FAC-B"]?["need"]?.stringValue == "120")
            #expect(rows["FAC-C"]?["daysOfSupply"]?.stringValue == "11")
            #expect(rows["FAC-C"]?["surplus"]?.stringValue == "8")
            let transfers = report["transfers"]?.arrayValue ?? []
            #expect(transfers.count == 1)
            #expect(transfers.first?["fromLocation"]?.stringValue == "A-STORE")
            #expect(transfers.first?["toLocation"]?.stringValue == "B-STORE")
            #expect(transfers.first?["quantity"]?.stringValue == "120")

            // A person accepts it: two transfer events, the lot expiring first (LOT-L2) taken whole first.
            let body = #"{"item":"GLOVE-M","fromLocation":"A-STORE","toLocation":"B-STORE","quantity":"120"}"#
            let accepted = try await harness.hub.request("POST", "/v1/stock/transfers", token: harness.token, json: body, headers: ["Idempotency-Key": "xfer-1"])
            #expect(accepted.status == 202, "\(accepted.text)")
            let events = try JSONValue.parse(accepted.text)["events"]?.arrayValue ?? []
            #expect(events.map { "\($0["lot"]?.stringValue ?? "-"):\($0["quantity"]?.stringValue ?? "")" } == ["LOT-L2:100", "LOT-L1:20"])
            for event in events {
                let id = try #require(event["id"]?.stringValue)
                #expect(await eventually { (try? await store.event(id: EventID(id)))?.status == .unrouted })
            }
            let stock = try JSONValue.parse(try await harness.hub.request("GET", "/v1/stock?item=GLOVE-M", token: harness.token).text)
            let onHand = Dictionary(uniqueKeysWithValues: (stock.arrayValue ?? []).map { ($0["location"]?.stringValue ?? "", $0["onHand"]?.stringValue ?? "") })
            #expect(onHand["A-STORE"] == "640")
            #expect(onHand["B-STORE"] == "140")
            // The same acceptance again answers the same events; the exposure has no transfer left.
            let again = try await harness.hub.request("POST", "/v1/stock/transfers", token: harness.token, json: body, headers: ["Idempotency-Key": "xfer-1"])
            #expect(again.status == 200)
            #expect(try JSONValue.parse(again.text)["events"] == JSONValue.array(events))
            let after = try JSONValue.parse(try await harness.hub.request("GET", "/v1/stock/exposure?critical=true&days=7", token: harness.token).text)
            #expect(after["transfers"]?.arrayValue?.isEmpty == true)
            #expect(try await GovernanceTests.audit(harness, "action=stock.transfer").count == 1)
            // More than the location holds is refused, naming what it holds.
            let tooMuch = try await harness.hub.request("POST", "/v1/stock/transfers", token: harness.token,
                                                        json: #"{"item":"GLOVE-M","fromLocation":"C-STORE","toLocation":"B-STORE","quantity":"500"}"#,
                                                        headers: ["Idempotency-Key": "xfer-2"])
            #expect(tooMuch.status == 409)
            #expect(tooMuch.text.contains("holds 22"))
        }
    }
}
