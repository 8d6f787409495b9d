import Foundation

/// Test inputs read from `Fixtures/`, found from this file's path so that no bundle resources are needed.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func publicSample(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent("public").appendingPathComponent(name)))
    }
}
