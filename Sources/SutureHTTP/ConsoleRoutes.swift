import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SutureConfig
import SutureEngine
import SutureModel
import SutureStore

/// The web console for people (docs/console.md): its pages, served from the binary, and
/// its sessions. A person logs in with a client token; the session cookie is HttpOnly and
/// SameSite=Strict, and every write made with it must carry the session's CSRF token.
enum ConsoleRoutes {
    static func routes(store: any Store, authenticator: Authenticator, sessionTimeout: Duration, secureCookies: Bool) -> [APIRoute] {
        [
            APIRoute(.get, "/", scope: nil) { _, _ in redirect("/console/") },
            APIRoute(.get, "/dashboard", scope: nil) { _, _ in redirect("/console/") },
            APIRoute(.get, "/console/", scope: nil) { _, _ in asset(ConsoleAssets.indexHTML, type: "text/html; charset=utf-8") },
            APIRoute(.get, "/console/console.js", scope: nil) { _, _ in asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8") },
            APIRoute(.get, "/console/console.css", scope: nil) { _, _ in asset(ConsoleAssets.styles, type: "text/css; charset=utf-8") },
            APIRoute(.get, "/console/session", scope: nil) { request, _ in
                guard let session = try await ConsoleSessions.session(of: request, store: store) else {
                    throw Problem(.unauthorized, "not logged in: POST /console/session with a client token")
                }
                return JSONResponse.make(.ok, ConsoleSessions.json(session))
            },
            APIRoute(.post, "/console/session", scope: nil) { request, context in
                let token = try JSONBody.fields(try await JSONBody.parse(request, context: context)) { body in try body.text("token") }
                let client = try await authenticator.client(token: token)
                let (cookie, session) = ConsoleSessions.make(for: client, timeout: sessionTimeout)
                try await store.createConsoleSession(session)
                return JSONResponse.make(.ok, ConsoleSessions.json(session),
                                         headers: [.setCookie: ConsoleSessions.cookie(cookie, maxAge: (session.expiresAt - session.createdAt) / 1000,
                                                                                      secure: secureCookies || request.uri.scheme == .https)])
            },
            APIRoute(.delete, "/console/session", scope: nil) { request, _ in
                if let session = try await ConsoleSessions.session(of: request, store: store) {
                    guard request.headers[.csrfToken] == session.csrfToken else {
                        throw Problem(.forbidden, "logging out needs the session's X-CSRF-Token header")
                    }
                    try await store.deleteConsoleSession(idHash: session.idHash)
                }
                return Response(status: .noContent, headers: [.setCookie: ConsoleSessions.cookie("", maxAge: 0, secure: false)])
            },
        ]
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .found, headers: [.location: location])
    }

    /// A page of the console, with headers that keep it to its own files: no framing,
    /// no scripts or styles but its own, no sniffing.
    static func asset(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: type,
            .cacheControl: "no-cache",
            .contentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
            .xContentTypeOptions: "nosniff",
            .referrerPolicy: "no-referrer",
        ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Console sessions: a random cookie value, kept in the store only as its SHA-256.
enum ConsoleSessions {
    static let cookieName = "suture_session"

    static func make(for client: AuthenticatedClient, timeout: Duration) -> (cookie: String, session: ConsoleSessionRecord) {
        let cookie = random()
        let now = WallClock.nowMilliseconds()
        let session = ConsoleSessionRecord(idHash: ClientSettings.hash(token: cookie), client: client.name, scopes: client.scopes.sorted(),
                                           csrfToken: random(), createdAt: now, expiresAt: now + timeout.components.seconds * 1000)
        return (cookie, session)
    }

    /// The session the request's cookie names, if it is valid.
    static func session(of request: Request, store: any Store) async throws -> ConsoleSessionRecord? {
        guard let cookie = request.cookies[cookieName]?.value, !cookie.isEmpty else { return nil }
        return try await store.consoleSession(idHash: ClientSettings.hash(token: cookie), now: WallClock.nowMilliseconds())
    }

    static func cookie(_ value: String, maxAge: Int64, secure: Bool) -> String {
        "\(cookieName)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (secure ? "; Secure" : "")
    }

    static func json(_ session: ConsoleSessionRecord) -> JSONValue {
        .object([
            ("client", .string(session.client)),
            ("scopes", .array(session.scopes.map(JSONValue.string))),
            ("csrfToken", .string(session.csrfToken)),
            ("expiresAt", .string(InventoryEventJSON.timestamp(milliseconds: session.expiresAt))),
        ])
    }

    /// 32 random bytes as hex.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// The console's files, compiled into the binary from Resources/console.
enum ConsoleAssets {
    static var indexHTML: [UInt8] { PackageResources.index_html }
    static var script: [UInt8] { PackageResources.console_js }
    static var styles: [UInt8] { PackageResources.console_css }
}

extension HTTPField.Name {
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
