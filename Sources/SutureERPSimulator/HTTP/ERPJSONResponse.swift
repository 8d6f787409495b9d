import HTTPTypes
import Hummingbird
import NIOCore
import SutureModel

/// JSON answers built from `JSONValue`, keeping member order.
enum ERPJSONResponse {
    static func make(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    /// The profile's error body `{"code","message"}`, with `Retry-After` when the rejection has one.
    static func make(_ rejection: ERPRejection) -> Response {
        var headers: HTTPFields = [:]
        if let seconds = rejection.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        if rejection.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return make(rejection.status, .object([("code", .string(rejection.code)), ("message", .string(rejection.message))]),
                    headers: headers)
    }
}
