/// Whether an arrived request is served.
enum ERPAdmission: Equatable, Sendable {
    case throttled(retryAfterSeconds: Int)
    case unavailable(retryAfterSeconds: Int?)
    case admitted(ERPBusinessRules)
}
