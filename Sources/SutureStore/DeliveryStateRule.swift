import Foundation
package import SutureModel

/// What the stores write when `DeliveryStateKeyRule` supersedes a delivery: the words of
/// the timeline entry, of the exception history entry, and of a refused requeue. The rule
/// itself is `DeliveryStateKeyRule` (SutureDelivery); its SQL form is `DeliveryRuleSQL`.
package enum DeliveryStateRule {
    package static let supersededNote = "superseded: a newer state of the same thing is sent instead"

    /// The timeline entry's detail follows the delivery's id.
    package static let timelineDetail = " superseded: not sent again, a newer state of the same thing is sent instead"

    /// The history entry of an exception resolved because its delivery was superseded.
    package static func historyEntry(at now: Int64) -> String {
        let at = Date(timeIntervalSince1970: Double(now) / 1000).formatted(.iso8601)
        return #"{"at":"\#(at)","by":"suture","action":"superseded","note":"a newer state of the same thing replaced this delivery","data":null,"outcome":"resolved"}"#
    }

    /// Appends the JSON text in the parameter (an SQL expression) to an exception's
    /// `history` array, in SQL: the one expression both stores use.
    package static func appendedHistory(_ parameter: String) -> String {
        "CASE WHEN COALESCE(history, '[]') = '[]' THEN '[' || \(parameter) || ']' ELSE substr(history, 1, length(history) - 1) || ',' || \(parameter) || ']' END"
    }

    /// Text as an SQL string literal (quotes doubled), for a store that writes a value it
    /// made itself into a statement instead of binding it.
    package static func sqlLiteral(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    package static func timelineEntry(correlationID: CorrelationID, deliveryID: DeliveryID, destination: String, at now: Int64) -> TimelineEntry {
        TimelineEntry(at: now, correlationID: correlationID, stage: .superseded, system: destination, outcome: "ok",
                      detail: deliveryID.rawValue + timelineDetail)
    }

    /// Why a requeue changed nothing: the delivery is gone, done, or being sent right now.
    package static func notRequeued(_ id: DeliveryID) -> String {
        "delivery \(id) is not there, or is delivered, superseded or in flight now; only pending, rejected or dead deliveries can be put back in the queue"
    }
}
