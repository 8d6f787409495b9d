import ArgumentParser
import Foundation
import UnixSignals

/// `suture demo`: the hub with the ERP simulator, a supplier and an analytics sink, the
/// receiving and replenishment scenes played once, and then everything left running for a person to explore.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the hub with simulated ERP, supplier and analytics, play the receiving and replenishment scenes, and keep it running.",
        discussion: """
            Plays: a purchase order sent as an X12 850 and answered with 855/856/810, a case scanned and posted \
            once to the ERP in its unit, the invoice matched, and a unit-of-measure rejection that lands in the \
            exception queue, is fixed and retried. Prints the console URL and an admin token. With --once it \
            prints a summary and exits 0 only if every expectation held.
            """)

    @Option(help: "Port of the hub; 0 picks a free one.") var port = 8080
    @Flag(help: "Play the scene once, print a summary and exit (0 if every expectation held).") var once = false
    @Option(help: "Where the demo keeps its data (default: a new temporary folder).") var directory: String?

    func run() async throws {
        guard (0...65535).contains(port) else { throw CLIError("--port must be 0 to 65535, not \(port)") }
        let folder = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("suture-demo-\(UUID().uuidString.prefix(8))")
        // The scene creates PO-1001 and its documents: it is played on a fresh store.
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !contents.isEmpty {
            throw CLIError("--directory \(folder.path) is not empty (an earlier demo's data?); give a new or empty folder")
        }
        let once = once
        let say = Self.say
        let passed = try await DemoWorld.run(directory: folder, port: port) { world in
            say("Suture demo: hub \(world.hubURL), ERP simulator \(world.erpURL), data in \(world.directory.path)")
            say("Playing the receiving and replenishment scenes:")
            var scenario = DemoScenario(client: DemoClient(baseURL: world.hubURL, token: world.adminToken), world: world) { check in
                say("  \(check.held ? "✔" : "✘") \(check.text)" + (check.held ? "" : "\n      \(check.detail.prefix(600))"))
            }
            try await scenario.play()
            let failed = scenario.checks.filter { !$0.held }.count
            say(failed == 0 ? "All \(scenario.checks.count) expectations held." : "\(failed) of \(scenario.checks.count) expectations failed.")
            if once { return failed == 0 }
            say("""

                Console:     \(world.hubURL)/console/
                Admin token: \(world.adminToken)
                Try: curl -s \(world.hubURL)/v1/dashboard -H "Authorization: Bearer \(world.adminToken)"
                Press Ctrl-C to stop.
                """)
            await Self.waitForSignal()
            return failed == 0
        }
        if directory == nil { try? FileManager.default.removeItem(at: folder) }
        if !passed { throw ExitCode(1) }
    }

    /// Writes a line at once, unbuffered: whoever watches the demo (a person, a script
    /// waiting for the token) sees each step as it happens.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Returns on SIGINT or SIGTERM.
    static func waitForSignal() async {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        for await _ in signals { return }
    }
}
