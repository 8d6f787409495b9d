public import SutureModel
import SutureStore
public import SutureProcurement

/// The approval queue (docs/stock.md, "Requisitions"): requisitions listed by status, and a
/// person's approval or rejection, audited; an approval orders at once, together with the
/// other approved requisitions of the same supplier and location.
extension Replenisher {
    /// A requisition with what the API shows beside it.
    public struct Listed: Sendable {
        public var requisition: Requisition
        public var orderProblem: String?
        public var correlationID: CorrelationID
        public var baseUnit: UnitOfMeasure?
        /// The stored document's version and last write (ms), as a FHIR resource's meta shows them.
        public var version = 1
        public var updatedAt: Int64 = 0

        public var json: JSONValue {
            RequisitionJSON.json(requisition, baseUnit: baseUnit, orderProblem: orderProblem, correlationID: correlationID)
        }
    }

    /// Requisitions with `status` (nil: all), oldest first.
    public func requisitions(status: Requisition.Status?) async throws -> [Listed] {
        let others = Requisition.Status.allCases.filter { candidate in status.map { candidate != $0 } ?? false }.map(\.rawValue)
        var listed: [Listed] = []
        var baseUnits: [ItemID: UnitOfMeasure] = [:]
        for document in try await store.documents(.requisition, statusNotIn: others, containing: "") {
            let (requisition, problem) = try RequisitionJSON.decode(document)
            if baseUnits[requisition.item] == nil, let item = try await store.item(requisition.item) { baseUnits[requisition.item] = item.packaging.baseUnit }
            listed.append(Listed(requisition: requisition, orderProblem: problem, correlationID: document.correlationID,
                                 baseUnit: baseUnits[requisition.item], version: document.version, updatedAt: document.updatedAt))
        }
        return listed.sorted { ($0.requisition.proposedAt, $0.requisition.id) < ($1.requisition.proposedAt, $1.requisition.id) }
    }

    public func requisition(_ id: String) async throws -> Listed? {
        guard let document = try await store.document(.requisition, key: id) else { return nil }
        let (requisition, problem) = try RequisitionJSON.decode(document)
        return Listed(requisition: requisition, orderProblem: problem, correlationID: document.correlationID,
                      baseUnit: try await store.item(requisition.item)?.packaging.baseUnit, version: document.version, updatedAt: document.updatedAt)
    }

    /// A person's decision on a requisition.
    public enum Decision: Sendable {
        case approve
        case reject(reason: String?)
    }

    /// Why a decision was not taken.
    public enum DecisionFailure: Error, CustomStringConvertible {
        case notFound(String)
        case refused(Requisition.DecisionError)

        public var description: String {
            switch self {
            case .notFound(let id): return "no requisition '\(id)'"
            case .refused(let error): return error.description
            }
        }
    }

    /// Approves or rejects proposed requisitions, each with its audit entry; the approved ones
    /// are then ordered at once, one purchase order per supplier and location (with any other
    /// approved requisitions of theirs). The same decision again changes nothing. Every id is
    /// checked before anything changes. Returns the requisitions as they stand after.
    public func decide(_ ids: [String], _ decision: Decision, actor: String) async throws -> [Listed] {
        for id in ids {
            guard let stored = try await store.document(.requisition, key: id) else { throw DecisionFailure.notFound(id) }
            var requisition = try RequisitionJSON.decode(stored).requisition
            do {
                switch decision {
                case .approve: _ = try requisition.approve(by: actor, at: 0)
                case .reject(let reason): _ = try requisition.reject(by: actor, at: 0, reason: reason)
                }
            } catch {
                throw DecisionFailure.refused(error)
            }
        }
        var toOrder: [(supplier: SupplierID, location: LocationID)] = []
        for id in ids {
            let requisition = try await record(id, decision, actor: actor)
            if requisition.status == .approved, let supplier = requisition.supplier,
               !toOrder.contains(where: { $0 == (supplier, requisition.location) }) {
                toOrder.append((supplier, requisition.location))
            }
        }
        for (supplier, location) in toOrder { _ = try await orderApproved(supplier: supplier, location: location, actor: actor) }
        var listed: [Listed] = []
        for id in ids {
            guard let requisition = try await requisition(id) else { throw DecisionFailure.notFound(id) }
            listed.append(requisition)
        }
        return listed
    }

    /// Writes one decision, with its audit entry and timeline; a concurrent change makes it read again.
    func record(_ id: String, _ decision: Decision, actor: String) async throws -> Requisition {
        for attempt in 1...5 {
            guard let stored = try await store.document(.requisition, key: id) else { throw DecisionFailure.notFound(id) }
            let decoded = try RequisitionJSON.decode(stored)
            var requisition = decoded.requisition
            let now = WallClock.nowMilliseconds()
            let changed: Bool
            do {
                switch decision {
                case .approve: changed = try requisition.approve(by: actor, at: now)
                case .reject(let reason): changed = try requisition.reject(by: actor, at: now, reason: reason)
                }
            } catch {
                throw DecisionFailure.refused(error)
            }
            guard changed else { return requisition }
            var document = stored
            document.version += 1
            document.status = requisition.status.rawValue
            document.body = RequisitionJSON.json(requisition, orderProblem: decoded.orderProblem).serialized()
            document.updatedAt = now
            let action = requisition.status == .approved ? "approve" : "reject"
            var changes = StoreChanges()
            changes.documents = [DocumentWrite(document, expectedVersion: stored.version)]
            changes.audit = [AuditDraft(at: now, actor: actor, action: "requisition.\(action)", target: "requisition:\(id)",
                                        details: RequisitionJSON.json(requisition))]
            changes.timeline = [TimelineEntry(at: now, correlationID: stored.correlationID, stage: .requisition, outcome: requisition.status.rawValue,
                                              detail: "requisition \(id) \(action == "approve" ? "approved" : "rejected") by \(actor)"
                                                  + (requisition.reason.map { ": \($0)" } ?? ""))]
            changes.append(try await announce(requisition, document: document))
            do {
                try await commit(changes)
                return requisition
            } catch StoreError.staleVersion where attempt < 5 {
                continue
            }
        }
        throw StoreError.conflict("requisition \(id) kept changing under the decision; try again")
    }
}
