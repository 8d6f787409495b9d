/// Finds the name a misspelt one was meant to be, for "did you mean ...?" in error
/// messages: the closest candidate by edit distance (insertions, deletions, substitutions,
/// and swaps of two neighbouring letters), ignoring case, if it is close enough to be a
/// typo rather than another word.
public enum NearestName {
    public static func to(_ name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased().utf8)
        // One edit in short names, about one in three in longer ones.
        let limit = max(1, min(3, target.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = Self.distance(target, Array(candidate.lowercased().utf8))
            guard distance <= limit, distance < (best?.distance ?? .max) else { continue }
            best = (candidate, distance)
        }
        return best?.name
    }

    /// The optimal string alignment distance of two byte strings.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
