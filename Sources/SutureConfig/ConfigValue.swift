/// A configuration value after checking: environment variables substituted, lines kept.
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
