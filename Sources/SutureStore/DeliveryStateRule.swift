/// What the stores share about deliveries that carry a state (`NewDelivery.stateKey`):
/// the rule is in each store's claim, in its own SQL; the words for it are here.
///
/// The rule: of the deliveries with one state key to one destination, only the newest is
/// sent, and never while an older one is in flight under a live lease. An older one that
/// is waiting (or whose lease ran out) when a newer one exists is `superseded` at the next
/// claim instead of being sent.
enum DeliveryStateRule {
    static let supersededNote = "superseded: a newer state of the same thing is sent instead"

    /// The timeline entry's detail follows the delivery's id.
    static let timelineDetail = " not sent: a newer state of the same thing is sent instead"

    static func timelineEntry(correlationID: String, deliveryID: String, destination: String, at now: Int64) -> TimelineEntry {
        TimelineEntry(at: now, correlationID: correlationID, stage: "superseded", system: destination, outcome: "ok",
                      detail: deliveryID + timelineDetail)
    }
}
