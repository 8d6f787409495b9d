import ArgumentParser
import Foundation
import SutureConfig
import SutureStore
import SutureDelivery
import SutureProcurement

/// `suture clients ...`: API clients kept in the store.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "Manage API clients kept in the store.",
        subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a client and print its token once, alone on the last line (only its SHA-256 is stored).")

        @Argument(help: "The client's name (unique).")
        var name: String

        @Option(name: .customLong("scope"), help: "A scope the client gets; repeat for several (\(ConfigSpec.scopes.joined(separator: ", "))).")
        var scopes: [String] = []

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard !name.isEmpty, name.count <= 64, !name.contains(where: { $0.isWhitespace }) else {
                throw ValidationError("the client name must be 1 to 64 characters without spaces")
            }
            guard !scopes.isEmpty else { throw ValidationError("give at least one --scope") }
            for scope in scopes where !ConfigSpec.scopes.contains(scope) {
                throw ValidationError("unknown scope '\(scope)'; scopes are \(ConfigSpec.scopes.joined(separator: ", "))")
            }
        }

        func run() async throws {
            let configuration = try storeOptions.loadConfiguration()
            let store = try await storeOptions.openStore(configuration)
            let token = ClientToken.generate()
            do {
                try await store.addClient(ClientRecord(name: name, tokenHash: ClientSettings.hash(token: token), scopes: scopes))
            } catch {
                await store.close()
                throw CLIError("cannot add client '\(name)': \(error)")
            }
            await store.close()
            print("Created client '\(name)' with scopes \(scopes.joined(separator: " ")) in \(store.location).")
            print("Its token follows; it is shown only this once:")
            print(token)
        }
    }
}

/// New bearer tokens: 32 random bytes, base64url, with a `sut_` prefix that secret scanners can match.
enum ClientToken {
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "sut_" + base64
    }
}
