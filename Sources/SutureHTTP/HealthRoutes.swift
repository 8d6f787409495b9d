import HTTPTypes
import Hummingbird
import NIOCore
import SutureModel
import SutureStore
import SutureDelivery
import SutureProcurement

/// Liveness, readiness and the API description: open endpoints without authentication.
enum HealthRoutes {
    static func routes(store: any Store) -> [APIRoute] {
        [
            APIRoute(.get, "/health/live", scope: nil) { _, _ in
                JSONResponse.make(.ok, .object([("status", .string("ok"))]))
            },
            APIRoute(.get, "/health/ready", scope: nil) { _, _ in
                do {
                    try await store.ping()
                    return JSONResponse.make(.ok, .object([("status", .string("ok"))]))
                } catch {
                    return JSONResponse.make(.serviceUnavailable, .object([
                        ("status", .string("unavailable")), ("detail", .string("the store does not answer: \(error)")),
                    ]))
                }
            },
            APIRoute(.get, "/openapi.yaml", scope: nil) { _, _ in
                Response(status: .ok, headers: [.contentType: "application/yaml"],
                         body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
            },
        ]
    }
}

/// The OpenAPI 3.1 document of the API, compiled into the binary from Resources/openapi.yaml.
public enum OpenAPIDocument {
    public static var bytes: [UInt8] { PackageResources.openapi_yaml }
    public static var text: String { String(decoding: bytes, as: UTF8.self) }
}
