import Foundation
import Logging
import ServiceLifecycle
import SutureModel
import Tracing
import SutureDelivery
import SutureStore
import Synchronization
import SutureProcurement

/// Delivers one destination's outbox: claims due deliveries, paces them with the
/// destination's token bucket, keeps a circuit breaker, and records every attempt.
///
/// The decisions are the pure `TokenBucket`, `CircuitBreaker` and `DeliveryRetryPolicy`;
/// this type is the shell that does the I/O and persists their outcomes.
final class DeliveryWorker: Service {
    let connector: any Connector
    let store: any Store
    let wakeup: Wakeup
    let metrics: PipelineMetrics
    let activity: ActivityRecorder
    let tracing: PipelineTracing
    let logger: Logger
    let concurrency: Int
    let bucket: Mutex<TokenBucket>
    let rateLimit: TokenBucket.Configuration
    let breaker: Mutex<CircuitBreaker>
    /// How long one call may take; the claim's lease outlasts it.
    let timeout: Duration

    /// The circuit state last written to the store, so only changes are written.
    let recordedCircuit = Mutex<String?>(nil)

    init(connector: any Connector, store: any Store, wakeup: Wakeup, metrics: PipelineMetrics, activity: ActivityRecorder,
         tracing: PipelineTracing = PipelineTracing(), logger: Logger,
         rateLimit: TokenBucket.Configuration, circuit: CircuitBreakerConfiguration, concurrency: Int, timeout: Duration) {
        self.timeout = timeout
        self.connector = connector
        self.store = store
        self.wakeup = wakeup
        self.metrics = metrics
        self.activity = activity
        self.tracing = tracing
        self.logger = logger
        self.concurrency = max(1, concurrency)
        self.bucket = Mutex(TokenBucket(rateLimit))
        self.rateLimit = rateLimit
        self.breaker = Mutex(CircuitBreaker(circuit))
        metrics.circuitOpen(destination: connector.system, false)
    }

    var destination: String { connector.system }

    func run() async throws {
        // Graceful shutdown cancels the loop; deliveries in flight keep their lease and are
        // sent again (under the same key) after the lease runs out.
        await cancelWhenGracefulShutdown { await self.loop() }
    }

    func loop() async {
        do {
            let released = try await store.releaseOrphanedClaims(destination: destination, now: WallClock.nowMilliseconds())
            if released > 0 { logger.notice("\(destination): \(released) deliveries in flight when the hub stopped are due again") }
        } catch {
            logger.error("\(destination): cannot release earlier claims: \(error); they are retried when their lease ends")
        }
        await recordCircuitState()
        while !Task.isCancelled {
            do {
                try await cycle()
            } catch is CancellationError where Task.isCancelled {
                return
            } catch {
                logger.error("delivery to \(destination) failed to run a cycle: \(error)")
                await wakeup.wait(upTo: .seconds(1))
            }
        }
    }

    /// One round: ask the circuit, claim what is due, send it, record the outcomes.
    func cycle() async throws {
        let decision = breaker.withLock { $0.shouldAllowRequest(now: .now) }
        // No more than about a second's worth of calls at a time: claimed deliveries wait
        // for their rate slots under the lease, which must not run out while they wait.
        var limit = max(1, min(concurrency, Int(rateLimit.perSecond.rounded(.up))))
        switch decision {
        case .refused(let retryAt):
            // Refused calls are not attempts: nothing is claimed while the circuit is open.
            let wait = ContinuousClock.now.duration(to: retryAt)
            try await Task.sleep(for: max(wait, .milliseconds(10)))
            return
        case .probe:
            limit = 1
        case .allowed:
            break
        }
        let now = WallClock.nowMilliseconds()
        // The lease outlasts the call and its record; a node that dies leaves its claims to others after it.
        let lease = Self.milliseconds(timeout) + 5_000
        let claimed = try await store.claimDueDeliveries(destination: destination, now: now, leaseUntil: now + lease, limit: limit)
        if claimed.isEmpty {
            if case .probe = decision {
                // Nothing to probe with: give the probe back, untried, so the next delivery can be it.
                breaker.withLock { $0.releaseProbe(now: .now) }
            }
            let next = try await store.nextDueTime(destination: destination)
            // Something due that could not be claimed waits behind an older state of the same
            // thing still in flight, or was just taken by another node: look again shortly.
            let wait = next.map { max(Self.busyRecheck, min($0 - WallClock.nowMilliseconds(), 1000)) } ?? 1000
            await wakeup.wait(upTo: .milliseconds(wait))
            return
        }
        let slots = await reserveSlots(claimed.count)
        let records = await withTaskGroup(of: DeliveryAttemptRecord.self) { group in
            for (index, delivery) in claimed.enumerated() {
                let slot = slots.flatMap { index < $0.count ? $0[index] : nil }
                group.addTask { await self.attempt(delivery, slot: slot) }
            }
            var records: [DeliveryAttemptRecord] = []
            for await record in group { records.append(record) }
            return records
        }
        try await store.recordDeliveryAttempts(records)
        updateCircuitGauge()
        await recordCircuitState()
    }

    /// When several nodes share the store, the call slots of `count` claimed deliveries
    /// under the destination's rate limit, reserved together in the store so the limit
    /// holds for the cluster as a whole: for each, the instant to call (microseconds). Nil
    /// when this process paces alone (its token bucket), or when the store is out of reach
    /// (then it falls back to the bucket rather than not pacing).
    func reserveSlots(_ count: Int) async -> [Int64]? {
        guard store.sharedByNodes else { return nil }
        let interval = Int64((1_000_000 / rateLimit.perSecond).rounded(.up))
        let asked = Self.nowMicroseconds()
        do {
            let waits = try await store.reserveDeliverySlots(destination: destination, count: count, interval: interval,
                                                             tolerance: interval * Int64(rateLimit.burst - 1), now: asked)
            // A slot is a moment, not a delay: the time the reservation itself took is not
            // waited again, or every call would start late by one round trip to the store.
            return waits.map { asked + $0 }
        } catch {
            logger.warning("\(destination): cannot reserve rate slots in the store: \(error)")
            return nil
        }
    }

    /// Waits for its turn under the destination's rate limit: until its reserved `slot`, or
    /// for this process's token bucket.
    func pace(slot: Int64?) async {
        if let slot {
            let remaining = slot - Self.nowMicroseconds()
            if remaining > 0 { try? await Task.sleep(for: .microseconds(remaining)) }
            return
        }
        while true {
            let decision = bucket.withLock { $0.take(now: .now) }
            guard case .wait(let wait) = decision else { return }
            try? await Task.sleep(for: wait)
        }
    }

    /// Waits for its turn, sends one delivery, and turns the answer into a record.
    func attempt(_ delivery: DeliveryRecord, slot: Int64?) async -> DeliveryAttemptRecord {
        await pace(slot: slot)
        let started = WallClock.nowMilliseconds()
        let response = await tracing.span("suture.delivery.attempt", trace: TraceContext(traceparent: delivery.traceparent), kind: .client,
                                          attributes: [("suture.delivery.id", delivery.id.rawValue), ("suture.destination", destination),
                                                       ("suture.delivery.attempt", String(delivery.attempts + 1))]) { span in
            let response = await connector.send(delivery)
            if let status = response.statusCode { span.attributes["http.response.status_code"] = status }
            span.attributes["suture.delivery.outcome"] = "\(response.outcome)"
            return response
        }
        let now = WallClock.nowMilliseconds()
        let attemptNumber = delivery.attempts + 1
        let transition = breaker.withLock { $0.record(response.outcome, now: .now) }
        var generator = SystemRandomNumberGenerator()
        let action = connector.retryPolicy.decide(after: response.outcome, attempt: attemptNumber, using: &generator)
        let status = response.statusCode.map { "HTTP \($0)" } ?? "\(response.outcome)"
        let answer = response.detail.isEmpty ? status : "\(status): \(response.detail.prefix(300))"
        let call = Self.call(delivery)
        var timeline = [TimelineEntry(at: started, correlationID: delivery.correlationID, stage: .deliveryAttempt, system: destination,
                                      outcome: Self.outcomeName(action), detail: "attempt \(attemptNumber) \(call): \(answer) (\(now - started) ms)")]
        if let transition {
            let (stage, detail) = Self.describe(transition)
            timeline.append(TimelineEntry(at: now, correlationID: delivery.correlationID, stage: stage, system: destination, outcome: "ok", detail: detail))
            metrics.circuitTransition(destination: destination, to: stage == .circuitClosed ? "closed" : "open")
            logger.notice("\(destination): \(detail)")
        }
        metrics.deliveryAttempt(destination: destination, outcome: Self.outcomeName(action))
        if case .delivered = action {} else { activity.attempt(destination: destination, delivered: false, latencyMilliseconds: nil, at: now) }
        switch action {
        case .delivered:
            timeline.append(TimelineEntry(at: now, correlationID: delivery.correlationID, stage: .delivered, system: destination, outcome: "ok",
                                          detail: "after \(attemptNumber) attempt\(attemptNumber == 1 ? "" : "s")"))
            // Ingest-to-delivery latency is about events; documents have no ingest time.
            let latency = delivery.eventReceivedAt > 0 ? now - delivery.eventReceivedAt : nil
            if let latency { metrics.deliveryLatency(destination: destination, seconds: Double(latency) / 1000) }
            activity.attempt(destination: destination, delivered: true, latencyMilliseconds: latency, at: now)
            return DeliveryAttemptRecord(deliveryID: delivery.id, status: .delivered, attempts: attemptNumber, nextAttemptAt: now,
                                         lastStatusCode: response.statusCode, lastError: nil, timeline: timeline, exception: nil,
                                         claimedUntil: delivery.nextAttemptAt)
        case .retry(let delay, _, _):
            let next = now + Int64(Self.milliseconds(delay))
            timeline[0].detail += "; next attempt in \(Self.milliseconds(delay)) ms"
            logger.info("\(destination): attempt \(attemptNumber) of \(delivery.id) failed (\(answer.prefix(200))); next attempt in \(Self.milliseconds(delay)) ms",
                        metadata: ["correlationId": "\(delivery.correlationID)"])
            return DeliveryAttemptRecord(deliveryID: delivery.id, status: .pending, attempts: attemptNumber, nextAttemptAt: next,
                                         lastStatusCode: response.statusCode, lastError: answer, timeline: timeline, exception: nil,
                                         claimedUntil: delivery.nextAttemptAt)
        case .rejected(let code):
            let exception = await makeException(.rejectedByDestination, delivery: delivery, response: response,
                                                summary: "\(destination) rejected \(call) with HTTP \(code)\(Self.errorCode(response.detail).map { " \($0)" } ?? "")")
            logger.notice("\(destination): \(exception.id) opened: \(exception.summary)", metadata: ["correlationId": "\(delivery.correlationID)"])
            timeline.append(TimelineEntry(at: now, correlationID: delivery.correlationID, stage: .exception, system: destination,
                                          outcome: ExceptionType.rejectedByDestination.rawValue, detail: "\(exception.id): \(exception.summary)"))
            return DeliveryAttemptRecord(deliveryID: delivery.id, status: .rejected, attempts: attemptNumber, nextAttemptAt: now,
                                         lastStatusCode: response.statusCode, lastError: answer, timeline: timeline, exception: exception,
                                         claimedUntil: delivery.nextAttemptAt)
        case .exhausted(let attempts, _):
            let exception = await makeException(.deliveryExhausted, delivery: delivery, response: response,
                                                summary: "\(destination) could not be reached after \(attempts) attempts; last: \(answer)")
            logger.notice("\(destination): \(exception.id) opened: \(exception.summary)", metadata: ["correlationId": "\(delivery.correlationID)"])
            timeline.append(TimelineEntry(at: now, correlationID: delivery.correlationID, stage: .dead, system: destination, outcome: "failed",
                                          detail: "gave up after \(attempts) attempts"))
            timeline.append(TimelineEntry(at: now, correlationID: delivery.correlationID, stage: .exception, system: destination,
                                          outcome: ExceptionType.deliveryExhausted.rawValue, detail: "\(exception.id): \(exception.summary)"))
            return DeliveryAttemptRecord(deliveryID: delivery.id, status: .dead, attempts: attempts, nextAttemptAt: now,
                                         lastStatusCode: response.statusCode, lastError: answer, timeline: timeline, exception: exception,
                                         claimedUntil: delivery.nextAttemptAt)
        }
    }

    /// The call as people read it: `POST /receipts`, or just `POST` to a webhook's URL.
    static func call(_ delivery: DeliveryRecord) -> String {
        delivery.path.isEmpty ? delivery.method : "\(delivery.method) \(delivery.path)"
    }

    /// An exception with the full context: the event as sent, its canonical form, the
    /// request made and the destination's answer.
    func makeException(_ type: ExceptionType, delivery: DeliveryRecord, response: DeliveryResponse, summary: String) async -> NewException {
        var event: StoredEvent?
        if let eventID = delivery.source.eventID { event = try? await store.event(id: eventID) }
        let answerBody = (try? JSONValue.parse(response.detail)) ?? .string(response.detail)
        let context = JSONValue.object([
            ("event", event.flatMap { try? JSONValue.parse($0.payload) } ?? .null),
            ("normalized", event?.normalized.flatMap { try? JSONValue.parse($0) } ?? .null),
            ("request", .object([
                ("method", .string(delivery.method)), ("path", .string(delivery.path)),
                ("idempotencyKey", .string(delivery.idempotencyKey)),
                ("body", (try? JSONValue.parse(delivery.body)) ?? .string(delivery.body)),
            ])),
            ("response", .object([
                ("status", response.statusCode.map(JSONValue.integer) ?? .null),
                ("body", answerBody),
            ])),
            ("deliveryId", .string(delivery.id.rawValue)),
        ])
        return NewException(id: Identifiers.make("exc"), type: type, correlationID: delivery.correlationID, system: destination,
                            eventID: delivery.source.eventID, deliveryID: delivery.id, summary: summary, context: context.serialized())
    }

    func updateCircuitGauge() {
        let open = breaker.withLock { breaker in
            if case .closed = breaker.state { return false }
            return true
        }
        metrics.circuitOpen(destination: destination, open)
    }

    /// Writes the breaker's state to the store when it changed, where every node's
    /// dashboard reads it; a failure to write is tried again after the next cycle.
    func recordCircuitState() async {
        let state = breaker.withLock { $0.state.name }
        guard recordedCircuit.withLock({ $0 }) != state else { return }
        do {
            try await store.recordCircuitState(CircuitStateRecord(destination: destination, node: activity.node, state: state,
                                                                  since: WallClock.nowMilliseconds()))
            recordedCircuit.withLock { $0 = state }
        } catch {
            logger.warning("\(destination): cannot record the circuit state \(state): \(error)")
        }
    }

    /// The `code` of an ERP profile error body (`UOM_MISMATCH`), if any.
    static func errorCode(_ body: String) -> String? {
        guard let value = try? JSONValue.parse(body) else { return nil }
        return value["code"]?.stringValue
    }

    static func outcomeName(_ action: DeliveryAction) -> String {
        switch action {
        case .delivered: return "delivered"
        case .retry: return "retry"
        case .rejected: return "rejected"
        case .exhausted: return "exhausted"
        }
    }

    static func describe(_ transition: CircuitTransition) -> (stage: TimelineStage, detail: String) {
        switch transition {
        case .opened: return (.circuitOpened, "circuit opened after consecutive failures; calls paused")
        case .reopened: return (.circuitOpened, "probe failed; circuit open again")
        case .closed: return (.circuitClosed, "probe succeeded; circuit closed")
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// How long a cycle that found due deliveries it could not claim waits before looking again (ms).
    static let busyRecheck: Int64 = 50

    static func nowMicroseconds() -> Int64 { WallClock.nowMicroseconds() }
}
