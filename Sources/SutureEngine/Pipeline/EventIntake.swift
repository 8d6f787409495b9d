import Crypto
public import Foundation
public import SutureModel
public import SutureStore

/// The way into the durable inbox: events are made durable (committed and synced, with
/// group commit) and each gets its outcome, accepted, a duplicate of an earlier request
/// with the same key and body, or a conflict with one under the same key.
public struct EventIntake: Sendable {
    let committer: GroupCommitter
    let metrics: PipelineMetrics
    let activity: ActivityRecorder

    /// One event to accept: its body as sent, what it says, and its idempotency key.
    public struct Submission: Sendable {
        public let body: JSONValue
        public let input: InventoryEventInput
        public let idempotencyKey: String

        public init(body: JSONValue, input: InventoryEventInput, idempotencyKey: String) {
            self.body = body
            self.input = input
            self.idempotencyKey = idempotencyKey
        }
    }

    /// Makes events durable in the inbox and returns their outcomes in order. A single
    /// event keeps the request's trace; each event of a batch gets its own.
    public func accept(_ submissions: [Submission], client: String, trace: TraceContext?) async throws -> [AppendOutcome] {
        let now = WallClock.nowMilliseconds()
        let events = submissions.map { submission in
            let eventTrace = trace ?? TraceContext.random()
            let payload = Self.withoutKey(submission.body)
            return NewEvent(id: Identifiers.event(), client: client, idempotencyKey: submission.idempotencyKey,
                            requestHash: Self.hash(payload), correlationID: eventTrace.correlationID,
                            traceparent: eventTrace.traceparent, type: submission.input.type, source: submission.input.source,
                            payload: payload.serialized(), receivedAt: now)
        }
        let outcomes = try await committer.append(events)
        var counts = (accepted: 0, duplicate: 0, keyConflict: 0)
        for outcome in outcomes {
            switch outcome {
            case .accepted: counts.accepted += 1
            case .duplicate: counts.duplicate += 1
            case .keyConflict: counts.keyConflict += 1
            }
        }
        metrics.eventsOffered(accepted: counts.accepted, duplicate: counts.duplicate, keyConflict: counts.keyConflict)
        activity.accepted(counts.accepted)
        return outcomes
    }

    /// The body without its batch `idempotencyKey`: the key says which request this is,
    /// not what it asks, so it does not take part in the "same body" comparison.
    static func withoutKey(_ body: JSONValue) -> JSONValue {
        guard case .object(let members) = body else { return body }
        return .object(members.filter { $0.0 != "idempotencyKey" })
    }

    /// SHA-256 of the body with members sorted, so key order and spacing do not matter.
    static func hash(_ body: JSONValue) -> String {
        Hex.encode(SHA256.hash(data: Array(sorted(body).serialized().utf8)))
    }

    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): return .object(members.sorted { $0.0 < $1.0 }.map { ($0.0, sorted($0.1)) })
        case .array(let values): return .array(values.map(sorted))
        default: return value
        }
    }
}
