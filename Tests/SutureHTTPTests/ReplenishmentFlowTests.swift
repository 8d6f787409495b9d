import Foundation
import Logging
import SutureConfig
import SutureEngine
import SutureModel
import SutureProcurement
import SutureStore
import SutureStoreFactory
import SutureSupplierSimulator
import SutureTestSupport
import Testing

/// Replenishment through the hub (docs/stock.md, "Requisitions"): issues take a storeroom
/// under its reorder point, a requisition is raised once, approved by the limit or a person,
/// and ordered on a purchase order whose 850 reaches the supplier's exchange once.
@Suite struct ReplenishmentFlowTests {
    /// Sutures in boxes of 12, ACME's contract price 30.00 per box, storeroom-a's code S30.
    static func seedSutures(_ harness: PipelineHarness) async throws {
        let store = harness.hub.store
        _ = try await store.putItem(Item(id: "SUTURE-3", description: "Suture 3-0",
                                         packaging: try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 12)])))
        _ = try await store.putCrosswalk(CrosswalkEntry(system: "storeroom-a", kind: .items, code: "S30", canonical: "SUTURE-3"))
        let price = ContractPrice(supplier: "ACME", item: "SUTURE-3", unit: "BX", price: 30, currency: "USD", validFrom: "2020-01-01", source: "api")
        _ = try await ContractPrices(store: store).put(price, actor: "test")
    }

    static func event(_ type: String, _ quantity: String, item: String = "S30") -> String {
        #"{"type":"\#(type)","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"\#(item)","quantity":"\#(quantity)","unit":"EA"}"#
    }

    static func requisitions(_ harness: PipelineHarness, status: String? = nil) async throws -> [JSONValue] {
        let path = "/v1/requisitions" + (status.map { "?status=\($0)" } ?? "")
        let response = try await harness.hub.request("GET", path, token: harness.token)
        #expect(response.status == 200, "\(response.text)")
        return try JSONValue.parse(response.text).arrayValue ?? []
    }

    static func stockBelowPar(_ harness: PipelineHarness) async throws -> Int? {
        let dashboard = try JSONValue.parse(try await harness.hub.request("GET", "/v1/dashboard", token: harness.token).text)
        return dashboard["business"]?["stockBelowPar"]?.numberText.flatMap { Int($0) }
    }

    static func orders850(_ exchange: URL) -> [String] {
        SupplierExchangeTests.files(exchange.appendingPathComponent("out")).filter { $0.hasPrefix("850-") }
    }

    static func withScene(autoApproveUpTo: Decimal?, _ body: (PipelineHarness, URL) async throws -> Void) async throws {
        try await SupplierExchangeTests.withExchange(adjust: { configuration in
            configuration.routes = []  // the storeroom's events only move stock here
            configuration.replenishment = ReplenishmentSettings(every: .seconds(3600), autoApproveUpTo: autoApproveUpTo)
        }) { harness, exchange in
            try await seedSutures(harness)
            try await body(harness, exchange)
        }
    }

    @Test func issuesUnderTheReorderPointRaiseOneRequisitionOfWholeBoxesOrderedOnceWithinTheLimit() async throws {
        try await Self.withScene(autoApproveUpTo: 500) { harness, exchange in
            _ = try await StockLedgerTests.apply(Self.event("receipt", "40"), key: "r-1", harness)
            let par = try await harness.hub.request("PUT", "/v1/locations/MAIN-OR-STORE/par-levels/SUTURE-3", token: harness.token,
                                                    json: #"{"par":"50","reorderPoint":"10","unit":"EA"}"#)
            #expect(par.status == 201, "\(par.text)")
            _ = try await StockLedgerTests.apply(Self.event("issue", "20"), key: "i-1", harness)
            #expect(try await Self.requisitions(harness).isEmpty, "30 on hand is above the reorder point")

            #expect(try await Self.stockBelowPar(harness) == 0)
            // 40 -> 9 EA: at or below 10, back to par 50 is 41 EA, 4 boxes of 12 (48 EA) at 30.00.
            _ = try await StockLedgerTests.apply(Self.event("issue", "11"), key: "i-2", harness)
            #expect(try await Self.stockBelowPar(harness) == 1, "the dashboard counts the shelf at its reorder point")
            #expect(await eventually { (try? await Self.requisitions(harness, status: "ordered").count) == 1 })
            let requisition = try #require(try await Self.requisitions(harness).first)
            #expect(requisition["quantity"]?.stringValue == "4")
            #expect(requisition["unit"]?.stringValue == "BX")
            #expect(requisition["baseQuantity"]?.stringValue == "48")
            #expect(requisition["supplier"]?.stringValue == "ACME", "the supplier of the contract price")
            #expect(requisition["amount"]?.stringValue == "120")
            #expect(requisition["decidedBy"]?.stringValue == Replenisher.actor)
            let number = try #require(requisition["purchaseOrder"]?.stringValue)
            #expect(number == requisition["id"]?.stringValue, "the order is numbered after its first requisition")

            // More issues before the goods arrive raise nothing: the 48 EA are on order.
            _ = try await StockLedgerTests.apply(Self.event("issue", "3"), key: "i-3", harness)
            _ = try await harness.hub.pipeline.replenishment.replenisher.run()
            #expect(try await Self.requisitions(harness).count == 1)
            let stock = try JSONValue.parse(try await harness.hub.request("GET", "/v1/stock?item=SUTURE-3", token: harness.token).text)
            #expect(stock.arrayValue?.first?["onOrder"]?.stringValue == "48")

            // The order is an ordinary tracked PO at the contract price, and its 850 reaches the supplier once.
            let order = try JSONValue.parse(try await harness.hub.request("GET", "/v1/purchase-orders/\(number)", token: harness.token).text)
            #expect(order["supplier"]?.stringValue == "ACME")
            #expect(order["shipTo"]?.stringValue == "MAIN-OR-STORE")
            #expect(order["lines"]?.arrayValue?.first?["unitPrice"]?.stringValue == "30.00")
            #expect(await eventually { Self.orders850(exchange).count == 1 })
            let simulator = SupplierSimulator(configuration: SupplierSimulatorConfiguration(exchange: exchange, supplierID: "ACMEMEDICAL", receiverID: "SUTUREHUB"))
            let answers = try simulator.processPendingOrders().filter { $0.outcome == .answered }
            #expect(answers.map(\.purchaseOrders) == [[number]])
        }
    }

    @Test func aRequisitionAboveTheLimitWaitsForAPersonAndApprovingItOrdersItOnce() async throws {
        try await Self.withScene(autoApproveUpTo: 100) { harness, exchange in
            _ = try await StockLedgerTests.apply(Self.event("receipt", "9"), key: "r-1", harness)
            #expect(try await harness.hub.request("PUT", "/v1/locations/MAIN-OR-STORE/par-levels/SUTURE-3", token: harness.token,
                                                  json: #"{"par":"50","reorderPoint":"10","unit":"EA"}"#).status == 201)
            // Setting the par level checks it at once: 4 BX at 30.00 is over 100.00, so it waits.
            #expect(await eventually { (try? await Self.requisitions(harness, status: "proposed").count) == 1 })
            let id = try #require(try await Self.requisitions(harness).first?["id"]?.stringValue)
            _ = try await harness.hub.pipeline.replenishment.replenisher.run()
            #expect(try await Self.requisitions(harness).count == 1, "no second requisition while one is open")
            #expect(Self.orders850(exchange).isEmpty)

            let approved = try await harness.hub.request("POST", "/v1/requisitions/\(id)/approve", token: harness.token)
            #expect(approved.status == 200, "\(approved.text)")
            let body = try JSONValue.parse(approved.text)
            #expect(body["status"]?.stringValue == "ordered")
            #expect(body["purchaseOrder"]?.stringValue == id)
            // Approving again changes nothing; rejecting an ordered one is refused.
            #expect(try await harness.hub.request("POST", "/v1/requisitions/\(id)/approve", token: harness.token).status == 200)
            let reject = try await harness.hub.request("POST", "/v1/requisitions/\(id)/reject", token: harness.token, json: #"{"reason":"late"}"#)
            #expect(reject.status == 409)
            #expect(reject.header("Content-Type") == "application/problem+json")
            #expect(await eventually { Self.orders850(exchange).count == 1 })
            #expect(try await harness.hub.store.documents(.purchaseOrder, statusNotIn: [], containing: "").count == 1)
            let audit = try await GovernanceTests.audit(harness, "action=requisition.approve")
            #expect(audit.count == 1)
            #expect(try await harness.hub.request("POST", "/v1/requisitions/RQ-NONE-1/approve", token: harness.token).status == 404)
        }
    }

    @Test func aRejectionHoldsUntilGoodsComeInAndTwoApprovedRequisitionsBecomeOnePurchaseOrder() async throws {
        try await Self.withScene(autoApproveUpTo: nil) { harness, exchange in
            let store = harness.hub.store
            _ = try await ContractPrices(store: store).put(ContractPrice(supplier: "ACME", item: "GLOVE-M", unit: "BX", price: 45.5, currency: "USD",
                                                                        validFrom: "2020-01-01", source: "api"), actor: "test")
            for (item, par) in [("SUTURE-3", #"{"par":"50","reorderPoint":"10","unit":"EA"}"#), ("GLOVE-M", #"{"par":"20","reorderPoint":"5","unit":"BX"}"#)] {
                #expect(try await harness.hub.request("PUT", "/v1/locations/MAIN-OR-STORE/par-levels/\(item)", token: harness.token, json: par).status == 201)
            }
            // Nothing on hand of either: both are proposed (no auto-approval configured).
            #expect(await eventually { (try? await Self.requisitions(harness, status: "proposed").count) == 2 })
            let first = try await Self.requisitions(harness)
            let gloves = try #require(first.first { $0["item"]?.stringValue == "GLOVE-M" }?["id"]?.stringValue)
            let sutures = try #require(first.first { $0["item"]?.stringValue == "SUTURE-3" }?["id"]?.stringValue)

            // A person rejects the sutures: issuing more does not raise them again...
            let rejected = try await harness.hub.request("POST", "/v1/requisitions/\(sutures)/reject", token: harness.token, json: #"{"reason":"use the 4-0"}"#)
            #expect(rejected.status == 200, "\(rejected.text)")
            #expect(try JSONValue.parse(rejected.text)["reason"]?.stringValue == "use the 4-0")
            _ = try await StockLedgerTests.apply(Self.event("adjustment", "-2"), key: "a-1", harness)
            _ = try await harness.hub.pipeline.replenishment.replenisher.run()
            #expect(try await Self.requisitions(harness, status: "proposed").count == 1)
            // ...until goods came in (the position rose above the rejected one's) and it fell again.
            _ = try await StockLedgerTests.apply(Self.event("receipt", "12"), key: "r-1", harness)
            #expect(await eventually { (try? await Self.requisitions(harness, status: "proposed").count) == 2 })
            let second = try #require(try await Self.requisitions(harness, status: "proposed").first { $0["item"]?.stringValue == "SUTURE-3" })
            let suturesAgain = try #require(second["id"]?.stringValue)
            #expect(suturesAgain.hasSuffix("-2"))
            #expect(second["quantity"]?.stringValue == "4", "10 on hand: 40 to par, 4 boxes")

            // Approved together, the two become one purchase order of two lines, one 850.
            let approved = try await harness.hub.request("POST", "/v1/requisitions:approve", token: harness.token,
                                                         json: #"{"ids":["\#(gloves)","\#(suturesAgain)"]}"#)
            #expect(approved.status == 200, "\(approved.text)")
            let numbers = Set((try JSONValue.parse(approved.text).arrayValue ?? []).compactMap { $0["purchaseOrder"]?.stringValue })
            #expect(numbers.count == 1)
            let number = try #require(numbers.first)
            let order = try JSONValue.parse(try await harness.hub.request("GET", "/v1/purchase-orders/\(number)", token: harness.token).text)
            #expect(order["lines"]?.arrayValue?.compactMap { $0["item"]?.stringValue }.sorted() == ["GLOVE-M", "SUTURE-3"])
            #expect(await eventually { Self.orders850(exchange).count == 1 })
            #expect(try await harness.hub.request("POST", "/v1/requisitions:approve", token: harness.token, json: #"{"ids":["RQ-NONE-1"]}"#).status == 404)
        }
    }
}

/// Two nodes on one PostgreSQL database running replenishment at the same moment raise one
/// requisition per need and order each once (skipped without a test database, run in the
/// suite's PostgreSQL pass).
@Suite struct ReplenishmentClusterTests {
    static func runAtOnce(_ replenishers: [Replenisher], times: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for replenisher in replenishers {
                for _ in 0..<times { group.addTask { _ = try await replenisher.run() } }
            }
            try await group.waitForAll()
        }
    }

    @Test func twoNodesReplenishingAtOnceRaiseOneRequisitionPerNeedAndOrderEachOnce() async throws {
        try await PostgresTestSchema.withSchema { url in
            var configuration = SutureConfiguration()
            configuration.replenishment = ReplenishmentSettings(every: .seconds(3600), autoApproveUpTo: 1_000_000)
            let logger = { var logger = Logger(label: "cluster-replenishment"); logger.logLevel = .critical; return logger }()
            let first = try await StoreFactory.open(StoreURL(url))
            let second = try await StoreFactory.open(StoreURL(url))
            _ = try await first.putLocation(Location(id: "WARD-7", name: "Ward 7", type: .storeroom))
            _ = try await first.putSupplier(Supplier(id: "MEDLINE", name: "Medline"))
            let needs = 24
            for index in 1...needs {
                let item = try ItemID("ITEM-\(index)")
                _ = try await first.putItem(Item(id: item, description: "Item \(index)",
                                                 packaging: try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 10)])))
                _ = try await ContractPrices(store: first).put(ContractPrice(supplier: "MEDLINE", item: item, unit: "BX", price: 12, currency: "USD",
                                                                             validFrom: "2020-01-01", source: "api"), actor: "test")
                try await ParLevels(store: first).put(ParLevel(location: "WARD-7", item: item, par: 100, reorderPoint: 20, unit: "EA"), actor: "test")
            }
            let nodes = [try Pipeline(configuration: configuration, store: first, logger: logger),
                         try Pipeline(configuration: configuration, store: second, logger: logger)]
            // Both nodes, three runs each, all at once: nothing is on hand of any item.
            try await Self.runAtOnce(nodes.map(\.replenishment.replenisher), times: 3)
            let requisitions = try await nodes[0].replenishment.replenisher.requisitions(status: nil)
            #expect(requisitions.count == needs, "one requisition per need, not \(requisitions.count)")
            #expect(Set(requisitions.map(\.requisition.item)).count == needs)
            #expect(requisitions.allSatisfy { $0.requisition.id.hasSuffix("-1") && $0.requisition.quantity == 10 })
            // Every one ordered, each on exactly one purchase order line.
            #expect(requisitions.allSatisfy { $0.requisition.status == .ordered })
            var lines: [String: Int] = [:]
            for document in try await first.documents(.purchaseOrder, statusNotIn: [], containing: "") {
                let order = try JSONValue.parse(document.body)
                for line in order["lines"]?.arrayValue ?? [] { lines[line["item"]?.stringValue ?? "", default: 0] += 1 }
            }
            #expect(lines.count == needs)
            #expect(lines.values.allSatisfy { $0 == 1 }, "an item ordered twice: \(lines.filter { $0.value > 1 })")
            await first.close()
            await second.close()
        }
    }
}
