import Foundation
import SutureConfig
import SutureModel
import SutureStore
import SutureDelivery
import Testing
import SutureProcurement

@Suite struct MasterDataAPITests {
    static let glovesJSON = """
        {"description":"Nitrile exam gloves, medium","gtin":"00614141000012","manufacturer":"Acme","manufacturerPart":"NG-M",
         "unspsc":"42132203","baseUnit":"EA","packaging":[{"unit":"BX","quantity":12},{"unit":"CS","quantity":144,"gtin":"20614141000016"}],
         "lotControlled":true,"expiryControlled":true}
        """

    @Test func itemIsCreatedReadAndReplaced() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write", "masterdata:read"])
            let created = try await hub.request("PUT", "/v1/items/GLOVE-M", token: token, json: Self.glovesJSON)
            #expect(created.status == 201)
            #expect(created.header("Content-Type") == "application/json")
            let read = try await hub.request("GET", "/v1/items/GLOVE-M", token: token)
            #expect(read.status == 200)
            let item = try read.json()
            #expect(item["gtin"] as? String == "00614141000012")
            #expect(item["baseUnit"] as? String == "EA")
            let packaging = try #require(item["packaging"] as? [[String: Any]])
            #expect(packaging.count == 2)
            #expect(packaging[1]["unit"] as? String == "CS")
            #expect((packaging[1]["quantity"] as? NSNumber)?.intValue == 144)
            #expect(item["lotControlled"] as? Bool == true)
            #expect(item["serialControlled"] as? Bool == false)
            #expect(item["status"] as? String == "active")

            let replaced = try await hub.request("PUT", "/v1/items/GLOVE-M", token: token,
                                                 json: #"{"description":"Gloves M","baseUnit":"EA"}"#)
            #expect(replaced.status == 200)
            #expect(try await hub.request("GET", "/v1/items/GLOVE-M", token: token).json()["description"] as? String == "Gloves M")
        }
    }

    @Test func unknownItemIs404ProblemJSON() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:read"])
            let response = try await hub.request("GET", "/v1/items/NOPE", token: token)
            #expect(response.status == 404)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(try response.json()["type"] as? String == "urn:suture:problem:not-found")
        }
    }

    @Test func wrongGTINCheckDigitIs400NamingTheField() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write"])
            let response = try await hub.request("PUT", "/v1/items/X", token: token,
                                                 json: #"{"description":"X","baseUnit":"EA","gtin":"00614141000013"}"#)
            #expect(response.status == 400)
            #expect(response.header("Content-Type") == "application/problem+json")
            let problem = try response.json()
            #expect(problem["type"] as? String == "urn:suture:problem:invalid-check-digit")
            #expect(problem["status"] as? Int == 400)
            let detail = try #require(problem["detail"] as? String)
            #expect(detail.hasPrefix("gtin:"))
            #expect(detail.contains("check digit"))
            #expect(problem["field"] as? String == "gtin")
        }
    }

    @Test func packagingLevelGTINCheckDigitNamesTheNestedField() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write"])
            let response = try await hub.request("PUT", "/v1/items/X", token: token,
                                                 json: #"{"description":"X","baseUnit":"EA","packaging":[{"unit":"CS","quantity":10,"gtin":"20614141000017"}]}"#)
            #expect(response.status == 400)
            #expect(try response.json()["field"] as? String == "packaging[0].gtin")
        }
    }

    @Test func unknownFieldIs400NamingIt() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write"])
            let response = try await hub.request("PUT", "/v1/items/X", token: token,
                                                 json: #"{"description":"X","baseUnit":"EA","colour":"blue"}"#)
            #expect(response.status == 400)
            let problem = try response.json()
            #expect(problem["type"] as? String == "urn:suture:problem:unknown-field")
            #expect((problem["detail"] as? String)?.contains("colour") == true)
            #expect(problem["fields"] as? [String] == ["colour"])
            let nested = try await hub.request("PUT", "/v1/items/X", token: token,
                                               json: #"{"description":"X","baseUnit":"EA","packaging":[{"unit":"BX","quantity":2,"qty":3}]}"#)
            #expect(try nested.json()["fields"] as? [String] == ["packaging[0].qty"])
        }
    }

    @Test(arguments: [
        (#"{"baseUnit":"EA"}"#, "missing-field", "description"),
        (#"{"description":"X"}"#, "missing-field", "baseUnit"),
        (#"{"description":"X","baseUnit":"each"}"#, "invalid-field", "baseUnit"),
        (#"{"description":"X","baseUnit":"EA","packaging":[{"unit":"BX","quantity":"1.5"}]}"#, "invalid-field", "packaging"),
        (#"{"description":"X","baseUnit":"EA","packaging":[{"unit":"BX","quantity":"lots"}]}"#, "invalid-field", "packaging[0].quantity"),
        (#"{"description":"X","baseUnit":"EA","lotControlled":"yes"}"#, "invalid-field", "lotControlled"),
        (#"{"description":"X","baseUnit":"EA","status":"gone"}"#, "invalid-field", "status"),
        (#"{"description":"X","baseUnit":"EA","unspsc":"12"}"#, "invalid-field", "unspsc"),
        (#"{"description":"X","baseUnit":"EA""#, "malformed-json", "JSON"),
        (#"[1,2]"#, "invalid-field", "body"),
        (#"{"description":"X","description":"Y","baseUnit":"EA"}"#, "malformed-json", "twice"),
    ])
    func badItemBodiesGetSpecificProblems(body: String, type: String, mention: String) async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write"])
            let response = try await hub.request("PUT", "/v1/items/X", token: token, json: body)
            #expect(response.status == 400)
            let problem = try response.json()
            #expect(problem["type"] as? String == "urn:suture:problem:\(type)")
            #expect((problem["detail"] as? String)?.contains(mention) == true, "\(problem["detail"] ?? "")")
            let stored = try await hub.store.item("X")
            #expect(stored == nil)
        }
    }

    @Test func twoMegabyteBodyIs413() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write"])
            let padding = String(repeating: "x", count: 2 * 1024 * 1024)
            let response = try await hub.request("PUT", "/v1/items/BIG", token: token,
                                                 json: #"{"description":"\#(padding)","baseUnit":"EA"}"#)
            #expect(response.status == 413)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(try response.json()["type"] as? String == "urn:suture:problem:payload-too-large")
            #expect(try await hub.store.item("BIG") == nil)
        }
    }

    @Test func nonJSONContentTypeIs415() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write"])
            let response = try await hub.request("PUT", "/v1/items/X", token: token, body: Data("description=X".utf8),
                                                 headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(response.status == 415)
        }
    }

    @Test func aGTINAlreadyOnAnotherItemIs409() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write"])
            #expect(try await hub.request("PUT", "/v1/items/A", token: token, json: #"{"description":"A","baseUnit":"EA","gtin":"00614141000012"}"#).status == 201)
            let clash = try await hub.request("PUT", "/v1/items/B", token: token, json: #"{"description":"B","baseUnit":"EA","gtin":"614141000012"}"#)
            #expect(clash.status == 409)
            #expect((try clash.json()["detail"] as? String)?.contains("already belongs to item A") == true)
        }
    }

    @Test func locationsFollowTheHierarchy() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write", "masterdata:read"])
            #expect(try await hub.request("PUT", "/v1/locations/GENERAL", token: token,
                                          json: #"{"name":"General Hospital","type":"facility","gln":"0614141000005"}"#).status == 201)
            #expect(try await hub.request("PUT", "/v1/locations/MAIN-OR-STORE", token: token,
                                          json: #"{"name":"OR store","type":"storeroom","parent":"GENERAL"}"#).status == 201)
            let orphan = try await hub.request("PUT", "/v1/locations/BIN-1", token: token,
                                               json: #"{"name":"Bin 1","type":"bin","parent":"NOWHERE"}"#)
            #expect(orphan.status == 422)
            #expect(try orphan.json()["type"] as? String == "urn:suture:problem:invalid-reference")
            let inverted = try await hub.request("PUT", "/v1/locations/GENERAL", token: token,
                                                 json: #"{"name":"General","type":"facility","parent":"MAIN-OR-STORE"}"#)
            #expect(inverted.status == 422)
            let badGLN = try await hub.request("PUT", "/v1/locations/X", token: token,
                                               json: #"{"name":"X","type":"facility","gln":"0614141000006"}"#)
            #expect(badGLN.status == 400)
            #expect(try badGLN.json()["field"] as? String == "gln")
            let read = try await hub.request("GET", "/v1/locations/MAIN-OR-STORE", token: token).json()
            #expect(read["parent"] as? String == "GENERAL")
        }
    }

    @Test func suppliersRoundTrip() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write", "masterdata:read"])
            #expect(try await hub.request("PUT", "/v1/suppliers/ACME", token: token,
                                          json: #"{"name":"Acme Medical","gln":"5412345000013","interchangeId":"ACMEMED"}"#).status == 201)
            let read = try await hub.request("GET", "/v1/suppliers/ACME", token: token).json()
            #expect(read["interchangeId"] as? String == "ACMEMED")
        }
    }

    @Test func crosswalkMapsASystemCodeToAnExistingItem() async throws {
        try await TestHub.with { (hub: TestHub) async throws in
            let token = try await hub.token(scopes: ["masterdata:write", "masterdata:read"])
            #expect(try await hub.request("PUT", "/v1/items/GLOVE-M", token: token, json: Self.glovesJSON).status == 201)
            let mapped = try await hub.request("PUT", "/v1/systems/storeroom-a/crosswalk/items/7788", token: token,
                                               json: #"{"id":"GLOVE-M","unit":"BX"}"#)
            #expect(mapped.status == 201)
            let read = try await hub.request("GET", "/v1/systems/storeroom-a/crosswalk/items/7788", token: token).json()
            #expect(read["id"] as? String == "GLOVE-M")
            #expect(read["unit"] as? String == "BX")

            // A code with a space and a slash, percent-encoded in the path.
            #expect(try await hub.request("PUT", "/v1/systems/erp/crosswalk/units/CASE%2012%2FPK", token: token,
                                          json: #"{"id":"CS"}"#).status == 201)
            let list = try await hub.request("GET", "/v1/systems/erp/crosswalk/units", token: token).json()
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.first?["code"] as? String == "CASE 12/PK")

            let unknownItem = try await hub.request("PUT", "/v1/systems/storeroom-a/crosswalk/items/9999", token: token, json: #"{"id":"NOPE"}"#)
            #expect(unknownItem.status == 422)
            let wrongUnit = try await hub.request("PUT", "/v1/systems/storeroom-a/crosswalk/items/7789", token: token, json: #"{"id":"GLOVE-M","unit":"PL"}"#)
            #expect(wrongUnit.status == 422)
            #expect((try wrongUnit.json()["detail"] as? String)?.contains("EA, BX, CS") == true)
            let badKind = try await hub.request("PUT", "/v1/systems/erp/crosswalk/widgets/1", token: token, json: #"{"id":"X"}"#)
            #expect(badKind.status == 400)

            #expect(try await hub.request("DELETE", "/v1/systems/storeroom-a/crosswalk/items/7788", token: token).status == 204)
            #expect(try await hub.request("GET", "/v1/systems/storeroom-a/crosswalk/items/7788", token: token).status == 404)
            #expect(try await hub.request("DELETE", "/v1/systems/storeroom-a/crosswalk/items/7788", token: token).status == 404)
        }
    }
}
