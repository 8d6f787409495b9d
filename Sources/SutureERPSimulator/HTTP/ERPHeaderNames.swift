import HTTPTypes

extension HTTPField.Name {
    /// The key that makes a delivery's retries one posting.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// W3C trace context of the delivery.
    static let traceparent = HTTPField.Name("traceparent")!
}
