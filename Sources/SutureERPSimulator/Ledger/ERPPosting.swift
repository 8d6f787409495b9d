public import Foundation
public import SutureModel

/// One document the simulated ERP posted: what arrived, under which keys, and when.
public struct ERPPosting: Sendable, Equatable {
    /// 1, 2, 3... in posting order.
    public let sequence: Int
    /// The id the ERP answered with (`GR-000001` for the first receipt posted, and so on).
    public let documentID: String
    public let kind: ERPPostingKind
    public let businessKey: ERPBusinessKey
    public let idempotencyKey: String
    public let method: String
    public let path: String
    /// The body exactly as received (member order and number text kept).
    public let body: JSONValue
    /// The request's `traceparent` header as sent, nil if it had none.
    public let traceparent: String?
    public let postedAt: Date
    /// How often the same key and body came again after this posting; each was answered
    /// 200 and posted nothing.
    public internal(set) var replays: Int

    /// The posting as `GET /_sim/ledger` shows it.
    public var json: JSONValue {
        .object([
            ("sequence", .integer(sequence)),
            ("id", .string(documentID)),
            ("kind", .string(kind.rawValue)),
            ("businessKey", .string(businessKey.description)),
            ("idempotencyKey", .string(idempotencyKey)),
            ("method", .string(method)),
            ("path", .string(path)),
            ("traceparent", .optional(traceparent)),
            ("postedAt", .string(ERPTimestamp.format(postedAt))),
            ("replays", .integer(replays)),
            ("body", body),
        ])
    }

    /// What the ERP answers for it, first time (201) and on every replay (200).
    var answer: JSONValue {
        .object([("id", .string(documentID)), ("status", .string("posted"))])
    }
}
