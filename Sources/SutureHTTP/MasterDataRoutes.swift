import Foundation
import HTTPTypes
import Hummingbird
import SutureEngine
import SutureModel
import SutureStore
import SutureDelivery
import SutureProcurement

/// Items, locations, suppliers and crosswalks (docs/api.md, "Endpoints"), scope `masterdata`.
enum MasterDataRoutes {
    /// `maxImportBodyBytes`: the largest item master `POST /v1/items:import` reads
    /// (`http.maxBatchBodyBytes`, as a batch of events).
    /// `replenishment` hears of each par level written (and checks it at once).
    static func routes(masterData: MasterData, systems: [String], maxImportBodyBytes: Int, replenishment: ReplenishmentService) -> [APIRoute] {
        let store = masterData.store
        let drift = MasterDataDrift(masterData: masterData)
        return [
            APIRoute(.post, "/v1/systems/{system}/snapshots/items", scope: "masterdata:write") { request, context in
                let system = try parseID(context, "system") { try SystemName($0) }
                guard systems.contains(system.rawValue) else {
                    throw Problem(.notFound, "no system '\(system)' in the configuration; the systems are \(systems.joined(separator: ", "))")
                }
                let csv: Bool
                switch request.headers[.contentType]?.lowercased() {
                case let type? where type.hasPrefix("text/csv"): csv = true
                case let type? where type.hasPrefix("application/json"): csv = false
                case let type: throw Problem(.unsupportedMediaType, "send the snapshot as application/json or text/csv, not \(type ?? "no content type")")
                }
                var request = request
                let buffer = try await request.collectBody(upTo: max(context.maxUploadSize, maxImportBodyBytes))
                let records: [SystemItemRecord]
                do { records = try SnapshotReader.records(Array(buffer.readableBytesView), csv: csv) } catch let error as ItemImport.RowError {
                    let place = error.row > 0 ? "row \(error.row)\(error.field.isEmpty ? "" : ", \(error.field)"): " : ""
                    throw Problem(error.row == 0 ? .malformedJSON : .invalidField, place + error.message,
                                  extensions: error.field.isEmpty ? [] : [("field", .string(error.field))])
                }
                return JSONResponse.make(.ok, try await drift.compare(system: system, records: records).json)
            },
            APIRoute(.get, "/v1/drift", scope: "masterdata:read") { request, _ in
                guard let text = request.uri.queryParameters.get("system") else {
                    throw Problem(.missingField, "give the system: /v1/drift?system=erp", extensions: [("field", .string("system"))])
                }
                let system: SystemName
                do { system = try SystemName(String(text)) } catch { throw Problem(.invalidField, "system: \(error)") }
                guard let report = try await drift.report(system: system) else {
                    throw Problem(.notFound, "\(system) was never compared: post a snapshot to /v1/systems/\(system)/snapshots/items")
                }
                return JSONResponse.make(.ok, report.json)
            },
            APIRoute(.put, "/v1/items/{id}", scope: "masterdata:write") { request, context in
                let id = try parseID(context, "id") { try ItemID($0) }
                let item = try MasterDataJSON.item(id: id, body: try await JSONBody.parse(request, context: context))
                let outcome = try await masterData.putItem(item, by: author(context))
                return JSONResponse.make(outcome == .created ? .created : .ok, MasterDataJSON.json(item))
            },
            APIRoute(.get, "/v1/items", scope: "masterdata:read") { request, _ in
                let page = try await store.items(try statusQuery(request, ItemStatus.allCases.map(\.rawValue)))
                return JSONResponse.make(.ok, ListPaging.json(page, MasterDataJSON.json))
            },
            APIRoute(.get, "/v1/items/{id}", scope: "masterdata:read") { _, context in
                let id = try parseID(context, "id") { try ItemID($0) }
                guard let item = try await store.item(id) else { throw Problem(.notFound, "no item '\(id)'") }
                return JSONResponse.make(.ok, MasterDataJSON.json(item))
            },
            APIRoute(.post, "/v1/items:import", scope: "masterdata:write") { request, context in
                let format: ItemImport.Format
                switch request.headers[.contentType]?.lowercased() {
                case let type? where type.hasPrefix("text/csv"): format = .csv
                case let type? where type.hasPrefix("application/x-ndjson") || type.hasPrefix("application/jsonl"): format = .ndjson
                case let type: throw Problem(.unsupportedMediaType, "send the item master as text/csv or application/x-ndjson, not \(type ?? "no content type")")
                }
                let parameters = request.uri.queryParameters
                let dryRun = try flag(parameters, "dryRun")
                let partial = try flag(parameters, "partial")
                var request = request
                let buffer = try await request.collectBody(upTo: max(context.maxUploadSize, maxImportBodyBytes))
                var author = author(context)
                author.verb = "import"
                let report = try await ItemImport(masterData: masterData).run(Array(buffer.readableBytesView), format: format, by: author,
                                                                   partial: partial, dryRun: dryRun)
                let summary = importJSON(report)
                guard report.errors.isEmpty || (partial && !report.fileRefused) else {
                    let first = report.errors[0]
                    throw Problem(.invalidImport, "row \(first.row)\(first.field.isEmpty ? "" : ", \(first.field)"): \(first.message)"
                                    + (report.errors.count > 1 ? " (and \(report.errors.count - 1) more rows refused)" : "") + "; nothing was stored",
                                  extensions: summary)
                }
                return JSONResponse.make(.ok, .object(summary))
            },
            APIRoute(.delete, "/v1/items/{id}", scope: "masterdata:write") { _, context in
                let id = try parseID(context, "id") { try ItemID($0) }
                return JSONResponse.make(.ok, MasterDataJSON.json(try await masterData.retireItem(id, by: author(context))))
            },
            APIRoute(.get, "/v1/items/{id}/history", scope: "masterdata:read") { _, context in
                let id = try parseID(context, "id") { try ItemID($0) }
                guard try await store.item(id) != nil else { throw Problem(.notFound, "no item '\(id)'") }
                return JSONResponse.make(.ok, historyJSON(try await store.history(.item, id: id.rawValue)))
            },
            APIRoute(.put, "/v1/locations/{id}", scope: "masterdata:write") { request, context in
                let id = try parseID(context, "id") { try LocationID($0) }
                let location = try MasterDataJSON.location(id: id, body: try await JSONBody.parse(request, context: context))
                let outcome = try await masterData.putLocation(location, by: author(context))
                return JSONResponse.make(outcome == .created ? .created : .ok, MasterDataJSON.json(location))
            },
            APIRoute(.delete, "/v1/locations/{id}", scope: "masterdata:write") { _, context in
                let id = try parseID(context, "id") { try LocationID($0) }
                return JSONResponse.make(.ok, MasterDataJSON.json(try await masterData.retireLocation(id, by: author(context))))
            },
            APIRoute(.get, "/v1/locations", scope: "masterdata:read") { request, _ in
                let page = try await store.locations(try statusQuery(request, RecordStatus.allCases.map(\.rawValue)))
                return JSONResponse.make(.ok, ListPaging.json(page, MasterDataJSON.json))
            },
            APIRoute(.get, "/v1/locations/{id}", scope: "masterdata:read") { _, context in
                let id = try parseID(context, "id") { try LocationID($0) }
                guard let location = try await store.location(id) else { throw Problem(.notFound, "no location '\(id)'") }
                return JSONResponse.make(.ok, MasterDataJSON.json(location))
            },
            APIRoute(.get, "/v1/locations/{id}/history", scope: "masterdata:read") { _, context in
                let id = try parseID(context, "id") { try LocationID($0) }
                guard try await store.location(id) != nil else { throw Problem(.notFound, "no location '\(id)'") }
                return JSONResponse.make(.ok, historyJSON(try await store.history(.location, id: id.rawValue)))
            },
            APIRoute(.put, "/v1/suppliers/{id}", scope: "masterdata:write") { request, context in
                let id = try parseID(context, "id") { try SupplierID($0) }
                let supplier = try MasterDataJSON.supplier(id: id, body: try await JSONBody.parse(request, context: context))
                let outcome = try await masterData.putSupplier(supplier, by: author(context))
                return JSONResponse.make(outcome == .created ? .created : .ok, MasterDataJSON.json(supplier))
            },
            APIRoute(.delete, "/v1/suppliers/{id}", scope: "masterdata:write") { _, context in
                let id = try parseID(context, "id") { try SupplierID($0) }
                return JSONResponse.make(.ok, MasterDataJSON.json(try await masterData.retireSupplier(id, by: author(context))))
            },
            APIRoute(.get, "/v1/suppliers", scope: "masterdata:read") { request, _ in
                let page = try await store.suppliers(try statusQuery(request, RecordStatus.allCases.map(\.rawValue)))
                return JSONResponse.make(.ok, ListPaging.json(page, MasterDataJSON.json))
            },
            APIRoute(.get, "/v1/suppliers/{id}", scope: "masterdata:read") { _, context in
                let id = try parseID(context, "id") { try SupplierID($0) }
                guard let supplier = try await store.supplier(id) else { throw Problem(.notFound, "no supplier '\(id)'") }
                return JSONResponse.make(.ok, MasterDataJSON.json(supplier))
            },
            APIRoute(.get, "/v1/suppliers/{id}/history", scope: "masterdata:read") { _, context in
                let id = try parseID(context, "id") { try SupplierID($0) }
                guard try await store.supplier(id) != nil else { throw Problem(.notFound, "no supplier '\(id)'") }
                return JSONResponse.make(.ok, historyJSON(try await store.history(.supplier, id: id.rawValue)))
            },
            APIRoute(.put, "/v1/locations/{id}/par-levels/{item}", scope: "masterdata:write") { request, context in
                // The body first: the request is not kept across the later awaits (docs/architecture.md, "Compiler").
                let body = try await JSONBody.parseValue(request, context: context)
                let (location, item) = try await parKey(context, store: store)
                let level = try ParLevels.request(location: location.id, item: item.id, body: try JSONObjectReader(body))
                try checkUnits(of: level, item: item)
                if let supplier = level.supplier, try await store.supplier(supplier) == nil {
                    throw Problem(.invalidReference, "supplier: no supplier '\(supplier)'; create it first", extensions: [("field", .string("supplier"))])
                }
                let created = try await ParLevels(store: store).put(level, actor: context.actor)
                replenishment.stockChanged([StockNeed(location: level.location, item: level.item)])
                return JSONResponse.make(created ? .created : .ok, ParLevels.json(level))
            },
            APIRoute(.get, "/v1/locations/{id}/par-levels/{item}", scope: "masterdata:read") { _, context in
                let (location, item) = try await parKey(context, store: store)
                guard let level = try await ParLevels(store: store).parLevel(location: location.id, item: item.id) else {
                    throw Problem(.notFound, "location \(location.id) has no par level for \(item.id)")
                }
                return JSONResponse.make(.ok, ParLevels.json(level))
            },
            APIRoute(.delete, "/v1/locations/{id}/par-levels/{item}", scope: "masterdata:write") { _, context in
                let (location, item) = try await parKey(context, store: store)
                guard try await ParLevels(store: store).delete(location: location.id, item: item.id, actor: context.actor) else {
                    throw Problem(.notFound, "location \(location.id) has no par level for \(item.id)")
                }
                return Response(status: .noContent)
            },
            APIRoute(.put, "/v1/suppliers/{id}/prices/{item}", scope: "masterdata:write") { request, context in
                // The body first: the request is not kept across the later awaits (docs/architecture.md, "Compiler").
                let body = try await JSONBody.parseValue(request, context: context)
                let (supplier, item) = try await priceKey(context, store: store)
                let price = try ContractPrices.request(supplier: supplier.id, item: item.id, body: try JSONObjectReader(body))
                try checkUnit(price.unit, of: item)
                let outcome = try await ContractPrices(store: store).put(price, actor: context.actor)
                return JSONResponse.make(outcome == .created ? .created : .ok, ContractPrices.json(price))
            },
            APIRoute(.get, "/v1/suppliers/{id}/prices/{item}", scope: "masterdata:read") { request, context in
                let (supplier, item) = try await priceKey(context, store: store)
                let day = try priceDay(request)
                let prices = try await ContractPrices(store: store).prices(supplier: supplier.id, item: item.id)
                guard let price = ContractPrice.inForce(prices, on: day) else {
                    throw Problem(.notFound, "supplier \(supplier.id) has no contract price for \(item.id) in force on \(day)"
                                    + (prices.isEmpty ? "" : " (it has \(prices.count) for other days: GET /v1/suppliers/\(supplier.id)/prices)"))
                }
                return JSONResponse.make(.ok, ContractPrices.json(price))
            },
            APIRoute(.get, "/v1/suppliers/{id}/prices", scope: "masterdata:read") { request, context in
                let id = try parseID(context, "id") { try SupplierID($0) }
                guard try await store.supplier(id) != nil else { throw Problem(.notFound, "no supplier '\(id)'") }
                var prices = try await ContractPrices(store: store).prices(supplier: id)
                if request.uri.queryParameters.get("on") != nil {
                    let day = try priceDay(request)
                    prices = Dictionary(grouping: prices, by: \.item).values.compactMap { ContractPrice.inForce($0, on: day) }
                        .sorted { $0.item.rawValue < $1.item.rawValue }
                }
                return JSONResponse.make(.ok, .object([("prices", .array(prices.map(ContractPrices.json)))]))
            },
            APIRoute(.put, "/v1/systems/{system}/crosswalk/{kind}/{code}", scope: "masterdata:write") { request, context in
                let (system, kind, code) = try crosswalkKey(context)
                let (canonical, unit) = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in
                    (try body.text("id"), try body.optional("unit") { try UnitOfMeasure($0) })
                }
                let entry = CrosswalkEntry(system: system, kind: kind, code: code, canonical: canonical, unit: unit)
                let audit = AuditDraft.change(at: WallClock.nowMilliseconds(), actor: context.actor, action: "crosswalk.put",
                                              target: crosswalkTarget(system, kind, code),
                                              from: try await store.crosswalk(system: system, kind: kind, code: code).map(MasterDataJSON.json),
                                              to: MasterDataJSON.json(entry))
                let outcome = try await masterData.putCrosswalk(entry, audit: audit)
                return JSONResponse.make(outcome == .created ? .created : .ok, MasterDataJSON.json(entry))
            },
            APIRoute(.get, "/v1/systems/{system}/crosswalk/{kind}/{code}", scope: "masterdata:read") { _, context in
                let (system, kind, code) = try crosswalkKey(context)
                guard let entry = try await store.crosswalk(system: system, kind: kind, code: code) else {
                    throw Problem(.notFound, "system '\(system)' has no \(kind.rawValue) crosswalk entry for code '\(code)'")
                }
                return JSONResponse.make(.ok, MasterDataJSON.json(entry))
            },
            APIRoute(.delete, "/v1/systems/{system}/crosswalk/{kind}/{code}", scope: "masterdata:write") { _, context in
                let (system, kind, code) = try crosswalkKey(context)
                let old = try await store.crosswalk(system: system, kind: kind, code: code)
                let audit = AuditDraft(at: WallClock.nowMilliseconds(), actor: context.actor, action: "crosswalk.delete",
                                       target: crosswalkTarget(system, kind, code), details: .object([("was", old.map(MasterDataJSON.json) ?? .null)]))
                guard try await store.deleteCrosswalk(system: system, kind: kind, code: code, audit: audit) else {
                    throw Problem(.notFound, "system '\(system)' has no \(kind.rawValue) crosswalk entry for code '\(code)'")
                }
                return Response(status: .noContent)
            },
            // Answers every mapping at once, which an ERP with a hundred thousand item codes
            // outgrows: `GET /v1/crosswalks` pages and searches them (docs/api.md, "Deprecations").
            APIRoute(.get, "/v1/systems/{system}/crosswalk/{kind}", scope: "masterdata:read", deprecated: crosswalkListDeprecation) { _, context in
                let system = try parseID(context, "system") { try SystemName($0) }
                let kind = try crosswalkKind(context)
                let entries = try await store.crosswalks(system: system, kind: kind)
                return JSONResponse.make(.ok, .object([("items", .array(entries.map(MasterDataJSON.json)))]))
            },
            APIRoute(.get, "/v1/crosswalks", scope: "masterdata:read") { request, _ in
                let parameters = request.uri.queryParameters
                guard let systemText = parameters.get("system"), let kindText = parameters.get("kind") else {
                    throw Problem(.missingField, "give system and kind: /v1/crosswalks?system=erp&kind=items",
                                  extensions: [("field", .string(parameters.get("system") == nil ? "system" : "kind"))])
                }
                let system: SystemName
                do { system = try SystemName(String(systemText)) } catch { throw Problem(.invalidField, "system: \(error)") }
                guard let kind = CrosswalkKind(rawValue: String(kindText)) else {
                    throw Problem(.invalidField, "kind: '\(kindText)' is not one of \(CrosswalkKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let page = try await store.crosswalks(system: system, kind: kind, try ListPaging.query(parameters))
                return JSONResponse.make(.ok, ListPaging.json(page, MasterDataJSON.json))
            },
        ]
    }

    /// Deprecated on 2026-12-05, to go after 2027-06-30.
    static let crosswalkListDeprecation = Deprecation(since: 1_796_428_800, sunset: 1_814_313_600, replacement: "GET /v1/crosswalks")

    /// `true`/`false` query flags (absent: false).
    static func flag(_ parameters: Parameters, _ name: String) throws -> Bool {
        switch parameters.get(name).map({ String($0) }) {
        case nil, "false": return false
        case "true": return true
        case let other?: throw Problem(.invalidField, "\(name): '\(other)' must be true or false", extensions: [("field", .string(name))])
        }
    }

    /// An import's answer: `{"created","updated","unchanged","errors":[{"row","field","message"}],"stored"}`.
    static func importJSON(_ report: ItemImport.Report) -> [(String, JSONValue)] {
        [
            ("created", .integer(report.created)), ("updated", .integer(report.updated)), ("unchanged", .integer(report.unchanged)),
            ("errors", .array(report.errors.map { error in
                .object([("row", .integer(error.row)), ("field", .string(error.field)), ("message", .string(error.message))])
            })),
            ("stored", .bool(report.stored)),
        ]
    }

    /// The author of a change made through the API: the calling client.
    static func author(_ context: SutureRequestContext) -> ChangeAuthor {
        ChangeAuthor(actor: context.actor, at: WallClock.nowMilliseconds())
    }

    /// A record's versions as answered, newest first: `[{"version","at","actor","changes"}]`.
    static func historyJSON(_ versions: [RecordVersion]) -> JSONValue {
        .array(versions.map { version in
            .object([
                ("version", .number(String(version.version))),
                ("at", .string(WallClock.timestamp(milliseconds: version.at))),
                ("actor", .string(version.actor)),
                ("changes", RecordRevision.json(version.changes)),
            ])
        })
    }

    static func parseID<T>(_ context: SutureRequestContext, _ name: String, _ make: (String) throws -> T) throws -> T {
        let raw = try context.pathParameter(name)
        do { return try make(raw) } catch {
            throw Problem(.invalidField, "path parameter \(name): \(error)")
        }
    }

    /// `crosswalk:erp/units/BOX`: the audit log's name of one mapping.
    static func crosswalkTarget(_ system: SystemName, _ kind: CrosswalkKind, _ code: String) -> String {
        "crosswalk:\(system)/\(kind.rawValue)/\(code)"
    }

    static func crosswalkKind(_ context: SutureRequestContext) throws -> CrosswalkKind {
        let raw = try context.pathParameter("kind")
        guard let kind = CrosswalkKind(rawValue: raw) else {
            throw Problem(.invalidField, "path parameter kind: '\(raw)' is not one of \(CrosswalkKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    /// The supplier and item of a `/v1/suppliers/{id}/prices/{item}` path; 404 for either unknown.
    static func priceKey(_ context: SutureRequestContext, store: any Store) async throws -> (Supplier, Item) {
        let supplierID = try parseID(context, "id") { try SupplierID($0) }
        let itemID = try parseID(context, "item") { try ItemID($0) }
        guard let supplier = try await store.supplier(supplierID) else { throw Problem(.notFound, "no supplier '\(supplierID)'") }
        guard let item = try await store.item(itemID) else { throw Problem(.notFound, "no item '\(itemID)'") }
        return (supplier, item)
    }

    /// A list's paging, search and `?status=` (one of `statuses`).
    static func statusQuery(_ request: Request, _ statuses: [String]) throws -> ListQuery {
        var query = try ListPaging.query(request.uri.queryParameters)
        if let status = request.uri.queryParameters.get("status").map({ String($0) }) {
            guard statuses.contains(status) else {
                throw Problem(.invalidField, "status: '\(status)' is not one of \(statuses.joined(separator: ", "))",
                              extensions: [("field", .string("status"))])
            }
            query.status = status
        }
        return query
    }

    /// A contract price's unit must be the item's (422 naming `unit`).
    static func checkUnit(_ unit: UnitOfMeasure, of item: Item) throws {
        guard !item.packaging.units.contains(unit) else { return }
        throw Problem(.invalidReference, "unit: item \(item.id) comes in \(item.packaging.units.map(\.code).joined(separator: ", ")), not \(unit)",
                      extensions: [("field", .string("unit"))])
    }

    /// A par level's units must be the item's (422 naming the field). Synchronous, apart from
    /// the route's awaits (docs/architecture.md, "Compiler").
    static func checkUnits(of level: ParLevel, item: Item) throws {
        let units = item.packaging.units.map(\.code).joined(separator: ", ")
        for (field, unit) in [("unit", level.unit), ("orderUnit", level.orderUnit)] {
            guard let unit, !item.packaging.units.contains(unit) else { continue }
            throw Problem(.invalidReference, "\(field): item \(item.id) comes in \(units), not \(unit)", extensions: [("field", .string(field))])
        }
    }

    /// The location and item of a `/v1/locations/{id}/par-levels/{item}` path; 404 for either unknown.
    static func parKey(_ context: SutureRequestContext, store: any Store) async throws -> (Location, Item) {
        let locationID = try parseID(context, "id") { try LocationID($0) }
        let itemID = try parseID(context, "item") { try ItemID($0) }
        guard let location = try await store.location(locationID) else { throw Problem(.notFound, "no location '\(locationID)'") }
        guard let item = try await store.item(itemID) else { throw Problem(.notFound, "no item '\(itemID)'") }
        return (location, item)
    }

    /// `?on=YYYY-MM-DD`, today (UTC) when absent.
    static func priceDay(_ request: Request) throws -> String {
        guard let text = request.uri.queryParameters.get("on").map({ String($0) }) else { return ContractPrice.day(of: Date()) }
        guard InventoryEventJSON.parseDate(text) != nil else {
            throw Problem(.invalidField, "on: '\(text)' is not a date written YYYY-MM-DD", extensions: [("field", .string("on"))])
        }
        return text
    }

    static func crosswalkKey(_ context: SutureRequestContext) throws -> (SystemName, CrosswalkKind, String) {
        let system = try parseID(context, "system") { try SystemName($0) }
        let kind = try crosswalkKind(context)
        let code = try context.pathParameter("code")
        guard code.unicodeScalars.count <= 128, !code.contains(where: { $0.isNewline }) else {
            throw Problem(.invalidField, "path parameter code: must be at most 128 characters on one line")
        }
        return (system, kind, code)
    }
}
