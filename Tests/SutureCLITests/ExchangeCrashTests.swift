import Foundation
import SutureX12
import Testing

/// The hub is killed with SIGKILL after it acknowledged a supplier's file and before it
/// finished applying it; after a restart the file is finished, and the supplier has one
/// acknowledgment for it: the same file, under the same control number.
@Suite(.serialized) struct ExchangeCrashTests {
    /// One interchange of `sets` 846s, enough work that a kill lands while it is applied.
    static func inventoryAdvice(sets: Int, first: Int = 1) -> String {
        var segments = ["ISA*00*          *00*          *ZZ*ACMEMEDICAL    *ZZ*SUTUREHUB      *260518*1015*U*00401*000000042*0*P*>",
                        "GS*IB*ACMEMEDICAL*SUTUREHUB*20260518*1015*42*X*004010"]
        for index in 1...sets {
            let control = String(format: "%04d", index)
            segments += ["ST*846*\(control)", "BIA*00*MM*INV-\(first + index)*20260518", "LIN*1*VN*ABC-\(index)", "QTY*33*\(index)*BX", "SE*5*\(control)"]
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

        // Killed the moment the acknowledgment of a file appears, with thousands of sets still
        // to apply. A machine busy enough to miss that moment gets another file (at most three).
        var landed: (name: String, acknowledgment: String, bytes: Data)?
        for attempt in 1...3 where landed == nil {
            let server = try await ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory)
            #expect(await pollUntil(timeout: .seconds(20)) { FileManager.default.fileExists(atPath: inbox.path) })
            let name = "846-big-\(attempt).x12"
            let file = Self.inventoryAdvice(sets: 3000, first: attempt * 10_000)
            let before = Set(Self.files(out))
            try Data(file.utf8).write(to: inbox.appendingPathComponent(".\(name).part"))
            try FileManager.default.moveItem(at: inbox.appendingPathComponent(".\(name).part"), to: inbox.appendingPathComponent(name))
            let killed = await killWhen(pid: server.process.processIdentifier, timeout: 30) { Self.files(out).count > before.count }
            _ = await server.stop(signal: SIGKILL)
            try #require(killed, "no acknowledgment of \(name) appeared")
            let answers = Self.files(out).filter { !before.contains($0) }
            try #require(answers.count == 1, "\(answers)")
            if Self.files(claimed).count == 1 {
                landed = (name, answers[0], try Data(contentsOf: out.appendingPathComponent(answers[0])))
            }
        }
        let (name, answer, bytes) = try #require(landed, "the kill never landed while a file was applied")

        // A hub alone on its SQLite store takes its dead predecessor's claim over at start,
        // however young (a node of a cluster waits for `claimTimeout`, 5 minutes by default).
        #expect(Self.files(claimed).count == 1)
        let server = try await ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory)
        #expect(await pollUntil(timeout: .seconds(60)) { Self.files(archive).contains(name) })
        #expect(await server.stop() == 0)

        // One acknowledgment of the file: the same name and bytes as before the kill, accepting every set.
        #expect(Self.files(out).filter { $0.contains(name) } == [answer])
        #expect(try Data(contentsOf: out.appendingPathComponent(answer)) == bytes)
        let acknowledgment = X12Parser.parse([UInt8](bytes))
        #expect(acknowledgment.errors.isEmpty)
        #expect(acknowledgment.documents.first?.acknowledgment?.groupStatus == "A")
        #expect(Self.files(claimed).isEmpty && Self.files(inbox).isEmpty)
    }
}

/// Sends SIGKILL to `pid` as soon as `condition` holds, watching from a thread of its own
/// (not the test's task pool, which a busy test run can keep from running for a while).
/// Returns whether it did within `timeout` seconds.
func killWhen(pid: Int32, timeout: TimeInterval, _ condition: @escaping @Sendable () -> Bool) async -> Bool {
    await withCheckedContinuation { continuation in
        Thread {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if condition() {
                    kill(pid, SIGKILL)
                    continuation.resume(returning: true)
                    return
                }
                usleep(300)
            }
            continuation.resume(returning: false)
        }.start()
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
