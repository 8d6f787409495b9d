import Foundation
import SutureModel
import Yams

/// Checks a YAML configuration against `ConfigSpec`, collecting every problem with its
/// key path and line instead of stopping at the first.
struct ConfigChecker {
    let environment: [String: String]
    private(set) var problems: [ConfigProblem] = []
    /// What is allowed but should not stay so in production: a `${NAME:-default}` that took its default.
    private(set) var warnings: [ConfigProblem] = []

    init(environment: [String: String]) {
        self.environment = environment
    }

    /// Parses and checks `yaml`; returns the checked tree with every absent key that has a
    /// default filled in (nil when the YAML itself is broken).
    mutating func check(yaml: String) -> ConfigValue? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            problems.append(Self.problem(from: error))
            return nil
        } catch {
            problems.append(ConfigProblem(path: "", line: nil, message: "not valid YAML: \(error)"))
            return nil
        }
        let value = check(root ?? .mapping(Node.Mapping([])), as: ConfigSpec.root, path: "")
        if let value { checkReferences(value) }
        return value
    }

    static func problem(from error: YamlError) -> ConfigProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigProblem(path: "", line: mark.line, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigProblem(path: "", line: context.mark.line, message: "repeated key \(duplicates.joined(separator: ", "))")
        default:
            return ConfigProblem(path: "", line: nil, message: "not valid YAML: \(error)")
        }
    }

    private mutating func report(_ path: String, _ node: Node?, _ message: String) {
        problems.append(ConfigProblem(path: path, line: node?.mark?.line, message: message))
    }

    private mutating func check(_ node: Node, as type: ConfigType, path: String) -> ConfigValue? {
        let line = node.mark?.line
        switch type {
        case .record(let keys):
            guard case .mapping(let mapping) = node else {
                report(path, node, "must be a mapping of keys")
                return nil
            }
            return checkMapping(mapping, keys: keys, path: path, line: line)
        case .variants(let tag, let variants):
            guard case .mapping(let mapping) = node else {
                report(path, node, "must be a mapping of keys")
                return nil
            }
            let tagNode = mapping.first { $0.key.string == tag }?.value
            guard let tagValue = tagNode?.string else {
                report(path, node, "needs `\(tag)`: one of \(variants.map(\.tagValue).joined(separator: ", "))")
                return nil
            }
            guard let variant = variants.first(where: { $0.tagValue == tagValue }) else {
                report(Self.join(path, tag), tagNode, "unknown \(tag) '\(tagValue)': use one of \(variants.map(\.tagValue).joined(separator: ", "))")
                return nil
            }
            return checkMapping(mapping, keys: variant.keys, path: path, line: line)
        case .dictionary(_, let valueType):
            guard case .mapping(let mapping) = node else {
                report(path, node, "must be a mapping")
                return nil
            }
            var members: [(key: String, value: ConfigValue)] = []
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string, !key.isEmpty else {
                    report(path, keyNode, "keys must be names")
                    continue
                }
                if let value = check(valueNode, as: valueType, path: Self.join(path, key)) {
                    members.append((key, value))
                }
            }
            return .mapping(members, line: line)
        case .list(let elementType):
            guard case .sequence(let sequence) = node else {
                report(path, node, "must be a list")
                return nil
            }
            var values: [ConfigValue] = []
            for (index, element) in sequence.enumerated() {
                if let value = check(element, as: elementType, path: "\(path)[\(index)]") { values.append(value) }
            }
            return .list(values, line: line)
        default:
            guard case .scalar(let scalar) = node else {
                report(path, node, "must be a single value (\(type.summary))")
                return nil
            }
            guard let text = substitute(scalar.string, path: path, node: node) else { return nil }
            guard checkScalar(text, as: type, path: path, node: node) else { return nil }
            return .scalar(text, line: line)
        }
    }

    private mutating func checkMapping(_ mapping: Node.Mapping, keys: [ConfigKey], path: String, line: Int?) -> ConfigValue {
        var members: [(key: String, value: ConfigValue)] = []
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.string else {
                report(path, keyNode, "keys must be names")
                continue
            }
            let keyPath = Self.join(path, name)
            guard let key = keys.first(where: { $0.name == name }) else {
                report(keyPath, keyNode, "unknown key '\(name)'; allowed here: \(keys.map(\.name).joined(separator: ", "))")
                continue
            }
            if let value = check(valueNode, as: key.type, path: keyPath) { members.append((name, value)) }
        }
        for key in keys where !mapping.contains(where: { $0.key.string == key.name }) {
            if key.required {
                problems.append(ConfigProblem(path: Self.join(path, key.name), line: line, message: "is required: \(key.doc)"))
            } else if let value = ConfigDefaults.value(of: key) {
                members.append((key.name, value))
            }
        }
        return .mapping(members, line: line)
    }

    /// Replaces `${NAME}` with the environment's value; a missing variable is a problem.
    /// `${NAME:-default}` takes the default when NAME is not set, with a warning: it is
    /// for development (the example configuration starts without secrets), not production.
    private mutating func substitute(_ text: String, path: String, node: Node) -> String? {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        var ok = true
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                report(path, node, "unterminated ${ in '\(text)'")
                return nil
            }
            let reference = rest[start.upperBound..<end]
            let name: String
            var fallback: String?
            if let separator = reference.range(of: ":-") {
                name = String(reference[..<separator.lowerBound])
                fallback = String(reference[separator.upperBound...])
            } else {
                name = String(reference)
            }
            if let value = environment[name] {
                result += value
            } else if let fallback {
                result += fallback
                warnings.append(ConfigProblem(path: path, line: node.mark?.line,
                                              message: "uses the development default of \(name); set \(name) in production"))
            } else {
                report(path, node, "environment variable \(name) is not set (referenced as ${\(name)})")
                ok = false
            }
            rest = rest[rest.index(after: end)...]
        }
        result += rest
        return ok ? result : nil
    }

    private mutating func checkScalar(_ text: String, as type: ConfigType, path: String, node: Node) -> Bool {
        switch type {
        case .string:
            return true
        case .secret:
            if text.isEmpty { report(path, node, "must not be empty"); return false }
            return true
        case .integer(let range):
            guard let number = Int(text), range.contains(number) else {
                report(path, node, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
                return false
            }
            return true
        case .decimal:
            guard Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) != nil,
                  text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else {
                report(path, node, "must be a decimal number such as 2 or \"5.00\", not '\(text)'")
                return false
            }
            return true
        case .duration:
            guard ConfigDuration.parse(text) != nil else {
                report(path, node, "must be a duration such as 200ms, 10s, 5m or 1h, not '\(text)'")
                return false
            }
            return true
        case .boolean:
            guard ["true", "false"].contains(text) else {
                report(path, node, "must be true or false, not '\(text)'")
                return false
            }
            return true
        case .oneOf(let words):
            guard words.contains(text) else {
                report(path, node, "'\(text)' is not one of \(words.joined(separator: ", "))")
                return false
            }
            return true
        case .httpURL:
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                report(path, node, "must be an http:// or https:// URL, not '\(text)'")
                return false
            }
            return true
        case .currency:
            guard (try? CurrencyCode(text)) != nil else {
                report(path, node, "must be an ISO 4217 currency code, three upper-case letters such as USD or EUR, not '\(text)'")
                return false
            }
            return true
        case .storeURL:
            guard text.hasPrefix("sqlite:") && text.count > "sqlite:".count
                    || text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
                report(path, node, "must be sqlite:PATH or postgres://user:password@host:port/database")
                return false
            }
            return true
        case .list, .record, .dictionary, .variants:
            return true
        }
    }

    /// The source names of the events whose codes are canonical ids: `suture` for the events
    /// Suture raises itself (docs/stock.md), `fhir` for the FHIR resources posted to it
    /// (docs/fhir.md). No configured system may take them.
    static let ownSources = ["suture": "the source of the events Suture raises itself (docs/stock.md)",
                             "fhir": "the source of the FHIR resources posted to /fhir/r5 (docs/fhir.md)"]

    /// Checks what one part of the file says about another: routes name declared systems,
    /// clients give exactly one kind of token, names are unique.
    private mutating func checkReferences(_ root: ConfigValue) {
        let systems = Set(root["systems"]?.members.map(\.key) ?? [])
        for (name, value) in root["systems"]?.members ?? [] {
            guard let meaning = Self.ownSources[name] else { continue }
            problems.append(ConfigProblem(path: "systems.\(name)", line: value.line, message: "'\(name)' is \(meaning); name the system otherwise"))
        }
        for (index, route) in (root["routes"]?.items ?? []).enumerated() {
            for (position, target) in (route["to"]?.items ?? []).enumerated() {
                guard let name = target.string, !systems.contains(name) else { continue }
                problems.append(ConfigProblem(path: "routes[\(index)].to[\(position)]", line: target.line,
                                              message: "no system named '\(name)' under systems"))
            }
            for (position, source) in (route["match"]?["source"]?.items ?? []).enumerated() {
                // `suture` and `fhir` are the sources of events without a system of their own.
                guard let name = source.string, !systems.contains(name), Self.ownSources[name] == nil else { continue }
                problems.append(ConfigProblem(path: "routes[\(index)].match.source[\(position)]", line: source.line,
                                              message: "no system named '\(name)' under systems"))
            }
        }
        checkAlerts(root, systems: root["systems"]?.members ?? [])
        for (name, value) in root["exceptions"]?["sla"]?.members ?? [] where ExceptionType(rawValue: name) == nil {
            let known = ExceptionType.allCases.map(\.rawValue)
            let hint = NearestName.to(name, among: known).map { "; did you mean '\($0)'?" } ?? "; one of \(known.joined(separator: ", "))"
            problems.append(ConfigProblem(path: "exceptions.sla.\(name)", line: value.line, message: "is not an exception type\(hint)"))
        }
        var clientNames: Set<String> = []
        for (index, client) in (root["clients"]?.items ?? []).enumerated() {
            let path = "clients[\(index)]"
            if let name = client["name"]?.string, !clientNames.insert(name).inserted {
                problems.append(ConfigProblem(path: "\(path).name", line: client["name"]?.line, message: "another client is already named '\(name)'"))
            }
            switch (client["token"], client["tokenSHA256"]) {
            case (nil, nil):
                problems.append(ConfigProblem(path: path, line: client.line, message: "needs `token` or `tokenSHA256`"))
            case (.some, .some):
                problems.append(ConfigProblem(path: path, line: client.line, message: "give `token` or `tokenSHA256`, not both"))
            case (nil, .some(let hash)):
                let text = hash.string ?? ""
                if text.count != 64 || !text.allSatisfy({ $0.isHexDigit }) {
                    problems.append(ConfigProblem(path: "\(path).tokenSHA256", line: hash.line, message: "must be 64 hex digits (the SHA-256 of the token)"))
                }
            case (.some, nil):
                break
            }
        }
    }

    /// Alert rules name systems that exist, notify webhook systems, and say what they compare.
    private mutating func checkAlerts(_ root: ConfigValue, systems: [(key: String, value: ConfigValue)]) {
        var names: Set<String> = []
        for (index, rule) in (root["alerts"]?.items ?? []).enumerated() {
            let path = "alerts[\(index)]"
            if let name = rule["name"]?.string, !names.insert(name).inserted {
                problems.append(ConfigProblem(path: "\(path).name", line: rule["name"]?.line, message: "another alert rule is already named '\(name)'"))
            }
            if let when = rule["when"] {
                let metric = when["metric"]?.string.flatMap(AlertRule.Metric.init(rawValue:))
                switch (when["above"], when["below"]) {
                case (nil, nil): problems.append(ConfigProblem(path: "\(path).when", line: when.line, message: "needs `above` or `below`"))
                case (.some, .some): problems.append(ConfigProblem(path: "\(path).when", line: when.line, message: "give `above` or `below`, not both"))
                default: break
                }
                if let metric, metric.perSystem, when["system"] == nil {
                    problems.append(ConfigProblem(path: "\(path).when", line: when.line, message: "\(metric.rawValue) is a figure of one system: name it with `system`"))
                }
                if let metric, !metric.perSystem, let system = when["system"] {
                    problems.append(ConfigProblem(path: "\(path).when.system", line: system.line, message: "\(metric.rawValue) is a figure of the whole hub; remove `system`"))
                }
                if let system = when["system"], let name = system.string, !systems.contains(where: { $0.key == name }) {
                    problems.append(ConfigProblem(path: "\(path).when.system", line: system.line, message: "no system named '\(name)' under systems"))
                }
                if let type = when["type"], metric != .openExceptions {
                    problems.append(ConfigProblem(path: "\(path).when.type", line: type.line, message: "`type` applies to openExceptions only"))
                }
            }
            for (position, target) in (rule["notify"]?.items ?? []).enumerated() {
                guard let name = target.string else { continue }
                guard let system = systems.first(where: { $0.key == name })?.value else {
                    problems.append(ConfigProblem(path: "\(path).notify[\(position)]", line: target.line, message: "no system named '\(name)' under systems"))
                    continue
                }
                if system["kind"]?.string != "webhook" {
                    problems.append(ConfigProblem(path: "\(path).notify[\(position)]", line: target.line,
                                                  message: "'\(name)' is a \(system["kind"]?.string ?? "?") system; alerts are sent to webhook systems"))
                }
            }
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
