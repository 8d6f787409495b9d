import Foundation
import SutureTestSupport
import Testing

/// HTTPS and mutual TLS with certificates made for the test (docs/governance.md, "TLS").
@Suite struct TLSTests {
    /// A CA, a server certificate for 127.0.0.1 signed by it, and a client certificate
    /// signed by it, made with openssl in `directory`.
    static func makeCertificates(in directory: URL) async throws {
        let commands = [
            "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=suture-test-ca -keyout ca.key -out ca.pem",
            "openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out server.csr",
            "printf 'subjectAltName=IP:127.0.0.1\\n' > server.ext",
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem",
            "openssl req -newkey rsa:2048 -nodes -subj /CN=scanner-7 -keyout client.key -out client.csr",
            "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem",
        ]
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", commands.joined(separator: " && ")], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
    }

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
        try await Self.makeCertificates(in: directory)
        let ca = directory.appendingPathComponent("ca.pem")
        let client = (certificate: directory.appendingPathComponent("client.pem"), key: directory.appendingPathComponent("client.key"))

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
    }
}
