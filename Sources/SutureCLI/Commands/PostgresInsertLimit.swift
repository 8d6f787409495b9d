import Foundation

/// The PostgreSQL server's own single-row insert rate from 64 connections, as `pgbench`
/// measures it: the limit `bench cluster` prints beside its figures (docs/performance.md).
///
/// A table of its own (`suture_bench_limit`, created and dropped with `psql`) takes one
/// insert per transaction of a row the size of an event's payload, from 64 clients on 2
/// threads, for about the given seconds; the figure is pgbench's transactions per second.
enum PostgresInsertLimit {
    /// pgbench and psql: on the PATH, else in Debian's `/usr/lib/postgresql/<version>/bin`.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let candidate = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The store URL as libpq takes it: Suture's own `pool_size` left out.
    static func libpqURL(_ url: String) -> String {
        guard let query = url.firstIndex(of: "?") else { return url }
        let parameters = url[url.index(after: query)...].split(separator: "&").filter { !$0.hasPrefix("pool_size=") }
        return String(url[..<query]) + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }

    /// Inserts per second; throws when pgbench or psql is missing or fails.
    static func measure(url: String, seconds: Int = 10, clients: Int = 64) throws -> Double {
        guard let pgbench = tool("pgbench"), let psql = tool("psql") else {
            throw CLIError("pgbench and psql are needed to measure the server's own insert rate (Debian: postgresql-client)")
        }
        let target = libpqURL(url)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-pgbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("insert.sql")
        let payload = String(repeating: "x", count: 400)
        try "INSERT INTO suture_bench_limit (body) VALUES ('\(payload)');\n".write(to: script, atomically: true, encoding: .utf8)
        _ = try run(psql, [target, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                           "DROP TABLE IF EXISTS suture_bench_limit; CREATE TABLE suture_bench_limit (id bigserial PRIMARY KEY, body text NOT NULL)"])
        defer { _ = try? run(psql, [target, "-q", "-c", "DROP TABLE IF EXISTS suture_bench_limit"]) }
        // By transactions per client, not `-T`: pgbench's timer is a SIGALRM, which a child
        // started from this process inherits blocked, so `-T` never ends. A short run first
        // sizes the real one to about `seconds`.
        let bench = { (transactions: Int) throws -> Double in
            let output = try run(pgbench, ["-n", "-c", String(clients), "-j", "2", "-t", String(transactions), "-f", script.path, target])
            // "tps = 22281.123456 (without initial connection time)"
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
                  let value = line.dropFirst("tps = ".count).split(separator: " ").first.flatMap({ Double($0) }) else {
                throw CLIError("pgbench gave no rate: \(output.suffix(300))")
            }
            return value
        }
        let estimate = try bench(20)
        return try bench(max(20, Int(estimate * Double(seconds) / Double(clients))))
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw CLIError("\(URL(fileURLWithPath: executable).lastPathComponent) failed: \(text.suffix(300))")
        }
        return text
    }
}
