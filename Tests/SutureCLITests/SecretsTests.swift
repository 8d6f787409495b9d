import Foundation
import SutureTestSupport
import Testing

/// Secrets never appear where people read (docs/governance.md, "Secrets"): in the hub's log
/// (at debug level), problem details, `config check` and `config reference` output, or the
/// audit log.
@Suite struct SecretsTests {
    @Test func noSecretAppearsInLogsProblemsConfigOutputOrTheAuditLog() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secrets = ["ADMIN": "admin-s3cret-7Qx", "ERP": "erp-s3cret-9Zk", "HOOK": "hook-s3cret-4Lm"]
        try """
            store: "sqlite:data/suture.db"
            clients:
              - name: admin
                token: ${ADMIN}
                scopes: [admin]
            systems:
              erp: { kind: erp-http, url: "http://127.0.0.1:9/erp", token: "${ERP}", retry: { maxAttempts: 2, initialBackoff: 10ms, maxBackoff: 20ms } }
              analytics: { kind: webhook, url: "http://127.0.0.1:9/hook", secret: "${HOOK}" }
            routes:
              - to: [erp, analytics]
            """.write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
        var seen: [String] = []
        let check = try await SutureProcess.run(["config", "check", "suture.yaml"], in: directory, environment: secrets)
        #expect(check.status == 0, "\(check.stderr)")
        seen += [check.stdout, check.stderr]
        let reference = try await SutureProcess.run(["config", "reference"], in: directory, environment: secrets)
        seen += [reference.stdout, reference.stderr]

        let log = directory.appendingPathComponent("serve.log")
        let hub = try await ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory, log: log,
                                          environment: secrets.merging(["LOG_LEVEL": "debug"]) { $1 })
        let token = secrets["ADMIN"]!
        // A wrong token (a secret of another system), a client made and rotated, an event whose
        // deliveries fail against systems that are not there (their errors are logged).
        let wrong = try await http("GET", hub.baseURL.appendingPathComponent("v1/items"), token: secrets["ERP"]!)
        #expect(wrong.status == 401)
        seen.append(wrong.body)
        let added = try await http("POST", hub.baseURL.appendingPathComponent("v1/admin/clients"), token: token,
                                   json: #"{"name":"scanner-9","scopes":["events:write"]}"#)
        #expect(added.status == 201)
        let issued = try #require((try JSONSerialization.jsonObject(with: Data(added.body.utf8)) as? [String: Any])?["token"] as? String)
        let rotated = try await http("POST", hub.baseURL.appendingPathComponent("v1/admin/clients/scanner-9/rotate"), token: token, json: #"{"grace":"1m"}"#)
        let reissued = try #require((try JSONSerialization.jsonObject(with: Data(rotated.body.utf8)) as? [String: Any])?["token"] as? String)
        let event = #"{"type":"receipt","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"L","item":"I","quantity":"1","unit":"EA"}"#
        _ = try await http("POST", hub.baseURL.appendingPathComponent("v1/events"), token: issued, json: event, headers: ["Idempotency-Key": "k1"])
        let badBody = try await http("POST", hub.baseURL.appendingPathComponent("v1/admin/clients"), token: token, json: #"{"name":"x","scopes":["nope"],"token":"\#(token)"}"#)
        seen.append(badBody.body)
        let audit = try await http("GET", hub.baseURL.appendingPathComponent("v1/audit"), token: token)
        #expect(audit.status == 200)
        seen.append(audit.body)
        // Stopping waits for the process to exit, so everything it logged is in the file.
        #expect(await hub.stop() == 0)
        seen.append(try String(contentsOf: log, encoding: .utf8))

        let all = seen.joined(separator: "\n")
        #expect(all.contains("scanner-9"), "the outputs were collected")
        for secret in Array(secrets.values) + [issued, reissued] {
            #expect(!all.contains(secret), "a secret appeared: \(secret.prefix(6))…")
        }
    }
}
