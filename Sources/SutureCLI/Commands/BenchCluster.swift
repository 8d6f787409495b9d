import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SutureERPSimulator
import SutureModel
import SutureProcurement
import SutureDelivery

/// `suture bench cluster`: throughput of one or more `suture serve` processes on one store,
/// end to end: 64 clients send single events spread over the nodes for a while, and the
/// figure is how many the nodes accepted per second and how many reached the ERP simulator
/// per second (from the first event sent to the last one posted).
enum BenchCluster {
    struct Figures {
        var storeKind: String
        var events: Int
        var ingest: Double
        var delivered: Double
        /// The most memory any node held (its VmHWM), in MiB.
        var nodePeakMiB: Double
        /// The largest growth of a node's resident memory from a quarter into the load to
        /// its end, in MiB: near 0 when memory stays flat under sustained load.
        var nodeGrowthMiB: Double
        /// Each node's resident memory (VmRSS, MiB) every `sampleSeconds` from the start of
        /// the load to its end: whether memory levels off or keeps climbing.
        var nodeResidentMiB: [[Double]]
        var sampleSeconds: Double
    }

    static func run(store: String?, nodes count: Int, seconds: Int) async throws -> Figures {
        // 64 clients means 64 connections: the shared client keeps 8 per host, which capped
        // the load at 8 requests in flight (fixed 2026-12-06; figures before were measured so).
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))
        do {
            let figures = try await measure(store: store, nodes: count, seconds: seconds, client: client)
            try await client.shutdown()
            return figures
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func measure(store: String?, nodes count: Int, seconds: Int, client: HTTPClient) async throws -> Figures {
        guard (1...16).contains(count) else { throw CLIError("--nodes must be 1 to 16") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storeURL = store ?? "sqlite:cluster.db"
        if storeURL.hasPrefix("sqlite:") && count > 1 { throw CLIError("several nodes need a postgres:// store; SQLite is for one process") }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let erp = try ERPSimulator(configuration: ERPSimulatorConfiguration())
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let quiet = logger
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await erp.run(host: "127.0.0.1", port: 0, logger: quiet) { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            guard let erpPort = await iterator.next() else { throw CLIError("the ERP simulator did not start") }
            try """
                store: "\(storeURL)"
                systems:
                  storeroom-a: { kind: inventory }
                  erp:
                    kind: erp-http
                    url: http://127.0.0.1:\(erpPort)
                    rateLimit: { perSecond: 100000, burst: 1000 }
                    concurrency: 32
                routes:
                  - to: [erp]
                """.write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
            let token = try addClient(in: directory)
            var servers: [Process] = []
            defer { for server in servers where server.isRunning { server.terminate(); server.waitUntilExit() } }
            var urls: [String] = []
            for _ in 0..<count {
                let (process, url) = try startNode(in: directory)
                servers.append(process)
                urls.append(url)
            }
            print("cluster: \(count) node\(count == 1 ? "" : "s") on \(storeURL.hasPrefix("sqlite:") ? "SQLite" : "PostgreSQL"): \(urls.joined(separator: ", "))")
            try await seed(urls[0], token: token, client: client)

            let prefix = UUID().uuidString.prefix(8)
            let nodeURLs = urls
            let started = ContinuousClock.now
            let wallStart = Date()
            let deadline = started + .seconds(seconds)
            // Each node's resident memory through the load, twenty samples or one every five
            // seconds, whichever is rarer (the growth compares a quarter into it with the end).
            let pids = servers.map { String($0.processIdentifier) }
            let sampleSeconds = max(5, Double(seconds) / 20)
            let sampler = Task {
                var samples: [[Int]] = [pids.map { BenchCommand.statusKiB("VmRSS", of: $0) }]
                while ContinuousClock.now < deadline {
                    try? await Task.sleep(for: min(.seconds(sampleSeconds), ContinuousClock.now.duration(to: deadline) + .milliseconds(1)))
                    samples.append(pids.map { BenchCommand.statusKiB("VmRSS", of: $0) })
                }
                return samples
            }
            let ids = try await withThrowingTaskGroup(of: [String].self) { senders in
                for lane in 0..<64 {
                    senders.addTask {
                        var ids: [String] = []
                        let url = nodeURLs[lane % nodeURLs.count] + "/v1/events"
                        while ContinuousClock.now < deadline {
                            var request = HTTPClientRequest(url: url)
                            request.method = .POST
                            request.headers.add(name: "Authorization", value: "Bearer \(token)")
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.headers.add(name: "Idempotency-Key", value: "c-\(prefix)-\(lane)-\(ids.count)")
                            request.body = .bytes(ByteBuffer(string: BenchHub.event(nil)))
                            let response = try await client.execute(request, timeout: .seconds(30))
                            let body = try await response.body.collect(upTo: 1 << 16)
                            guard response.status.code == 202, let id = try? JSONValue.parse(body.readableBytesView)["id"]?.stringValue else {
                                throw BenchError.unexpectedStatus(Int(response.status.code))
                            }
                            ids.append(id)
                        }
                        return ids
                    }
                }
                return try await senders.reduce(into: [String]()) { $0 += $1 }
            }
            let ingestSeconds = BenchCommand.seconds(ContinuousClock.now - started)
            let samples = await sampler.value
            // Wait until every accepted event reached the ERP, however long that takes while
            // postings still arrive (a backlog left by the load drains after it); give up after
            // a minute without a new one.
            let wanted = Set(ids)
            var lastPosting = wallStart
            var posted = 0
            var lastProgress = ContinuousClock.now
            var lastReport = ContinuousClock.now
            while true {
                let postings = await erp.ledger.postings().filter { wanted.contains($0.businessKey.value) }
                if postings.count >= wanted.count {
                    lastPosting = postings.map(\.postedAt).max() ?? wallStart
                    posted = postings.count
                    break
                }
                if postings.count > posted {
                    posted = postings.count
                    lastProgress = ContinuousClock.now
                }
                guard ContinuousClock.now - lastProgress < .seconds(60) else { break }
                if ContinuousClock.now - lastReport > .seconds(10) {
                    BenchCommand.say("  draining: \(posted) of \(wanted.count) accepted events posted to the ERP")
                    lastReport = ContinuousClock.now
                }
                try await Task.sleep(for: .milliseconds(posted > 0 && wanted.count - posted > 10_000 ? 1000 : 200))
            }
            guard posted == wanted.count else { throw CLIError("only \(posted) of \(wanted.count) events reached the ERP; none for a minute") }
            let peak = pids.map { BenchCommand.statusKiB("VmHWM", of: $0) }.max() ?? 0
            let quarter = samples[min(samples.count - 1, Int((Double(seconds) / 4 / sampleSeconds).rounded()))]
            let growth = zip(quarter, samples.last ?? quarter).map { $1 - $0 }.max() ?? 0
            let series = pids.indices.map { node in samples.map { Double($0[node]) / 1024 } }
            group.cancelAll()
            return Figures(storeKind: storeURL.hasPrefix("sqlite:") ? "sqlite" : "postgres", events: ids.count,
                           ingest: Double(ids.count) / ingestSeconds,
                           delivered: Double(ids.count) / max(0.001, lastPosting.timeIntervalSince(wallStart)),
                           nodePeakMiB: Double(peak) / 1024, nodeGrowthMiB: Double(growth) / 1024,
                           nodeResidentMiB: series, sampleSeconds: sampleSeconds)
        }
    }

    static var executable: URL { URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]) }

    static func addClient(in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = executable
        // The benchmark measures the nodes, not a client's quota.
        process.arguments = ["clients", "add", "bench-\(UUID().uuidString.prefix(8))", "--scope", "admin", "--rate", "1000000", "--config", "suture.yaml"]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let token = String(decoding: data, as: UTF8.self).split(separator: "\n").last else {
            throw CLIError("suture clients add failed (is the store reachable?)")
        }
        return String(token)
    }

    /// Starts `suture serve` on the configuration and returns it with its URL; its output
    /// is read on and dropped, so a chatty node never blocks on a full pipe.
    static func startNode(in directory: URL, log: FileHandle? = nil) throws -> (Process, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--config", "suture.yaml", "--port", "0"]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = log ?? FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw CLIError("suture serve exited before listening") }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "listening on "), let end = text[range.upperBound...].firstIndex(of: " ") {
                output.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
                return (process, String(text[range.upperBound..<end]))
            }
        }
    }

    static func seed(_ url: String, token: String, client: HTTPClient) async throws {
        let puts: [(String, String)] = [
            ("/v1/items/GLOVE-M", #"{"description":"Nitrile gloves M","baseUnit":"EA","packaging":[{"unit":"BX","quantity":10}]}"#),
            ("/v1/locations/MAIN", #"{"name":"Main store","type":"storeroom"}"#),
            ("/v1/systems/storeroom-a/crosswalk/items/7788", #"{"id":"GLOVE-M"}"#),
            ("/v1/systems/storeroom-a/crosswalk/locations/OR-1", #"{"id":"MAIN"}"#),
            ("/v1/systems/erp/crosswalk/items/ERP-1", #"{"id":"GLOVE-M"}"#),
            ("/v1/systems/erp/crosswalk/locations/WH", #"{"id":"MAIN"}"#),
        ]
        for (path, body) in puts {
            var request = HTTPClientRequest(url: url + path)
            request.method = .PUT
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 16)
            guard (200...201).contains(Int(response.status.code)) else { throw BenchError.unexpectedStatus(Int(response.status.code)) }
        }
    }
}
