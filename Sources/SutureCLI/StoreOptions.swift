import ArgumentParser
import Foundation
import SutureConfig
import SutureStore
import SutureDelivery
import SutureStoreFactory
import SutureProcurement

/// `--config FILE` and `--store URL`, shared by the commands that open the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML); its `store` is used unless --store is given.")
    var config: String?

    @Option(name: .long, help: "Store URL: sqlite:PATH (default \(SutureConfiguration.defaults.store)) or postgres://...")
    var store: String?

    /// The configuration file's content, or the defaults when there is none.
    func loadConfiguration() throws -> SutureConfiguration {
        guard let config else { return .defaults }
        do {
            return try SutureConfiguration.load(file: config)
        } catch {
            throw CLIError(error.problems.map { "\(config): \($0)" }.joined(separator: "\n"))
        }
    }

    /// The store URL to use: --store, else the configuration's, else the default.
    func storeURL(_ configuration: SutureConfiguration) throws -> StoreURL {
        do {
            return try StoreURL(store ?? configuration.store)
        } catch {
            throw CLIError("\(error)")
        }
    }

    func openStore(_ configuration: SutureConfiguration) async throws -> any Store {
        let url = try storeURL(configuration)
        do {
            return try await StoreFactory.open(url)
        } catch {
            throw CLIError("cannot open the store \(url): \(error)")
        }
    }
}
