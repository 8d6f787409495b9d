public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
public import SutureProcurement
public import SutureDelivery
#endif

/// A managed file-exchange folder shared with a trading partner: `out/` (what Suture
/// writes), `in/` (what the partner writes), `archive/` and `error/` (what Suture has read).
///
/// Writes are atomic: a hidden temporary file in the target folder is written and
/// fsynced, then renamed into place and the folder fsynced, so a partner never sees half
/// a file and a crash never leaves one. Names starting with `.` are never picked up.
public struct ExchangeFolder: Sendable {
    public let root: URL

    /// `path` as configured; a relative one is relative to the working directory.
    public init(path: String) {
        self.root = URL(fileURLWithPath: path, isDirectory: true, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)).standardizedFileURL
    }

    public var outbox: URL { root.appendingPathComponent("out", isDirectory: true) }
    public var inbox: URL { root.appendingPathComponent("in", isDirectory: true) }
    public var archive: URL { root.appendingPathComponent("archive", isDirectory: true) }
    public var errors: URL { root.appendingPathComponent("error", isDirectory: true) }
    /// Where a node moves a file of `in/` while it processes it: a rename is atomic, so of
    /// several nodes polling one folder exactly one gets each file.
    public var claimed: URL { inbox.appendingPathComponent(".claimed", isDirectory: true) }

    /// Creates the four folders if they are missing.
    public func prepare() throws {
        for folder in [outbox, inbox, archive, errors] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// Complete files waiting in `in/`, by name (hidden and temporary names skipped).
    public func pending() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: inbox.path).filter { name in
            guard !name.hasPrefix(".") else { return false }
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: inbox.appendingPathComponent(name).path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    /// Writes `bytes` as `folder/name` atomically and durably; an existing file of that
    /// name with the same bytes counts as written (a retry after a crash).
    public func write(_ bytes: [UInt8], named name: String, in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent(name)
        if let existing = FileManager.default.contents(atPath: target.path), [UInt8](existing) == bytes { return }
        let temporary = folder.appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw ExchangeError(operation: "create", path: temporary.path, code: errno) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in Foundation.write(descriptor, buffer.baseAddress! + written, bytes.count - written) }
            guard result > 0 else {
                let code = errno
                close(descriptor)
                unlink(temporary.path)
                throw ExchangeError(operation: "write", path: temporary.path, code: code)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            close(descriptor)
            unlink(temporary.path)
            throw ExchangeError(operation: "sync", path: temporary.path, code: code)
        }
        close(descriptor)
        guard rename(temporary.path, target.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw ExchangeError(operation: "rename into place", path: target.path, code: code)
        }
        try Self.syncFolder(folder)
    }

    /// Takes `in/name` for this node by moving it into `in/.claimed/` under a name of its
    /// own (`<uuid>~name`), so no claim ever replaces another; nil when another node took it
    /// first. The claim's time is the file's modification time from now on.
    public func claim(_ name: String) throws -> String? {
        try FileManager.default.createDirectory(at: claimed, withIntermediateDirectories: true)
        let claim = "\(UUID().uuidString)~\(name)"
        guard rename(inbox.appendingPathComponent(name).path, claimed.appendingPathComponent(claim).path) == 0 else {
            if errno == ENOENT { return nil }
            throw ExchangeError(operation: "claim", path: inbox.appendingPathComponent(name).path, code: errno)
        }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: claimed.appendingPathComponent(claim).path)
        try Self.syncFolder(claimed)
        return claim
    }

    /// Takes over claims older than `age` seconds (their node died before finishing), each
    /// under a new claim name, so of several nodes one takes each; returns the new names.
    public func takeOverStaleClaims(olderThan age: TimeInterval) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: claimed.path) else { return [] }
        var taken: [String] = []
        for name in names.sorted() {
            let path = claimed.appendingPathComponent(name).path
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  Date().timeIntervalSince(modified) > age else { continue }
            let claim = "\(UUID().uuidString)~\(Self.originalName(ofClaim: name))"
            guard rename(path, claimed.appendingPathComponent(claim).path) == 0 else { continue }
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: claimed.appendingPathComponent(claim).path)
            taken.append(claim)
        }
        return taken
    }

    /// The name the partner gave a file, from its claim name.
    public static func originalName(ofClaim claim: String) -> String {
        claim.firstIndex(of: "~").map { String(claim[claim.index(after: $0)...]) } ?? claim
    }

    /// Gives a claim back: the file returns to `in/` under its own name, for the next pass
    /// of any node (after this node failed to process it, say because the store was down).
    public func release(claim: String) throws {
        guard rename(claimed.appendingPathComponent(claim).path, inbox.appendingPathComponent(Self.originalName(ofClaim: claim)).path) == 0 else {
            throw ExchangeError(operation: "release", path: claimed.appendingPathComponent(claim).path, code: errno)
        }
        try Self.syncFolder(inbox)
    }

    /// Moves a claimed file into `folder` (archive or error) under the same name, durably;
    /// a name taken there already gets a numbered suffix.
    public func move(claimed claim: String, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = Self.originalName(ofClaim: claim)
        var target = folder.appendingPathComponent(name)
        var suffix = 1
        while FileManager.default.fileExists(atPath: target.path) {
            target = folder.appendingPathComponent("\(name).\(suffix)")
            suffix += 1
        }
        guard rename(claimed.appendingPathComponent(claim).path, target.path) == 0 else {
            throw ExchangeError(operation: "move", path: claimed.appendingPathComponent(claim).path, code: errno)
        }
        try Self.syncFolder(folder)
        try Self.syncFolder(claimed)
    }

    static func syncFolder(_ folder: URL) throws {
        let descriptor = open(folder.path, O_RDONLY)
        guard descriptor >= 0 else { throw ExchangeError(operation: "open", path: folder.path, code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw ExchangeError(operation: "sync", path: folder.path, code: errno) }
    }

    /// A file name made of the safe characters of `text`.
    public static func safeName(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }
}

/// A file operation in an exchange folder that failed, with the path and the system's reason.
public struct ExchangeError: Error, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let code: Int32

    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}
