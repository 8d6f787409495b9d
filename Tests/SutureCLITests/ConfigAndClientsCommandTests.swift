import Foundation
import Testing

@Suite struct ConfigAndClientsCommandTests {
    @Test func configCheckNamesAnUnknownKeyAndAMissingVariableWithTheirLines() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            http:
              port: 8080
            systems:
              erp:
                kind: erp-http
                url: http://127.0.0.1:9100
                tokn: abc
                token: ${SUTURE_TEST_UNSET_VARIABLE}
            """.write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try await SutureProcess.run(["config", "check", "bad.yaml"], in: directory)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("bad.yaml: line 7: systems.erp.tokn: unknown key 'tokn'; allowed here: kind, url, token, caFile, drift, rateLimit, retry, timeout, circuitBreaker, concurrency"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("bad.yaml: line 8: systems.erp.token:") && $0.contains("SUTURE_TEST_UNSET_VARIABLE") }, "\(lines)")
    }

    @Test func configCheckAcceptsAValidFile() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            systems:
              erp: { kind: erp-http, url: "http://127.0.0.1:9100", token: "${ERP_TOKEN}" }
            routes:
              - match: { type: [receipt] }
                to: [erp]
            """.write(to: directory.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
        let result = try await SutureProcess.run(["config", "check", "good.yaml"], in: directory, environment: ["ERP_TOKEN": "x"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("OK"))
    }

    @Test func configCheckOfAMissingFileIsOneLineAndExit1() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await SutureProcess.run(["config", "check", "nope.yaml"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("nope.yaml: cannot read the file"))
    }

    @Test func clientsAddPrintsTheTokenAloneOnTheLastLineAndStoresOnlyItsHash() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await SutureProcess.run(["clients", "add", "scanner-1", "--scope", "events:write", "--store", "sqlite:data/x.db"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let token = try #require(result.stdout.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix("sut_") && token.count > 40)
        let database = try Data(contentsOf: directory.appendingPathComponent("data/x.db"))
            + ((try? Data(contentsOf: directory.appendingPathComponent("data/x.db-wal"))) ?? Data())
        #expect(database.range(of: Data(token.utf8)) == nil, "the token itself must not be stored")
        let again = try await SutureProcess.run(["clients", "add", "scanner-1", "--scope", "events:write", "--store", "sqlite:data/x.db"], in: directory)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func clientsAddRefusesAnUnknownScope() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await SutureProcess.run(["clients", "add", "x", "--scope", "everything"], in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains("unknown scope 'everything'"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("suture-data").path))
    }

    @Test func everyCommandHasHelp() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for command in [["--help"], ["serve", "--help"], ["config", "check", "--help"], ["clients", "add", "--help"]] {
            let result = try await SutureProcess.run(command, in: directory)
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("USAGE"), "\(command)")
        }
    }
}

@Suite struct ExampleConfigurationTests {
    @Test func theExampleConfigurationInTheRepositoryIsValid() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try await SutureProcess.run(["config", "check", root.appendingPathComponent("suture.example.yaml").path], in: root,
                                           environment: ["ERP_TOKEN": "t", "ANALYTICS_SECRET": "s"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
