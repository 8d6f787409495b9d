import Foundation
import NIOCore
import NIOPosix
import Testing

/// What an operator sees at the default log level when a destination is not there.
@Suite struct DeliveryLogTests {
    @Test func eachRetryScheduledIsOneInfoLineWithTheReasonAndTheCorrelationID() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let closed = try await ReadmeTourTests.freePort()
        try """
            systems:
              storeroom-a: { kind: inventory }
              erp:
                kind: erp-http
                url: http://127.0.0.1:\(closed)
                retry: { maxAttempts: 3, initialBackoff: 50ms, maxBackoff: 100ms }
                timeout: 60s
            routes:
              - to: [erp]
            """.write(to: directory.appendingPathComponent("suture.yaml"), atomically: true, encoding: .utf8)
        let added = try await SutureProcess.run(["clients", "add", "scanner", "--scope", "admin", "--config", "suture.yaml"], in: directory)
        let token = try #require(added.stdout.split(separator: "\n").last.map(String.init))
        let log = directory.appendingPathComponent("hub.log")
        let hub = try await ServerProcess(["--config", "suture.yaml", "--port", "0"], in: directory, log: log)
        defer { kill(hub.process.processIdentifier, SIGTERM) }
        for (path, body) in [("/v1/items/GLOVE-M", #"{"description":"Gloves","baseUnit":"EA"}"#),
                             ("/v1/locations/OR", #"{"name":"OR store","type":"storeroom"}"#),
                             ("/v1/systems/erp/crosswalk/items/E-1", #"{"id":"GLOVE-M"}"#),
                             ("/v1/systems/erp/crosswalk/locations/W-1", #"{"id":"OR"}"#),
                             ("/v1/systems/storeroom-a/crosswalk/items/S-1", #"{"id":"GLOVE-M"}"#),
                             ("/v1/systems/storeroom-a/crosswalk/locations/S-OR", #"{"id":"OR"}"#)] {
            #expect(try await http("PUT", hub.baseURL.appendingPathComponent(path), token: token, json: body).status == 201)
        }
        let event = #"{"type":"issue","source":"storeroom-a","occurredAt":"2026-05-18T10:15:00Z","location":"S-OR","item":"S-1","quantity":"1","unit":"EA"}"#
        let accepted = try await http("POST", hub.baseURL.appendingPathComponent("/v1/events"), token: token, json: event,
                                      headers: ["Idempotency-Key": "log-1", "Content-Type": "application/json"])
        #expect(accepted.status == 202, "\(accepted.body)")
        let correlationID = try #require(try JSONSerialization.jsonObject(with: Data(accepted.body.utf8)) as? [String: Any])["correlationId"] as? String
        func lines() -> [Substring] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n")
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !lines().contains(where: { $0.contains("opened:") }) { try await Task.sleep(for: .milliseconds(50)) }
        let retries = lines().filter { $0.contains(" info ") && $0.contains("next attempt in") }
        #expect(retries.count == 2, "attempts 1 and 2 each schedule a retry; the third opens the exception:\n\(lines().joined(separator: "\n"))")
        #expect(retries.allSatisfy { $0.contains("connection refused by 127.0.0.1:\(closed)") && $0.contains(correlationID ?? "-") },
                "\(retries)")
        let opened = lines().filter { $0.contains("delivery-exhausted") || $0.contains("could not be reached after 3 attempts") }
        #expect(opened.count == 1, "\(lines().joined(separator: "\n"))")
    }
}
