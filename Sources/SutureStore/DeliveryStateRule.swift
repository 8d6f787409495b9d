import Foundation

/// What the stores share about deliveries that carry a state (`NewDelivery.stateKey`):
/// the rule is in each store's claim, in its own SQL; the words for it are here.
///
/// The rule: of the deliveries with one state key to one destination, only the newest is
/// claimed, and never while an older one is in flight under a live lease. At each claim,
/// an older one that is waiting, dead, rejected, or in flight under a lease that ran out is
/// `superseded` (not sent again), and the exceptions open on it are resolved.
enum DeliveryStateRule {
    static let supersededNote = "superseded: a newer state of the same thing is sent instead"

    /// The timeline entry's detail follows the delivery's id.
    static let timelineDetail = " superseded: not sent again, a newer state of the same thing is sent instead"

    /// The history entry of an exception resolved because its delivery was superseded.
    static func historyEntry(at now: Int64) -> String {
        let at = Date(timeIntervalSince1970: Double(now) / 1000).formatted(.iso8601)
        return #"{"at":"\#(at)","by":"suture","action":"superseded","note":"a newer state of the same thing replaced this delivery","data":null,"outcome":"resolved"}"#
    }

    /// Appends the JSON text in the parameter to an exception's `history` array, in SQL
    /// (PostgreSQL writes the same expression with its own binds).
    static func appendedHistory(_ parameter: String) -> String {
        "CASE WHEN COALESCE(history, '[]') = '[]' THEN '[' || \(parameter) || ']' ELSE substr(history, 1, length(history) - 1) || ',' || \(parameter) || ']' END"
    }

    static func timelineEntry(correlationID: String, deliveryID: String, destination: String, at now: Int64) -> TimelineEntry {
        TimelineEntry(at: now, correlationID: correlationID, stage: "superseded", system: destination, outcome: "ok",
                      detail: deliveryID + timelineDetail)
    }

    /// Why a requeue changed nothing: the delivery is gone, done, or being sent right now.
    static func notRequeued(_ id: String) -> String {
        "delivery \(id) is not there, or is delivered, superseded or in flight now; only pending, rejected or dead deliveries can be put back in the queue"
    }
}
