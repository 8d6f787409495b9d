import Crypto
import Foundation
import Logging
public import ServiceLifecycle
import SutureConfig
import SutureModel
import SutureStore
import SutureDelivery
import SutureX12
import SutureProcurement

/// Reads what a `supplier-x12` partner puts into `in/`: each file is acknowledged (997 or
/// 999 into `out/`), its documents go into the order flows, and it moves to `archive/`; a
/// file that is no valid interchange goes to `error/` with a rejecting acknowledgment and
/// an `invalid-document` exception.
///
/// A file is processed once even if the hub dies halfway: its content hash is recorded
/// before it is moved, so a file found again after a crash is only moved; and the flows
/// apply each document once (by 855 control number, 856 and 810 number), so a crash
/// before the record re-applies nothing. Its acknowledgment is recorded (`acknowledging`)
/// before it is written, so a file read again after a crash gets the same one again.
/// Several nodes may poll one folder: each file is first claimed by an atomic rename into
/// `in/.claimed/` under a unique name, so one node reads it; a claim a dead node left is
/// taken over, the same way, once it is older than the system's `claimTimeout` (5 minutes by
/// default). A hub alone on an SQLite store takes every claim over when it starts: no other
/// process can hold one, so each is its own dead predecessor's.
public struct SupplierExchangePoller: Service {
    let connector: SupplierX12Connector
    let orders: OrderFlows
    let interval: Duration
    let logger: Logger

    init(connector: SupplierX12Connector, orders: OrderFlows, interval: Duration, logger: Logger) {
        self.connector = connector
        self.orders = orders
        self.interval = interval
        self.logger = logger
    }

    var store: any Store { orders.store }
    var folder: ExchangeFolder { connector.folder }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            do { try folder.prepare() } catch { logger.error("\(connector.system): cannot prepare \(folder.root.path): \(error)") }
            var first = !store.sharedByNodes
            while !Task.isCancelled {
                do {
                    _ = try await pollOnce(takingOverClaimsOlderThan: first ? .zero : nil)
                    first = false
                } catch {
                    logger.error("\(connector.system): cannot read \(folder.inbox.path): \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// What became of one file.
    public struct Outcome: Sendable, Equatable {
        public var file: String
        /// `archived`, `error`, or `already-processed` (found again after a crash).
        public var status: String
        public var acknowledgment: String?
        public var documents: [OrderFlows.AppliedDocument]
    }

    /// One pass over `in/`, oldest name first; claims older than `age` (the system's
    /// `claimTimeout` when nil) are taken over first.
    public func pollOnce(takingOverClaimsOlderThan age: Duration? = nil) async throws -> [Outcome] {
        let age = age ?? connector.settings.claimTimeout
        var claims = try folder.takeOverStaleClaims(olderThan: Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18)
        for name in try folder.pending() {
            do {
                if let claim = try folder.claim(name) { claims.append(claim) }
            } catch {
                logger.error("\(connector.system): cannot claim \(name): \(error)")
            }
        }
        // One file's failure does not hold up the others: it is given back to `in/` and
        // tried again on the next pass, rather than left claimed until its claim goes stale.
        var outcomes: [Outcome] = []
        var firstFailure: (any Error)?
        for claim in claims {
            do {
                outcomes.append(try await process(claim: claim))
            } catch {
                logger.warning("\(connector.system): cannot process \(ExchangeFolder.originalName(ofClaim: claim)): \(error); it is tried again")
                do { try folder.release(claim: claim) } catch {
                    logger.error("\(connector.system): cannot give back \(claim): \(error); it is taken over after its claim goes stale")
                }
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure, outcomes.isEmpty { throw firstFailure }
        return outcomes
    }

    /// Processes a file this node claimed.
    func process(claim: String) async throws -> Outcome {
        let name = ExchangeFolder.originalName(ofClaim: claim)
        let bytes = try [UInt8](Data(contentsOf: folder.claimed.appendingPathComponent(claim)))
        let key = "\(connector.system):\(Hex.encode(SHA256.hash(data: bytes)))"
        let record = try await store.document(.exchangeFile, key: key)
        if let record, record.status != Self.acknowledging {
            try folder.move(claimed: claim, to: record.status == "error" ? folder.errors : folder.archive)
            return Outcome(file: name, status: "already-processed", acknowledgment: nil, documents: [])
        }
        // A record still `acknowledging` was left by a run that died after answering the file
        // and before finishing it: the same answer is written again (same control numbers,
        // same name, same bytes), so the partner's duplicate check sees one acknowledgment.
        let resumed = record.flatMap(PendingAcknowledgment.init)
        // The file's record as it stands: the `acknowledging` one, once there is one.
        var acknowledgingRecord = record
        let trace = record.flatMap { TraceContext(traceparent: $0.traceparent) } ?? TraceContext.random()
        let result = X12Parser.parse(bytes)
        var acknowledgmentName: String?
        var accepted = false
        // The sets the acknowledgment accepted, by group and set control number (AK9 `P`
        // accepts some sets of a group; those are applied, the others are not).
        var acceptedSets: Set<String> = []
        // Acknowledgments are not acknowledged back.
        let onlyAcknowledgments = !result.documents.isEmpty && result.documents.allSatisfy { $0.type == .acknowledgment }
        if result.interchange != nil {
            let pending: PendingAcknowledgment
            if let resumed {
                pending = resumed
            } else {
                let numbers = try await store.reserveX12ControlNumbers(partner: connector.system, sets: 1)
                pending = PendingAcknowledgment(
                    control: X12ControlNumbers(interchange: numbers.interchange, group: numbers.group, firstSet: numbers.firstSet),
                    timestamp: X12Timestamp(Date()))
            }
            if let acknowledgment = try? X12Acknowledger.acknowledge(result, control: pending.control, timestamp: pending.timestamp) {
                accepted = acknowledgment.acceptsEverything
                if acknowledgment.interchange?.status != "R" {
                    for group in acknowledgment.groups where group.groupStatus != "R" {
                        for set in group.sets where set.status == "A" || set.status == "E" { acceptedSets.insert("\(group.groupControl)/\(set.control)") }
                    }
                }
                if !onlyAcknowledgments || !accepted {
                    // Named after the file it answers, so acknowledgments never share a name.
                    let ackName = "\(acknowledgment.set)-for-\(ExchangeFolder.safeName(name))-\(String(format: "%09d", pending.control.interchange)).x12"
                    if resumed == nil {
                        // Recorded before it is written, so a crash after the write cannot lead to a second, different answer.
                        var written = pending.record(key: key, file: name, trace: trace)
                        written.version = (record?.version ?? 0) + 1
                        var changes = StoreChanges()
                        changes.documents = [DocumentWrite(written, expectedVersion: record?.version)]
                        try await store.commit(changes)
                        acknowledgingRecord = written
                    }
                    try folder.write(Array(acknowledgment.text.utf8), named: ackName, in: folder.outbox)
                    acknowledgmentName = ackName
                }
            }
        }
        var documents: [OrderFlows.AppliedDocument] = []
        var changes = StoreChanges()
        let now = WallClock.nowMilliseconds()
        let partly = result.groups.flatMap { group in
            group.transactionSets.filter { acceptedSets.contains("\(group.control)/\($0.control)") }.map(\.document)
        }
        if !accepted && !partly.isEmpty {
            // The good sets of a partly accepted interchange are applied; the file still goes
            // to error/ for the rest, with the acknowledgment that says which.
            documents = try await orders.receive(result, documents: partly, trace: trace)
        }
        if accepted {
            documents = try await orders.receive(result, trace: trace)
            changes.timeline.append(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .received, system: connector.system, outcome: "ok",
                                                  detail: "\(name): \(result.documents.map(\.set).joined(separator: ", ")) applied\(acknowledgmentName.map { "; \($0) written" } ?? "")"))
        } else {
            let errors = result.errors.prefix(5).map { "\($0)" }.joined(separator: "; ")
            let summary = "\(name) from \(connector.system) is not a valid interchange: \(errors.isEmpty ? "no interchange found" : errors)"
            let exception = NewException(
                id: Identifiers.make("exc"), type: .invalidDocument, correlationID: trace.correlationID, system: connector.system, eventID: nil,
                deliveryID: nil, summary: summary,
                context: JSONValue.object([
                    ("file", .string(name)), ("acknowledgment", .optional(acknowledgmentName)),
                    ("errors", result.json()["errors"] ?? .array([])),
                    ("content", .string(String(decoding: bytes.prefix(4000), as: UTF8.self))),
                ]).serialized())
            changes.exceptions.append(exception)
            changes.timeline.append(TimelineEntry(at: now, correlationID: trace.correlationID, stage: .exception, system: connector.system,
                                                  outcome: ExceptionType.invalidDocument.rawValue, detail: "\(exception.id): \(summary)"))
        }
        let status = accepted ? "archived" : "error"
        // The outcome replaces the `acknowledging` record, if this run or an earlier one wrote it.
        let answered = acknowledgingRecord
        changes.documents.append(DocumentWrite(StoredDocument(
            kind: .exchangeFile, key: key, version: (answered?.version ?? 0) + 1, correlationID: trace.correlationID, traceparent: trace.traceparent, status: status,
            reference: name,
            body: JSONValue.object([
                ("file", .string(name)), ("acknowledgment", .optional(acknowledgmentName)),
                ("documents", .array(documents.map { .object([("set", .string($0.set)), ("outcome", .string($0.outcome)), ("detail", .string($0.detail))]) })),
            ]).serialized(), createdAt: answered?.createdAt ?? now, updatedAt: now), expectedVersion: answered?.version))
        try await store.commit(changes)
        try folder.move(claimed: claim, to: accepted ? folder.archive : folder.errors)
        logger.info("\(connector.system): \(name) \(status)")
        return Outcome(file: name, status: status, acknowledgment: acknowledgmentName, documents: documents)
    }
}

extension SupplierExchangePoller {
    /// The status of a file's record between its acknowledgment and its outcome.
    static let acknowledging = "acknowledging"

    /// The control numbers and time of a file's acknowledgment, recorded before it is
    /// written: all it takes to write the same acknowledgment again.
    struct PendingAcknowledgment {
        var control: X12ControlNumbers
        var timestamp: X12Timestamp

        init(control: X12ControlNumbers, timestamp: X12Timestamp) {
            self.control = control
            self.timestamp = timestamp
        }

        /// Reads one back from an `acknowledging` record; nil for any other record.
        init?(_ record: StoredDocument) {
            guard record.status == SupplierExchangePoller.acknowledging, let body = try? JSONValue.parse(record.body),
                  let interchange = body["interchange"]?.numberText.flatMap({ Int($0) }), let group = body["group"]?.numberText.flatMap({ Int($0) }),
                  let firstSet = body["firstSet"]?.numberText.flatMap({ Int($0) }),
                  let date = body["date"]?.stringValue, let time = body["time"]?.stringValue else { return nil }
            self.init(control: X12ControlNumbers(interchange: interchange, group: group, firstSet: firstSet), timestamp: X12Timestamp(date: date, time: time))
        }

        func record(key: String, file: String, trace: TraceContext) -> StoredDocument {
            let now = WallClock.nowMilliseconds()
            return StoredDocument(
                kind: .exchangeFile, key: key, version: 1, correlationID: trace.correlationID, traceparent: trace.traceparent,
                status: SupplierExchangePoller.acknowledging, reference: file,
                body: JSONValue.object([
                    ("file", .string(file)), ("interchange", .integer(control.interchange)), ("group", .integer(control.group)),
                    ("firstSet", .integer(control.firstSet)), ("date", .string(timestamp.date)), ("time", .string(timestamp.time)),
                ]).serialized(), createdAt: now, updatedAt: now)
        }
    }
}
