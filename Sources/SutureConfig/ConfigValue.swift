public import Foundation

/// A configuration value after checking: environment variables substituted, defaults
/// filled in, lines kept.
public indirect enum ConfigValue: Sendable {
    case scalar(String, line: Int?)
    case list([ConfigValue], line: Int?)
    case mapping([(key: String, value: ConfigValue)], line: Int?)

    public var line: Int? {
        switch self {
        case .scalar(_, let line), .list(_, let line), .mapping(_, let line): return line
        }
    }

    public var string: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    public var items: [ConfigValue] {
        if case .list(let values, _) = self { return values }
        return []
    }

    public var members: [(key: String, value: ConfigValue)] {
        if case .mapping(let members, _) = self { return members }
        return []
    }

    public subscript(key: String) -> ConfigValue? {
        members.first { $0.key == key }?.value
    }
}

/// Typed reads of a checked tree. The checker validated every value against its
/// `ConfigType` and filled in defaults, so a failing read means the loader and
/// `ConfigSpec` disagree; it is reported as a problem, never a crash.
extension ConfigValue {
    /// The member `key`, which the checked tree must have.
    public func member(_ key: String) throws(ConfigProblem) -> ConfigValue {
        guard let value = self[key] else {
            throw ConfigProblem(path: key, line: line, message: "has no value after checking; ConfigSpec gives it no default (a bug in Suture)")
        }
        return value
    }

    public func text(_ key: String) throws(ConfigProblem) -> String {
        let value = try member(key)
        guard let text = value.string else { throw Self.unreadable(key, value, "a single value") }
        return text
    }

    public func integer(_ key: String) throws(ConfigProblem) -> Int {
        let value = try member(key)
        guard let number = value.string.flatMap({ Int($0) }) else { throw Self.unreadable(key, value, "a whole number") }
        return number
    }

    public func duration(_ key: String) throws(ConfigProblem) -> Duration {
        let value = try member(key)
        guard let duration = value.string.flatMap(ConfigDuration.parse) else { throw Self.unreadable(key, value, "a duration") }
        return duration
    }

    public func decimal(_ key: String) throws(ConfigProblem) -> Decimal {
        let value = try member(key)
        guard let number = value.string.flatMap({ Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }) else {
            throw Self.unreadable(key, value, "a decimal number")
        }
        return number
    }

    /// The words of a list member; empty when the key is absent.
    public func words(_ key: String) -> [String] {
        self[key]?.items.compactMap(\.string) ?? []
    }

    private static func unreadable(_ key: String, _ value: ConfigValue, _ expected: String) -> ConfigProblem {
        ConfigProblem(path: key, line: value.line, message: "is not \(expected) after checking (a bug in Suture)")
    }
}
