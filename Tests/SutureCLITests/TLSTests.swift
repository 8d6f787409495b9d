import Foundation
import SutureTestSupport
import Testing

/// HTTPS and mutual TLS with certificates made for the test (docs/governance.md, "TLS").
@Suite struct TLSTests {
    static func call(_ url: URL, ca: URL, client: (certificate: URL, key: URL)? = nil) async throws -> [String: Any] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/tls-client.py")
        var arguments = ["python3", script.path, url.absoluteString, ca.path]
        if let client { arguments += [client.certificate.path, client.key.path] }
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
    }

    @Test func theHubServesHTTPSAndUnderMutualTLSRefusesAClientWithoutACertificate() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificates = try await TestCertificates.make(in: directory)
        let ca = certificates.ca
        let client = (certificate: certificates.clientCertificate, key: certificates.clientKey)

        // HTTPS: a client that trusts the CA gets its answer.
        try """
            store: "sqlite:data/suture.db"
            http: { tls: { certificate: server.pem, key: server.key } }
            """.write(to: directory.appendingPathComponent("https.yaml"), atomically: true, encoding: .utf8)
        let https = try await ServerProcess(["--config", "https.yaml", "--port", "0"], in: directory)
        #expect(https.baseURL.scheme == "https")
        let live = try await Self.call(https.baseURL.appendingPathComponent("health/live"), ca: ca)
        #expect(live["status"] as? Int == 200, "\(live)")
        #expect(await https.stop() == 0)

        // Mutual TLS: no client certificate, no connection; with one the CA signed, the answer.
        try """
            store: "sqlite:data/suture.db"
            http: { tls: { certificate: server.pem, key: server.key, clientCA: ca.pem } }
            """.write(to: directory.appendingPathComponent("mtls.yaml"), atomically: true, encoding: .utf8)
        let mutual = try await ServerProcess(["--config", "mtls.yaml", "--port", "0"], in: directory)
        let refused = try await Self.call(mutual.baseURL.appendingPathComponent("health/live"), ca: ca)
        #expect(refused["status"] == nil && (refused["error"] as? String ?? "").isEmpty == false, "\(refused)")
        let admitted = try await Self.call(mutual.baseURL.appendingPathComponent("health/live"), ca: ca, client: client)
        #expect(admitted["status"] as? Int == 200, "\(admitted)")
        #expect(await mutual.stop() == 0)
    }

    @Test func aMissingCertificateFileIsOneLineNamingTheKey() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            store: "sqlite:data/suture.db"
            http: { tls: { certificate: nowhere.pem, key: nowhere.key } }
            """.write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try await SutureProcess.run(["serve", "--config", "bad.yaml", "--port", "0"], in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains("http.tls.certificate: cannot read nowhere.pem"), "\(result.stderr)")

        // A connector's CA file, too: the hub does not start on a trust it cannot read.
        try """
            store: "sqlite:data/suture.db"
            systems:
              analytics: { kind: webhook, url: "https://127.0.0.1:9/events", secret: whsec_c2VjcmV0, caFile: nowhere-ca.pem }
            """.write(to: directory.appendingPathComponent("bad-ca.yaml"), atomically: true, encoding: .utf8)
        let connector = try await SutureProcess.run(["serve", "--config", "bad-ca.yaml", "--port", "0"], in: directory)
        #expect(connector.status != 0)
        #expect(connector.stderr.contains("systems.analytics.caFile: cannot read nowhere-ca.pem"), "\(connector.stderr)")
    }
}
