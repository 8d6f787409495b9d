import SutureEngine
import SutureModel
import SutureStore

/// `GET /metrics`: the pipeline's and the HTTP requests' series and the figures read from
/// the store (backlogs, open exceptions), written by swift-prometheus in the Prometheus
/// text format.
enum MetricsExposition {
    static func text(pipeline: Pipeline) async throws -> String {
        let dashboard = try await pipeline.operations.dashboard()
        let metrics = pipeline.metrics
        metrics.storeGauge("suture_inbox_backlog", help: "Events accepted and waiting to be normalized.", Double(dashboard.inboxBacklog))
        for system in dashboard.systems where system.kind != "inventory" {
            metrics.storeGauge("suture_delivery_backlog", labels: [("destination", system.name)],
                               help: "Deliveries pending or in flight, by destination.", Double(system.backlog))
            metrics.storeGauge("suture_delivery_oldest_pending_seconds", labels: [("destination", system.name)],
                               help: "Age of the oldest pending delivery, by destination.", Double(system.oldestPendingSeconds))
        }
        for counts in dashboard.exceptions {
            metrics.storeGauge("suture_exceptions_open", labels: [("type", counts.type.rawValue)],
                               help: "Open and in-progress exceptions, by type.", Double(counts.open))
        }
        metrics.storeGauge("suture_exceptions_overdue", help: "Open exceptions past their SLA.", Double(dashboard.overdueExceptions))
        metrics.storeGauge("suture_receipts_delayed", help: "Receipts not posted to the ERP within the configured time.", Double(dashboard.delayedReceipts))
        metrics.storeGauge("suture_invoices_unmatched", help: "Invoices not posted to AP yet.", Double(dashboard.unmatchedInvoices))
        return metrics.text()
    }
}
