/// The whole chain checked from the store (docs/governance.md, "Audit log").
public struct AuditVerification: Sendable, Equatable {
    /// Entries checked (those retention removed are not counted).
    public var entries: Int
    /// The newest entry (the checkpoint when every entry was pruned; nil for an empty log).
    public var head: AuditAnchor?
    /// Where retention cut the chain, if it did.
    public var checkpoint: AuditAnchor?
    /// The first entry found wrong; nil when the chain holds.
    public var broken: AuditChain.Verifier.Break?
}

extension AuditStore {
    /// Walks the chain from the checkpoint to the head in pages, calling `progress` with the
    /// number checked after each page.
    public func verifyAuditChain(pageSize: Int = 2000, progress: @Sendable (Int) -> Void = { _ in }) async throws -> AuditVerification {
        let (storedHead, checkpoint) = try await auditAnchors()
        var verifier = AuditChain.Verifier(checkpoint: checkpoint)
        var after = checkpoint?.seq ?? 0
        while true {
            let page = try await auditChain(after: after, limit: pageSize)
            for entry in page {
                do { try verifier.check(entry) } catch {
                    return AuditVerification(entries: verifier.count, head: storedHead, checkpoint: checkpoint, broken: error)
                }
            }
            progress(verifier.count)
            guard page.count == pageSize, let last = page.last else { break }
            after = last.seq
        }
        do { try verifier.finish(storedHead: storedHead ?? checkpoint) } catch {
            return AuditVerification(entries: verifier.count, head: storedHead, checkpoint: checkpoint, broken: error)
        }
        return AuditVerification(entries: verifier.count, head: verifier.head, checkpoint: checkpoint, broken: nil)
    }
}
