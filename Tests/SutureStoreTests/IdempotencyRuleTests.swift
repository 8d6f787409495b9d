import SutureModel
import SutureDelivery
import SutureStore
import Testing

/// The idempotency rule both stores answer a repeated key with, on its own.
@Suite struct IdempotencyRuleTests {
    @Test func theSameBodyAgainIsTheStoredEventAndAnotherBodyIsAConflict() {
        #expect(AppendOutcome.repeatedKey(requestHash: "h1", existingID: "evt_1", existingCorrelationID: "c1", existingHash: "h1",
                                          existingStatus: .delivered)
            == .duplicate(id: "evt_1", correlationID: "c1", status: .delivered))
        #expect(AppendOutcome.repeatedKey(requestHash: "h2", existingID: "evt_1", existingCorrelationID: "c1", existingHash: "h1",
                                          existingStatus: .delivered)
            == .keyConflict(existingID: "evt_1"))
    }
}
