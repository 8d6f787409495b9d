import SutureConfig
import Crypto
public import Foundation
public import SutureModel
public import SutureStore
import SutureProcurement

/// A location and an item: what a par level, a requisition and a stock change are about.
public struct StockNeed: Hashable, Sendable, Comparable {
    public var location: LocationID
    public var item: ItemID

    public init(location: LocationID, item: ItemID) {
        self.location = location
        self.item = item
    }

    public static func < (a: StockNeed, b: StockNeed) -> Bool { (a.location, a.item) < (b.location, b.item) }

    /// The requisitions' store reference for the need.
    var reference: String { "need:\(location.rawValue) \(item.rawValue)" }
}

/// Replenishment over the store (docs/stock.md, "Requisitions"): for each par level, the
/// `Replenishment` decision on what is on hand, on order and already requested; a proposal
/// becomes a requisition, approved at once when it is worth no more than `autoApproveUpTo`;
/// approved requisitions of one supplier and ship-to location become one purchase order
/// through the order flow (the 850 to the supplier, the order to the ERP).
///
/// Safe on several nodes at once: a requisition's id names its need and sequence, so two
/// nodes proposing for one need store one; a purchase order is numbered after the first of
/// its requisitions and marks them ordered in its own transaction, so they are ordered once.
public struct Replenisher: Sendable {
    public let store: any Store
    let orders: OrderFlows
    /// Requisitions worth at most this are approved without a person; nil: none are.
    public let autoApproveUpTo: Decimal?
    /// Who the audit log names for what replenishment does on its own.
    public static let actor = "replenishment"

    init(store: any Store, orders: OrderFlows, autoApproveUpTo: Decimal?) {
        self.store = store
        self.orders = orders
        self.autoApproveUpTo = autoApproveUpTo
    }

    /// What one run did.
    public struct RunSummary: Sendable, Equatable {
        /// Par levels checked.
        public var parLevels = 0
        /// Requisitions raised (ids), and how many of them were approved automatically.
        public var proposed: [String] = []
        public var autoApproved = 0
        /// Purchase orders placed from approved requisitions.
        public var purchaseOrders: [String] = []
        /// What could not be decided or ordered, one line each.
        public var problems: [String] = []
    }

    // MARK: Running

    /// Checks the par levels of `needs` (nil: every par level), raises the requisitions they
    /// call for, then orders what is approved.
    public func run(needs: Set<StockNeed>? = nil) async throws -> RunSummary {
        let snapshotAt = WallClock.nowMilliseconds()
        let snapshot = try await Snapshot.load(store: store, needs: needs)
        var summary = RunSummary()
        summary.parLevels = snapshot.parLevels.count
        let day = ContractPrice.day(of: Date())
        for (level, version) in snapshot.parLevels {
            let need = StockNeed(location: level.location, item: level.item)
            guard let item = snapshot.items[level.item] else {
                summary.problems.append("par level \(need.location) \(need.item): no item \(need.item)")
                continue
            }
            let (supplier, contract) = Self.source(supplier: level.supplier, contracts: snapshot.contracts[level.item] ?? [], packaging: item.packaging, day: day)
            let orderUnit = level.orderUnit ?? contract?.unit ?? level.unit
            let decision = Replenishment(par: Quantity(level.par, level.unit), reorderPoint: Quantity(level.reorderPoint, level.unit),
                                         orderUnit: orderUnit, autoApproveUpTo: supplier == nil ? nil : autoApproveUpTo)
            let onHand = snapshot.onHand[need] ?? 0
            let onOrder = snapshot.onOrder[need] ?? 0
            let proposal: Replenishment.Proposal
            do {
                guard let decided = try decision.decide(onHand: onHand, onOrder: onOrder, requested: snapshot.requested[need] ?? 0,
                                                        packaging: item.packaging,
                                                        unitPrice: contract?.price(per: orderUnit, packaging: item.packaging)) else { continue }
                proposal = decided
            } catch {
                summary.problems.append("par level \(need.location) \(need.item): \(error)")
                continue
            }
            let requisition = Requisition(
                id: "", location: need.location, item: need.item, quantity: proposal.quantity, unit: proposal.unit, baseQuantity: proposal.baseQuantity,
                supplier: supplier, amount: proposal.amount, currency: proposal.amount == nil ? nil : contract?.currency,
                status: proposal.autoApproved ? .approved : .proposed, position: onHand + onOrder, parLevelVersion: version, proposedAt: snapshotAt,
                decidedBy: proposal.autoApproved ? Self.actor : nil, decidedAt: proposal.autoApproved ? snapshotAt : nil)
            if let id = try await raise(requisition, level: level, onHand: onHand, onOrder: onOrder, snapshotAt: snapshotAt) {
                summary.proposed.append(id)
                if proposal.autoApproved { summary.autoApproved += 1 }
            }
        }
        let ordering = try await orderApproved(actor: Self.actor)
        summary.purchaseOrders = ordering.purchaseOrders
        summary.problems += ordering.problems
        return summary
    }

    /// The supplier to order from (the one named (a par level's), else the one whose contract price in
    /// force is lowest per base unit) and its contract price in force, if any.
    static func source(supplier named: SupplierID?, contracts: [ContractPrice], packaging: PackagingHierarchy, day: String)
        -> (supplier: SupplierID?, contract: ContractPrice?) {
        let inForce = Dictionary(grouping: contracts, by: \.supplier).compactMapValues { ContractPrice.inForce($0, on: day) }
        if let supplier = named { return (supplier, inForce[supplier]) }
        let cheapest = inForce.values.min { a, b in
            let (pa, pb) = (a.price(per: packaging.baseUnit, packaging: packaging), b.price(per: packaging.baseUnit, packaging: packaging))
            if pa != pb { return (pa ?? .greatestFiniteMagnitude) < (pb ?? .greatestFiniteMagnitude) }
            return a.supplier < b.supplier
        }
        return (cheapest?.supplier, cheapest)
    }

    /// Stores a requisition for its need under the need's next sequence; nil when the need
    /// already has one newer than the snapshot the decision was made on (another node, or a
    /// person's action, got there first) or a rejection still holds.
    func raise(_ proposed: Requisition, level: ParLevel, onHand: Decimal, onOrder: Decimal, snapshotAt: Int64) async throws -> String? {
        let need = StockNeed(location: proposed.location, item: proposed.item)
        var sequence = 0
        var latest: (requisition: Requisition, updatedAt: Int64)?
        for document in try await store.documents(.requisition, reference: need.reference) {
            let (requisition, _) = try RequisitionJSON.decode(document)
            let number = Self.sequence(of: requisition.id)
            if number > sequence {
                sequence = number
                latest = (requisition, document.updatedAt)
            }
        }
        if let latest {
            if latest.updatedAt >= snapshotAt || latest.requisition.status.isOpen { return nil }
            // A person said no: not again until goods came in or the par level changed.
            if latest.requisition.status == .rejected, latest.requisition.parLevelVersion == proposed.parLevelVersion,
               onHand + onOrder <= latest.requisition.position { return nil }
        }
        var requisition = proposed
        requisition.id = Self.id(need, sequence: sequence + 1)
        let now = WallClock.nowMilliseconds()
        let trace = TraceContext.random()
        let body = RequisitionJSON.json(requisition)
        var changes = StoreChanges()
        changes.documents = [DocumentWrite(StoredDocument(
            kind: .requisition, key: requisition.id, version: 1, correlationID: trace.correlationID, traceparent: trace.traceparent,
            status: requisition.status.rawValue, reference: need.reference, body: body.serialized(), createdAt: now, updatedAt: now), expectedVersion: nil)]
        let position = "on hand \(ExactDecimal.format(onHand)), on order \(ExactDecimal.format(onOrder)) against reorder point "
            + "\(ExactDecimal.format(level.reorderPoint)) \(level.unit) and par \(ExactDecimal.format(level.par)) \(level.unit)"
        let worth = requisition.amount.map { " worth \(ExactDecimal.format($0)) \(requisition.currency?.code ?? "")" } ?? " (no contract price)"
        let approval = requisition.status == .approved ? "; approved automatically (within autoApproveUpTo)" : "; waits for approval"
        changes.timeline = [TimelineEntry(at: now, correlationID: trace.correlationID, stage: .requisition, outcome: requisition.status.rawValue,
                                          detail: "requisition \(requisition.id): \(ExactDecimal.format(requisition.quantity)) \(requisition.unit) of "
                                              + "\(requisition.item) for \(requisition.location)\(worth) from \(requisition.supplier?.rawValue ?? "no supplier")"
                                              + " (\(position))\(approval)")]
        if requisition.status == .approved {
            changes.audit = [AuditDraft(at: now, actor: Self.actor, action: "requisition.approve", target: "requisition:\(requisition.id)", details: body)]
        }
        changes.append(try await announce(requisition, document: changes.documents[0].document))
        do {
            try await commit(changes)
        } catch StoreError.conflict {
            return nil
        }
        return requisition.id
    }

    /// `RQ-`, ten hex digits naming the need, and the sequence: `RQ-3F9A2B1C0D-1`. Short
    /// enough to number the purchase order it becomes (X12 BEG03 takes 22 characters).
    static func id(_ need: StockNeed, sequence: Int) -> String {
        let digest = SHA256.hash(data: Array("\(need.location.rawValue) \(need.item.rawValue)".utf8))
        return "RQ-\(Hex.encode(digest.prefix(5)).uppercased())-\(sequence)"
    }

    static func sequence(of id: String) -> Int {
        id.split(separator: "-").last.flatMap { Int($0) } ?? 0
    }

    // MARK: Ordering

    /// Orders the approved requisitions (of one supplier and location, when given): one
    /// purchase order per supplier and ship-to location, numbered after its first requisition.
    /// What cannot be ordered (a retired supplier, say) stays approved, with the problem on
    /// the requisition, and is tried again at the next run.
    public func orderApproved(supplier: SupplierID? = nil, location: LocationID? = nil, actor: String)
        async throws -> (purchaseOrders: [String], problems: [String]) {
        let notApproved = Requisition.Status.allCases.filter { $0 != .approved }.map(\.rawValue)
        struct Group: Hashable, Comparable {
            var supplier: SupplierID
            var location: LocationID
            static func < (a: Group, b: Group) -> Bool { (a.supplier, a.location) < (b.supplier, b.location) }
        }
        var groups: [Group: [(requisition: Requisition, problem: String?, document: StoredDocument)]] = [:]
        for document in try await store.documents(.requisition, statusNotIn: notApproved, containing: "") {
            let (requisition, problem) = try RequisitionJSON.decode(document)
            guard requisition.status == .approved, let from = requisition.supplier,
                  supplier.map({ $0 == from }) ?? true, location.map({ $0 == requisition.location }) ?? true else { continue }
            groups[Group(supplier: from, location: requisition.location), default: []].append((requisition, problem, document))
        }
        var placed: [String] = []
        var problems: [String] = []
        for (group, members) in groups.sorted(by: { $0.key < $1.key }) {
            let members = members.sorted { $0.requisition.id < $1.requisition.id }
            let supplier = group.supplier
            let number = members[0].requisition.id
            let request = PurchaseOrderJSON.Request(
                number: number, supplier: supplier, shipTo: group.location, orderedAt: Date(),
                lines: members.enumerated().map { index, member in
                    PurchaseOrderJSON.Request.Line(line: index + 1, item: member.requisition.item, quantity: member.requisition.quantity,
                                                   unit: member.requisition.unit, unitPrice: nil)
                })
            let now = WallClock.nowMilliseconds()
            var marked = StoreChanges()
            for member in members {
                var requisition = member.requisition
                requisition.status = .ordered
                requisition.purchaseOrder = number
                var document = member.document
                document.version += 1
                document.status = requisition.status.rawValue
                document.body = RequisitionJSON.json(requisition).serialized()
                document.updatedAt = now
                marked.documents.append(DocumentWrite(document, expectedVersion: member.document.version))
                marked.timeline.append(TimelineEntry(at: now, correlationID: document.correlationID, stage: .requisition, outcome: "ordered",
                                                     detail: "requisition \(requisition.id) ordered on purchase order \(number) from \(supplier)"))
                marked.append(try await announce(requisition, document: document))
            }
            let trace = TraceContext(traceparent: members[0].document.traceparent) ?? .random()
            do {
                let created = try await orders.createPurchaseOrder(request, trace: trace, actor: actor, alsoCommit: marked)
                if created.created { placed.append(number) }
            } catch StoreError.staleVersion {
                continue  // another node or person changed one of them: the next run sees what is left
            } catch StoreError.conflict {
                continue
            } catch let error as StoreError where error.isTransient {
                throw error
            } catch {
                let problem = "purchase order \(number) for \(supplier) to \(group.location) cannot be placed: \(error)"
                problems.append(problem)
                try await noteProblem(problem, on: members.filter { $0.problem != problem }.map(\.document))
            }
        }
        return (placed, problems)
    }

    // MARK: FHIR servers

    /// The requisition's new state as a SupplyRequest to every `fhir` system (docs/fhir.md),
    /// queued in the transaction that writes `document`; the delivery's state key keeps only
    /// the newest state of one requisition waiting.
    func announce(_ requisition: Requisition, document: StoredDocument) async throws -> StoreChanges {
        let destinations = orders.systems.filter { $0.kind == .fhir }.map(\.name)
        guard !destinations.isEmpty else { return StoreChanges() }
        return try await orders.documentDeliveries(
            .requisition(requisition, version: document.version, updatedAt: document.updatedAt), idBase: "rq.\(requisition.id).v\(document.version)",
            source: .requisition(requisition.id), correlationID: document.correlationID, traceparent: document.traceparent, lookup: store,
            destinations: destinations)
    }

    /// Commits `changes` and wakes the workers of the deliveries it queued.
    func commit(_ changes: StoreChanges) async throws {
        try await store.commit(changes)
        for destination in Set(changes.deliveries.map(\.delivery.destination)) { orders.wake(destination) }
    }

    /// Keeps on each requisition why it could not be ordered, for the approval queue.
    func noteProblem(_ problem: String, on documents: [StoredDocument]) async throws {
        for stored in documents {
            var document = stored
            let (requisition, _) = try RequisitionJSON.decode(document)
            document.version += 1
            document.body = RequisitionJSON.json(requisition, orderProblem: problem).serialized()
            document.updatedAt = WallClock.nowMilliseconds()
            var changes = StoreChanges()
            changes.documents = [DocumentWrite(document, expectedVersion: stored.version)]
            do { try await store.commit(changes) } catch StoreError.staleVersion { continue }
        }
    }
}
