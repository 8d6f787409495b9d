import Tracing
import Foundation
import Logging
import ServiceLifecycle
import SutureConfig
public import SutureModel
import SutureStore
import SutureDelivery
import SutureProcurement

/// Takes accepted events from the inbox, normalizes and routes them, and writes the
/// result (canonical form, one outbox delivery per destination, exceptions, timeline)
/// in one transaction. Runs as a service beside the HTTP server.
struct EventProcessor: Service {
    let store: any Store
    let normalizer: EventNormalizer
    let routes: [RouteSettings]
    let connectors: [String: any Connector]
    let orders: OrderFlows
    let wakeup: Wakeup
    let deliveryWakeups: [String: Wakeup]
    let metrics: PipelineMetrics
    let tracing: PipelineTracing
    let logger: Logger
    /// Told which locations' stock of which items a recorded batch changed (replenishment).
    var stockChanged: @Sendable (Set<StockNeed>) -> Void = { _ in }
    let batchSize = 500

    func run() async throws {
        // Graceful shutdown cancels the loop; an event half-processed is simply processed
        // again at the next start, since its transaction never committed.
        await cancelWhenGracefulShutdown { await self.loop() }
    }

    func loop() async {
        while !Task.isCancelled {
            let batch: [StoredEvent]
            do {
                let now = WallClock.nowMilliseconds()
                // The lease outlasts any batch; a node that dies leaves its events to others after it.
                batch = try await store.claimAcceptedEvents(limit: batchSize, now: now, leaseUntil: now + 15_000)
            } catch {
                logger.error("cannot read the inbox: \(error)")
                await wakeup.wait(upTo: .seconds(1))
                continue
            }
            if batch.isEmpty {
                await wakeup.wait(upTo: .seconds(1))
                continue
            }
            // An order that changed under the batch (a person's action, an invoice) makes the
            // commit fail as stale, and a store that cannot be reached fails the reads: the
            // same claimed batch is processed again, reading anew, so the claims are not left
            // waiting for their lease and no event is turned into an exception by a passing fault.
            var results: [ProcessedEvent] = []
            var recorded = false
            for attempt in 1...5 where !recorded && !Task.isCancelled {
                results = []
                results.reserveCapacity(batch.count)
                let lookup = BatchLookupCache(store: store)
                let orderBatch = OrderBatch()
                do {
                    for event in batch {
                        results.append(try await tracing.span("suture.event.process", trace: TraceContext(traceparent: event.traceparent),
                                                              attributes: [("suture.event.id", event.id.rawValue),
                                                                           ("suture.event.type", event.type.rawValue)]) { span in
                            let result = try await process(event, lookup: lookup, orders: orderBatch)
                            span.attributes["suture.event.status"] = result.status.rawValue
                            return result
                        })
                    }
                    try await store.recordProcessing(results)
                    recorded = true
                } catch StoreError.staleVersion(let detail) {
                    logger.debug("processing the batch again (attempt \(attempt + 1)) after a concurrent change: \(detail)")
                    await wakeup.wait(upTo: .milliseconds(10 * attempt))
                } catch {
                    logger.error("cannot process or record a batch of events (attempt \(attempt)): \(error)")
                    await wakeup.wait(upTo: .seconds(1))
                }
            }
            guard recorded else { continue }
            var touched: Set<String> = []
            var needs: Set<StockNeed> = []
            for result in results {
                for movement in result.effects.stock where movement.kind != .reversal {
                    needs.insert(StockNeed(location: movement.location, item: movement.item))
                }
                metrics.eventProcessed(status: result.status.rawValue)
                for delivery in result.deliveries { touched.insert(delivery.destination) }
                for exception in result.exceptions { metrics.exceptionOpened(type: exception.type.rawValue) }
            }
            for destination in touched { deliveryWakeups[destination]?.signal() }
            if !needs.isEmpty { stockChanged(needs) }
        }
    }

    /// Normalizes, routes and encodes one event. What is wrong with the event is an
    /// exception in the result; only a store that cannot serve (a passing fault) throws.
    func process(_ event: StoredEvent, lookup: any MasterDataLookup, orders orderBatch: OrderBatch = OrderBatch()) async throws -> ProcessedEvent {
        let now = WallClock.nowMilliseconds()
        func exceptionResult(_ failure: EventNormalizer.Failure, system: String?, normalized: String?, timeline: [TimelineEntry],
                             effects: StoreChanges = StoreChanges(), alsoOpen: [NewException] = []) -> ProcessedEvent {
            let exceptionID = Identifiers.make("exc")
            var context: [(String, JSONValue)] = [("event", (try? JSONValue.parse(event.payload)) ?? .string(event.payload))]
            if let normalized { context.append(("normalized", (try? JSONValue.parse(normalized)) ?? .null)) }
            context += failure.details
            return ProcessedEvent(
                eventID: event.id, status: .exception, normalized: normalized, deliveries: [],
                exceptions: [NewException(id: exceptionID, type: failure.type, correlationID: event.correlationID, system: system ?? event.source,
                                          eventID: event.id, deliveryID: nil, summary: failure.summary, context: JSONValue.object(context).serialized())]
                    + alsoOpen,
                timeline: timeline + [TimelineEntry(at: now, correlationID: event.correlationID, stage: .exception, system: system ?? event.source,
                                                    outcome: failure.type.rawValue, detail: "\(exceptionID): \(failure.summary)")],
                effects: effects)
        }

        let input: InventoryEventInput
        do {
            input = try InventoryEventJSON.parse(try JSONValue.parse(event.payload), allowIdempotencyKey: true).event
        } catch {
            return exceptionResult(EventNormalizer.Failure(.invalidDocument, "the stored event cannot be read: \(error)"),
                                   system: nil, normalized: nil, timeline: [])
        }
        var canonical: CanonicalInventoryEvent
        do {
            switch try await normalizer.normalize(input, lookup: lookup) {
            case .success(let value): canonical = value
            case .failure(let failure): return exceptionResult(failure, system: nil, normalized: nil, timeline: [])
            }
        } catch let error as StoreError where error.isTransient {
            throw error
        } catch {
            return exceptionResult(EventNormalizer.Failure(.invalidDocument, "normalization failed: \(error)"), system: nil, normalized: nil, timeline: [])
        }
        var timeline = [TimelineEntry(at: now, correlationID: event.correlationID, stage: .normalized, system: event.source, outcome: "ok",
                                      detail: "\(canonical.quantity) of item \(canonical.item) at \(canonical.location) (sent as \(canonical.sourceQuantity))")]
        // A receipt or return against a tracked order is put on its line first, so the
        // postings carry the line; one no line can take waits for a person.
        var link: ReceivingLink?
        do {
            link = try await orders.link(canonical, event: event, orders: orderBatch, lookup: lookup)
        } catch let error as StoreError where error.isTransient {
            throw error
        } catch {
            return exceptionResult(EventNormalizer.Failure(.invalidDocument, "cannot link to purchase order: \(error)"), system: nil, normalized: nil, timeline: timeline)
        }
        if let link { canonical = link.canonical }
        // The goods moved whatever happens to the postings below (held for a person, refused
        // by a destination): the stock ledger counts them with the event's own transaction.
        let moved = StockLedger.movements(of: canonical, id: event.id, at: now)
        func stocked(_ result: ProcessedEvent) -> ProcessedEvent {
            var result = result
            result.effects.stock += moved
            return result
        }
        if let link {
            timeline += link.timeline
            if link.hold, let held = link.exceptions.first {
                let normalized = InventoryEventJSON.json(canonical).serialized()
                return stocked(ProcessedEvent(eventID: event.id, status: .exception, normalized: normalized, deliveries: [], exceptions: [held],
                                              timeline: timeline + [TimelineEntry(at: now, correlationID: event.correlationID, stage: .exception, system: event.source,
                                                                                  outcome: held.type.rawValue, detail: "\(held.id): \(held.summary)")]))
            }
        }
        let normalized = InventoryEventJSON.json(canonical).serialized()
        let destinations = EventRouter.destinations(for: canonical, routes: routes)
        var deliveries: [NewDelivery] = []
        for destination in destinations {
            guard let connector = connectors[destination] else {
                // The configuration checker ensures routes name systems; a system without a
                // connector (an inventory system) cannot receive deliveries.
                timeline.append(TimelineEntry(at: now, correlationID: event.correlationID, stage: .routed, system: destination,
                                              outcome: "skipped", detail: "\(destination) does not take deliveries"))
                continue
            }
            do {
                deliveries.append(try await connector.encode(canonical, eventID: event.id, correlationID: event.correlationID,
                                                             deliveryID: Identifiers.delivery(eventID: event.id, destination: destination),
                                                             lookup: lookup))
            } catch let failure as EventNormalizer.Failure {
                // The goods are on the order line even though a posting waits for a person:
                // the line's change stays (and later events of the batch build on it).
                return stocked(exceptionResult(failure, system: destination, normalized: normalized, timeline: timeline,
                                               effects: link?.effects ?? StoreChanges(), alsoOpen: link?.exceptions ?? []))
            } catch let error as StoreError where error.isTransient {
                throw error
            } catch {
                return stocked(exceptionResult(EventNormalizer.Failure(.invalidDocument, "cannot encode for \(destination): \(error)"),
                                               system: destination, normalized: normalized, timeline: timeline,
                                               effects: link?.effects ?? StoreChanges(), alsoOpen: link?.exceptions ?? []))
            }
        }
        timeline.append(TimelineEntry(at: now, correlationID: event.correlationID, stage: .routed, system: nil, outcome: "ok",
                                      detail: destinations.isEmpty ? "no route takes \(canonical.type.rawValue) events from \(canonical.source)"
                                                                   : "to \(deliveries.map(\.destination).joined(separator: ", "))"))
        let exceptions = link?.exceptions ?? []
        for exception in exceptions {
            timeline.append(TimelineEntry(at: now, correlationID: event.correlationID, stage: .exception, system: event.source,
                                          outcome: exception.type.rawValue, detail: "\(exception.id): \(exception.summary)"))
        }
        return stocked(ProcessedEvent(eventID: event.id, status: deliveries.isEmpty ? .unrouted : .routed, normalized: normalized,
                                      deliveries: deliveries, exceptions: exceptions, timeline: timeline, effects: link?.effects ?? StoreChanges()))
    }

}

/// Random identifiers with a readable prefix (`evt_…`, `dlv_…`, `exc_…`): unique across
/// nodes without coordination.
public enum Identifiers {
    /// The delivery of an event to a destination always has the same id, so processing an
    /// event again (after its result was lost) produces the same idempotency key.
    public static func delivery(eventID: EventID, destination: String) -> DeliveryID {
        delivery(base: eventID.rawValue.hasPrefix("evt_") ? String(eventID.rawValue.dropFirst(4)) : eventID.rawValue, destination: destination)
    }

    /// The delivery of a document (`po.PO-1.r2`) to a destination, the same each time.
    public static func delivery(base: String, destination: String) -> DeliveryID {
        DeliveryID(rawValue: "dlv_\(base)_\(destination)")
    }

    /// A new event id (`evt_…`).
    public static func event() -> EventID { EventID(rawValue: make("evt")) }

    public static func make(_ prefix: String) -> String {
        // Two draws of 64 bits give 20 base-36 digits (about 103 bits); each draw from the
        // system generator is a system call, so they are not made per digit.
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var text = Array(prefix.utf8) + [UInt8(ascii: "_")]
        for _ in 0..<2 {
            var word = generator.next()
            for _ in 0..<10 {
                text.append(digits[Int(word % 36)])
                word /= 36
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
