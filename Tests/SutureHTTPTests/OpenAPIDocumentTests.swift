import Foundation
import HTTPTypes
import SutureConfig
import SutureHTTP
import SutureStore
import SutureDelivery
import Testing
import SutureTestSupport
import Yams
import SutureProcurement

@Suite struct OpenAPIDocumentTests {
    /// (METHOD, path) pairs the document describes.
    static func documentedOperations() throws -> Set<String> {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.text) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var operations: Set<String> = []
        for (path, item) in paths {
            let methods = try #require(item as? [String: Any])
            for method in methods.keys where ["get", "put", "post", "delete", "patch"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func documentListsExactlyTheRoutesTheServerRegisters() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let hubValue = try Hub(configuration: SutureConfiguration(), store: hub.store)
            let registered = Set(hubValue.routes.map { "\($0.method.rawValue) \($0.path)" })
            let documented = try Self.documentedOperations()
            #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
        }
    }

    @Test func theDocumentMarksExactlyTheDeprecatedRoutesDeprecated() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let routes = try Hub(configuration: SutureConfiguration(), store: hub.store).routes
            let deprecatedRoutes = Set(routes.filter { $0.deprecation != nil }.map(\.operation))
            let document = try #require(try Yams.load(yaml: OpenAPIDocument.text) as? [String: Any])
            var deprecatedDocumented: Set<String> = []
            for (path, item) in try #require(document["paths"] as? [String: Any]) {
                for (method, operation) in try #require(item as? [String: Any]) {
                    if (operation as? [String: Any])?["deprecated"] as? Bool == true { deprecatedDocumented.insert("\(method.uppercased()) \(path)") }
                }
            }
            #expect(!deprecatedRoutes.isEmpty)
            #expect(deprecatedRoutes == deprecatedDocumented)
        }
    }

    @Test func everyDocumentedOperationIsAnsweredByTheServer() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            for operation in try Self.documentedOperations().sorted() {
                let parts = operation.split(separator: " ", maxSplits: 1)
                // Fill each {parameter} with a plausible value; kind must be a real kind.
                let path = String(parts[1])
                    .replacingOccurrences(of: "{kind}", with: "items")
                    .replacingOccurrences(of: "{system}", with: "erp")
                    .replacingOccurrences(of: "{id}", with: "X1")
                    .replacingOccurrences(of: "{code}", with: "C1")
                    .replacingOccurrences(of: "{number}", with: "N1")
                    .replacingOccurrences(of: "{type}", with: "SupplyRequest")
                    .replacingOccurrences(of: "{correlationId}", with: "0af7651916cd43dd8448eb211c80319c")
                let response = try await hub.request(String(parts[0]), path)
                // A route that was not registered would answer 404 not-found from the router.
                if path.hasPrefix("/v1") || path.hasPrefix("/fhir/") || path == "/metrics" {
                    #expect(response.status == 401, "\(operation) answered \(response.status)")
                } else if path == "/console/session" {
                    // Without a cookie: not logged in; a login without a body; a logout of nobody.
                    let expected = ["GET": 401, "POST": 400, "DELETE": 204][String(parts[0])]
                    #expect(response.status == expected, "\(operation) answered \(response.status)")
                } else {
                    #expect(response.status == 200, "\(operation) answered \(response.status)")
                }
            }
        }
    }

    @Test func servedDocumentIsTheEmbeddedOne() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let response = try await hub.request("GET", "/openapi.yaml")
            #expect(response.status == 200)
            #expect(response.text == OpenAPIDocument.text)
        }
    }

    @Test func documentIsValidOpenAPI31ByAnIndependentValidator() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("suture-openapi-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try OpenAPIDocument.text.write(to: file, atomically: true, encoding: .utf8)
        let result = try await ChildProcess.python(["-c", """
            import sys
            from openapi_spec_validator import validate
            from openapi_spec_validator.readers import read_from_filename
            spec, _ = read_from_filename(sys.argv[1])
            validate(spec)
            print("valid")
            """, file.path])
        let text = result.stdout + result.stderr
        // The validator comes from PyPI (openapi-spec-validator); scripts/test installs it.
        #expect(result.status == 0, "openapi-spec-validator: \(text)")
        #expect(text.contains("valid"))
    }
}
