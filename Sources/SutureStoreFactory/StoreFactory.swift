public import SutureStore
import SutureDelivery
import SutureStorePostgres
import SutureStoreSQLite

/// Opens the store a URL names: the one place that knows every storage driver.
///
/// Only the composition roots (the command line, and the tests that run the suite on both
/// stores) link this target, so the engine and the HTTP server never link a database driver.
public enum StoreFactory {
    public static func open(_ url: StoreURL) async throws -> any Store {
        switch url {
        case .sqlite(let path):
            return try await SQLiteStore.open(path: path)
        case .postgres(let url):
            return try await PostgresStore.open(url: url)
        }
    }
}
