import HTTPTypes

/// An answer that refuses a request, with the ERP profile's error body
/// `{"code","message"}`: what a handler throws when it stops early.
struct ERPRejection: Error, Sendable, Equatable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    /// Sent as `Retry-After` (429 and 503).
    var retryAfterSeconds: Int?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// A body that does not follow the profile: 400 `INVALID_REQUEST`.
    static func invalid(_ message: String) -> ERPRejection {
        ERPRejection(.badRequest, "INVALID_REQUEST", message)
    }

    /// Which ledger counter this answer adds to.
    var outcome: ERPRequestOutcome {
        switch status.code {
        case 429: .throttled
        case 500...: .failed
        default: .rejected
        }
    }
}
