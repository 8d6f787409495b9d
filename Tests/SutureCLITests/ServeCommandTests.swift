import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The hub as a newcomer runs it: the real executable, a real SQLite file, real HTTP.
@Suite(.serialized) struct ServeCommandTests {
    /// The 2-second start-up target is measured by `suture bench startup` (release build, an
    /// idle machine); here, where other tests share the cores, the test checks that the hub
    /// comes up on its defaults at all and prints how long it took.
    @Test func serveWithNoArgumentsAnswersLiveOnTheDefaults() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = SutureProcess.binary
        process.arguments = ["serve"]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        var answered: Int?
        while Date().timeIntervalSince(started) < 30, answered == nil {
            answered = try? await http("GET", URL(string: "http://127.0.0.1:8080/health/live")!).status
            if answered == nil { try await Task.sleep(for: .milliseconds(25)) }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(answered == 200, "no answer on 127.0.0.1:8080")
        print("serve on defaults answered /health/live \(Int(elapsed * 1000)) ms after start")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("suture-data/suture.db").path))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "graceful shutdown on SIGTERM exits 0")
    }

    @Test func itemsStoredWithAClientTokenSurviveARestart() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        // Given a client created in the default store of this folder.
        let added = try await SutureProcess.run(["clients", "add", "storeroom-a", "--scope", "masterdata:write", "--scope", "masterdata:read"], in: directory)
        #expect(added.status == 0, "\(added.stderr)")
        let token = try #require(added.stdout.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix("sut_"))

        // When the hub runs on that store.
        let first = try await ServerProcess(["--port", "0"], in: directory)
        let item = #"{"description":"Nitrile gloves M","baseUnit":"EA","packaging":[{"unit":"BX","quantity":100}]}"#
        let withoutToken = try await http("PUT", first.baseURL.appendingPathComponent("v1/items/GLOVE-M"), json: item)
        #expect(withoutToken.status == 401)
        #expect(withoutToken.body.contains("urn:suture:problem:unauthorized"))
        let stored = try await http("PUT", first.baseURL.appendingPathComponent("v1/items/GLOVE-M"), token: token, json: item)
        #expect(stored.status == 201)
        #expect(await first.stop(signal: SIGINT) == 0)

        // Then a restarted hub still has it.
        let second = try await ServerProcess(["--port", "0"], in: directory)
        let read = try await http("GET", second.baseURL.appendingPathComponent("v1/items/GLOVE-M"), token: token)
        #expect(read.status == 200)
        #expect(read.body.contains("\"description\":\"Nitrile gloves M\""))
        #expect(await second.stop() == 0)
    }

    @Test func serveWithABrokenConfigurationExitsWithTheProblem() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "http:\n  prot: 80\n".write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
        let result = try await SutureProcess.run(["serve", "--config", "suture.yaml"], in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains("line 2: http.prot: unknown key 'prot'"))
    }

    @Test func serveWithAnUnknownStoreSchemeSaysSo() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await SutureProcess.run(["serve", "--store", "mysql://x"], in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains("must start with 'sqlite:' or 'postgres://'"))
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    }
}
