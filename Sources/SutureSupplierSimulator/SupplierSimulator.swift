import Foundation
import SutureX12

/// Plays a supplier trading partner over a managed file directory (`suture sim supplier --exchange DIR`).
///
/// Each pass picks up the complete 850 files the hub wrote into `DIR/out/`, acknowledges each
/// interchange with a 997 (004010) or 999 (005010), answers every accepted purchase order with an
/// 855, an 856 and an 810 as the scenario says, and moves the file to `out/processed/` (or
/// `out/rejected/` when the acknowledgment rejects something). An interchange received before
/// (the same sender and ISA13, as a resend after a crash carries) is set aside in
/// `out/duplicate/` unanswered, as a partner's duplicate check does. Every answer is its own
/// interchange, named `<ISA13>-<set>-<source>.x12` so that names sort in the order they were sent.
public struct SupplierSimulator: Sendable {
    public var configuration: SupplierSimulatorConfiguration

    public init(configuration: SupplierSimulatorConfiguration) {
        self.configuration = configuration
    }

    var directory: SupplierExchangeDirectory { SupplierExchangeDirectory(root: configuration.exchange) }

    var scenario: SupplierScenario {
        SupplierScenario(kind: configuration.scenario, affectedLine: configuration.affectedLine, seed: configuration.seed)
    }

    /// One pass over `out/`: answers every pending file once, in name order.
    public func processPendingOrders() throws(SupplierSimulatorError) -> [SupplierSimulatorAnswer] {
        let directory = directory
        try directory.prepare()
        try directory.recover()
        var numbers = try SupplierControlNumberStore(file: directory.stateFile)
        var answers: [SupplierSimulatorAnswer] = []
        for source in try directory.pendingOrders() {
            answers.append(try answer(source, in: directory, numbers: &numbers))
        }
        return answers
    }

    /// Runs passes every `pollInterval` until the task is cancelled.
    public func run(pollInterval: Duration) async throws {
        while !Task.isCancelled {
            _ = try processPendingOrders()
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                return
            }
        }
    }

    func answer(_ source: String, in directory: SupplierExchangeDirectory, numbers: inout SupplierControlNumberStore) throws(SupplierSimulatorError) -> SupplierSimulatorAnswer {
        let result = X12Parser.parse(try directory.read(order: source))
        let timestamp = X12Timestamp(configuration.now())
        guard let interchange = result.interchange else {
            try directory.archive(source, rejected: true)
            return SupplierSimulatorAnswer(source: source, outcome: .unreadable, files: [], purchaseOrders: [])
        }
        if directory.wasReceived(sender: interchange.sender, control: interchange.control) {
            try directory.setAsideDuplicate(source)
            return SupplierSimulatorAnswer(source: source, outcome: .duplicate, files: [], purchaseOrders: [])
        }
        let answer = try answer(source, result, in: directory, numbers: &numbers, timestamp: timestamp)
        // Marked once archived: a crash before leaves the file in `out/` to be answered again.
        try directory.markReceived(sender: interchange.sender, control: interchange.control)
        return answer
    }

    func answer(_ source: String, _ result: X12ParseResult, in directory: SupplierExchangeDirectory, numbers: inout SupplierControlNumberStore,
                timestamp: X12Timestamp) throws(SupplierSimulatorError) -> SupplierSimulatorAnswer {
        let acknowledgmentsOnly = !result.groups.isEmpty && result.groups.allSatisfy { group in
            group.transactionSets.allSatisfy { $0.id == "997" || $0.id == "999" }
        }
        // Acknowledgments are never acknowledged back, or two partners would answer each other forever.
        if acknowledgmentsOnly {
            try directory.archive(source, rejected: !result.valid)
            return SupplierSimulatorAnswer(source: source, outcome: .acknowledgmentsOnly, files: [], purchaseOrders: [])
        }

        let control = numbers.take()
        guard let acknowledgment = try? X12Acknowledger.acknowledge(
            result, control: X12ControlNumbers(interchange: control, group: control, firstSet: 1), timestamp: timestamp
        ) else {
            // An envelope so broken that no answer can be addressed (ids with delimiters, too long):
            // set it aside rather than fail on it at every pass.
            try directory.archive(source, rejected: true)
            return SupplierSimulatorAnswer(source: source, outcome: .unreadable, files: [], purchaseOrders: [])
        }
        try directory.stage(acknowledgment.text, named: Self.fileName(control, acknowledgment.set, source), for: source)

        var orders: [String] = []
        for order in Self.acceptedOrders(result, acknowledgment: acknowledgment) {
            let answer = scenario.answer(to: order, date: timestamp.date, time: timestamp.time)
            // Written before staging any, so an order whose values cannot be written (a delimiter
            // inside a value) gets no partial answer.
            var texts: [(name: String, text: String)] = []
            for document in answer.documents {
                let control = numbers.take()
                guard let text = try? write(document, control: control, order: result, timestamp: timestamp) else { break }
                texts.append((Self.fileName(control, document.set, source), text))
            }
            guard texts.count == answer.documents.count else { continue }
            for (name, text) in texts { try directory.stage(text, named: name, for: source) }
            orders.append(order.number ?? "")
        }

        try numbers.save()
        let rejected = !acknowledgment.acceptsEverything
        try directory.archive(source, rejected: rejected)
        let files = try directory.publish(source)
        return SupplierSimulatorAnswer(source: source, outcome: rejected ? .rejected : .answered, files: files, purchaseOrders: orders)
    }

    func write(_ document: X12Document, control: Int, order: X12ParseResult, timestamp: X12Timestamp) throws(SupplierSimulatorError) -> String {
        let orderVersion = order.interchange.flatMap { X12Version(interchangeVersion: $0.version) } ?? .v004010
        let parties = X12EnvelopeParties(
            senderQualifier: configuration.supplierQualifier, sender: configuration.supplierID,
            receiverQualifier: configuration.receiverQualifier, receiver: configuration.receiverID,
            usage: order.interchange?.usage == "T" ? "T" : "P"
        )
        do {
            return try X12Writer(version: configuration.version ?? orderVersion).write(
                [document], parties: parties, control: X12ControlNumbers(interchange: control, group: control, firstSet: 1),
                timestamp: timestamp
            )
        } catch {
            throw SupplierSimulatorError(operation: "write the \(document.set) for", path: document.purchaseOrder ?? "", reason: "\(error)")
        }
    }

    /// The 850s of the sets the acknowledgment accepted (AK5/IK5 `A` or `E`), in order.
    static func acceptedOrders(_ result: X12ParseResult, acknowledgment: X12Acknowledger.Acknowledgment) -> [X12Document] {
        var orders: [X12Document] = []
        var acknowledged = acknowledgment.groups.makeIterator()
        for group in result.groups where group.position > 0 {
            guard let groupAcknowledgment = acknowledged.next() else { break }
            let statusOfSet = Dictionary(
                groupAcknowledgment.sets.map { ($0.control, $0.status) }, uniquingKeysWith: { first, _ in first }
            )
            for set in group.transactionSets where set.id == "850" {
                let status = statusOfSet[set.control] ?? groupAcknowledgment.groupStatus
                if status == "A" || status == "E" { orders.append(set.document) }
            }
        }
        return orders
    }

    /// `000000042-855-po-0001.x12`: the control number first, so names sort in sending order.
    static func fileName(_ control: Int, _ set: String, _ source: String) -> String {
        let digits = String(control)
        let base = source.split(separator: ".").dropLast().joined(separator: ".")
        return String(repeating: "0", count: max(0, 9 - digits.count)) + digits + "-\(set)-\(base.isEmpty ? source : base).x12"
    }
}
