/// What the delivery worker does after an attempt, as ``DeliveryRetryPolicy`` decides.
public enum DeliveryAction: Sendable, Hashable {
    /// Done: mark the delivery delivered (timeline stage `delivered`).
    case delivered(status: Int)
    /// Try again with the same idempotency key and body after `after`; `nextAttempt`
    /// is the 1-based number the next attempt will carry.
    case retry(after: Duration, nextAttempt: Int, failure: TransientFailure)
    /// The destination refused the document for good: nothing was posted, so the
    /// delivery stops and a `rejected-by-destination` exception is opened.
    case rejected(status: Int)
    /// Every allowed attempt failed transiently: the delivery goes to the dead letters
    /// and a `delivery-exhausted` exception is opened.
    case exhausted(attempts: Int, lastFailure: TransientFailure)
}
