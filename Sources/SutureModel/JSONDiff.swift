/// The differences between two JSON documents, as paths and values (`lines[0].unit`:
/// `"EA"` → `"BX"`): what a replay would send differently from the last attempt.
public enum JSONDiff {
    public struct Change: Sendable, Equatable {
        /// `lines[0].unit`; empty for the whole document.
        public var path: String
        /// The value before; nil when the member is new.
        public var from: JSONValue?
        /// The value after; nil when the member is gone.
        public var to: JSONValue?

        public init(path: String, from: JSONValue?, to: JSONValue?) {
            self.path = path
            self.from = from
            self.to = to
        }
    }

    public static func changes(from old: JSONValue, to new: JSONValue) -> [Change] {
        var changes: [Change] = []
        compare(old, new, path: "", into: &changes)
        return changes
    }

    private static func compare(_ old: JSONValue, _ new: JSONValue, path: String, into changes: inout [Change]) {
        switch (old, new) {
        case (.object(let before), .object(let after)):
            for (key, value) in before {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if let match = after.first(where: { $0.0 == key }) {
                    compare(value, match.1, path: child, into: &changes)
                } else {
                    changes.append(Change(path: child, from: value, to: nil))
                }
            }
            for (key, value) in after where !before.contains(where: { $0.0 == key }) {
                changes.append(Change(path: path.isEmpty ? key : "\(path).\(key)", from: nil, to: value))
            }
        case (.array(let before), .array(let after)):
            for index in 0..<max(before.count, after.count) {
                let child = "\(path)[\(index)]"
                switch (index < before.count ? before[index] : nil, index < after.count ? after[index] : nil) {
                case (let value?, let match?): compare(value, match, path: child, into: &changes)
                case (let value?, nil): changes.append(Change(path: child, from: value, to: nil))
                case (nil, let match?): changes.append(Change(path: child, from: nil, to: match))
                case (nil, nil): break
                }
            }
        default:
            if old != new { changes.append(Change(path: path, from: old, to: new)) }
        }
    }
}
