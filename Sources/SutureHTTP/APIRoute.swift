import Foundation
public import HTTPTypes
public import Hummingbird
import SutureProcurement
import SutureDelivery
import SutureModel

/// One endpoint of the API: method, path (in OpenAPI form, `/v1/items/{id}`), the scope
/// it needs, and its handler.
///
/// Every route is registered from a list of these, so the list is the truth about what
/// the server answers: authentication is applied in one place, and a test compares the
/// list with /openapi.yaml.
public struct APIRoute: Sendable {
    public typealias Handler = @Sendable (Request, SutureRequestContext) async throws -> Response

    public let method: HTTPRequest.Method
    public let path: String
    /// The scope a client needs; nil for open endpoints (health, the OpenAPI document).
    public let scope: String?

    /// Set when the operation is deprecated: still served, announced on every answer.
    public let deprecation: Deprecation?

    /// The scope of routes any client that reads something may call (the dashboard).
    public static let anyRead = "any:read"
    let handler: Handler

    init(_ method: HTTPRequest.Method, _ path: String, scope: String?, deprecated deprecation: Deprecation? = nil, _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.scope = scope
        self.deprecation = deprecation
        self.handler = handler
    }

    /// `GET /v1/items/{id}`: how the OpenAPI document and the deprecation counts name it.
    public var operation: String { "\(method) \(path)" }

    /// The path in Hummingbird's syntax (`/v1/items/:id`).
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }
}

/// Which methods each path of the API accepts, for a 405 with `Allow` when a request
/// names a path that exists with a method it does not take.
struct RouteTable: Sendable {
    private let routes: [(method: HTTPRequest.Method, segments: [Substring])]

    init(_ routes: [APIRoute]) {
        self.routes = routes.map { ($0.method, $0.path.split(separator: "/", omittingEmptySubsequences: false)) }
    }

    /// The methods routes of `path` accept, in registration order; empty when no route has the path.
    /// As the router does, a path a route spells out (`/fhir/r5/metadata`) is that route's, not a
    /// parameter's (`/fhir/r5/{type}`): only the routes with the most literal segments count.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var matching: [(method: HTTPRequest.Method, literals: Int)] = []
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { template, segment in
                Self.isParameter(template) ? !segment.isEmpty : template == segment
            }
            if matches { matching.append((route.method, route.segments.filter { !Self.isParameter($0) }.count)) }
        }
        let most = matching.map(\.literals).max()
        var methods: [HTTPRequest.Method] = []
        for match in matching where match.literals == most && !methods.contains(match.method) { methods.append(match.method) }
        return methods
    }

    static func isParameter(_ segment: Substring) -> Bool { segment.hasPrefix("{") && segment.hasSuffix("}") }
}

extension Router where Context == SutureRequestContext {
    /// Registers routes, wrapping each that needs a scope in authentication and authorization.
    func register(_ routes: [APIRoute], authenticator: Authenticator, rateLimiter: ClientRateLimiter) {
        for route in routes {
            let handler = route.handler
            guard let scope = route.scope else {
                on(RouterPath(route.routerPath), method: route.method) { request, context in try await handler(request, context) }
                continue
            }
            let operation = route.operation
            let deprecation = route.deprecation
            on(RouterPath(route.routerPath), method: route.method) { request, context in
                var context = context
                let client = try await authenticator.authenticate(request)
                guard client.allows(scope) else {
                    throw Problem(.forbidden, "client '\(client.name)' needs the scope \(scope) for \(route.method) \(route.path)")
                }
                try await rateLimiter.admit(client)
                context.client = client
                guard let deprecation else { return try await handler(request, context) }
                authenticator.usage.deprecatedCall(operation, client: client.name, at: WallClock.nowMilliseconds())
                var response = try await handler(request, context)
                deprecation.announce(in: &response.headers)
                return response
            }
        }
    }
}

extension SutureRequestContext {
    /// A path parameter, percent-decoded; 400 if missing.
    func pathParameter(_ name: String) throws -> String {
        guard let raw = parameters.get(name), let value = raw.removingPercentEncoding, !value.isEmpty else {
            throw Problem(.invalidField, "the path parameter \(name) is missing or badly encoded")
        }
        return value
    }
}
