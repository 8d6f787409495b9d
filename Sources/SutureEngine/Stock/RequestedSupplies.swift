import Crypto
public import Foundation
public import SutureModel
public import SutureStore
public import SutureProcurement

/// Requisitions asked for from outside, not raised by a par level: a FHIR SupplyRequest
/// (docs/fhir.md). They join the same approval queue: worth no more than `autoApproveUpTo`
/// at the contract price they are approved and ordered at once, otherwise they wait.
extension Replenisher {
    public struct Requested: Sendable, Equatable {
        public var item: Item
        public var location: LocationID
        public var quantity: Decimal
        public var unit: UnitOfMeasure
        /// The supplier asked for; nil takes the one whose contract price in force is lowest.
        public var supplier: SupplierID?
        /// What identifies the request for good (`<client> <system>|<value>`): the same request again is the same requisition.
        public var key: String
        /// False for a request not ready for action (a FHIR draft): it waits for a person.
        public var mayAutoApprove: Bool

        public init(item: Item, location: LocationID, quantity: Decimal, unit: UnitOfMeasure, supplier: SupplierID?, key: String, mayAutoApprove: Bool = true) {
            self.mayAutoApprove = mayAutoApprove
            self.item = item
            self.location = location
            self.quantity = quantity
            self.unit = unit
            self.supplier = supplier
            self.key = key
        }

        /// `RQ-`, ten hex digits of the key, `-R`: short enough to number a purchase order.
        public var requisitionID: String {
            "RQ-\(Hex.encode(SHA256.hash(data: Array(key.utf8)).prefix(5)).uppercased())-R"
        }
    }

    public enum RequestFailure: Error, CustomStringConvertible {
        case unit(String)

        public var description: String {
            switch self {
            case .unit(let message): message
            }
        }
    }

    /// Stores the requisition a request asks for (once per key) and orders it when approved.
    /// `created` is false when the key was taken before (the stored requisition, as it now is).
    public func raise(_ requested: Requested, trace: TraceContext) async throws -> (listed: Listed, created: Bool) {
        let id = requested.requisitionID
        if let listed = try await requisition(id) { return (listed, false) }
        let packaging = requested.item.packaging
        let baseQuantity: Decimal
        do {
            baseQuantity = try packaging.convert(Quantity(requested.quantity, requested.unit), to: packaging.baseUnit).value
        } catch {
            throw RequestFailure.unit("item \(requested.item.id) has no unit \(requested.unit); its units are "
                                      + packaging.units.map(\.code).joined(separator: ", "))
        }
        let mentions = "\"\(requested.item.id.rawValue)\""
        var contracts: [ContractPrice] = []
        for document in try await store.documents(.contractPrice, statusNotIn: [], containing: mentions) {
            contracts += try ContractPrices.decode(document).filter { $0.item == requested.item.id }
        }
        let (supplier, contract) = Self.source(supplier: requested.supplier, contracts: contracts, packaging: packaging, day: ContractPrice.day(of: Date()))
        let amount = contract?.price(per: requested.unit, packaging: packaging).map { $0 * requested.quantity }
        let autoApproved = requested.mayAutoApprove && supplier != nil && amount.map { amount in autoApproveUpTo.map { amount <= $0 } ?? false } ?? false
        let now = WallClock.nowMilliseconds()
        let requisition = Requisition(
            id: id, location: requested.location, item: requested.item.id, quantity: requested.quantity, unit: requested.unit,
            baseQuantity: baseQuantity, supplier: supplier, amount: amount, currency: amount == nil ? nil : contract?.currency,
            status: autoApproved ? .approved : .proposed, position: 0, parLevelVersion: 0, proposedAt: now,
            decidedBy: autoApproved ? Self.actor : nil, decidedAt: autoApproved ? now : nil)
        let body = RequisitionJSON.json(requisition)
        let document = StoredDocument(kind: .requisition, key: id, version: 1, correlationID: trace.correlationID, traceparent: trace.traceparent,
                                      status: requisition.status.rawValue, reference: "request:\(requested.key)", body: body.serialized(),
                                      createdAt: now, updatedAt: now)
        var changes = StoreChanges()
        changes.documents = [DocumentWrite(document, expectedVersion: nil)]
        let worth = amount.map { " worth \(ExactDecimal.format($0)) \(contract?.currency.code ?? "")" } ?? " (no contract price)"
        changes.timeline = [TimelineEntry(at: now, correlationID: trace.correlationID, stage: .requisition, outcome: requisition.status.rawValue,
                                          detail: "requisition \(id) requested: \(ExactDecimal.format(requested.quantity)) \(requested.unit) of "
                                              + "\(requested.item.id) for \(requested.location)\(worth) from \(supplier?.rawValue ?? "no supplier")"
                                              + (autoApproved ? "; approved automatically (within autoApproveUpTo)" : "; waits for approval"))]
        if autoApproved {
            changes.audit = [AuditDraft(at: now, actor: Self.actor, action: "requisition.approve", target: "requisition:\(id)", details: body)]
        }
        changes.append(try await announce(requisition, document: document))
        do {
            try await commit(changes)
        } catch StoreError.conflict {
            if let listed = try await self.requisition(id) { return (listed, false) }
            throw StoreError.conflict("requisition \(id) was being stored by another request; try again")
        }
        if autoApproved, let supplier { _ = try await orderApproved(supplier: supplier, location: requested.location, actor: Self.actor) }
        guard let listed = try await self.requisition(id) else { throw StoreError.conflict("requisition \(id) is gone") }
        return (listed, true)
    }
}
