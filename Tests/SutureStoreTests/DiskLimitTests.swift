import Foundation
import SutureStoreSQLite
import Testing

/// The limits `suture bench` prints beside its figures: each measures real commits on the
/// disk and leaves no scratch file behind.
@Suite struct DiskLimitTests {
    @Test func bothLimitsMeasureCommitsAndLeaveNothingBehind() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("disk-limit-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let single = try SQLiteDiskLimit.syncedCommitsPerSecond(in: directory, seconds: 0.2)
        let batched = try SQLiteDiskLimit.batchedRowsPerSecond(in: directory, seconds: 0.2, batch: 100)
        #expect(single > 0 && single.isFinite)
        #expect(batched > 0 && batched.isFinite)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
