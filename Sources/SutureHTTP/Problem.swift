public import HTTPTypes
public import SutureModel
import SutureProcurement
import SutureDelivery

/// An RFC 9457 problem: the one shape every error of the HTTP API takes.
///
/// `kind` gives the stable `type` URI; `detail` says what to fix, naming the field.
public struct Problem: Error, Sendable {
    public var kind: ProblemKind
    public var detail: String
    /// Extra members (for example `errors`, the fields at fault).
    public var extensions: [(String, JSONValue)]
    /// Extra response headers, such as `Retry-After` on 429.
    public var headers: HTTPFields

    public init(_ kind: ProblemKind, _ detail: String, extensions: [(String, JSONValue)] = [], headers: HTTPFields = [:]) {
        self.kind = kind
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    public var status: HTTPResponse.Status { kind.status }

    /// The problem+json body.
    public func json(correlationID: CorrelationID?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", .string(kind.typeURI)),
            ("title", .string(kind.title)),
            ("status", .integer(kind.status.code)),
            ("detail", .string(detail)),
        ]
        if let correlationID { members.append(("correlationId", .string(correlationID.rawValue))) }
        members += extensions
        return .object(members)
    }
}

/// The catalogue of problem types; each `type` URI is stable and documented in docs/api.md.
public enum ProblemKind: String, Sendable, CaseIterable {
    case malformedJSON = "malformed-json"
    case unknownField = "unknown-field"
    case missingField = "missing-field"
    case invalidField = "invalid-field"
    case invalidCheckDigit = "invalid-check-digit"
    /// Well-formed fields that disagree with each other (a line number used twice, a body id
    /// other than the path's): what the OpenAPI document's schemas cannot say.
    case inconsistentFields = "inconsistent-fields"
    /// Rows of an import were refused and, without `partial`, nothing was stored; the
    /// problem lists every row's error.
    case invalidImport = "invalid-import"
    case unsupportedMediaType = "unsupported-media-type"
    /// The request's `Accept` (or FHIR's `_format`) asks for a format Suture does not write.
    case notAcceptable = "not-acceptable"
    case unauthorized = "unauthorized"
    case forbidden = "forbidden"
    case notFound = "not-found"
    case methodNotAllowed = "method-not-allowed"
    case conflict = "conflict"
    case payloadTooLarge = "payload-too-large"
    case invalidReference = "invalid-reference"
    case rateLimited = "rate-limited"
    case storeUnavailable = "store-unavailable"
    case internalError = "internal-error"

    public static let typePrefix = "urn:suture:problem:"

    public var typeURI: String { Self.typePrefix + rawValue }

    public var status: HTTPResponse.Status {
        switch self {
        case .malformedJSON, .unknownField, .missingField, .invalidField, .invalidCheckDigit: return .badRequest
        case .unsupportedMediaType: return .unsupportedMediaType
        case .notAcceptable: return .notAcceptable
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .conflict: return .conflict
        case .payloadTooLarge: return .contentTooLarge
        case .invalidReference, .inconsistentFields, .invalidImport: return .unprocessableContent
        case .rateLimited: return .tooManyRequests
        case .storeUnavailable: return .serviceUnavailable
        case .internalError: return .internalServerError
        }
    }

    public var title: String {
        switch self {
        case .malformedJSON: return "The body is not valid JSON"
        case .unknownField: return "The body has a field this endpoint does not know"
        case .missingField: return "A required field is missing"
        case .invalidField: return "A field has an invalid value"
        case .invalidCheckDigit: return "A GS1 identifier has a wrong check digit"
        case .inconsistentFields: return "Fields of the request disagree with each other"
        case .invalidImport: return "Rows of the import were refused; nothing was stored"
        case .unsupportedMediaType: return "The body's content type is not accepted here"
        case .notAcceptable: return "The response cannot be written in the format asked for"
        case .unauthorized: return "A valid bearer token is required"
        case .forbidden: return "The token lacks the scope this request needs"
        case .notFound: return "No such resource"
        case .methodNotAllowed: return "The method is not allowed on this resource"
        case .conflict: return "The request conflicts with stored data"
        case .payloadTooLarge: return "The body is larger than the server accepts"
        case .invalidReference: return "The request refers to something that does not exist or cannot be used"
        case .rateLimited: return "Too many requests"
        case .storeUnavailable: return "The store is unavailable"
        case .internalError: return "Internal error"
        }
    }
}
