import Foundation
import Testing
import SutureTestSupport

/// `suture demo`: the whole receiving scene against the simulators, as a newcomer runs it.
@Suite struct DemoCommandTests {
    @Test func demoOncePlaysTheSceneAndExitsZeroWhenEveryExpectationHeld() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("demo")
        let result = try await SutureProcess.run(["demo", "--once", "--port", "0", "--directory", data.path], in: directory)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stdout.contains("✘"), "\(result.stdout)")
        #expect(result.stdout.contains("posted once to the ERP in its unit"))
        #expect(result.stdout.contains("UOM_MISMATCH"))
        #expect(result.stdout.contains("the corrected receipt posted once"))
        #expect(result.stdout.contains("approved automatically and ordered as RQ-"))
        #expect(result.stdout.contains("back at par: 144 gloves on hand"))
        #expect(result.stdout.range(of: #"All \d+ expectations held\."#, options: .regularExpression) != nil, "\(result.stdout)")
        // The demo kept its data where it was told: the hub's store and the supplier's exchange.
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("suture.db").path))
        let archived = (try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("exchange/acme/archive").path)) ?? []
        #expect(archived.contains { $0.hasPrefix("855") || $0.contains("855") } || archived.count >= 3, "\(archived)")
    }

    @Test func demoKeepsRunningWithTheConsoleAndAnAdminTokenUntilStopped() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = SutureProcess.binary
        process.arguments = ["demo", "--port", "0"]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let text = await ChildProcess.read(output.fileHandleForReading, until: "Press Ctrl-C", timeout: 60)
        let console = try #require(text.range(of: #"Console:\s+(\S+)"#, options: .regularExpression).map { String(text[$0]) }?
            .split(separator: " ").last.map(String.init), "\(text)")
        let token = try #require(text.range(of: #"Admin token: (\S+)"#, options: .regularExpression).map { String(text[$0]) }?
            .split(separator: " ").last.map(String.init), "\(text)")
        let page = try await http("GET", try #require(URL(string: console)))
        #expect(page.status == 200)
        #expect(page.body.contains("console.js"))
        let base = console.replacingOccurrences(of: "/console/", with: "")
        let dashboard = try await http("GET", try #require(URL(string: base + "/v1/dashboard")), token: token)
        #expect(dashboard.status == 200)
        #expect(dashboard.body.contains("\"name\":\"erp\""))
        kill(process.processIdentifier, SIGTERM)
        #expect(await ChildProcess.exit(of: process) == 0)
    }
}
