public import SutureModel

/// `OperationOutcome` (R5): how the FHIR edge answers an error (docs/fhir.md), one issue
/// naming the element at fault by its FHIRPath in `expression`.
public struct OperationOutcome: Sendable, Equatable {
    /// The required binding `issue-type` (the codes Suture uses).
    public enum IssueType: String, Sendable, CaseIterable {
        case invalid, structure, required, value, invariant, security, login, forbidden, processing
        case notSupported = "not-supported"
        case duplicate
        case notFound = "not-found"
        case tooLong = "too-long"
        case businessRule = "business-rule"
        case conflict, transient, throttled, exception, informational
    }

    public enum Severity: String, Sendable, CaseIterable {
        case fatal, error, warning, information
    }

    public struct Issue: Sendable, Equatable {
        public var severity: Severity
        public var code: IssueType
        public var diagnostics: String
        public var expression: [String]

        public init(severity: Severity = .error, code: IssueType, diagnostics: String, expression: [String] = []) {
            self.severity = severity
            self.code = code
            self.diagnostics = diagnostics
            self.expression = expression
        }
    }

    public var issues: [Issue]

    public init(_ issues: [Issue]) { self.issues = issues }

    public var json: JSONValue {
        .object([
            ("resourceType", .string("OperationOutcome")),
            ("issue", .array(issues.map { issue in
                var members: [(String, JSONValue)] = [("severity", .string(issue.severity.rawValue)), ("code", .string(issue.code.rawValue)),
                                                      ("diagnostics", .string(issue.diagnostics))]
                if !issue.expression.isEmpty { members.append(("expression", .array(issue.expression.map(JSONValue.string)))) }
                return .object(members)
            })),
        ])
    }
}

/// `CapabilityStatement` (R5) of Suture's FHIR edge: what `GET /fhir/r5/metadata` answers.
public enum CapabilityStatement {
    public struct Resource: Sendable {
        public var type: String
        public var interactions: [String]
        public var searchParameters: [(name: String, type: String, documentation: String)]
        public var documentation: String

        public init(type: String, interactions: [String], searchParameters: [(name: String, type: String, documentation: String)] = [],
                    documentation: String) {
            self.type = type
            self.interactions = interactions
            self.searchParameters = searchParameters
            self.documentation = documentation
        }
    }

    public static func json(software: String, version: String, date: String, resources: [Resource]) -> JSONValue {
        .object([
            ("resourceType", .string("CapabilityStatement")),
            ("status", .string("active")),
            ("date", .string(date)),
            ("kind", .string("instance")),
            ("software", .object([("name", .string(software)), ("version", .string(version))])),
            ("implementation", .object([("description", .string("Suture's FHIR R5 edge for supplies: deliveries, requests, counts and the item master"))])),
            ("fhirVersion", .string(FHIR.version)),
            ("format", .array([.string(FHIR.mediaType), .string("json")])),
            ("rest", .array([.object([
                ("mode", .string("server")),
                ("security", .object([("description", .string("Authorization: Bearer <token>; writes need the scope events:write, reads events:read"))])),
                ("resource", .array(resources.map { resource in
                    var members: [(String, JSONValue)] = [
                        ("type", .string(resource.type)),
                        ("documentation", .string(resource.documentation)),
                        ("interaction", .array(resource.interactions.map { .object([("code", .string($0))]) })),
                    ]
                    if resource.interactions.contains("create") { members.append(("conditionalCreate", .bool(true))) }
                    if !resource.searchParameters.isEmpty {
                        members.append(("searchParam", .array(resource.searchParameters.map { parameter in
                            .object([("name", .string(parameter.name)), ("type", .string(parameter.type)),
                                     ("documentation", .string(parameter.documentation))])
                        })))
                    }
                    return .object(members)
                })),
            ])])),
        ])
    }
}

/// A `searchset` `Bundle` (R5) of search results, with its paging links.
public enum SearchBundle {
    public static func json(total: Int, selfURL: String, nextURL: String?, entries: [(fullURL: String, resource: JSONValue)], at: Int64) -> JSONValue {
        var links: [JSONValue] = [.object([("relation", .string("self")), ("url", .string(selfURL))])]
        if let nextURL { links.append(.object([("relation", .string("next")), ("url", .string(nextURL))])) }
        var members: [(String, JSONValue)] = [
            ("resourceType", .string("Bundle")),
            ("meta", .object([("lastUpdated", .string(FHIR.instant(at)))])),
            ("type", .string("searchset")),
            ("total", .integer(total)),
            ("link", .array(links)),
        ]
        if !entries.isEmpty {
            members.append(("entry", .array(entries.map { entry in
                .object([("fullUrl", .string(entry.fullURL)), ("resource", entry.resource), ("search", .object([("mode", .string("match"))]))])
            })))
        }
        return .object(members)
    }
}
