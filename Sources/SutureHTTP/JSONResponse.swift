import HTTPTypes
import Hummingbird
import NIOCore
import SutureModel
import SutureProcurement
import SutureDelivery

/// Builds JSON responses from `JSONValue`, keeping member order.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }
}
