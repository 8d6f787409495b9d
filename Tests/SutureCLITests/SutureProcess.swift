import Foundation
import Logging
import SutureERPSimulator
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import SutureTestSupport

/// Runs the real `suture` executable, as an operator would.
enum SutureProcess {
    /// The `suture` binary built next to this test bundle (or `SUTURE_BINARY`).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["SUTURE_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("suture")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a command to completion (off the test process's cooperative threads: `ChildProcess`).
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws -> Result {
        let result = try await ChildProcess.run(binary, arguments, directory: directory,
                                                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// A fresh working folder for one test.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

/// A `suture serve` process and the URL it listens on.
final class ServerProcess {
    let process: Process
    let baseURL: URL
    private let output: Pipe

    /// Starts `suture serve` with `arguments` and waits for its "listening" line; its log
    /// (standard error) goes to `log` when given.
    init(_ arguments: [String], in directory: URL, log: URL? = nil, environment: [String: String] = [:]) async throws {
        process = Process()
        process.executableURL = SutureProcess.binary
        process.arguments = ["serve"] + arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        output = Pipe()
        process.standardOutput = output
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        let text = await ChildProcess.read(output.fileHandleForReading, until: " (store ", timeout: 30)
        if let range = text.range(of: "listening on "), let end = text[range.upperBound...].firstIndex(of: " ") {
            baseURL = URL(string: String(text[range.upperBound..<end]))!
            return
        }
        process.terminate()
        throw ServerProcessError.noListeningLine(text)
    }

    /// Sends `signal` and waits for the process to exit; returns its status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) async -> Int32 {
        kill(process.processIdentifier, signal)
        return await ChildProcess.exit(of: process)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

enum ServerProcessError: Error { case noListeningLine(String) }

/// One HTTP request over loopback.
func http(_ method: String, _ url: URL, token: String? = nil, json: String? = nil,
          headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
    var request = URLRequest(url: url)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let json {
        request.httpBody = Data(json.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
}

/// Runs an ERP simulator on a free loopback port for the duration of `body`, which gets its port.
func withERPSimulator(token: String = "erp-token", _ body: (ERPSimulator, Int) async throws -> Void) async throws {
    let erp = try ERPSimulator(configuration: ERPSimulatorConfiguration(token: token))
    let logger = { var logger = Logger(label: "erp"); logger.logLevel = .critical; return logger }()
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    try await withRunningServices([erp.makeApplication(host: "127.0.0.1", port: 0, logger: logger) { continuation.yield($0) }]) {
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ServerProcessError.noListeningLine("the ERP simulator did not start") }
        try await body(erp, port)
    }
}

/// Waits (up to `timeout`) until every acknowledged event was posted to the ERP, then
/// checks that each was posted exactly once and nothing twice.
func expectEveryEventPostedOnce(_ acked: [String: String], to erp: ERPSimulator, within timeout: Duration) async throws {
    let deadline = ContinuousClock.now + timeout
    var missing = acked.count
    while ContinuousClock.now < deadline {
        var stillMissing = 0
        for id in acked.values where await erp.ledger.count(of: .inventoryTransaction(id)) == 0 { stillMissing += 1 }
        missing = stillMissing
        if missing == 0 { break }
        try await Task.sleep(for: .milliseconds(200))
    }
    #expect(missing == 0, "\(missing) of \(acked.count) acknowledged events never reached the ERP")
    for id in acked.values {
        #expect(await erp.ledger.count(of: .inventoryTransaction(id)) == 1, "event \(id) posted more than once")
    }
    #expect(await erp.ledger.duplicates().isEmpty)
}
