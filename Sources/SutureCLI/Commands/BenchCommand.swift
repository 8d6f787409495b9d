import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import SutureBarcode
import SutureConfig
import SutureERPSimulator
import SutureHTTP
import SutureModel
import SutureStore
import SutureDelivery
import SutureX12
import SutureDevTools
import SutureStoreSQLite
import SutureProcurement

/// `suture bench`: the performance figures of docs/performance.md, measured on this machine.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run benchmarks against a hub it starts itself; print one line per figure and write a JSON file.",
        discussion: "Run in release mode: swift run -c release suture bench. Figures: startup, barcode, x12, ingest-batch, ingest-single, latency, memory.")

    @Argument(help: "Which benchmarks: all, startup, barcode, x12, ingest, latency; or cluster, chaos, masterdata, replenishment (not in all).")
    var which: [String] = ["all"]
    @Option(help: "Where to write the JSON results.") var output = "bench-results/latest.json"
    @Option(help: "Events for the batch ingest figure.") var batchEvents = 200_000
    @Option(help: "Seconds of single-event ingest from 64 clients.") var singleSeconds = 10
    @Option(help: "Events per second for the latency figure.") var latencyRate = 1000
    @Option(help: "Seconds of the latency run.") var latencySeconds = 10
    @Option(help: "cluster, chaos: the store the nodes share (a sqlite: file for one node, or postgres://...); a temporary SQLite file if absent.")
    var store: String?
    @Option(help: "cluster, chaos: how many `suture serve` nodes to start on the store.") var nodes = 1
    @Option(help: "chaos: how many times a node is killed with SIGKILL, at random instants.") var kills = 20
    @Option(help: "chaos: seconds of load (default: 4 per kill, at least 20).") var chaosSeconds: Int?
    @Option(help: "chaos: a shell command that restarts the store's PostgreSQL server, run once halfway through (pg_ctl -D DATA -m fast -w restart).")
    var restartStore: String?
    @Option(help: "cluster: seconds of single-event load from 64 clients spread over the nodes.") var clusterSeconds = 10
    @Option(help: "masterdata: rows of the item master imported, and records of the snapshot compared.") var items = 100_000
    @Option(help: "replenishment: par levels checked by a full run (one in ten needs ordering).") var parLevels = 10_000

    func run() async throws {
        let all = which.contains("all")
        var results: [(String, JSONValue)] = [
            ("date", .string(InventoryEventJSONTimestamp.now())),
            ("machine", .object([("cores", .integer(ProcessInfo.processInfo.activeProcessorCount)),
                                 ("memoryGiB", .integer(Int(ProcessInfo.processInfo.physicalMemory >> 30)))])),
        ]
        func report(_ name: String, _ value: Double, _ unit: String, _ extra: [(String, JSONValue)] = []) {
            Self.say("\(name): \(String(format: "%.1f", value)) \(unit)")
            results.append((name, .object([("value", .number(String(format: "%.1f", value))), ("unit", .string(unit))] + extra)))
        }
        #if DEBUG
        print("warning: this is a debug build; run `swift run -c release suture bench` for real figures")
        #endif
        if all || which.contains("startup") {
            let milliseconds = try await Self.startupMilliseconds()
            report("startup-to-live-ms", milliseconds, "ms", [("note", .string("suture serve on a fresh store until GET /health/live answers 200"))])
        }
        if all || which.contains("barcode") {
            let corpus = BarcodeBenchmarkCorpus.mixed(count: 100_000)
            let parser = BarcodeParser(referenceYear: 2026)
            var best = 0.0
            for _ in 0..<3 {
                let started = ContinuousClock.now
                var valid = 0
                for text in corpus where parser.parse(text).isValid { valid += 1 }
                let seconds = Self.seconds(ContinuousClock.now - started)
                best = max(best, Double(corpus.count) / seconds)
                precondition(valid == corpus.count, "the benchmark corpus must be valid")
            }
            report("barcode-parses-per-second", best, "parses/s", [("corpus", .integer(corpus.count)), ("threads", .integer(1))])
        }
        if all || which.contains("x12") {
            let bytes = X12BenchmarkInterchange.make(documents: 20_000)
            let measurement = X12Benchmark.best(of: 3, bytes: bytes)
            report("x12-parse-megabytes-per-second", measurement.megabytesPerSecond, "MB/s",
                   [("bytes", .integer(measurement.bytes)), ("documents", .integer(measurement.documents)), ("valid", .bool(measurement.valid))])
        }
        if all || which.contains("ingest") || which.contains("latency") {
            try await BenchHub.with { bench in
                if all || which.contains("ingest") {
                    // Single events first, on a fresh store: ingest while the pipeline handles
                    // what comes in, not while it still works off the batch figure's backlog.
                    let single = try await bench.singleIngest(clients: 64, seconds: singleSeconds)
                    report("ingest-single-events-per-second", single, "events/s", [("clients", .integer(64))])
                    let batch = try await bench.batchIngest(events: batchEvents)
                    report("ingest-batch-events-per-second", batch, "events/s", [("events", .integer(batchEvents)), ("batchSize", .integer(1000))])
                    let disk = try SQLiteDiskLimit.syncedCommitsPerSecond(in: FileManager.default.temporaryDirectory)
                    report("disk-synced-commits-per-second", disk, "commits/s",
                           [("note", .string("the machine's limit: single-row SQLite commits, WAL, synchronous=FULL, one at a time"))])
                    print("  single-event ingest is \(String(format: "%.2f", single / max(disk, 1))) times the disk's synced commits per second")
                    let batched = try SQLiteDiskLimit.batchedRowsPerSecond(in: FileManager.default.temporaryDirectory)
                    report("disk-batched-rows-per-second", batched, "rows/s",
                           [("note", .string("the machine's limit: SQLite rows inserted 1000 per synced transaction, WAL, synchronous=FULL"))])
                    print("  batch ingest is \(String(format: "%.1f", batch / max(batched, 1) * 100)) % of the disk's batched rows per second")
                }
                if all || which.contains("latency") {
                    let latency = try await bench.latency(rate: latencyRate, seconds: latencySeconds)
                    if latency.count == 0 {
                        // Not a latency of 0 ms: no accepted event of this run reached the ERP's ledger.
                        print("erp-latency: no sample (no event sent in this run was matched to an ERP posting)")
                        results.append(("erp-latency", .object([("samples", .integer(0))])))
                    } else {
                        report("erp-latency-p50-ms", latency.p50, "ms")
                        report("erp-latency-p99-ms", latency.p99, "ms", [("rate", .integer(latencyRate)), ("events", .integer(latency.count))])
                    }
                }
            }
        }
        if which.contains("cluster") {
            // The machine's limit first, with nothing else running: the PostgreSQL server's own
            // single-row insert rate from 64 connections, or the disk's synced commits for SQLite.
            let limit: (name: String, value: Double, unit: String, note: String)
            if let store, store.hasPrefix("postgres") {
                limit = ("postgres-insert-limit-per-second", try PostgresInsertLimit.measure(url: store), "inserts/s",
                         "the machine's limit: the PostgreSQL server's own single-row inserts per second from 64 connections (pgbench, 10 s)")
            } else {
                limit = ("disk-synced-commits-per-second", try SQLiteDiskLimit.syncedCommitsPerSecond(in: FileManager.default.temporaryDirectory), "commits/s",
                         "the machine's limit: single-row SQLite commits, WAL, synchronous=FULL, one at a time")
            }
            report(limit.name, limit.value, limit.unit, [("note", .string(limit.note))])
            let figures = try await BenchCluster.run(store: store, nodes: nodes, seconds: clusterSeconds)
            let extra: [(String, JSONValue)] = [("nodes", .integer(nodes)), ("store", .string(figures.storeKind)), ("clients", .integer(64)),
                                                ("events", .integer(figures.events))]
            let share = { (value: Double) -> [(String, JSONValue)] in
                [("ofLimit", .number(String(format: "%.3f", value / max(limit.value, 1))))]
            }
            report("cluster-ingest-events-per-second", figures.ingest, "events/s", extra + share(figures.ingest))
            print("  \(String(format: "%.1f", figures.ingest / max(limit.value, 1) * 100)) % of \(limit.name) (\(String(format: "%.0f", limit.value)) \(limit.unit))")
            report("cluster-delivered-events-per-second", figures.delivered, "events/s", extra + share(figures.delivered))
            print("  \(String(format: "%.1f", figures.delivered / max(limit.value, 1) * 100)) % of \(limit.name)")
            report("cluster-node-peak-resident-mb", figures.nodePeakMiB, "MB", extra + [("note", .string("the largest VmHWM of a `suture serve` node"))])
            report("cluster-node-resident-growth-mb", figures.nodeGrowthMiB, "MB",
                   extra + [("note", .string("a node's resident memory at the end of the load less at a quarter of it (the largest of the nodes)"))])
            let series = figures.nodeResidentMiB.map { node in JSONValue.array(node.map { .number(String(format: "%.1f", $0)) }) }
            results.append(("cluster-node-resident-mb-series", .object([
                ("everySeconds", .number(String(format: "%.1f", figures.sampleSeconds))), ("nodes", .array(series)),
                ("note", .string("each node's VmRSS from the start of the load to its end")),
            ])))
            for (index, node) in figures.nodeResidentMiB.enumerated() {
                print("  node \(index + 1) resident MB every \(String(format: "%.0f", figures.sampleSeconds)) s: \(node.map { String(format: "%.1f", $0) }.joined(separator: " "))")
            }
        }
        if which.contains("chaos") {
            let outcome = try await BenchChaos.run(store: store, nodes: nodes, kills: kills, seconds: chaosSeconds, restartStore: restartStore)
            print("chaos: \(outcome.kills) kills, \(outcome.storeRestarts) restarts of the store's server, \(Int(outcome.seconds)) s")
            print("chaos: \(outcome.events) events, \(outcome.orders) orders (850, 855, 856, 810), \(outcome.invoices) invoices matched, \(outcome.voids) voids, \(outcome.supplierFiles) supplier 846 files")
            print("chaos: checked \(outcome.erpPostings) ERP postings by business key and \(outcome.supplierDocuments) interchanges the supplier read, by control number; \(outcome.resent) resent under the same control number (dropped by the supplier's duplicate check)")
            for line in outcome.lost.prefix(20) { print("lost: \(line)") }
            for line in outcome.duplicated.prefix(20) { print("duplicated: \(line)") }
            print("lost: \(outcome.lost.count)")
            print("duplicated: \(outcome.duplicated.count)")
            results.append(("chaos", .object([
                ("store", .string(store.map { $0.hasPrefix("postgres") ? "postgres" : "sqlite" } ?? "sqlite")), ("nodes", .integer(nodes)),
                ("kills", .integer(outcome.kills)), ("storeRestarts", .integer(outcome.storeRestarts)), ("seconds", .integer(Int(outcome.seconds))),
                ("events", .integer(outcome.events)), ("orders", .integer(outcome.orders)), ("invoices", .integer(outcome.invoices)),
                ("voids", .integer(outcome.voids)), ("supplierFiles", .integer(outcome.supplierFiles)),
                ("erpPostings", .integer(outcome.erpPostings)), ("supplierDocuments", .integer(outcome.supplierDocuments)),
                ("resent", .integer(outcome.resent)), ("lost", .integer(outcome.lost.count)), ("duplicated", .integer(outcome.duplicated.count)),
            ])))
            if !outcome.lost.isEmpty || !outcome.duplicated.isEmpty {
                try Self.write(results, to: output)
                throw ExitCode(1)
            }
        }
        if which.contains("masterdata") {
            let figures = try await BenchMasterData.run(items: items)
            report("item-import-rows-per-second", figures.importRowsPerSecond, "rows/s",
                   [("rows", .integer(items)), ("note", .string("CSV checked row by row, one transaction, a version and an audit entry per item, as suture items import writes them"))])
            report("item-reimport-rows-per-second", figures.reimportRowsPerSecond, "rows/s", [("rows", .integer(items)), ("note", .string("the same file again: every row unchanged"))])
            report("drift-compare-records-per-second", figures.compareRecordsPerSecond, "records/s",
                   [("records", .integer(items)), ("differences", .integer(figures.differences))])
            let disk = try SQLiteDiskLimit.syncedCommitsPerSecond(in: FileManager.default.temporaryDirectory)
            report("disk-synced-commits-per-second", disk, "commits/s",
                   [("note", .string("the machine's limit: single-row SQLite commits, WAL, synchronous=FULL, one at a time"))])
        }
        if which.contains("replenishment") {
            let figures = try await BenchReplenishment.run(parLevels: parLevels)
            let extra: [(String, JSONValue)] = [("parLevels", .integer(figures.parLevels))]
            report("replenishment-first-run-seconds", figures.firstRunSeconds, "s",
                   extra + [("requisitions", .integer(figures.requisitions)), ("purchaseOrders", .integer(figures.purchaseOrders)),
                            ("note", .string("a full run raising one requisition per need below its reorder point, auto-approved, ordered one purchase order per location"))])
            report("replenishment-quiet-run-seconds", figures.quietRunSeconds, "s",
                   extra + [("note", .string("a full run again: every par level checked, nothing to raise"))])
            report("replenishment-single-need-ms", figures.singleNeedMilliseconds, "ms",
                   [("note", .string("a run for one location and item, as a processed event starts it (mean of 100)"))])
            let disk = try SQLiteDiskLimit.syncedCommitsPerSecond(in: FileManager.default.temporaryDirectory)
            report("disk-synced-commits-per-second", disk, "commits/s",
                   [("note", .string("the machine's limit: single-row SQLite commits, WAL, synchronous=FULL, one at a time"))])
        }
        report("peak-resident-memory-mb", Double(Self.peakResidentKiB()) / 1024, "MB", [("note", .string("whole bench process: hub, simulator and load generator"))])
        try Self.write(results, to: output)
    }

    static func write(_ results: [(String, JSONValue)], to output: String) throws {
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (JSONValue.object(results).serialized() + "\n").write(to: url, atomically: true, encoding: .utf8)
        print("results written to \(output)")
    }

    /// Starts this executable as `suture serve --port 0` in a fresh folder and times how
    /// long until `/health/live` answers.
    static func startupMilliseconds() async throws -> Double {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-startup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var buffer = Data()
        var url: String?
        while url == nil {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw CLIError("suture serve exited before listening") }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "listening on "), let end = text[range.upperBound...].firstIndex(of: " ") {
                url = String(text[range.upperBound..<end])
            }
        }
        let client = HTTPClient.shared
        while ContinuousClock.now - started < .seconds(30) {
            if let response = try? await client.execute(HTTPClientRequest(url: url! + "/health/live"), timeout: .seconds(1)),
               response.status.code == 200 {
                return seconds(ContinuousClock.now - started) * 1000
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw CLIError("suture serve did not answer /health/live within 30 s")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// VmHWM from /proc/self/status: the most memory this process has held.
    static func peakResidentKiB() -> Int { statusKiB("VmHWM") }

    /// A memory figure (`VmHWM`: the most resident memory held; `VmRSS`: resident now) of
    /// a process from /proc, in KiB; 0 where /proc has none.
    static func statusKiB(_ field: String, of process: String = "self") -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    /// Prints `line` and flushes it, so a long run shows its progress even when its output
    /// goes to a file or a pipe (fully buffered otherwise, until the process ends).
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }
}

enum InventoryEventJSONTimestamp {
    static func now() -> String { Date().formatted(.iso8601) }
}

/// A hub with a temporary SQLite store and an ERP simulator, both on loopback, for `bench`.
struct BenchHub {
    let hubURL: String
    let token: String
    let erp: ERPSimulator
    let client: HTTPClient
    let store: any Store

    static func with(_ body: (BenchHub) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteStore.open(path: directory.appendingPathComponent("bench.db").path)
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let erp = try ERPSimulator(configuration: ERPSimulatorConfiguration())
        let (erpPorts, erpContinuation) = AsyncStream<Int>.makeStream()
        let (hubPorts, hubContinuation) = AsyncStream<Int>.makeStream()
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))
        let quietLogger = logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await erp.run(host: "127.0.0.1", port: 0, logger: quietLogger) { erpContinuation.yield($0) } }
            var erpIterator = erpPorts.makeAsyncIterator()
            guard let erpPort = await erpIterator.next() else { return }
            var configuration = SutureConfiguration()
            var delivery = DeliverySettings.defaults
            delivery.rateLimit = RateLimitSettings(perSecond: 100_000, burst: 1000)
            delivery.concurrency = 32
            configuration.systems = [
                SystemSettings(name: "storeroom-a", connection: .inventory),
                SystemSettings(name: "erp", connection: .erpHTTP(ERPSettings(url: "http://127.0.0.1:\(erpPort)")), delivery: delivery),
            ]
            configuration.routes = [RouteSettings(to: ["erp"])]
            configuration.http.maxBatchBodyBytes = 64 << 20
            try await seed(store)
            let token = "bench-\(UUID().uuidString)"
            // The benchmark measures the hub, not a client's quota.
            try await store.addClient(ClientRecord(name: "bench", tokenHash: ClientSettings.hash(token: token), scopes: ["admin"],
                                                   rateLimit: .init(perSecond: 1_000_000, burst: 1_000_000)))
            let hub = try Hub(configuration: configuration, store: store, logger: quietLogger)
            let app = hub.makeApplication(host: "127.0.0.1", port: 0, logger: quietLogger) { hubContinuation.yield($0) }
            group.addTask { try await app.run() }
            var hubIterator = hubPorts.makeAsyncIterator()
            guard let hubPort = await hubIterator.next() else { return }
            try await body(BenchHub(hubURL: "http://127.0.0.1:\(hubPort)", token: token, erp: erp, client: client, store: store))
            group.cancelAll()
        }
        try await client.shutdown()
        await store.close()
    }

    static func seed(_ store: any Store) async throws {
        _ = try await store.putItem(Item(id: "GLOVE-M", description: "Nitrile gloves M",
                                         packaging: try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 10)])))
        _ = try await store.putLocation(Location(id: "MAIN", name: "Main store", type: .storeroom))
        for entry in [
            CrosswalkEntry(system: "storeroom-a", kind: .items, code: "7788", canonical: "GLOVE-M"),
            CrosswalkEntry(system: "storeroom-a", kind: .locations, code: "OR-1", canonical: "MAIN"),
            CrosswalkEntry(system: "erp", kind: .items, code: "ERP-1", canonical: "GLOVE-M"),
            CrosswalkEntry(system: "erp", kind: .locations, code: "WH", canonical: "MAIN"),
        ] { _ = try await store.putCrosswalk(entry) }
    }

    static func event(_ key: String?) -> String {
        let keyMember = key.map { #","idempotencyKey":"\#($0)""# } ?? ""
        return #"{"type":"issue","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"7788","quantity":"2","unit":"BX"\#(keyMember)}"#
    }

    func post(_ path: String, body: String, key: String? = nil) async throws -> Int {
        var request = HTTPClientRequest(url: hubURL + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        if let key { request.headers.add(name: "Idempotency-Key", value: key) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 64 << 20)
        return Int(response.status.code)
    }

    /// Durable batch ingest: batches of 1000 from two connections.
    func batchIngest(events: Int) async throws -> Double {
        let batchSize = 1000
        let batches = max(1, events / batchSize)
        let prefix = UUID().uuidString.prefix(8)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<2 {
                group.addTask {
                    for batch in stride(from: lane, to: batches, by: 2) {
                        let members = (0..<batchSize).map { BenchHub.event("b-\(prefix)-\(batch)-\($0)") }
                        let status = try await post("/v1/events:batch", body: #"{"events":[\#(members.joined(separator: ","))]}"#)
                        guard status == 202 else { throw BenchError.unexpectedStatus(status) }
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(batches * batchSize) / BenchCommand.seconds(ContinuousClock.now - started)
    }

    /// Single-event ingest from `clients` concurrent clients for `seconds`.
    func singleIngest(clients: Int, seconds: Int) async throws -> Double {
        let prefix = UUID().uuidString.prefix(8)
        let deadline = ContinuousClock.now + .seconds(seconds)
        let started = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var sent = 0
                    while ContinuousClock.now < deadline {
                        let status = try await post("/v1/events", body: BenchHub.event(nil), key: "s-\(prefix)-\(client)-\(sent)")
                        guard status == 202 else { throw BenchError.unexpectedStatus(status) }
                        sent += 1
                    }
                    return sent
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(total) / BenchCommand.seconds(ContinuousClock.now - started)
    }

    /// Ingest to ERP posting at a steady rate: p50 and p99 in milliseconds.
    func latency(rate: Int, seconds: Int) async throws -> (p50: Double, p99: Double, count: Int) {
        // Let the backlog of the ingest figures drain first so it does not count here.
        try await waitForEmptyOutbox()
        await erp.ledger.reset()
        let prefix = UUID().uuidString.prefix(8)
        let total = rate * seconds
        let interval = Duration.seconds(1) / rate
        let started = ContinuousClock.now
        let wallStart = Date()
        var sentAt: [String: Date] = [:]
        try await withThrowingTaskGroup(of: (String, Date)?.self) { group in
            for index in 0..<total {
                let due = started + interval * index
                if ContinuousClock.now < due { try await Task.sleep(until: due) }
                group.addTask {
                    let sent = Date()
                    var request = HTTPClientRequest(url: hubURL + "/v1/events")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.headers.add(name: "Idempotency-Key", value: "l-\(prefix)-\(index)")
                    request.body = .bytes(ByteBuffer(string: BenchHub.event(nil)))
                    let response = try await client.execute(request, timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 16)
                    guard let id = try? JSONValue.parse(body.readableBytesView)["id"]?.stringValue else { return nil }
                    return (id, sent)
                }
            }
            for try await value in group { if let (id, sent) = value { sentAt[id] = sent } }
        }
        // Wait for the ERP to have every posting.
        try await waitForEmptyOutbox()
        var latencies: [Double] = []
        for posting in await erp.ledger.postings() {
            guard let sent = sentAt[posting.businessKey.value], posting.postedAt >= wallStart else { continue }
            latencies.append(posting.postedAt.timeIntervalSince(sent) * 1000)
        }
        latencies.sort()
        guard !latencies.isEmpty else { return (0, 0, 0) }
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        return (percentile(0.5), percentile(0.99), latencies.count)
    }
}

extension BenchHub {
    /// Waits until no event is waiting in the inbox or the outbox, however long that takes
    /// while the backlog shrinks (500,000 events of history take minutes to deliver); says
    /// how much is left every ten seconds, and gives up with an error when a minute passes
    /// without progress, instead of measuring on top of a backlog.
    func waitForEmptyOutbox() async throws {
        var lastProgress = ContinuousClock.now
        var lastReport = ContinuousClock.now
        var finished = -1
        while true {
            let counts = try await store.deliveryCounts()
            let waiting = counts.filter { $0.status == .pending || $0.status == .inFlight }.map(\.count).reduce(0, +)
            let inbox = try await store.acceptedEvents(limit: 1000).count
            if waiting == 0 && inbox == 0 { return }
            // Progress: deliveries reaching an end (the inbox turns into deliveries first, so
            // what waits can grow while the hub works).
            let ended = counts.filter { !DeliveryStatus.claimable.contains($0.status) }.map(\.count).reduce(0, +)
            if ended > finished {
                finished = ended
                lastProgress = ContinuousClock.now
            }
            if ContinuousClock.now - lastProgress > .seconds(60) {
                throw CLIError("the hub's backlog stopped shrinking: \(waiting) deliveries and \(inbox)\(inbox == 1000 ? "+" : "") events still waiting after a minute without a delivery ending")
            }
            if ContinuousClock.now - lastReport > .seconds(10) {
                BenchCommand.say("  draining the backlog: \(waiting) deliveries and \(inbox)\(inbox == 1000 ? "+" : "") events waiting")
                lastReport = ContinuousClock.now
            }
            try await Task.sleep(for: .milliseconds(waiting + inbox > 1000 ? 1000 : 100))
        }
    }
}

enum BenchError: Error { case unexpectedStatus(Int) }

/// A fresh SQLite store in a temporary folder for one benchmark, closed and deleted after it.
func withFreshSQLiteStore<T>(_ name: String, _ body: (SQLiteStore) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-bench-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try await SQLiteStore.open(path: directory.appendingPathComponent("suture.db").path)
    do {
        let result = try await body(store)
        await store.close()
        return result
    } catch {
        await store.close()
        throw error
    }
}
