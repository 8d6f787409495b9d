import Logging
public import ServiceLifecycle
import SutureModel

/// Reads an `erp-http` system's items on its schedule (`drift: { every: ... }`) and compares
/// them with the canonical master (docs/master-data.md, "Drift"). A read that fails (the ERP
/// down, an answer that is not the profile's) is logged and changes nothing: the last
/// comparison and its exceptions stand until a read succeeds.
public struct DriftPoller: Service {
    let connector: ERPConnector
    let drift: MasterDataDrift
    let every: Duration
    let logger: Logger

    init(connector: ERPConnector, drift: MasterDataDrift, every: Duration, logger: Logger) {
        self.connector = connector
        self.drift = drift
        self.every = every
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: every)
                guard !Task.isCancelled else { break }
                await compareOnce()
            }
        }
    }

    /// One read and comparison.
    func compareOnce() async {
        do {
            let records = try await connector.readItems()
            let report = try await drift.compare(system: try SystemName(connector.system), records: records)
            logger.debug("compared \(connector.system)'s items", metadata: ["records": "\(report.records)", "differences": "\(report.differences.count)"])
        } catch {
            logger.warning("cannot compare \(connector.system)'s items: \(error)")
        }
    }
}
