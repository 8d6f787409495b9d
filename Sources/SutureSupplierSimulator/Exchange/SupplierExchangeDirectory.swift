import Foundation
#if canImport(Glibc)
import Glibc
private let systemRename = Glibc.rename
#elseif canImport(Darwin)
import Darwin
private let systemRename = Darwin.rename
#endif

/// The managed file directory the simulated supplier shares with the hub, and the file moves that
/// make each order answered exactly once, even across a crash.
///
/// Layout: `out/` (850s from the hub), `out/processed/` and `out/rejected/` (consumed 850s),
/// `out/duplicate/` (interchanges received before, dropped), `supplier-simulator.received/`
/// (a marker per interchange received: `<sender>-<ISA13>`),
/// `in/` (answers to the hub), `in/.staging/<source>/` (answers written but not yet published)
/// and `supplier-simulator.state` (the next control number).
///
/// Answers to a file are first written and fsynced under `in/.staging/<source>/`, then the source
/// is moved out of `out/`, then each answer is renamed into `in/`. A crash before the move leaves
/// the source in `out/` and the staging is discarded on restart (the order is answered again, with
/// new control numbers); a crash after it leaves complete answers staged, and restart publishes
/// them. Names starting with `.` are the hub's to ignore, as it asks of the supplier for `out/`.
struct SupplierExchangeDirectory {
    let root: URL

    var outbox: URL { root.appendingPathComponent("out", isDirectory: true) }
    var processed: URL { outbox.appendingPathComponent("processed", isDirectory: true) }
    var rejected: URL { outbox.appendingPathComponent("rejected", isDirectory: true) }
    var duplicate: URL { outbox.appendingPathComponent("duplicate", isDirectory: true) }
    var received: URL { root.appendingPathComponent("supplier-simulator.received", isDirectory: true) }
    var inbox: URL { root.appendingPathComponent("in", isDirectory: true) }
    var staging: URL { inbox.appendingPathComponent(".staging", isDirectory: true) }
    var stateFile: URL { root.appendingPathComponent("supplier-simulator.state") }

    func prepare() throws(SupplierSimulatorError) {
        for folder in [outbox, processed, rejected, duplicate, received, inbox, staging] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw SupplierSimulatorError(operation: "create the folder", path: folder.path, reason: "\(error)")
            }
        }
    }

    /// Complete orders waiting in `out/`: `*.edi` and `*.x12` files, by name; temporary and hidden names are skipped.
    func pendingOrders() throws(SupplierSimulatorError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
        } catch {
            throw SupplierSimulatorError(operation: "list", path: outbox.path, reason: "\(error)")
        }
        return names.filter { name in
            let lower = name.lowercased()
            guard !name.hasPrefix("."), lower.hasSuffix(".edi") || lower.hasSuffix(".x12") else { return false }
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: outbox.appendingPathComponent(name).path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    func read(order name: String) throws(SupplierSimulatorError) -> [UInt8] {
        let url = outbox.appendingPathComponent(name)
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw SupplierSimulatorError(operation: "read", path: url.path, reason: "\(error)")
        }
    }

    /// Writes one answer for `source` into its staging folder, durably.
    func stage(_ text: String, named name: String, for source: String) throws(SupplierSimulatorError) {
        let folder = staging.appendingPathComponent(source, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SupplierSimulatorError(operation: "create the folder", path: folder.path, reason: "\(error)")
        }
        try Self.writeDurably(Array(text.utf8), to: folder.appendingPathComponent(name))
    }

    /// The marker of an interchange received from `sender` under `control` (ISA06, ISA13).
    func marker(sender: String, control: String) -> URL {
        let safe = { (text: String) in String(text.trimmingCharacters(in: .whitespaces).map { $0.isLetter || $0.isNumber ? $0 : "_" }) }
        return received.appendingPathComponent("\(safe(sender))-\(safe(control))")
    }

    func wasReceived(sender: String, control: String) -> Bool {
        FileManager.default.fileExists(atPath: marker(sender: sender, control: control).path)
    }

    /// Records an interchange as received, after it was archived (a crash in between only
    /// loses the duplicate check of that one interchange, never an answer).
    func markReceived(sender: String, control: String) throws(SupplierSimulatorError) {
        try Self.writeDurably([], to: marker(sender: sender, control: control))
    }

    /// Sets a resent interchange aside, unanswered.
    func setAsideDuplicate(_ source: String) throws(SupplierSimulatorError) {
        try Self.rename(outbox.appendingPathComponent(source), to: duplicate.appendingPathComponent(source))
        try Self.syncFolder(outbox)
    }

    /// Moves a consumed order out of `out/` for good.
    func archive(_ source: String, rejected isRejected: Bool) throws(SupplierSimulatorError) {
        let destination = (isRejected ? rejected : processed).appendingPathComponent(source)
        try Self.rename(outbox.appendingPathComponent(source), to: destination)
        try Self.syncFolder(outbox)
        try Self.syncFolder(isRejected ? rejected : processed)
    }

    /// Publishes the staged answers of `source` into `in/`, in name order, and removes its staging folder.
    @discardableResult
    func publish(_ source: String) throws(SupplierSimulatorError) -> [String] {
        let folder = staging.appendingPathComponent(source, isDirectory: true)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            try Self.rename(folder.appendingPathComponent(name), to: inbox.appendingPathComponent(name))
        }
        try Self.syncFolder(inbox)
        try? FileManager.default.removeItem(at: folder)
        return names
    }

    /// Finishes what a crash interrupted: staged answers whose source was archived are published,
    /// the others discarded (their source is still in `out/` and will be answered again).
    func recover() throws(SupplierSimulatorError) {
        let sources = (try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []
        for source in sources {
            let archived = FileManager.default.fileExists(atPath: processed.appendingPathComponent(source).path)
                || FileManager.default.fileExists(atPath: rejected.appendingPathComponent(source).path)
            if archived {
                try publish(source)
            } else {
                try? FileManager.default.removeItem(at: staging.appendingPathComponent(source, isDirectory: true))
            }
        }
    }

    /// Writes `bytes` to a temporary name beside `url`, fsyncs, then renames over `url`.
    static func writeDurably(_ bytes: [UInt8], to url: URL) throws(SupplierSimulatorError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure("create", temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            guard count > 0 else {
                let error = failure("write", temporary)
                close(descriptor)
                throw error
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let error = failure("fsync", temporary)
            close(descriptor)
            throw error
        }
        close(descriptor)
        try rename(temporary, to: url)
        try syncFolder(url.deletingLastPathComponent())
    }

    static func rename(_ source: URL, to destination: URL) throws(SupplierSimulatorError) {
        guard systemRename(source.path, destination.path) == 0 else { throw failure("move \(source.lastPathComponent) to", destination) }
    }

    /// Makes a rename in `folder` durable.
    static func syncFolder(_ folder: URL) throws(SupplierSimulatorError) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw failure("open the folder", folder) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("fsync the folder", folder) }
    }

    static func failure(_ operation: String, _ url: URL) -> SupplierSimulatorError {
        SupplierSimulatorError(operation: operation, path: url.path, reason: String(cString: strerror(errno)))
    }
}
