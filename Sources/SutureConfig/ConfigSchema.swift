/// The shape of one configuration value, declared once: the checker validates files
/// against it and the configuration reference (docs/configuration.md) is printed from it.
public indirect enum ConfigType: Sendable {
    case string
    /// A string that must never be printed (tokens, secrets, passwords).
    case secret
    case integer(ClosedRange<Int>)
    /// A decimal number, written as a number or a quoted string ("5.00").
    case decimal
    /// A duration such as `200ms`, `10s`, `5m`, `1h`.
    case duration
    case boolean
    /// One of a fixed set of words.
    case oneOf([String])
    /// An `http://` or `https://` URL.
    case httpURL
    /// An ISO 4217 currency code (`USD`, `EUR`).
    case currency
    /// A store URL: `sqlite:PATH` or `postgres://...`.
    case storeURL
    case list(of: ConfigType)
    /// A mapping with these keys and no others.
    case record([ConfigKey])
    /// A mapping whose keys the user chooses (system names); each value has `ConfigType`.
    case dictionary(keyName: String, of: ConfigType)
    /// A mapping whose allowed keys depend on the value of its `tag` key (a system's `kind`).
    case variants(tag: String, [ConfigVariant])

    /// How the type reads in the reference.
    public var summary: String {
        switch self {
        case .string: return "string"
        case .secret: return "string (secret)"
        case .integer(let range): return "integer \(range.lowerBound)-\(range.upperBound)"
        case .decimal: return "decimal"
        case .duration: return "duration (`200ms`, `10s`, `5m`)"
        case .boolean: return "boolean"
        case .oneOf(let words): return words.map { "`\($0)`" }.joined(separator: " \\| ")
        case .httpURL: return "http(s) URL"
        case .currency: return "ISO 4217 currency code"
        case .storeURL: return "store URL (`sqlite:PATH` or `postgres://...`)"
        case .list(let element): return "list of \(element.summary)"
        case .record: return "mapping"
        case .dictionary(let keyName, _): return "mapping of \(keyName) to settings"
        case .variants(let tag, _): return "mapping, keys depend on `\(tag)`"
        }
    }
}

/// One key of a mapping in the configuration, with its documentation.
public struct ConfigKey: Sendable {
    public let name: String
    public let type: ConfigType
    public let required: Bool
    /// The default as written in the reference, nil if the key has none.
    public let defaultValue: String?
    public let doc: String

    public init(_ name: String, _ type: ConfigType, required: Bool = false, default defaultValue: String? = nil, doc: String) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.doc = doc
    }
}

/// The keys a mapping allows for one value of its tag (the settings of one system kind).
public struct ConfigVariant: Sendable {
    public let tagValue: String
    public let doc: String
    public let keys: [ConfigKey]

    public init(_ tagValue: String, doc: String, keys: [ConfigKey]) {
        self.tagValue = tagValue
        self.doc = doc
        self.keys = keys
    }
}
