import SutureDelivery
import SutureModel

/// What retention may delete, as SQL both stores run (docs/governance.md, "Retention"):
/// only finished records older than their period, never a pending or in-flight delivery,
/// an open exception or what it is about, or an order that is not closed.
///
/// `cutoff` is an integer the store writes itself (milliseconds). Each kind's candidates are
/// bounded by the sequence of its first record inside the period (records are numbered in
/// time order), so a pass reads the old rows, not the whole table.
package enum RetentionRuleSQL {
    /// The table a kind lives in and the column that names one row.
    package static func table(_ kind: RetentionKind) -> (name: String, key: String) {
        switch kind {
        case .events: return ("events", "sequence")
        case .deliveries: return ("deliveries", "sequence")
        case .timeline: return ("timeline", "sequence")
        case .exceptions: return ("exceptions", "sequence")
        case .documents: return ("documents", "(kind, key)")
        case .audit: return ("audit_log", "seq")
        }
    }

    static let openExceptions = "('\(ExceptionStatus.open.rawValue)', '\(ExceptionStatus.inProgress.rawValue)')"
    static let closedExceptions = "('\(ExceptionStatus.resolved.rawValue)', '\(ExceptionStatus.rejected.rawValue)')"
    /// Orders and invoices that nothing more happens to.
    static let closedOrders = "('closed', 'cancelled')"
    static let settledInvoices = "('matched', 'approved', 'rejected')"

    static func sequenceBound(_ table: String, time: String, cutoff: Int64) -> String {
        "t.sequence < COALESCE((SELECT s.sequence FROM \(table) s WHERE s.\(time) >= \(cutoff) ORDER BY s.sequence LIMIT 1), 9223372036854775807)"
    }

    /// Whether the document row `row` is finished: a closed order, a settled invoice whose
    /// order is closed or gone, or the record of an exchange file read.
    static func documentFinished(_ row: String) -> String {
        """
        ((\(row).kind = 'purchase-order' AND \(row).status IN \(closedOrders)) \
        OR (\(row).kind = 'invoice' AND \(row).status IN \(settledInvoices) AND NOT EXISTS (SELECT 1 FROM documents o \
        WHERE o.kind = 'purchase-order' AND o.key = \(row).reference AND o.status NOT IN \(closedOrders))) \
        OR \(row).kind = 'exchange-file')
        """
    }

    /// The rows of `kind` (alias `t`) retention may delete at `cutoff`.
    package static func prunable(_ kind: RetentionKind, cutoff: Int64) -> String {
        let unfinishedDeliveries = DeliveryRuleSQL.list(DeliveryStatus.claimable)
        let finishedDeliveries = DeliveryRuleSQL.list(DeliveryStatus.finished)
        switch kind {
        case .events:
            return """
                t.received_at < \(cutoff) AND \(sequenceBound("events", time: "received_at", cutoff: cutoff)) \
                AND t.status <> '\(EventStatus.accepted.rawValue)' \
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = t.id AND d.status NOT IN \(finishedDeliveries)) \
                AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.event_id = t.id AND x.status IN \(openExceptions))
                """
        case .deliveries:
            return """
                t.created_at < \(cutoff) AND \(sequenceBound("deliveries", time: "created_at", cutoff: cutoff)) \
                AND (t.status IN \(finishedDeliveries) OR (t.status IN ('dead', 'rejected') \
                AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.delivery_id = t.id AND x.status IN \(openExceptions))))
                """
        case .timeline:
            return """
                t.at < \(cutoff) AND \(sequenceBound("timeline", time: "at", cutoff: cutoff)) \
                AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.correlation_id = t.correlation_id AND x.status IN \(openExceptions)) \
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.correlation_id = t.correlation_id AND d.status IN \(unfinishedDeliveries)) \
                AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.correlation_id = t.correlation_id AND NOT \(documentFinished("o")))
                """
        case .exceptions:
            return "t.status IN \(closedExceptions) AND COALESCE(t.updated_at, t.created_at) < \(cutoff)"
        case .documents:
            return """
                t.updated_at < \(cutoff) AND \(documentFinished("t")) \
                AND NOT EXISTS (SELECT 1 FROM exceptions x WHERE x.document = t.kind || ':' || t.key AND x.status IN \(openExceptions))
                """
        case .audit:
            return "t.at < \(cutoff)"
        }
    }

    /// Deletes up to `limit` of the oldest prunable rows of a kind (not the audit log, whose
    /// checkpoint moves with it).
    package static func deleteBatch(_ kind: RetentionKind, cutoff: Int64, limit: Int) -> String {
        let (table, key) = table(kind)
        let order = kind == .documents ? "t.updated_at" : "t.\(key)"
        let selected = kind == .documents ? "t.kind, t.key" : "t.\(key)"
        return "DELETE FROM \(table) WHERE \(key) IN (SELECT \(selected) FROM \(table) t WHERE \(prunable(kind, cutoff: cutoff)) ORDER BY \(order) LIMIT \(limit))"
    }

    package static func count(_ kind: RetentionKind, cutoff: Int64) -> String {
        let (table, _) = table(kind)
        return "SELECT COUNT(*) FROM \(table) t WHERE \(prunable(kind, cutoff: cutoff))"
    }
}
