import Foundation
import SutureModel
import Testing

/// The console's pages and sessions over real HTTP: login into an HttpOnly cookie,
/// CSRF on writes, scopes, logout.
@Suite struct ConsoleTests {
    /// The `name=value` of the session cookie a login set.
    static func cookie(_ response: TestResponse) -> String? {
        response.header("Set-Cookie")?.split(separator: ";").first.map(String.init)
    }

    @Test func theConsoleIsServedFromTheBinaryWithHeadersThatKeepItToItsOwnFiles() async throws {
        try await TestHub.with { hub in
            let root = try await hub.request("GET", "/")
            #expect(root.status == 200, "the redirect to /console/ is followed")
            let page = try await hub.request("GET", "/console/")
            #expect(page.status == 200)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
            #expect(page.text.contains("console.js"))
            #expect(!page.text.contains("http://") && !page.text.contains("https://"), "nothing is fetched from elsewhere")
            for (path, type) in [("/console/console.js", "text/javascript"), ("/console/console.css", "text/css")] {
                let asset = try await hub.request("GET", path)
                #expect(asset.status == 200)
                #expect(asset.header("Content-Type")?.hasPrefix(type) == true)
                #expect(!asset.text.contains("https://"), "\(path) loads nothing from the internet")
            }
        }
    }

    @Test func aTokenLogsInToAnHttpOnlySessionWhoseWritesNeedTheCSRFToken() async throws {
        try await TestHub.with { hub in
            let token = try await hub.token(scopes: ["exceptions:read", "masterdata:write"], name: "alice")
            let refused = try await hub.request("POST", "/console/session", json: #"{"token":"not-a-token"}"#)
            #expect(refused.status == 401)
            #expect(refused.header("Content-Type")?.hasPrefix("application/problem+json") == true)

            let login = try await hub.request("POST", "/console/session", json: "{\"token\":\"\(token)\"}")
            #expect(login.status == 200)
            let setCookie = try #require(login.header("Set-Cookie"))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(!setCookie.contains(token), "the cookie is not the token")
            let session = try JSONValue.parse(login.text)
            #expect(session["client"]?.stringValue == "alice")
            #expect(session["scopes"]?.arrayValue?.compactMap(\.stringValue) == ["exceptions:read", "masterdata:write"])
            let csrf = try #require(session["csrfToken"]?.stringValue)
            let cookie = try #require(Self.cookie(login))

            // The cookie reads what the scopes allow, and nothing else.
            #expect(try await hub.request("GET", "/console/session", headers: ["Cookie": cookie]).status == 200)
            #expect(try await hub.request("GET", "/v1/exceptions", headers: ["Cookie": cookie]).status == 200)
            #expect(try await hub.request("GET", "/v1/deliveries", headers: ["Cookie": cookie]).status == 403)
            // A write without the CSRF header is refused, even with a valid cookie.
            let forged = try await hub.request("PUT", "/v1/systems/erp/crosswalk/units/BOX", json: #"{"id":"BX"}"#, headers: ["Cookie": cookie])
            #expect(forged.status == 403)
            #expect(forged.text.contains("X-CSRF-Token"))
            let wrong = try await hub.request("PUT", "/v1/systems/erp/crosswalk/units/BOX", json: #"{"id":"BX"}"#,
                                              headers: ["Cookie": cookie, "X-CSRF-Token": "guess"])
            #expect(wrong.status == 403)
            let written = try await hub.request("PUT", "/v1/systems/erp/crosswalk/units/BOX", json: #"{"id":"BX"}"#,
                                                headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
            #expect(written.status == 201, "\(written.text)")

            // Logging out ends the session.
            #expect(try await hub.request("DELETE", "/console/session", headers: ["Cookie": cookie]).status == 403)
            #expect(try await hub.request("DELETE", "/console/session", headers: ["Cookie": cookie, "X-CSRF-Token": csrf]).status == 204)
            #expect(try await hub.request("GET", "/console/session", headers: ["Cookie": cookie]).status == 401)
            #expect(try await hub.request("GET", "/v1/exceptions", headers: ["Cookie": cookie]).status == 401)
        }
    }
}
