import ArgumentParser
import Foundation
import SutureModel
import SutureStore

/// `suture audit verify`: checks the audit log's hash chain (docs/governance.md, "Audit log").
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log.",
        subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the audit hash chain: exit 0 with the number of entries and the head hash, or 1 naming the first broken entry.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let configuration = try storeOptions.loadConfiguration()
            let store = try await storeOptions.openStore(configuration)
            let result: AuditVerification
            do {
                result = try await store.verifyAuditChain { checked in
                    if checked > 0 && checked % 100_000 == 0 {
                        FileHandle.standardError.write(Data("checked \(checked) entries...\n".utf8))
                    }
                }
            } catch {
                await store.close()
                throw CLIError("cannot read the audit log of \(store.location): \(error)")
            }
            await store.close()
            if let broken = result.broken {
                FileHandle.standardError.write(Data("audit log of \(store.location) is broken at \(broken)\n".utf8))
                throw ExitCode(1)
            }
            let from = result.checkpoint.map { ", continuing from checkpoint \($0.seq) (\($0.hash))" } ?? ""
            print("audit log of \(store.location) verified: \(result.entries) entries\(from); head \(result.head.map { "\($0.seq) \($0.hash)" } ?? "none (empty)")")
        }
    }
}
