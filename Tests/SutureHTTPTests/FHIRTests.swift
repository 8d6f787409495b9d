import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Synchronization
import SutureConfig
import SutureDelivery
import SutureEngine
import SutureERPSimulator
import SutureModel
import SutureProcurement
import SutureStore
import SutureTestSupport
import Testing

/// The FHIR R5 edge through the hub (docs/fhir.md): what Suture writes validates with
/// PyPI's fhir.resources (R5 models, scripts/check-fhir.py); a SupplyDelivery is a receipt
/// posted to the ERP once, an InventoryReport sets on hand, a SupplyRequest becomes a
/// requisition that the `fhir` connector sends on to a FHIR server, through its outage.
@Suite struct FHIRTests {
    /// Gauze, each; boxes of 10 with their own GTIN; the ERP keeps it as ERP-200 in boxes.
    static func seedGauze(_ store: any Store) async throws {
        _ = try await store.putItem(Item(
            id: "GAUZE-4", description: "Gauze 4x4", gtin: try GTIN("00614141000036"),
            packaging: try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 10, gtin: try GTIN("10614141000033"))])))
        _ = try await store.putCrosswalk(CrosswalkEntry(system: "erp", kind: .items, code: "ERP-200", canonical: "GAUZE-4", unit: "BX"))
    }

    static func delivery(identifier: String, boxes: Int) -> String {
        """
        {"resourceType":"SupplyDelivery","identifier":[{"system":"urn:example:asn","value":"\(identifier)"}],"status":"completed",
         "suppliedItem":[{"quantity":{"value":\(boxes),"unit":"BX","system":"urn:suture:unit","code":"BX"},
                          "itemCodeableConcept":{"coding":[{"system":"https://www.gs1.org/gtin","code":"10614141000033"}]}}],
         "occurrenceDateTime":"2026-05-18T10:15:00Z","destination":{"reference":"Location/MAIN-OR-STORE"}}
        """
    }

    static func fhir(_ harness: PipelineHarness, _ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:])
        async throws -> TestResponse {
        try await harness.hub.request(method, "/fhir/r5/\(path)", token: harness.token, json: json,
                                      headers: ["Content-Type": "application/fhir+json"].merging(headers) { $1 })
    }

    /// Every resource given validates with fhir.resources (R5) and the R5 code lists.
    static func expectValid(_ resources: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("suture-fhir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for (index, resource) in resources.enumerated() {
            let file = directory.appendingPathComponent("\(index).json")
            try resource.write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/check-fhir.py").path
        let checked = try await ChildProcess.python([script] + files)
        #expect(checked.status == 0, "fhir.resources: \(checked.stdout)\(checked.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aDeliveryIsPostedToTheERPOnceAndACountSetsOnHandThatTheReportReads() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedGauze(harness.hub.store)
            var written: [String] = []

            let created = try await Self.fhir(harness, "POST", "SupplyDelivery", json: Self.delivery(identifier: "ASN-1", boxes: 3))
            #expect(created.status == 201, "\(created.text)")
            #expect(created.headers["Content-Type"]?.hasPrefix("application/fhir+json") == true)
            let stored = try JSONValue.parse(created.text)
            let id = try #require(stored["id"]?.stringValue)
            #expect(created.headers["Location"] == "/fhir/r5/SupplyDelivery/\(id)")
            written.append(created.text)

            // The ERP gets one receipt of 3 boxes of its ERP-200, at WH-OR.
            #expect(await eventually { await harness.erp.ledger.postings().count == 1 })
            let posting = try #require(await harness.erp.ledger.postings().first)
            let line = posting.body["lines"]?.arrayValue?.first
            #expect(posting.body["location"]?.stringValue == "WH-OR", "\(posting.body.serialized())")
            #expect(line?["item"]?.stringValue == "ERP-200" && line?["quantity"]?.stringValue == "3" && line?["unit"]?.stringValue == "BOX",
                    "\(posting.body.serialized())")

            // The same identifier again, in the body or as If-None-Exist: the stored resource, nothing posted.
            let again = try await Self.fhir(harness, "POST", "SupplyDelivery", json: Self.delivery(identifier: "ASN-1", boxes: 3))
            #expect(again.status == 200, "\(again.text)")
            #expect(try JSONValue.parse(again.text)["id"]?.stringValue == id)
            let conditional = try await Self.fhir(harness, "POST", "SupplyDelivery",
                                                  json: Self.delivery(identifier: "ASN-1", boxes: 3).replacingOccurrences(of: #""identifier":[{"system":"urn:example:asn","value":"ASN-1"}],"#, with: ""),
                                                  headers: ["If-None-Exist": "identifier=urn:example:asn|ASN-1"])
            #expect(conditional.status == 200, "\(conditional.text)")
            let encoded = try await Self.fhir(harness, "POST", "SupplyDelivery", json: Self.delivery(identifier: "ASN-1", boxes: 3),
                                              headers: ["If-None-Exist": "identifier=urn%3Aexample%3Aasn%7CASN-1"])
            #expect(encoded.status == 200, "\(encoded.text)")
            let other = try await Self.fhir(harness, "POST", "SupplyDelivery", json: Self.delivery(identifier: "ASN-1", boxes: 3),
                                            headers: ["If-None-Exist": "identifier=urn:example:asn|ASN-2"])
            #expect(other.status == 422, "\(other.text)")
            // A GTIN-13 names the same item as its 14-digit form: ten each, one more receipt.
            let each = Self.delivery(identifier: "ASN-2", boxes: 10).replacingOccurrences(of: "10614141000033", with: "0614141000036")
                .replacingOccurrences(of: #""unit":"BX","system":"urn:suture:unit","code":"BX""#, with: #""unit":"EA","system":"urn:suture:unit","code":"EA""#)
            let single = try await Self.fhir(harness, "POST", "SupplyDelivery", json: each)
            #expect(single.status == 201, "\(single.text)")
            #expect(await eventually { await harness.erp.ledger.postings().count == 2 })
            #expect(await harness.settled())
            #expect(await harness.erp.ledger.postings().count == 2)
            #expect(await harness.erp.ledger.postings().last?.body["lines"]?.arrayValue?.first?["quantity"]?.stringValue == "1")
            let read = try await Self.fhir(harness, "GET", "SupplyDelivery/\(id)")
            #expect(read.status == 200 && read.text == created.text)

            // A snapshot count of 25 at the store sets on hand; the report reads it.
            let report = """
                {"resourceType":"InventoryReport","identifier":[{"system":"urn:example:count","value":"C-1"}],"status":"active",
                 "countType":"snapshot","reportedDateTime":"2026-05-19T08:00:00Z",
                 "inventoryListing":[{"location":{"reference":"Location/MAIN-OR-STORE"},
                   "item":[{"item":{"reference":{"reference":"InventoryItem/GAUZE-4"}},"quantity":{"value":25,"system":"urn:suture:unit","code":"EA"}}]}]}
                """
            let counted = try await Self.fhir(harness, "POST", "InventoryReport", json: report)
            #expect(counted.status == 201, "\(counted.text)")
            written.append(counted.text)
            #expect(try await eventually {
                let answer = try await Self.fhir(harness, "GET", "InventoryReport?location=MAIN-OR-STORE")
                let bundle = try JSONValue.parse(answer.text)
                let item = bundle["entry"]?.arrayValue?.first?["resource"]?["inventoryListing"]?.arrayValue?.first?["item"]?.arrayValue?
                    .first { $0["item"]?["reference"]?["reference"]?.stringValue == "InventoryItem/GAUZE-4" }
                return item?["quantity"]?["value"]?.numberText == "25"
            })
            let bundle = try await Self.fhir(harness, "GET", "InventoryReport?location=MAIN-OR-STORE")
            #expect(try JSONValue.parse(bundle.text)["type"]?.stringValue == "searchset")
            written.append(bundle.text)

            // The item master reads as InventoryItem, by id and by a GTIN code.
            let item = try await Self.fhir(harness, "GET", "InventoryItem/GAUZE-4")
            #expect(item.status == 200, "\(item.text)")
            written.append(item.text)
            let byCode = try await Self.fhir(harness, "GET", "InventoryItem?code=https://www.gs1.org/gtin%7C10614141000033")
            #expect(try JSONValue.parse(byCode.text)["total"]?.numberText == "1", "\(byCode.text)")
            written.append(byCode.text)
            let metadata = try await Self.fhir(harness, "GET", "metadata")
            #expect(metadata.status == 200)
            written.append(metadata.text)
            try await Self.expectValid(written)
        }
    }

    /// One of the R5 specification's own examples (Fixtures/fhir/README.md).
    static func example(_ name: String) throws -> JSONValue {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fhir/\(name)-example.json")
        return try JSONValue.parse(try String(contentsOf: file, encoding: .utf8))
    }

    /// `value` with the member at `path` (object keys and array indexes) set to `new`.
    static func setting(_ value: JSONValue, _ path: [String], to new: JSONValue) -> JSONValue {
        guard let first = path.first else { return new }
        switch value {
        case .object(let members):
            var members = members
            if let index = members.firstIndex(where: { $0.0 == first }) {
                members[index].1 = setting(members[index].1, Array(path.dropFirst()), to: new)
            } else {
                members.append((first, setting(.null, Array(path.dropFirst()), to: new)))
            }
            return .object(members)
        case .array(var items):
            if let index = Int(first), items.indices.contains(index) { items[index] = setting(items[index], Array(path.dropFirst()), to: new) }
            return .array(items)
        default:
            return path.count == 1 ? .object([(first, new)]) : value
        }
    }

    /// The specification's examples are read as R5 (no element refused), and refused as Suture's
    /// profile says (422, the element named) where they name things only by display text; fitted
    /// to it (a GTIN for the item, a Location reference), they round-trip through Suture.
    @Test func theSpecificationsExamplesAreReadAndRoundTripOnceFittedToTheProfile() async throws {
        try await PipelineHarness.with { harness in
            try await Self.seedGauze(harness.hub.store)
            var written: [String] = []
            let location = JSONValue.object([("reference", .string("Location/MAIN-OR-STORE")), ("display", .string("Location 1"))])
            let gtin = JSONValue.object([("system", .string("https://www.gs1.org/gtin")), ("code", .string("10614141000033")),
                                         ("display", .string("Blood collect tubes blue cap"))])

            // SupplyDelivery "simpledelivery": its destination is display text only.
            let delivery = try Self.example("supplydelivery")
            let refused = try await Self.fhir(harness, "POST", "SupplyDelivery", json: delivery.serialized())
            #expect(refused.status == 422, "\(refused.text)")
            #expect(try JSONValue.parse(refused.text)["issue"]?.arrayValue?.first?["expression"]?.arrayValue?.first?.stringValue == "SupplyDelivery.destination")
            written.append(refused.text)
            let fitted = Self.setting(Self.setting(delivery, ["destination"], to: location), ["suppliedItem", "0", "itemCodeableConcept", "coding", "0"], to: gtin)
            let created = try await Self.fhir(harness, "POST", "SupplyDelivery", json: fitted.serialized())
            #expect(created.status == 201, "\(created.text)")
            written.append(created.text)
            // Every element comes back as sent, with Suture's id and meta.
            let stored = try JSONValue.parse(created.text)
            let kept = (stored.objectMembers ?? []).filter { $0.0 != "id" && $0.0 != "meta" }
            let sent = (fitted.objectMembers ?? []).filter { $0.0 != "id" }
            #expect(JSONValue.object(kept) == JSONValue.object(sent), "\(created.text)")
            // Ten boxes (the GTIN is the box's) reach the ERP once.
            #expect(await eventually { await harness.erp.ledger.postings().count == 1 })
            #expect(await harness.erp.ledger.postings().first?.body["lines"]?.arrayValue?.first?["quantity"]?.stringValue == "10")

            // SupplyRequest "simpleorder": deliverTo is display text only.
            let order = try Self.example("supplyrequest")
            let refusedOrder = try await Self.fhir(harness, "POST", "SupplyRequest", json: order.serialized())
            #expect(refusedOrder.status == 422, "\(refusedOrder.text)")
            #expect(try JSONValue.parse(refusedOrder.text)["issue"]?.arrayValue?.first?["expression"]?.arrayValue?.first?.stringValue == "SupplyRequest.item")
            let fittedOrder = Self.setting(Self.setting(order, ["deliverTo"], to: location), ["item", "concept", "coding", "0"], to: gtin)
            let requested = try await Self.fhir(harness, "POST", "SupplyRequest", json: fittedOrder.serialized())
            #expect(requested.status == 201, "\(requested.text)")
            let requisition = try JSONValue.parse(requested.text)
            #expect(requisition["quantity"]?["value"]?.numberText == "10" && requisition["quantity"]?["code"]?.stringValue == "BX", "\(requested.text)")
            let read = try await Self.fhir(harness, "GET", "SupplyRequest/\(requisition["id"]?.stringValue ?? "")")
            #expect(read.status == 200 && read.text == requested.text)
            written.append(read.text)

            // InventoryReport "example": a draft with no listing.
            let report = try Self.example("inventoryreport")
            let refusedReport = try await Self.fhir(harness, "POST", "InventoryReport", json: report.serialized())
            #expect(refusedReport.status == 422, "\(refusedReport.text)")
            #expect(try JSONValue.parse(refusedReport.text)["issue"]?.arrayValue?.first?["expression"]?.arrayValue?.first?.stringValue == "InventoryReport.status")
            let listing = JSONValue.array([.object([("location", location), ("item", .array([.object([
                ("item", .object([("concept", .object([("coding", .array([gtin]))]))])), ("quantity", .object([("value", .number("4"))])),
            ])]))])])
            let fittedReport = Self.setting(Self.setting(Self.setting(report, ["status"], to: .string("active")), ["inventoryListing"], to: listing),
                                            ["identifier"], to: .array([.object([("value", .string("COUNT-1"))])]))
            let counted = try await Self.fhir(harness, "POST", "InventoryReport", json: fittedReport.serialized())
            #expect(counted.status == 201, "\(counted.text)")
            written.append(counted.text)
            #expect(try await eventually {
                let bundle = try JSONValue.parse(try await Self.fhir(harness, "GET", "InventoryReport?location=MAIN-OR-STORE").text)
                return bundle["entry"]?.arrayValue?.first?["resource"]?["inventoryListing"]?.arrayValue?.first?["item"]?.arrayValue?.first?["quantity"]?["value"]?.numberText == "40"
            })

            // InventoryItem "example": the item master is not written through FHIR.
            let item = try await Self.fhir(harness, "POST", "InventoryItem", json: try Self.example("inventoryitem").serialized())
            #expect(item.status == 405, "\(item.text)")
            written.append(item.text)
            try await Self.expectValid(written)
        }
    }

    @Test func aMissingElementIs400AndAnUnknownType404EachAnOperationOutcomeNamingIt() async throws {
        try await PipelineHarness.with { harness in
            let noItem = #"{"resourceType":"SupplyRequest","status":"active","quantity":{"value":2,"system":"urn:suture:unit","code":"EA"},"deliverTo":{"reference":"Location/MAIN-OR-STORE"}}"#
            let missing = try await Self.fhir(harness, "POST", "SupplyRequest", json: noItem)
            #expect(missing.status == 400)
            let outcome = try JSONValue.parse(missing.text)
            #expect(outcome["resourceType"]?.stringValue == "OperationOutcome")
            #expect(outcome["issue"]?.arrayValue?.first?["code"]?.stringValue == "required")
            #expect(outcome["issue"]?.arrayValue?.first?["expression"]?.arrayValue?.first?.stringValue == "SupplyRequest.item", "\(missing.text)")

            // Suture takes a resource once, by its identifier: without one (or If-None-Exist) it is refused.
            let anonymous = try await Self.fhir(harness, "POST", "SupplyDelivery",
                                                json: Self.delivery(identifier: "X", boxes: 1).replacingOccurrences(of: #""identifier":[{"system":"urn:example:asn","value":"X"}],"#, with: ""))
            #expect(anonymous.status == 422)
            #expect(try JSONValue.parse(anonymous.text)["issue"]?.arrayValue?.first?["expression"]?.arrayValue?.first?.stringValue == "SupplyDelivery.identifier",
                    "\(anonymous.text)")

            let unknown = try await Self.fhir(harness, "GET", "Patient/1")
            #expect(unknown.status == 404)
            #expect(try JSONValue.parse(unknown.text)["issue"]?.arrayValue?.first?["code"]?.stringValue == "not-found")
            let unknownCreate = try await Self.fhir(harness, "POST", "Medication", json: #"{"resourceType":"Medication"}"#)
            #expect(unknownCreate.status == 404)
            // An Accept made of separators only is no format asked for; it must not bring the hub down.
            for accept in [";", "application/json,;", ",,"] {
                #expect(try await Self.fhir(harness, "GET", "metadata", headers: ["Accept": accept]).status == 200, "\(accept)")
            }
            let xml = try await Self.fhir(harness, "GET", "metadata", headers: ["Accept": "application/fhir+xml"])
            #expect(xml.status == 406)
            let unauthorized = try await harness.hub.request("GET", "/fhir/r5/metadata")
            #expect(unauthorized.status == 401)
            #expect(try JSONValue.parse(unauthorized.text)["resourceType"]?.stringValue == "OperationOutcome")
            try await Self.expectValid([missing.text, anonymous.text, unknown.text, xml.text, unauthorized.text])
        }
    }

    /// An active request within `autoApproveUpTo` at the contract price is ordered at once (its
    /// answer is `completed`: it became a purchase order); a draft waits for a person.
    @Test func anActiveRequestWithinTheLimitIsOrderedAndADraftWaits() async throws {
        try await SupplierExchangeTests.withExchange(adjust: { configuration in
            configuration.replenishment = ReplenishmentSettings(every: .seconds(3600), autoApproveUpTo: 500)
        }) { harness, _ in
            try await Self.seedGauze(harness.hub.store)
            let price = ContractPrice(supplier: "ACME", item: "GAUZE-4", unit: "BX", price: 4, currency: "USD", validFrom: "2020-01-01", source: "api")
            _ = try await ContractPrices(store: harness.hub.store).put(price, actor: "test")
            func request(_ identifier: String, status: String) -> String {
                """
                {"resourceType":"SupplyRequest","identifier":[{"system":"urn:example:ward","value":"\(identifier)"}],"status":"\(status)",
                 "item":{"reference":{"reference":"InventoryItem/GAUZE-4"}},"quantity":{"value":5,"system":"urn:suture:unit","code":"BX"},
                 "deliverTo":{"reference":"Location/MAIN-OR-STORE"},"supplier":[{"reference":"Organization/ACME"}]}
                """
            }
            let active = try await Self.fhir(harness, "POST", "SupplyRequest", json: request("REQ-1", status: "active"))
            #expect(active.status == 201, "\(active.text)")
            #expect(try JSONValue.parse(active.text)["status"]?.stringValue == "completed", "\(active.text)")
            let draft = try await Self.fhir(harness, "POST", "SupplyRequest", json: request("REQ-2", status: "draft"))
            #expect(draft.status == 201, "\(draft.text)")
            #expect(try JSONValue.parse(draft.text)["status"]?.stringValue == "draft", "\(draft.text)")
            let listed = try JSONValue.parse(try await harness.hub.request("GET", "/v1/requisitions", token: harness.token).text).arrayValue ?? []
            #expect(listed.compactMap { $0["status"]?.stringValue }.sorted() == ["ordered", "proposed"], "\(listed)")
            #expect(listed.contains { $0["status"]?.stringValue == "ordered" && $0["amount"]?.stringValue == "20" && $0["purchaseOrder"] != nil })
        }
    }

    @Test func aSupplyRequestBecomesARequisitionThatReachesAFHIRServerThroughItsOutage() async throws {
        try await FHIRServerStub.with { server in
            server.setDown(true)
            try await PipelineHarness.with(adjust: { configuration in
                var delivery = PipelineHarness.fastDelivery(maxAttempts: 50)
                delivery.retry.maxBackoff = .milliseconds(200)
                configuration.systems.append(SystemSettings(name: "ehr", connection: .fhir(FHIRSettings(url: server.url, token: "fhir-token")),
                                                            delivery: delivery))
            }) { harness in
                try await Self.seedGauze(harness.hub.store)
                let request = """
                    {"resourceType":"SupplyRequest","identifier":[{"system":"urn:example:ward","value":"REQ-7"}],"status":"active",
                     "item":{"concept":{"coding":[{"system":"https://www.gs1.org/gtin","code":"00614141000036"}]}},
                     "quantity":{"value":2,"unit":"BX","system":"urn:suture:unit","code":"BX"},"deliverTo":{"reference":"Location/MAIN-OR-STORE"}}
                    """
                let created = try await Self.fhir(harness, "POST", "SupplyRequest", json: request)
                #expect(created.status == 201, "\(created.text)")
                let id = try #require(try JSONValue.parse(created.text)["id"]?.stringValue)
                #expect(try JSONValue.parse(created.text)["status"]?.stringValue == "draft")

                // In the approval queue, proposed (no contract price, so no auto-approval).
                let listed = try JSONValue.parse(try await harness.hub.request("GET", "/v1/requisitions", token: harness.token).text).arrayValue ?? []
                let requisition = try #require(listed.first { $0["id"]?.stringValue == id })
                #expect(requisition["status"]?.stringValue == "proposed")
                #expect(requisition["quantity"]?.stringValue == "2" && requisition["unit"]?.stringValue == "BX")
                #expect(requisition["baseQuantity"]?.stringValue == "20")
                let searched = try await Self.fhir(harness, "GET", "SupplyRequest?status=draft")
                #expect(try JSONValue.parse(searched.text)["total"]?.numberText == "1", "\(searched.text)")

                // The FHIR server is down: refused attempts, then it comes back and gets the request once.
                #expect(await eventually { server.refused() >= 2 })
                server.setDown(false)
                #expect(await eventually { server.received().contains { $0.path == "/SupplyRequest/\(id)" } })
                let sent = try #require(server.received().last)
                #expect(sent.headers["authorization"] == "Bearer fhir-token")
                #expect(try JSONValue.parse(sent.body)["status"]?.stringValue == "draft")
                // A person's decision sends its new state: rejected is cancelled.
                let rejected = try await harness.hub.request("POST", "/v1/requisitions/\(id)/reject", token: harness.token, json: #"{"reason":"ward stock is enough"}"#)
                #expect(rejected.status == 200, "\(rejected.text)")
                #expect(await eventually { server.received().contains { (try? JSONValue.parse($0.body)["status"]?.stringValue) == "cancelled" } })
                try await Self.expectValid([created.text, searched.text] + server.received().map(\.body))
            }
        }
    }
}

/// A FHIR server for tests: records every `PUT`, answers 200; while down it answers 503.
final class FHIRServerStub: Sendable {
    struct Received: Sendable {
        let path: String
        let headers: [String: String]
        let body: String
    }

    private let requests = Mutex<[Received]>([])
    private let down = Mutex<Bool>(false)
    private let refusals = Mutex<Int>(0)
    let url: String

    private init(url: String) { self.url = url }

    func received() -> [Received] { requests.withLock { $0 } }
    func refused() -> Int { refusals.withLock { $0 } }
    func setDown(_ value: Bool) { down.withLock { $0 = value } }

    static func with(_ body: (FHIRServerStub) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let box = Mutex<FHIRServerStub?>(nil)
        let router = Router()
        router.put("/fhir/SupplyRequest/:id") { request, context -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            guard let stub = box.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            if stub.down.withLock({ $0 }) {
                stub.refusals.withLock { $0 += 1 }
                return Response(status: .serviceUnavailable)
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            stub.requests.withLock { $0.append(Received(path: String(request.uri.path.dropFirst("/fhir".count)), headers: headers, body: String(buffer: buffer))) }
            var answer = HTTPFields()
            answer[.contentType] = "application/fhir+json"
            return Response(status: .ok, headers: answer, body: .init(byteBuffer: buffer))
        }
        var logger = Logger(label: "fhir-stub")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        try await withRunningServices([app]) {
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            let stub = FHIRServerStub(url: "http://127.0.0.1:\(port)/fhir")
            box.withLock { $0 = stub }
            try await body(stub)
        }
    }
}
