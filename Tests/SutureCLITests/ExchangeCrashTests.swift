import Foundation
import SutureX12
import Testing

/// The hub is killed with SIGKILL after it acknowledged a supplier's file and before it
/// finished applying it; after a restart the file is finished, and the supplier has one
/// acknowledgment for it: the same file, under the same control number.
@Suite(.serialized) struct ExchangeCrashTests {
    /// One interchange of `sets` 846s, enough work that a kill lands while it is applied.
    static func inventoryAdvice(sets: Int) -> String {
        var segments = ["ISA*00*          *00*          *ZZ*ACMEMEDICAL    *ZZ*SUTUREHUB      *260518*1015*U*00401*000000042*0*P*>",
                        "GS*IB*ACMEMEDICAL*SUTUREHUB*20260518*1015*42*X*004010"]
        for index in 1...sets {
            let control = String(format: "%04d", index)
            segments += ["ST*846*\(control)", "BIA*00*MM*INV-\(index)*20260518", "LIN*1*VN*ABC-\(index)", "QTY*33*\(index)*BX", "SE*5*\(control)"]
        }
        segments += ["GE*\(sets)*42", "IEA*1*000000042"]
        return segments.map { $0 + "~\n" }.joined()
    }

    static func files(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func killedWhileApplyingAFileTheHubFinishesItAndAcknowledgesItOnce() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let exchange = directory.appendingPathComponent("acme")
        try """
            store: "sqlite:data/suture.db"
            systems:
              acme:
                kind: supplier-x12
                interchangeId: ACMEMEDICAL
                exchange: \(exchange.path)
                pollInterval: 20ms
            """.write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
        let inbox = exchange.appendingPathComponent("in"), out = exchange.appendingPathComponent("out")
        let claimed = inbox.appendingPathComponent(".claimed"), archive = exchange.appendingPathComponent("archive")

        var server = try ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory)
        #expect(await pollUntil(timeout: .seconds(20)) { FileManager.default.fileExists(atPath: inbox.path) })
        let file = Self.inventoryAdvice(sets: 2000)
        #expect(X12Parser.parse(Array(file.utf8)).errors.isEmpty)
        try Data(file.utf8).write(to: inbox.appendingPathComponent(".846-big.x12.part"))
        try FileManager.default.moveItem(at: inbox.appendingPathComponent(".846-big.x12.part"), to: inbox.appendingPathComponent("846-big.x12"))

        // Killed the moment the acknowledgment appears, with 2,000 sets still to apply.
        #expect(await pollUntil(timeout: .seconds(30), every: .milliseconds(2)) { !Self.files(out).isEmpty })
        server.stop(signal: SIGKILL)
        let first = Self.files(out)
        try #require(first.count == 1, "\(first)")
        let firstBytes = try Data(contentsOf: out.appendingPathComponent(first[0]))
        let left = Self.files(claimed)
        try #require(left.count == 1, "the kill should land while the file is applied (archive: \(Self.files(archive)))")

        // The claim of a dead node is taken over once it is five minutes old: age it.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-600)], ofItemAtPath: claimed.appendingPathComponent(left[0]).path)
        server = try ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory)
        #expect(await pollUntil(timeout: .seconds(60)) { Self.files(archive) == ["846-big.x12"] })
        #expect(server.stop() == 0)

        // One acknowledgment: the same name and bytes as before the kill, accepting every set.
        #expect(Self.files(out) == first)
        #expect(try Data(contentsOf: out.appendingPathComponent(first[0])) == firstBytes)
        let acknowledgment = X12Parser.parse([UInt8](firstBytes))
        #expect(acknowledgment.errors.isEmpty)
        #expect(acknowledgment.documents.first?.acknowledgment?.groupStatus == "A")
        #expect(Self.files(claimed).isEmpty && Self.files(inbox).isEmpty)
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func pollUntil(timeout: Duration, every interval: Duration = .milliseconds(50), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return condition()
}
