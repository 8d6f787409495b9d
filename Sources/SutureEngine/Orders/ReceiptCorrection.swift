public import Foundation
public import SutureModel
public import SutureStore
import SutureProcurement

/// Corrects a delivered receipt: the original is voided (its reversal posted) and the
/// receipt as it should have been is accepted as a new event under the same trace. A
/// repeat returns the same reversal and the same corrected event.
public struct ReceiptCorrection: Sendable {
    let orders: OrderFlows
    let intake: EventIntake

    public func correct(eventID: EventID, quantity: Decimal, unit: String?, reason: String, actor: String)
        async throws -> (reversals: [DeliveryRecord], correction: AppendOutcome) {
        guard let event = try await orders.store.event(id: eventID) else { throw OrderError.notFound("no event '\(eventID)'") }
        var input: InventoryEventInput
        do {
            input = try InventoryEventJSON.parse(try JSONValue.parse(event.payload)).event
        } catch {
            throw OrderError.notAllowed("event \(eventID) cannot be read back: \(error)")
        }
        input.quantity = quantity
        if let unit { input.unit = unit }
        // The corrected receipt must be a valid event in its own right (a positive quantity, a unit).
        let body = InventoryEventJSON.json(input)
        do { input = try InventoryEventJSON.parse(body).event } catch {
            throw MasterDataError.invalidReference(field: "quantity", message: "the corrected receipt is not valid: \(error)")
        }
        let reversals = try await orders.voidReceipt(eventID: eventID, reason: "corrected: \(reason)", actor: actor)
        let trace = TraceContext(traceID: event.correlationID.rawValue, spanID: TraceContext.random().spanID)
        let outcome = try await intake.accept([EventIntake.Submission(body: body, input: input, idempotencyKey: "correction-of-\(eventID)")],
                                              client: event.client, trace: trace)[0]
        if case .keyConflict(let existing) = outcome {
            throw OrderError.notAllowed("receipt \(eventID) was already corrected by \(existing); correct that event instead")
        }
        return (reversals, outcome)
    }
}
