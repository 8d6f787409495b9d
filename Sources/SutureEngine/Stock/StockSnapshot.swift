import Foundation
import SutureModel
import SutureStore
import SutureProcurement

extension Replenisher {
    /// What one replenishment run decides on, read once: the par levels with their versions,
    /// on hand, on order and requested per need, the items and their contract prices.
    struct Snapshot {
        var parLevels: [(level: ParLevel, version: Int)] = []
        var onHand: [StockNeed: Decimal] = [:]
        var onOrder: [StockNeed: Decimal] = [:]
        var requested: [StockNeed: Decimal] = [:]
        var items: [ItemID: Item] = [:]
        var contracts: [ItemID: [ContractPrice]] = [:]

        /// Reads all par levels (`needs` nil) with a handful of queries, or the par levels of
        /// `needs` with a few per item.
        static func load(store: any Store, needs: Set<StockNeed>?) async throws -> Snapshot {
            var snapshot = Snapshot()
            let open = Requisition.Status.allCases.filter { !$0.isOpen }.map(\.rawValue)
            let closedOrders = [PurchaseOrderLine.name(.closed), PurchaseOrderLine.name(.cancelled)]
            var parDocuments: [StoredDocument] = []
            var orderDocuments: [StoredDocument] = []
            var requisitionDocuments: [StoredDocument] = []
            var contractDocuments: [StoredDocument] = []
            var levels: [StockLevel] = []
            if let needs {
                for need in needs.sorted() {
                    if let document = try await store.document(.parLevel, key: ParLevels.key(need.location, need.item)), document.status != "deleted" {
                        parDocuments.append(document)
                        levels += try await store.stockLevels(location: need.location, item: need.item)
                    }
                }
                for item in Set(parDocuments.map { try? ParLevels.decode($0).item }.compactMap { $0 }).sorted() {
                    let mentions = "\"\(item.rawValue)\""
                    orderDocuments += try await store.documents(.purchaseOrder, statusNotIn: closedOrders, containing: mentions)
                    requisitionDocuments += try await store.documents(.requisition, statusNotIn: open, containing: mentions)
                    contractDocuments += try await store.documents(.contractPrice, statusNotIn: [], containing: mentions)
                }
            } else {
                parDocuments = try await store.documents(.parLevel, statusNotIn: ["deleted"], containing: "")
                levels = try await store.stockLevels(location: nil, item: nil)
                orderDocuments = try await store.documents(.purchaseOrder, statusNotIn: closedOrders, containing: "")
                requisitionDocuments = try await store.documents(.requisition, statusNotIn: open, containing: "")
                contractDocuments = try await store.documents(.contractPrice, statusNotIn: [], containing: "")
            }
            for document in parDocuments {
                let level = try ParLevels.decode(document)
                snapshot.parLevels.append((level, document.version))
                if snapshot.items[level.item] == nil, let item = try await store.item(level.item) { snapshot.items[level.item] = item }
            }
            for level in levels { snapshot.onHand[StockNeed(location: level.location, item: level.item), default: 0] += level.onHand }
            let items = snapshot.items
            snapshot.onOrder = try await StockPositions.onOrder(orderDocuments) { id in
                if let known = items[id] { return known }
                return try await store.item(id)
            }
            for document in requisitionDocuments {
                let (requisition, _) = try RequisitionJSON.decode(document)
                guard requisition.status.isOpen else { continue }
                snapshot.requested[StockNeed(location: requisition.location, item: requisition.item), default: 0] += requisition.baseQuantity
            }
            for document in contractDocuments {
                for price in try ContractPrices.decode(document) { snapshot.contracts[price.item, default: []].append(price) }
            }
            return snapshot
        }
    }
}
