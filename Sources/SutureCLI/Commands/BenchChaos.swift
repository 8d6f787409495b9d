import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import Logging
import SutureERPSimulator
import SutureModel
import SutureSupplierSimulator
import SutureX12

/// `suture bench chaos`: every flow under load while `suture serve` nodes are killed with
/// SIGKILL at random instants (and, given a command for it, the store's server restarted once),
/// then a count of what reached the outside systems: ERP postings per business key and
/// supplier documents per control number. Nothing acknowledged may be lost, nothing posted or
/// sent twice (docs/operations.md, "Chaos").
///
/// The flows, each retried by its client (under the same idempotency key or number) until a
/// node answers: single events (issues and receipts) from eight clients; purchase orders
/// whose 850 the supplier simulator answers with an 855, an 856 and an 810, then the receipt
/// against the order, the 810 matched and posted to AP, and every other receipt voided; and
/// 846 files the supplier drops into the exchange folder.
enum BenchChaos {
    struct Outcome {
        var kills = 0
        var storeRestarts = 0
        var events = 0
        var orders = 0
        var invoices = 0
        var voids = 0
        var supplierFiles = 0
        var erpPostings = 0
        var supplierDocuments = 0
        /// Interchanges the hub wrote again under the same control number (written, then killed
        /// before it recorded the write), which the supplier's duplicate check dropped.
        var resent = 0
        var lost: [String] = []
        var duplicated: [String] = []
        var seconds = 0.0
    }

    static func run(store: String?, nodes count: Int, kills: Int, seconds: Int?, restartStore: String?) async throws -> Outcome {
        guard (1...16).contains(count) else { throw CLIError("--nodes must be 1 to 16") }
        guard kills >= 0 else { throw CLIError("--kills must be 0 or more") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-chaos-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let outcome = try await run(in: directory, store: store, nodes: count, kills: kills, seconds: seconds, restartStore: restartStore)
            if outcome.lost.isEmpty && outcome.duplicated.isEmpty {
                try? FileManager.default.removeItem(at: directory)
            } else {
                print("chaos: the nodes' logs and the exchange folder are kept in \(directory.path)")
            }
            return outcome
        } catch {
            print("chaos: the nodes' logs and the exchange folder are kept in \(directory.path)")
            throw error
        }
    }

    static func run(in directory: URL, store: String?, nodes count: Int, kills: Int, seconds: Int?, restartStore: String?) async throws -> Outcome {
        let storeURL = store ?? "sqlite:chaos.db"
        let sqlite = storeURL.hasPrefix("sqlite:")
        if sqlite && count > 1 { throw CLIError("several nodes need a postgres:// store; SQLite is for one process") }
        if sqlite && restartStore != nil { throw CLIError("--restart-store is for a PostgreSQL server; SQLite has none") }
        let loadSeconds = seconds ?? max(20, kills * 4)
        let exchange = directory.appendingPathComponent("exchange")
        for folder in ["in", "out", "archive", "error"] {
            try FileManager.default.createDirectory(at: exchange.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let quiet = logger
        let erp = try ERPSimulator(configuration: ERPSimulatorConfiguration())
        let supplier = SupplierSimulator(configuration: SupplierSimulatorConfiguration(exchange: exchange, supplierID: "ACMEMED", receiverID: "SUTUREHUB"))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await erp.run(host: "127.0.0.1", port: 0, logger: quiet) { continuation.yield($0) } }
            group.addTask { try await supplier.run(pollInterval: .milliseconds(100)) }
            var iterator = ports.makeAsyncIterator()
            guard let erpPort = await iterator.next() else { throw CLIError("the ERP simulator did not start") }
            try configuration(store: storeURL, erpPort: erpPort, exchange: exchange)
                .write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
            let token = try BenchCluster.addClient(in: directory)
            let cluster = ChaosNodes(directory: directory)
            defer { cluster.stopAll() }
            for slot in 0..<count { try await cluster.start(slot) }
            print("chaos: \(count) node\(count == 1 ? "" : "s") on \(sqlite ? "SQLite" : "PostgreSQL"), \(kills) kills over \(loadSeconds) s of load\(restartStore == nil ? "" : ", the store's server restarted once")")
            let client = ChaosClient(cluster: cluster, token: token)
            for (path, body) in masterData {
                _ = try await client.until("PUT \(path)") { try await client.call(.PUT, path, body) }.accepting([200, 201])
            }

            let started = ContinuousClock.now
            let deadline = started + .seconds(loadSeconds)
            let run = String(UUID().uuidString.prefix(6)).lowercased()
            let killer = Task { try await killAtRandom(cluster, nodes: count, kills: kills, over: loadSeconds, restartStore: restartStore) }
            let record = ChaosRecord()
            do {
                try await withThrowingTaskGroup(of: Void.self) { load in
                    for lane in 0..<8 {
                        load.addTask { try await eventLane(lane, run: run, until: deadline, client: client, record: record) }
                    }
                    for lane in 0..<2 {
                        load.addTask { try await orderLane(lane, run: run, until: deadline, client: client, erp: erp, record: record) }
                    }
                    load.addTask { try await fileLane(until: deadline, exchange: exchange, record: record) }
                    try await load.waitForAll()
                }
            } catch {
                // No node is started again after the bench gave up (they would outlive it).
                killer.cancel()
                _ = try? await killer.value
                throw error
            }
            var outcome = Outcome()
            (outcome.kills, outcome.storeRestarts) = try await killer.value
            print("chaos: load ended after \(Int(BenchCommand.seconds(ContinuousClock.now - started))) s; waiting for the nodes to finish the work")
            try await drain(record, erp: erp, exchange: exchange)
            try await tally(record, erp: erp, exchange: exchange, into: &outcome)
            outcome.seconds = BenchCommand.seconds(ContinuousClock.now - started)
            group.cancelAll()
            return outcome
        }
    }

    static func configuration(store: String, erpPort: Int, exchange: URL) -> String {
        """
        store: "\(store)"
        systems:
          storeroom-a: { kind: inventory }
          erp:
            kind: erp-http
            url: http://127.0.0.1:\(erpPort)
            rateLimit: { perSecond: 100000, burst: 1000 }
            retry: { maxAttempts: 1000, initialBackoff: 50ms, maxBackoff: 1s }
          acme-medical:
            kind: supplier-x12
            interchangeId: ACMEMED
            exchange: \(exchange.path)
            pollInterval: 100ms
            claimTimeout: 10s
            retry: { maxAttempts: 1000, initialBackoff: 50ms, maxBackoff: 1s }
        routes:
          - match: { type: [receipt, issue, purchase-order, invoice] }
            to: [erp]
        """
    }

    static let masterData: [(String, String)] = [
        ("/v1/locations/NORTH", #"{"name":"North Campus","type":"facility"}"#),
        ("/v1/locations/MAIN-OR-STORE", #"{"name":"Main OR storeroom","type":"storeroom","parent":"NORTH"}"#),
        ("/v1/suppliers/ACME", #"{"name":"Acme Medical","interchangeId":"ACMEMED"}"#),
        ("/v1/items/GLOVE-M", #"{"description":"Nitrile exam gloves, medium","baseUnit":"EA","packaging":[{"unit":"BX","quantity":12},{"unit":"CS","quantity":144}]}"#),
        ("/v1/systems/storeroom-a/crosswalk/items/7788", #"{"id":"GLOVE-M"}"#),
        ("/v1/systems/storeroom-a/crosswalk/locations/OR-1", #"{"id":"MAIN-OR-STORE"}"#),
        ("/v1/systems/erp/crosswalk/items/ERP-100234", #"{"id":"GLOVE-M","unit":"BX"}"#),
        ("/v1/systems/erp/crosswalk/locations/WH-OR", #"{"id":"MAIN-OR-STORE"}"#),
        ("/v1/systems/erp/crosswalk/units/BOX", #"{"id":"BX"}"#),
        ("/v1/systems/acme-medical/crosswalk/suppliers/ACMEMED", #"{"id":"ACME"}"#),
    ]

    // MARK: - Kills

    /// SIGKILLs a random node at `kills` random instants within the load and starts it again
    /// at once; halfway through, restarts the store's server with `restartStore` (a shell
    /// command), if given. Returns the kills and restarts done.
    static func killAtRandom(_ cluster: ChaosNodes, nodes: Int, kills: Int, over seconds: Int, restartStore: String?) async throws -> (Int, Int) {
        var generator = SystemRandomNumberGenerator()
        let instants = (0..<kills).map { _ in Double.random(in: 0.05...0.9, using: &generator) * Double(seconds) }.sorted()
        let started = ContinuousClock.now
        var restarts = 0
        for (index, instant) in instants.enumerated() {
            try await Task.sleep(until: started + .milliseconds(Int(instant * 1000)), clock: .continuous)
            if let restartStore, index == kills / 2 {
                print("chaos: restarting the store's server")
                try await ChaosNodes.shell(restartStore)
                restarts += 1
            }
            let slot = Int.random(in: 0..<nodes, using: &generator)
            let pending = await cluster.kill(slot)
            print("chaos: kill \(index + 1) of \(kills) at \(String(format: "%.1f", instant)) s (node \(slot + 1), pid \(pending))")
            try await cluster.start(slot)
        }
        if let restartStore, kills == 0 {
            try await ChaosNodes.shell(restartStore)
            restarts += 1
        }
        return (kills, restarts)
    }

    // MARK: - Load

    static func eventLane(_ lane: Int, run: String, until deadline: ContinuousClock.Instant, client: ChaosClient, record: ChaosRecord) async throws {
        var index = 0
        // At least one of each kind, however slow the machine: the count checks every flow.
        while index < 4 || ContinuousClock.now < deadline {
            index += 1
            let type = index % 4 == 0 ? "receipt" : "issue"
            let body = #"{"type":"\#(type)","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"7788","quantity":"1","unit":"BX"}"#
            let key = "chaos-\(run)-\(lane)-\(index)"
            let answer = try await client.until("event \(key)") { try await client.call(.POST, "/v1/events", body, key: key) }.accepting([200, 202])
            guard let id = answer.json["id"]?.stringValue else { throw CLIError("event \(key): no id in \(answer.json.serialized())") }
            await record.event(id)
        }
    }

    /// One order after another: created, answered by the supplier, received, its invoice
    /// matched and posted to AP, and every other receipt voided.
    static func orderLane(_ lane: Int, run: String, until deadline: ContinuousClock.Instant, client: ChaosClient, erp: ERPSimulator,
                          record: ChaosRecord) async throws {
        var index = 0
        // At least two orders, so that one receipt is voided, however slow the machine.
        while index < 2 || ContinuousClock.now < deadline {
            index += 1
            let number = "CH-\(run.uppercased())-\(lane)-\(index)"
            let order = #"{"number":"\#(number)","supplier":"ACME","shipTo":"MAIN-OR-STORE","lines":[{"line":1,"item":"GLOVE-M","quantity":"12","unit":"BX","unitPrice":"45.50"}]}"#
            _ = try await client.until("order \(number)") { try await client.call(.POST, "/v1/purchase-orders", order) }.accepting([200, 201])
            await record.order(number)
            try await client.waitFor("\(number) acknowledged and shipped", "/v1/purchase-orders/\(number)") { order in
                let line = order["lines"]?.arrayValue?.first
                return line?["acknowledged"]?.stringValue == "12" && line?["shipped"]?.stringValue == "12"
            }
            let receipt = #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"OR-1","item":"7788","quantity":"12","unit":"BX","purchaseOrder":"\#(number)","poLine":1}"#
            let accepted = try await client.until("receipt of \(number)") {
                try await client.call(.POST, "/v1/events", receipt, key: "chaos-receipt-\(number)")
            }.accepting([200, 202])
            guard let receiptID = accepted.json["id"]?.stringValue else { throw CLIError("receipt of \(number): no id") }
            await record.event(receiptID)
            try await client.waitFor("\(number) received", "/v1/purchase-orders/\(number)") { order in
                order["lines"]?.arrayValue?.first?["received"]?.stringValue == "12"
            }
            // The supplier's 810 came with the 856, before the goods: matching held it. Now the
            // goods are in, it is matched again, as a person would ask.
            var invoiceNumber: String?
            try await client.waitFor("the 810 of \(number)", "/v1/invoices?q=\(number)") { page in
                invoiceNumber = page["items"]?.arrayValue?.first?["number"]?.stringValue
                return invoiceNumber != nil
            }
            guard let invoiceNumber else { continue }
            try await client.waitFor("invoice \(invoiceNumber) matched", "/v1/invoices/\(invoiceNumber)") { invoice in
                if invoice["status"]?.stringValue == "matched" { return true }
                for exception in invoice["exceptions"]?.arrayValue ?? [] where exception["status"]?.stringValue == "open" {
                    if let id = exception["id"]?.stringValue {
                        _ = try? await client.call(.POST, "/v1/exceptions/\(id)/resolve", #"{"action":"retry","note":"goods received; match again"}"#)
                    }
                }
                return false
            }
            await record.invoice(invoiceNumber)
            if index % 2 == 0 {
                // Voided once its receipt reached the ERP, so the reversal follows the posting.
                try await client.waitForERP("the receipt \(receiptID) posted") { await erp.ledger.count(of: .receipt(receiptID)) > 0 }
                // 409 while the hub has not yet recorded the posting (the node that sent it died
                // before recording it; its lease runs out and the same call is made again).
                _ = try await client.until("void of \(receiptID)") {
                    let answer = try await client.call(.POST, "/v1/events/\(receiptID)/void", #"{"reason":"chaos: counted wrong"}"#)
                    return answer?.status == 409 ? nil : answer
                }.accepting([202])
                await record.void(receiptID)
            }
        }
    }

    /// An 846 inventory advice dropped into `in/` every 300 ms, as the supplier's own files.
    static func fileLane(until deadline: ContinuousClock.Instant, exchange: URL, record: ChaosRecord) async throws {
        let inbox = exchange.appendingPathComponent("in")
        var control = 800_000_000
        while control == 800_000_000 || ContinuousClock.now < deadline {
            control += 1
            let text = inventoryAdvice(control: control)
            let name = "846-chaos-\(control).x12"
            try Data(text.utf8).write(to: inbox.appendingPathComponent(".\(name).part"))
            try FileManager.default.moveItem(at: inbox.appendingPathComponent(".\(name).part"), to: inbox.appendingPathComponent(name))
            await record.file(String(control))
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    static func inventoryAdvice(control: Int) -> String {
        let isa = String(format: "%09d", control)
        return [
            "ISA*00*          *00*          *ZZ*ACMEMED        *ZZ*SUTUREHUB      *260518*1015*U*00401*\(isa)*0*P*>",
            "GS*IB*ACMEMED*SUTUREHUB*20260518*1015*\(control)*X*004010",
            "ST*846*0001", "BIA*00*MM*INV-\(control)*20260518", "LIN*1*VN*ABC-123", "QTY*33*5*BX", "SE*5*0001",
            "GE*1*\(control)", "IEA*1*\(isa)",
        ].map { $0 + "~\n" }.joined()
    }

    // MARK: - The count

    static func files(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Waits until everything acknowledged reached the ERP (each event, each void's reversal,
    /// each matched invoice in AP: what `tally` counts) and both sides of the exchange folder
    /// are empty: up to five minutes, or 90 s without progress. A reversal still waiting for
    /// its retry when the load ends is not lost, and must not be counted as lost.
    static func drain(_ record: ChaosRecord, erp: ERPSimulator, exchange: URL) async throws {
        let events = await record.events, voids = await record.voids, invoices = await record.invoices
        let waitUntil = ContinuousClock.now + .seconds(300)
        var last = ""
        var lastChange = ContinuousClock.now
        while ContinuousClock.now < waitUntil, ContinuousClock.now - lastChange < .seconds(90) {
            let posted = Set(await erp.ledger.postings().map(\.businessKey.value))
            let missing = events.filter { !posted.contains($0) }.count
            let reversals = voids.filter { !posted.contains($0 + ".void") }.count
            var unpaid = 0
            for number in invoices where await erp.ledger.count(of: .apInvoice(number)) == 0 { unpaid += 1 }
            let pendingIn = files(exchange.appendingPathComponent("in")).count + files(exchange.appendingPathComponent("in/.claimed")).count
            let pendingOut = files(exchange.appendingPathComponent("out")).filter { $0.hasSuffix(".x12") }.count
            if missing == 0 && reversals == 0 && unpaid == 0 && pendingIn == 0 && pendingOut == 0 { return }
            let state = """
                \(missing) events, \(reversals) voids and \(unpaid) invoices not at the ERP yet, \
                \(pendingIn) supplier files and \(pendingOut) hub files unread
                """
            if state != last {
                print("chaos: \(state)")
                lastChange = ContinuousClock.now
            }
            last = state
            try await Task.sleep(for: .milliseconds(500))
        }
        print("chaos: gave up waiting (90 s without progress, or five minutes): \(last)")
    }

    static func tally(_ record: ChaosRecord, erp: ERPSimulator, exchange: URL, into outcome: inout Outcome) async throws {
        let events = await record.events, orders = await record.orders, invoices = await record.invoices, voids = await record.voids
        let supplierFiles = await record.files
        (outcome.events, outcome.orders, outcome.invoices, outcome.voids, outcome.supplierFiles) =
            (events.count, orders.count, invoices.count, voids.count, supplierFiles.count)

        // ERP: every acknowledged event posted, every void reversed, every matched invoice in
        // AP, each once; no business key posted twice.
        let postings = await erp.ledger.postings()
        outcome.erpPostings = postings.count
        let posted = Dictionary(grouping: postings, by: \.businessKey.value).mapValues(\.count)
        for id in events where posted[id] == nil { outcome.lost.append("event \(id): no ERP posting") }
        for id in voids where posted[id + ".void"] == nil { outcome.lost.append("void of \(id): no reversal at the ERP") }
        for number in invoices {
            if await erp.ledger.count(of: .apInvoice(number)) == 0 { outcome.lost.append("invoice \(number): not in AP") }
        }
        for key in await erp.ledger.duplicates() {
            let times = await erp.ledger.count(of: key)
            outcome.duplicated.append("ERP \(key): posted \(times) times")
        }

        // The supplier's side: what it consumed from `out/`, by control number.
        let out = exchange.appendingPathComponent("out")
        var orderControls: [String: Set<String>] = [:]
        var acknowledgedGroups: [String: Set<String>] = [:]
        for folder in ["processed", "rejected"] {
            for name in files(out.appendingPathComponent(folder)) {
                let result = X12Parser.parse([UInt8](try Data(contentsOf: out.appendingPathComponent(folder).appendingPathComponent(name))))
                guard let control = result.interchange?.control else { continue }
                outcome.supplierDocuments += 1
                for document in result.documents {
                    if document.set == "850", let number = document.number { orderControls[number, default: []].insert(control) }
                    if let acknowledgment = document.acknowledgment { acknowledgedGroups[acknowledgment.groupControl, default: []].insert(control) }
                }
            }
        }
        outcome.resent = files(out.appendingPathComponent("duplicate")).count
        for number in orders {
            switch orderControls[number]?.count ?? 0 {
            case 0: outcome.lost.append("order \(number): no 850 reached the supplier")
            case 1: break
            case let times: outcome.duplicated.append("order \(number): \(times) 850s under different control numbers")
            }
        }
        // Every file the supplier wrote (its answers and its 846s) acknowledged once; its own
        // acknowledgments (functional group FA) are not acknowledged back.
        var groups = Set(supplierFiles)
        for folder in ["archive", "error"] {
            for name in files(exchange.appendingPathComponent(folder)) {
                let result = X12Parser.parse([UInt8](try Data(contentsOf: exchange.appendingPathComponent(folder).appendingPathComponent(name))))
                for group in result.groups where group.functionalID != "FA" { groups.insert(group.control) }
            }
        }
        for group in groups.sorted() {
            let times = acknowledgedGroups[group]?.count ?? 0
            if times == 0 { outcome.lost.append("supplier group \(group): never acknowledged") }
            if times > 1 { outcome.duplicated.append("supplier group \(group): acknowledged \(times) times under different control numbers") }
        }
    }
}

/// What the load's clients had acknowledged, for the count at the end.
actor ChaosRecord {
    private(set) var events: [String] = []
    private(set) var orders: [String] = []
    private(set) var invoices: [String] = []
    private(set) var voids: [String] = []
    private(set) var files: [String] = []

    func event(_ id: String) { events.append(id) }
    func order(_ number: String) { orders.append(number) }
    func invoice(_ number: String) { invoices.append(number) }
    func void(_ id: String) { voids.append(id) }
    func file(_ control: String) { files.append(control) }
}

/// The `suture serve` processes, by slot; a killed slot is started again on a new port.
final class ChaosNodes: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var nodes: [Int: (process: Process, url: String)] = [:]

    init(directory: URL) { self.directory = directory }

    /// A live node's URL, chosen at random; nil while none is up.
    func anyURL() -> String? {
        lock.withLock { nodes.values.randomElement()?.url }
    }

    func start(_ slot: Int) async throws {
        let directory = directory
        // Each node's log, kept for a look when the count finds something.
        let log = directory.appendingPathComponent("node-\(slot + 1).log")
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let (process, url) = try await ChaosNodes.onThread { try BenchCluster.startNode(in: directory, log: handle) }
        lock.withLock { nodes[slot] = (process, url) }
    }

    /// SIGKILLs the node in `slot` and waits for it to die; returns its pid.
    func kill(_ slot: Int) async -> Int32 {
        guard let node = lock.withLock({ nodes.removeValue(forKey: slot) }) else { return 0 }
        let pid = node.process.processIdentifier
        Foundation.kill(pid, SIGKILL)
        _ = try? await ChaosNodes.onThread { ChaosNodes.reap(node.process) }
        return pid
    }

    func stopAll() {
        let all = lock.withLock { Array(nodes.values) }
        for node in all {
            node.process.terminate()
            // A node gets ten seconds to stop on its own (it should take far less).
            if Self.reap(node.process, within: .seconds(10)) == nil {
                print("chaos: a node (pid \(node.process.processIdentifier)) did not stop within 10 s of SIGTERM; killed")
                Glibc.kill(node.process.processIdentifier, SIGKILL)
                _ = Self.reap(node.process)
            }
        }
    }

    /// Runs blocking work (a process's start or end) on a thread of its own, not the pool's.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// Waits for `process` to end and returns its status. Foundation's `waitUntilExit` was
    /// seen to wait forever on a child that had ended (left a zombie, never reaped), so this
    /// reaps the child itself, and reads Foundation's status when Foundation reaped it first.
    static func reap(_ process: Process, within limit: Duration? = nil) -> Int32? {
        let pid = process.processIdentifier
        let deadline = limit.map { ContinuousClock.now + $0 }
        while deadline.map({ ContinuousClock.now < $0 }) ?? true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                // Exited: WEXITSTATUS; killed by a signal: 128 + the signal, as a shell says.
                return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            if reaped == -1 && errno == ECHILD {
                // Foundation reaped it first: it is gone once no signal can reach it. (Its
                // `isRunning` was also seen never to change.)
                while Glibc.kill(pid, 0) == 0 { usleep(10_000) }
                return process.isRunning ? -1 : process.terminationStatus
            }
            usleep(20_000)
        }
        return nil
    }

    static func shell(_ command: String) async throws {
        let status = try await onThread { () -> Int32 in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return ChaosNodes.reap(process) ?? -1
        }
        guard status == 0 else { throw CLIError("the store's restart command exited \(status): \(command)") }
    }
}

/// The load's HTTP client: each call goes to a live node; a call no node answers (killed,
/// restarting, the store's server away) is tried again, the same request, until one does.
struct ChaosClient: Sendable {
    let cluster: ChaosNodes
    let token: String

    struct Answer {
        var status: Int
        var json: JSONValue

        func accepting(_ statuses: Set<Int>) throws -> Answer {
            guard statuses.contains(status) else { throw CLIError("unexpected answer \(status): \(json.serialized())") }
            return self
        }
    }

    /// One call; nil when no node answered it (or answered 5xx).
    func call(_ method: HTTPMethod, _ path: String, _ body: String? = nil, key: String? = nil) async throws -> Answer? {
        guard let url = cluster.anyURL() else { return nil }
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let key { request.headers.add(name: "Idempotency-Key", value: key) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
            let bytes = try await response.body.collect(upTo: 1 << 22)
            let status = Int(response.status.code)
            if status >= 500 { return nil }
            return Answer(status: status, json: (try? JSONValue.parse(bytes.readableBytesView)) ?? .null)
        } catch {
            return nil
        }
    }

    /// Repeats `call` until a node answers it (for up to five minutes).
    func until(_ what: String, _ call: () async throws -> Answer?) async throws -> Answer {
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            if let answer = try await call() { return answer }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CLIError("\(what): no node answered for five minutes")
    }

    /// Reads `path` until `condition` holds (for up to three minutes).
    func waitFor(_ what: String, _ path: String, _ condition: (JSONValue) async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            if let answer = try await call(.GET, path), answer.status == 200, try await condition(answer.json) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLIError("\(what): not so after three minutes")
    }

    func waitForERP(_ what: String, _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLIError("\(what): not so after three minutes")
    }
}
