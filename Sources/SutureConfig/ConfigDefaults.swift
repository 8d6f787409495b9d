/// The defaults of `ConfigSpec`, as values: the checker fills them into the checked tree
/// so the loader reads every key with a default as present, and the settings types take
/// their `defaults` from here. Each default is written once, in its `ConfigKey`.
enum ConfigDefaults {
    /// The value an absent key takes: its scalar default, or, for a record none of whose
    /// keys is required, the record of its keys' defaults. Nil when the key has no default
    /// (its absence means something, as an absent client `rateLimit` means no limit).
    static func value(of key: ConfigKey) -> ConfigValue? {
        if let text = key.defaultValue, key.type.isScalar { return .scalar(text, line: nil) }
        if case .record(let keys) = key.type, !keys.contains(where: \.required) { return record(keys) }
        return nil
    }

    /// The record of `keys` at their defaults.
    static func record(_ keys: [ConfigKey]) -> ConfigValue {
        .mapping(keys.compactMap { key in value(of: key).map { (key.name, $0) } }, line: nil)
    }

    /// Builds a settings value from the defaults of `keys`. A failure here means a settings
    /// type reads a key its declaration gives no default: a mistake in Suture itself, which
    /// the configuration tests catch on their first run.
    static func build<Settings>(_ keys: [ConfigKey], _ make: (ConfigValue) throws(ConfigProblem) -> Settings) -> Settings {
        do {
            return try make(record(keys))
        } catch {
            fatalError("ConfigSpec declares no default for a key its settings type needs: \(error)")
        }
    }
}

extension ConfigType {
    /// Whether the type is a single value (not a list or mapping).
    var isScalar: Bool {
        switch self {
        case .list, .record, .dictionary, .variants: return false
        default: return true
        }
    }
}
