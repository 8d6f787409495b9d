/// What the pruner asks of the store (docs/governance.md, "Retention"): delete finished
/// records in small batches, give the space back, remember the last run.
public protocol RetentionStore: Sendable {
    /// Deletes up to `limit` of the oldest records of `kind` that are finished and older
    /// than `cutoff` (milliseconds), in one short transaction; returns how many. Audit
    /// entries are deleted oldest first and the chain's checkpoint moves to the last one
    /// deleted, so the chain still verifies.
    func pruneBatch(_ kind: RetentionKind, before cutoff: Int64, limit: Int) async throws -> Int
    /// How many records of `kind` a prune at `cutoff` would delete (a dry run).
    func countPrunable(_ kind: RetentionKind, before cutoff: Int64) async throws -> Int
    /// Gives freed space back to the file system (SQLite: incremental vacuum and a WAL
    /// checkpoint; PostgreSQL: VACUUM); returns the bytes the store shrank by.
    func reclaimSpace() async throws -> Int64
    /// The store's size in bytes (SQLite: its files; PostgreSQL: its tables and indexes).
    func storeSize() async throws -> Int64
    func recordRetentionRun(_ run: RetentionRun) async throws
    func lastRetentionRun() async throws -> RetentionRun?
}
