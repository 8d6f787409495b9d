/// One thing wrong in a configuration file: where (key path and line) and what.
public struct ConfigProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Dotted key path, with list indexes: `systems.erp.retry.maxAttempts`, `clients[0].scopes[1]`.
    public let path: String
    /// 1-based line in the file, when known.
    public let line: Int?
    public let message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        let location = line.map { "line \($0): " } ?? ""
        let key = path.isEmpty ? "" : "\(path): "
        return "\(location)\(key)\(message)"
    }
}

/// All problems found in a configuration file; thrown when there is at least one.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let problems: [ConfigProblem]

    public var description: String {
        problems.map { "\(file): \($0)" }.joined(separator: "\n")
    }
}
