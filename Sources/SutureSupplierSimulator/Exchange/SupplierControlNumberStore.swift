import Foundation

/// The simulator's interchange control numbers, kept in a small state file so that they keep
/// increasing across restarts (partners reject repeated ISA13s).
///
/// The file holds one line, `next-interchange N`; it is rewritten atomically (temporary name,
/// fsync, rename) before anything numbered with it is published.
struct SupplierControlNumberStore {
    let file: URL
    /// The next interchange control number to use (ISA13, and GS06 of its one group).
    private(set) var next: Int

    init(file: URL) throws(SupplierSimulatorError) {
        self.file = file
        guard FileManager.default.fileExists(atPath: file.path) else {
            next = 1
            return
        }
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw SupplierSimulatorError(operation: "read", path: file.path, reason: "\(error)")
        }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 2, parts[0] == "next-interchange", let value = Int(parts[1]), value >= 1 else {
            throw SupplierSimulatorError(operation: "read", path: file.path, reason: "expected 'next-interchange N', found '\(text.prefix(60))'")
        }
        next = value
    }

    /// Takes the next number; ISA13 wraps from 999999999 back to 1, as the standard allows.
    mutating func take() -> Int {
        let value = next
        next = value >= 999_999_999 ? 1 : value + 1
        return value
    }

    func save() throws(SupplierSimulatorError) {
        try SupplierExchangeDirectory.writeDurably(Array("next-interchange \(next)\n".utf8), to: file)
    }
}
