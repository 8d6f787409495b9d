/// What the simulator does with a request as it arrives.
enum ERPArrival: Equatable, Sendable {
    /// Down, closing connections: close this one without an answer.
    case drop
    /// Down, answering 503.
    case unavailable(retryAfterSeconds: Int?)
    /// Up: wait this long, then see whether the request is admitted.
    case proceed(latency: Duration)
}
