public import Foundation
import Dispatch

/// Runs a child process to completion without holding a thread of Swift's cooperative pool.
///
/// The tests run in one process whose pool has as many threads as cores (2 here), and the
/// hubs under test serve requests on that pool: a test that blocked a pool thread reading
/// a child's output (a browser session, the README tour) starved the hubs of other tests
/// running beside it, until their requests timed out. The blocking reads and the wait run
/// on a Dispatch thread instead, and the caller is resumed when the child has exited.
public enum ChildProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` with `arguments`; `configure` may set more (its folder, process group).
    public static func run(_ executable: URL, _ arguments: [String], directory: URL? = nil,
                           environment: [String: String]? = nil, stdin: Data? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        return try await run(process, stdin: stdin)
    }

    /// Runs a prepared process; its standard output and error are collected here (error into
    /// the output when `mergingErrors`, in the order written). `started` gets its process id.
    public static func run(_ process: Process, stdin: Data? = nil, mergingErrors: Bool = false,
                           started: (Int32) -> Void = { _ in }) async throws -> Result {
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = mergingErrors ? out : err
        let input = stdin.map { _ in Pipe() }
        if let input { process.standardInput = input }
        try process.run()
        started(process.processIdentifier)
        if mergingErrors { try? err.fileHandleForWriting.close() }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                if let input, let stdin {
                    input.fileHandleForWriting.write(stdin)
                    try? input.fileHandleForWriting.close()
                }
                // Both pipes are drained at once, so a chatty child never blocks on a full one.
                let group = DispatchGroup()
                nonisolated(unsafe) var errors = Data()
                group.enter()
                DispatchQueue.global().async {
                    errors = err.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let output = out.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                                                      stderr: String(decoding: errors, as: UTF8.self)))
            }
        }
    }

    /// Reads `handle` until what was read contains `marker`, it ends, or `timeout` passes
    /// (on a Dispatch thread, like `run`); returns what was read.
    public static func read(_ handle: FileHandle, until marker: String, timeout: TimeInterval) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                let deadline = Date().addingTimeInterval(timeout)
                while Date() < deadline {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                    if String(decoding: buffer, as: UTF8.self).contains(marker) { break }
                }
                continuation.resume(returning: String(decoding: buffer, as: UTF8.self))
            }
        }
    }

    /// Waits for a running child to exit (on a Dispatch thread) and returns its status.
    public static func exit(of process: Process) async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
    }

    /// Python from PATH (scripts/test puts its virtual environment first).
    public static func python(_ arguments: [String], stdin: Data? = nil) async throws -> Result {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, stdin: stdin)
    }
}
