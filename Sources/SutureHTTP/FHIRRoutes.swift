import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SutureEngine
import SutureFHIR
import SutureModel
import SutureStore

/// The FHIR R5 edge (docs/fhir.md): `/fhir/r5`, `application/fhir+json`; writes need the
/// scope `events:write`, reads `events:read`. Every error is an OperationOutcome naming the
/// element at fault (`CorrelationMiddleware` renders problems of `/fhir/` paths that way).
enum FHIRRoutes {
    static let base = "/fhir/r5"

    /// What each resource type supports here, for the routes and the CapabilityStatement.
    static let resources: [CapabilityStatement.Resource] = [
        .init(type: "SupplyDelivery", interactions: ["create", "read"],
              documentation: "A completed delivery is a receipt: one event per supplied item (a GTIN coding or an InventoryItem reference) at its destination Location."),
        .init(type: "SupplyRequest", interactions: ["create", "read", "search-type"],
              searchParameters: [("status", "token", "The request's status: draft (proposed), active (approved), completed (ordered), cancelled (rejected).")],
              documentation: "A request becomes a requisition in the approval queue; Suture's requisitions read as SupplyRequests."),
        .init(type: "InventoryReport", interactions: ["create", "read", "search-type"],
              searchParameters: [("location", "reference", "The location whose stock is reported, as a snapshot.")],
              documentation: "An active report sets on hand (snapshot) or adjusts it (difference) per location and item."),
        .init(type: "InventoryItem", interactions: ["read", "search-type"],
              searchParameters: [("code", "token", "The item id or a GTIN, as <system>|<code> or a bare code.")],
              documentation: "The item master: the canonical id, its GTINs as identifiers, its units."),
    ]

    /// `secure`: the hub serves HTTPS (`http.tls`), so the Bundles' `fullUrl`s say `https`.
    static func routes(pipeline: Pipeline, secure: Bool) -> [APIRoute] {
        let edge = FHIREdge(store: pipeline.store, intake: pipeline.intake, replenisher: pipeline.replenishment.replenisher)
        return [
            APIRoute(.get, "\(base)/metadata", scope: "events:read") { request, _ in
                try negotiate(request)
                return respond(.ok, CapabilityStatement.json(software: "Suture", version: "1", date: FHIR.instant(WallClock.nowMilliseconds()),
                                                              resources: resources))
            },
            APIRoute(.post, "\(base)/{type}", scope: "events:write") { request, context in
                try await create(request, context: context, edge: edge)
            },
            APIRoute(.get, "\(base)/{type}", scope: "events:read") { request, context in
                try await search(request, context: context, edge: edge, secure: secure)
            },
            APIRoute(.get, "\(base)/{type}/{id}", scope: "events:read") { request, context in
                try await read(request, context: context, edge: edge)
            },
        ]
    }

    // MARK: Interactions

    /// `POST /fhir/r5/{type}`: the body is read before anything else is awaited (docs/architecture.md, "Compiler").
    static func create(_ request: Request, context: SutureRequestContext, edge: FHIREdge) async throws -> Response {
        try negotiate(request)
        let type = try context.pathParameter("type")
        let ifNoneExist = request.headers[HTTPField.Name("If-None-Exist")!]
        try knownType(type, creatable: true)
        let body = try await JSONBody.parseValue(request, context: context)
        let client = context.client?.name ?? ""
        let stored: FHIREdge.Stored
        do {
            switch type {
            case "SupplyDelivery": stored = try await edge.deliver(try SupplyDelivery.read(body), ifNoneExist: ifNoneExist, client: client, trace: context.trace)
            case "InventoryReport": stored = try await edge.count(try InventoryReport.read(body), ifNoneExist: ifNoneExist, client: client, trace: context.trace)
            default: stored = try await edge.request(try SupplyRequest.read(body), ifNoneExist: ifNoneExist, client: client, trace: context.trace)
            }
        } catch let failure as FHIREdge.Failure {
            throw problem(failure)
        }
        var headers = HTTPFields()
        headers[.location] = "\(base)/\(stored.type)/\(stored.id)"
        return respond(stored.created ? .created : .ok, stored.resource, headers: headers)
    }

    /// `GET /fhir/r5/{type}?...`: a searchset Bundle, paged by `_count` and `_offset`.
    static func search(_ request: Request, context: SutureRequestContext, edge: FHIREdge, secure: Bool) async throws -> Response {
        try negotiate(request)
        let type = try context.pathParameter("type")
        try knownType(type, creatable: false)
        let parameters = request.uri.queryParameters
        let root = baseURL(request, secure: secure)
        let count = try integer(parameters.get("_count"), name: "_count", in: 1...500) ?? 100
        let offset = try integer(parameters.get("_offset"), name: "_offset", in: 0...1_000_000) ?? 0
        var query: [(String, String)] = []
        let matches: [JSONValue]
        switch type {
        case "InventoryItem":
            guard let code = parameters.get("code"), !code.isEmpty else {
                throw Problem(.missingField, "code: is required: the item id or a GTIN (<system>|<code> or a bare code)", extensions: [("field", .string("code"))])
            }
            query.append(("code", code))
            matches = try await edge.inventoryItems(code: code)
        case "InventoryReport":
            guard let location = parameters.get("location"), !location.isEmpty else {
                throw Problem(.missingField, "location: is required: the location id (or Location/<id>)", extensions: [("field", .string("location"))])
            }
            query.append(("location", location))
            let id = FHIRID.decode(location.hasPrefix("Location/") ? String(location.dropFirst("Location/".count)) : location)
            matches = try await edge.inventoryReport(location: id).map { [$0] } ?? []
        case "SupplyRequest":
            let status = try parameters.get("status").map { text in
                guard let status = SupplyRequest.Status(rawValue: text) else {
                    throw Problem(.invalidField, "status: '\(text)' is none of \(SupplyRequest.Status.allCases.map(\.rawValue).joined(separator: ", "))",
                                  extensions: [("field", .string("status"))])
                }
                return status
            }
            if let status { query.append(("status", status.rawValue)) }
            matches = try await edge.supplyRequests(status: status)
        default:
            throw Problem(.notFound, "\(type) cannot be searched here; read one by id: \(base)/\(type)/<id>")
        }
        let page = Array(matches.dropFirst(offset).prefix(count))
        func url(offset: Int) -> String {
            let items = query + [("_count", String(count)), ("_offset", String(offset))]
            return "\(base)/\(type)?" + items.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
        }
        let next = offset + count < matches.count ? url(offset: offset + count) : nil
        let entries = page.map { resource in (fullURL: "\(root)\(base)/\(type)/\(resource["id"]?.stringValue ?? "")", resource: resource) }
        return respond(.ok, SearchBundle.json(total: matches.count, selfURL: url(offset: offset), nextURL: next, entries: entries,
                                              at: WallClock.nowMilliseconds()))
    }

    /// `GET /fhir/r5/{type}/{id}`.
    static func read(_ request: Request, context: SutureRequestContext, edge: FHIREdge) async throws -> Response {
        try negotiate(request)
        let type = try context.pathParameter("type")
        let id = try context.pathParameter("id")
        try knownType(type, creatable: false)
        // Suture's own id, as FHIRID wrote it.
        let suture = FHIRID.decode(id)
        let resource: JSONValue?
        switch type {
        case "InventoryItem": resource = try await edge.inventoryItem(id: suture)
        case "SupplyRequest": resource = try await edge.supplyRequest(id: suture)
        case "InventoryReport" where suture.hasPrefix("stock-"): resource = try await edge.inventoryReport(location: String(suture.dropFirst("stock-".count)))
        default: resource = try await edge.stored(type: type, id: id)
        }
        guard let resource else { throw Problem(.notFound, "no \(type)/\(id)") }
        return respond(.ok, resource)
    }

    // MARK: Helpers

    static func knownType(_ type: String, creatable: Bool) throws {
        guard let resource = resources.first(where: { $0.type == type }) else {
            throw Problem(.notFound, "Suture serves no resource type '\(type)' under \(base); it serves "
                          + resources.map(\.type).joined(separator: ", ") + " (see \(base)/metadata)")
        }
        if creatable && !resource.interactions.contains("create") {
            throw Problem(.methodNotAllowed, "\(type) cannot be created here: the item master is kept through /v1/items",
                          headers: [.allow: "GET"])
        }
    }

    /// Refuses a `_format` other than `json`, `application/fhir+json` or `application/json`, and
    /// an `Accept` that admits no JSON (FHIR's XML or Turtle).
    static func negotiate(_ request: Request) throws {
        if let format = request.uri.queryParameters.get("_format") {
            guard ["json", "application/fhir+json", "application/json"].contains(format.lowercased()) else {
                throw Problem(.notAcceptable, "_format: Suture's FHIR edge speaks JSON only (json, \(FHIR.mediaType)), not '\(format)'")
            }
        }
        guard let accept = request.headers[.accept]?.lowercased() else { return }
        let acceptable = accept.split(separator: ",", omittingEmptySubsequences: false).contains { part in
            let type = (part.split(separator: ";", omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespaces)
            return type.isEmpty || type == "*/*" || type == "application/*" || type.hasSuffix("/json") || type.hasSuffix("+json")
        }
        guard acceptable else { throw Problem(.notAcceptable, "Suture's FHIR edge speaks JSON only (\(FHIR.mediaType)), not \(accept)") }
    }

    static func integer(_ text: String?, name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw Problem(.invalidField, "\(name): must be a whole number from \(range.lowerBound) to \(range.upperBound)", extensions: [("field", .string(name))])
        }
        return number
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// `http(s)://<host>` from the request's Host header, for absolute `fullUrl`s; empty without one.
    static func baseURL(_ request: Request, secure: Bool) -> String {
        guard let host = request.head.authority, !host.isEmpty,
              host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-[]".contains($0) }) else { return "" }
        return "\(secure ? "https" : "http")://\(host)"
    }

    static func problem(_ failure: FHIREdge.Failure) -> Problem {
        switch failure {
        case .unprocessable(let expression, let message):
            Problem(.invalidReference, "\(expression): \(message)", extensions: [("field", .string(expression))])
        case .conflict(let message):
            Problem(.conflict, message)
        }
    }

    static func respond(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = FHIR.mediaType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    /// The OperationOutcome a problem becomes on a `/fhir/` path.
    static func outcome(_ problem: Problem) -> OperationOutcome {
        let code: OperationOutcome.IssueType = switch problem.kind {
        case .missingField: .required
        case .invalidField, .invalidCheckDigit: .value
        case .unknownField, .malformedJSON: .structure
        case .inconsistentFields: .invariant
        case .unsupportedMediaType, .methodNotAllowed, .notAcceptable: .notSupported
        case .unauthorized: .login
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .payloadTooLarge: .tooLong
        case .invalidReference, .invalidImport: .businessRule
        case .rateLimited: .throttled
        case .storeUnavailable: .transient
        case .internalError: .exception
        }
        var expression: [String] = []
        for (key, value) in problem.extensions {
            if key == "field", let field = value.stringValue, !field.isEmpty { expression.append(field) }
            if key == "fields", let fields = value.arrayValue { expression += fields.compactMap(\.stringValue) }
        }
        return OperationOutcome([.init(code: code, diagnostics: problem.detail, expression: expression)])
    }
}
