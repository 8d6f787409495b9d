import Foundation
import SutureERPSimulator
import SutureModel
import SutureStore
import Testing
import SutureTestSupport

/// The console in a real headless Chromium (Debian's `chromium` and `chromium-driver`,
/// driven by Selenium; scripts/test installs them): a person logs in, reads the overview,
/// fixes a mapping from an exception and retries it, and the ERP simulator holds exactly
/// one posting for it. A reader sees no actions, and a write without the CSRF header is refused.
@Suite struct ConsoleBrowserTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The exception opened for the receipt the event `eventID` carried.
    static func exception(of eventID: String, _ harness: PipelineHarness) async throws -> String? {
        let page = try JSONValue.parse(try await harness.hub.request("GET", "/v1/exceptions?status=open&type=rejected-by-destination",
                                                                      token: harness.token).text)
        return page["items"]?.arrayValue?.first { $0["eventId"]?.stringValue == eventID }?["id"]?.stringValue
    }

    @Test func aPersonFixesAMappingAndRetriesInTheBrowserAndTheERPPostsItOnce() async throws {
        // Given an ERP that refuses the unit code BOX, and two receipts it rejected.
        try await PipelineHarness.with(faults: ERPFaults(mismatchedUnits: ["BOX"])) { harness in
            var events: [String] = []
            for key in ["browser-1", "browser-2"] {
                let accepted = try JSONValue.parse(try await harness.post(PipelineHarness.receipt(), key: key).text)
                events.append(try #require(accepted["id"]?.stringValue))
            }
            var exceptions: [String] = []
            #expect(await eventually {
                exceptions = []
                for event in events { if let id = try? await Self.exception(of: event, harness) { exceptions.append(id) } }
                return exceptions.count == 2
            })
            try #require(exceptions.count == 2)
            let reader = try await harness.hub.token(scopes: ["exceptions:read", "events:read"], name: "reader")
            // And the ERP names the gloves otherwise than Suture does (one drifted field).
            let snapshot = #"[{"code":"ERP-100234","description":"Nitrile exam gloves, M"}]"#
            #expect(try await harness.hub.request("POST", "/v1/systems/erp/snapshots/items", token: harness.token, json: snapshot).status == 200)
            // And a storeroom of another facility is short of gloves while the OR store holds plenty:
            // a proposed requisition (no contract price: it waits) and one suggested transfer.
            let requisition = try await Self.seedStock(harness)
            let dashboard = try JSONValue.parse(try await harness.hub.request("GET", "/v1/dashboard", token: harness.token).text)

            // When the person works the first one in the browser.
            var arguments = [Self.repository.appendingPathComponent("scripts/console-browser-test.py").path,
                             "--url", harness.hub.baseURL.absoluteString, "--token", harness.token, "--reader-token", reader,
                             "--exception", exceptions[0], "--reader-exception", exceptions[1],
                             "--fix", "system=erp,kind=items,code=ERP-100234,id=GLOVE-M,unit=CS",
                             "--drift-system", "erp", "--drift-item", "GLOVE-M", "--requisition", requisition]
            if let directory = ProcessInfo.processInfo.environment["SUTURE_SCREENSHOTS"] { arguments += ["--screenshots", directory] }
            let run = try await ChildProcess.python(arguments)
            #expect(run.status == 0, "the browser test failed: \(run.stderr)")
            let result = try JSONValue.parse(try #require(run.stdout.split(separator: "\n").last.map(String.init)))

            // Then the overview showed what the dashboard API says.
            #expect(result["overview"]?["openExceptions"]?.numberText == dashboard["business"]?["openExceptions"]?["total"]?.numberText)
            for system in dashboard["systems"]?.arrayValue ?? [] {
                let name = try #require(system["name"]?.stringValue)
                #expect(result["overview"]?["systems"]?[name]?.stringValue == system["state"]?.stringValue, "\(name)")
            }
            #expect(result["exception"]?["showsAnswer"] == .bool(true), "the destination's answer (UOM_MISMATCH) is on the page")
            #expect(result["exception"]?["preview"]?.stringValue?.contains("CS") == true, "the preview shows the new unit")
            #expect(result["exception"]?["statusAfterResolve"]?.stringValue == "resolved")
            // The ERP posted the fixed receipt exactly once, in cases.
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(events[0])) == 1 })
            let posting = try #require(await harness.erp.ledger.postings(of: .receipt(events[0])).first)
            #expect(posting.body["lines"]?.arrayValue?.first?["unit"]?.stringValue == "CS")
            #expect(await harness.erp.ledger.count(of: .receipt(events[1])) == 0, "the other one waits for its own retry")
            #expect(await harness.erp.ledger.duplicates().isEmpty)
            // The admin saw the actions of an open exception; the reader sees none of them.
            #expect((Int(result["admin"]?["resolveButtonsOnOpen"]?.numberText ?? "") ?? 0) > 0)
            #expect(result["reader"]?["resolveButtons"]?.numberText == "0")
            #expect(result["reader"]?["fixForm"] == .bool(false))
            // A write from the page without the CSRF header was refused and changed nothing.
            #expect(result["forgedWriteStatus"]?.numberText == "403")
            // The admin's audit page lists the fix and the resolve; a reader has no Audit page.
            let actions = result["audit"]?["actions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(actions.contains("crosswalk.put") && actions.contains("exception.resolve"), "\(actions)")
            #expect(result["reader"]?["auditLink"] == .bool(false))
            // The Master data page found the item, showed the ERP's drift and the item's versions,
            // and the person took the ERP's name into the canonical record.
            #expect(result["masterdata"]?["items"]?.arrayValue?.compactMap(\.stringValue) == ["GLOVE-M"])
            #expect(result["masterdata"]?["driftFields"]?.arrayValue?.compactMap(\.stringValue) == ["description"])
            #expect((Int(result["masterdata"]?["historyVersions"]?.numberText ?? "") ?? 0) >= 1)
            let gloves = try await harness.hub.store.item("GLOVE-M")
            #expect(gloves?.description == "Nitrile exam gloves, M")
            let accepted = try await harness.hub.store.auditEntries(AuditQuery(target: "item:GLOVE-M")).first
            #expect(accepted?.action == "item.accept")
            let untouched = try JSONValue.parse(try await harness.hub.request("GET", "/v1/exceptions/\(exceptions[1])", token: harness.token).text)
            #expect(untouched["status"]?.stringValue == "open")
            #expect(untouched["owner"] == .null)
            // The Stock page approved the requisition (ordered on its purchase order) and accepted
            // the suggested transfer: 25 EA moved from the OR store to the other facility's store.
            let approved = try JSONValue.parse(try await harness.hub.request("GET", "/v1/requisitions/\(requisition)", token: harness.token).text)
            #expect(approved["status"]?.stringValue == "ordered")
            #expect(approved["decidedBy"]?.stringValue != "replenishment")
            #expect(result["stock"]?["transfer"]?["from"]?.stringValue == "MAIN-OR-STORE")
            #expect(result["stock"]?["transfer"]?["to"]?.stringValue == "X-STORE")
            #expect(await eventually {
                let stock = try? JSONValue.parse(try await harness.hub.request("GET", "/v1/stock?location=X-STORE", token: harness.token).text)
                return stock?.arrayValue?.first?["onHand"]?.stringValue == "35"
            })
        }
    }

    /// Gloves at a second facility (X-STORE): 80 received, 5 issued a day for 14 days (10 left,
    /// 25 short of a week); the OR store holds 500 and uses none. Both are critical par levels;
    /// X-STORE's names ACME and has no contract price, so its requisition waits for a person.
    static func seedStock(_ harness: PipelineHarness) async throws -> String {
        let store = harness.hub.store
        _ = try await store.putSupplier(Supplier(id: "ACME", name: "Acme Medical"))
        _ = try await store.putLocation(Location(id: "FAC-X", name: "Hospital X", type: .facility))
        _ = try await store.putLocation(Location(id: "X-STORE", name: "Store X", type: .storeroom, parent: "FAC-X"))
        let now = WallClock.nowMilliseconds()
        var seed = StoreChanges()
        func move(_ location: LocationID, _ kind: StockMovement.Kind, _ quantity: Decimal, _ at: Int64, _ index: Int) {
            seed.stock.append(StockMovement(source: "seed:\(index)", at: at, location: location, item: "GLOVE-M", lot: "LOT-S", expiry: "2030-01-31",
                                            kind: kind, quantity: quantity))
        }
        move("MAIN-OR-STORE", .receipt, 500, now - 20 * 86_400_000, 0)
        move("X-STORE", .receipt, 80, now - 20 * 86_400_000, 1)
        for day in 0..<14 { move("X-STORE", .issue, -5, now - Int64(day) * 86_400_000 - 3_600_000, 2 + day) }
        try await store.commit(seed)
        for (location, body) in [("MAIN-OR-STORE", #"{"par":"100","reorderPoint":"10","unit":"EA","critical":true}"#),
                                 ("X-STORE", #"{"par":"200","reorderPoint":"50","unit":"EA","critical":true,"supplier":"ACME"}"#)] {
            #expect(try await harness.hub.request("PUT", "/v1/locations/\(location)/par-levels/GLOVE-M", token: harness.token, json: body).status == 201)
        }
        var id: String?
        #expect(await eventually {
            let listed = try? JSONValue.parse(try await harness.hub.request("GET", "/v1/requisitions?status=proposed", token: harness.token).text)
            id = listed?.arrayValue?.first { $0["location"]?.stringValue == "X-STORE" }?["id"]?.stringValue
            return id != nil
        })
        return try #require(id)
    }
}
