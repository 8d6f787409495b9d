import Foundation
import HTTPTypes
import Hummingbird
import SutureConfig
import SutureEngine
import SutureModel
import SutureStore

/// Governance (docs/governance.md): the audit log and the clients' life, scope `admin`.
enum GovernanceRoutes {
    static func routes(store: any Store, clients: ClientAdministration, retention: RetentionSettings) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/admin/retention", scope: "admin") { _, _ in
                let last = try await store.lastRetentionRun()
                let policy = JSONValue.object([("every", .string(ConfigDuration.describe(retention.every)))]
                    + RetentionKind.allCases.map { ($0.rawValue, .string(ConfigDuration.describe(retention.period($0.rawValue) ?? .zero))) }
                    + [("batchSize", .integer(retention.batchSize))])
                return JSONResponse.make(.ok, .object([("policy", policy), ("lastRun", last?.json ?? .null),
                                                       ("storeBytes", .number(String(try await store.storeSize())))]))
            },
            APIRoute(.get, "/v1/audit", scope: "admin") { request, _ in
                let parameters = request.uri.queryParameters
                let (limit, before) = try DeliveryRoutes.paging(parameters)
                var query = AuditQuery(limit: limit)
                query.before = before
                query.actor = parameters.get("actor").map { String($0) }
                query.action = parameters.get("action").map { String($0) }
                query.target = parameters.get("target").map { String($0) }
                if let text = parameters.get("since") {
                    guard let date = try? InventoryEventJSON.parseTimestamp(String(text)) else {
                        throw Problem(.invalidField, "since: '\(text)' is not an RFC 3339 time such as 2026-05-18T10:15:00Z")
                    }
                    query.since = WallClock.milliseconds(date)
                }
                let entries = try await store.auditEntries(query)
                let next: JSONValue = entries.count == limit ? entries.last.map { .string(String($0.seq)) } ?? .null : .null
                return JSONResponse.make(.ok, .object([("items", .array(entries.map(json))), ("next", next)]))
            },
            APIRoute(.get, "/v1/admin/clients", scope: "admin") { _, _ in
                let listings = try await clients.list()
                return JSONResponse.make(.ok, .object([("items", .array(listings.map(json)))]))
            },
            APIRoute(.post, "/v1/admin/clients", scope: "admin") { request, context in
                let (name, scopes, rateLimit) = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    (try body.text("name"), try scopeList(&body), try quota(&body))
                }
                let token = try await clients.add(name: name, scopes: scopes, rateLimit: rateLimit, actor: context.actor)
                guard let created = try await clients.list().first(where: { $0.record.name == name }) else {
                    throw Problem(.notFound, "no client named '\(name)'")
                }
                return JSONResponse.make(.created, json(created).adding("token", .string(token)))
            },
            APIRoute(.patch, "/v1/admin/clients/{name}", scope: "admin") { request, context in
                let name = try context.pathParameter("name")
                let (scopes, rateLimit) = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    (try scopeList(&body), try quota(&body))
                }
                let record = try await clients.update(name: name, scopes: scopes, rateLimit: rateLimit, actor: context.actor)
                return JSONResponse.make(.ok, json(ClientAdministration.Listing(record: record, source: "store")))
            },
            APIRoute(.delete, "/v1/admin/clients/{name}", scope: "admin") { _, context in
                try await clients.revoke(name: try context.pathParameter("name"), actor: context.actor)
                return Response(status: .noContent)
            },
            APIRoute(.post, "/v1/admin/clients/{name}/rotate", scope: "admin") { request, context in
                let name = try context.pathParameter("name")
                let grace = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    try body.optional("grace") { text -> Duration in
                        if let duration = text == "0" ? .zero : ConfigDuration.parse(text) { return duration }
                        // A number too large for a duration is simply longer than the longest grace.
                        if text.range(of: #"^[0-9]+(\.[0-9]+)?(ms|s|m|h|d)$"#, options: .regularExpression) != nil {
                            return ClientAdministration.longestGrace
                        }
                        throw ClientAdministrationError.invalid("'\(text)' is not a duration such as 30m or 24h")
                    }
                } ?? .seconds(86_400)
                let rotated = try await clients.rotate(name: name, grace: grace, actor: context.actor)
                return JSONResponse.make(.ok, .object([
                    ("name", .string(name)), ("token", .string(rotated.token)),
                    ("previousValidUntil", .string(WallClock.timestamp(milliseconds: rotated.previousValidUntil))),
                ]))
            },
        ]
    }

    /// `GET /v1/admin/deprecations`: each deprecated operation with its calls per client.
    static func deprecations(_ deprecated: [(operation: String, deprecation: Deprecation)], store: any Store, usage: UsageRecorder) -> APIRoute {
        APIRoute(.get, "/v1/admin/deprecations", scope: "admin") { _, _ in
            // This node's calls since its last flush count too.
            try await usage.flush()
            let calls = try await store.deprecatedCalls()
            let items = deprecated.map { operation, deprecation in
                JSONValue.object([
                    ("operation", .string(operation)),
                    ("deprecatedAt", .string(WallClock.timestamp(milliseconds: deprecation.since * 1000))),
                    ("sunset", .optional(deprecation.sunset.map { WallClock.timestamp(milliseconds: $0 * 1000) })),
                    ("replacement", .string(deprecation.replacement)),
                    ("clients", .array(calls.filter { $0.operation == operation }.map { call in
                        .object([("client", .string(call.client)), ("calls", .integer(call.calls)),
                                 ("lastCall", .string(WallClock.timestamp(milliseconds: call.lastAt)))])
                    })),
                ])
            }
            return JSONResponse.make(.ok, .object([("items", .array(items))]))
        }
    }

    static func json(_ entry: AuditEntry) -> JSONValue {
        .object([
            ("seq", .number(String(entry.seq))), ("at", .string(WallClock.timestamp(milliseconds: entry.at))),
            ("actor", .string(entry.actor)), ("action", .string(entry.action)), ("target", .string(entry.target)),
            ("details", (try? JSONValue.parse(entry.details)) ?? .string(entry.details)),
            ("prev", .string(entry.prev)), ("hash", .string(entry.hash)),
        ])
    }

    static func json(_ listing: ClientAdministration.Listing) -> JSONValue {
        let record = listing.record
        let now = WallClock.nowMilliseconds()
        return .object([
            ("name", .string(record.name)), ("source", .string(listing.source)),
            ("scopes", .array(record.scopes.map(JSONValue.string))),
            ("created", .optional(record.createdAt)),
            ("lastUsed", .optional(record.lastUsedAt.map(WallClock.timestamp(milliseconds:)))),
            ("revoked", .optional(record.revokedAt.map(WallClock.timestamp(milliseconds:)))),
            ("previousTokenValidUntil", .optional(record.previousValidUntil.flatMap { $0 > now ? WallClock.timestamp(milliseconds: $0) : nil })),
            ("rateLimit", record.rateLimit.map { .object([("perSecond", .integer($0.perSecond)), ("burst", .integer($0.burst))]) } ?? .null),
        ])
    }

    static func scopeList(_ body: inout JSONObjectReader) throws -> [String] {
        guard let values = try body.optionalArray("scopes") else {
            throw body.missing("scopes")
        }
        return try values.map { value in
            guard let scope = value.stringValue else {
                throw JSONFieldError(.invalid, field: "scopes", message: "must be an array of scope names")
            }
            return scope
        }
    }

    static func quota(_ body: inout JSONObjectReader) throws -> ClientRecord.RateLimit? {
        guard let value = body.value("rateLimit"), !value.isNull else { return nil }
        var reader = try JSONObjectReader(value, path: "rateLimit")
        let perSecond = try reader.optionalInteger("perSecond", in: 1...1_000_000)
        let burst = try reader.optionalInteger("burst", in: 1...1_000_000)
        try reader.rejectUnknownFields()
        guard let perSecond else { throw reader.missing("perSecond") }
        return ClientRecord.RateLimit(perSecond: perSecond, burst: burst ?? perSecond)
    }
}

extension JSONValue {
    /// The object with one more member at the end.
    func adding(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members + [(key, value)])
    }
}
