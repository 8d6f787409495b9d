/// The audit log: a hash chain of every change made by a client or a person
/// (docs/governance.md, "Audit log"). Entries of a change are written by the same
/// transaction as the change (the `audit:` of master-data writes, `StoreChanges.audit`,
/// the client writes); this role reads the chain and appends entries that stand alone.
public protocol AuditStore: Sendable {
    /// Appends entries that record no other write of the store (nothing else to commit with).
    func appendAudit(_ drafts: [AuditDraft]) async throws
    /// Entries matching `query`, newest first, at most `query.limit`.
    func auditEntries(_ query: AuditQuery) async throws -> [AuditEntry]
    /// Up to `limit` entries after sequence `after`, oldest first: the chain in pages, for verifying.
    func auditChain(after: Int64, limit: Int) async throws -> [AuditEntry]
    /// The newest entry's anchor (nil while the log is empty) and retention's checkpoint (nil
    /// until entries were pruned).
    func auditAnchors() async throws -> (head: AuditAnchor?, checkpoint: AuditAnchor?)
}
