public import Foundation

/// Certificates made with openssl for a test: a CA, a server certificate for 127.0.0.1
/// signed by it, and a client certificate signed by it.
public struct TestCertificates: Sendable {
    public let ca: URL
    public let serverCertificate: URL
    public let serverKey: URL
    public let clientCertificate: URL
    public let clientKey: URL

    /// Makes the files in `directory` (ca.pem, server.pem/.key, client.pem/.key).
    public static func make(in directory: URL) async throws -> TestCertificates {
        let commands = [
            "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=suture-test-ca -keyout ca.key -out ca.pem",
            "openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out server.csr",
            "printf 'subjectAltName=IP:127.0.0.1\\n' > server.ext",
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem",
            "openssl req -newkey rsa:2048 -nodes -subj /CN=scanner-7 -keyout client.key -out client.csr",
            "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem",
        ]
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", commands.joined(separator: " && ")], directory: directory)
        guard result.status == 0 else { throw TestCertificatesError.opensslFailed(result.stderr) }
        return TestCertificates(ca: directory.appendingPathComponent("ca.pem"),
                                serverCertificate: directory.appendingPathComponent("server.pem"), serverKey: directory.appendingPathComponent("server.key"),
                                clientCertificate: directory.appendingPathComponent("client.pem"), clientKey: directory.appendingPathComponent("client.key"))
    }
}

public enum TestCertificatesError: Error {
    case opensslFailed(String)
}
