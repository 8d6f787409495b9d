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
            let dashboard = try JSONValue.parse(try await harness.hub.request("GET", "/v1/dashboard", token: harness.token).text)

            // When the person works the first one in the browser.
            var arguments = [Self.repository.appendingPathComponent("scripts/console-browser-test.py").path,
                             "--url", harness.hub.baseURL.absoluteString, "--token", harness.token, "--reader-token", reader,
                             "--exception", exceptions[0], "--reader-exception", exceptions[1],
                             "--fix", "system=erp,kind=items,code=ERP-100234,id=GLOVE-M,unit=CS",
                             "--drift-system", "erp", "--drift-item", "GLOVE-M"]
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
        }
    }
}
