import Foundation
import Testing

@Suite struct VersionCommandTests {
    /// `suture --version` names the release and the commit the binary was built from.
    @Test func versionNamesTheReleaseAndTheCommitOfTheBuild() async throws {
        let directory = try SutureProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await SutureProcess.run(["--version"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("suture 0.9.0 (commit "), "\(line)")
        // The tests are built from this checkout, so the commit is its HEAD (marked when
        // tracked files differ from it).
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", sources.path, "rev-parse", "--short=12", "HEAD"]
        let out = Pipe()
        git.standardOutput = out
        git.standardError = Pipe()
        try git.run()
        let head = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        git.waitUntilExit()
        if git.terminationStatus == 0 {
            #expect(line.hasPrefix("suture 0.9.0 (commit \(head)"), "\(line) is not built from \(head)")
        } else {
            #expect(line == "suture 0.9.0 (commit unknown)")
        }
    }
}
