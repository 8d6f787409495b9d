/// Which records of a list to read: those matching `search` (case-insensitive, anywhere in
/// the fields each list names), after the key `after` (the previous page's `next`), at most
/// `limit`, in key order.
public struct ListQuery: Sendable, Equatable {
    public var search: String?
    public var after: String?
    public var limit: Int
    /// Only records with this status (lists of records that have one: items).
    public var status: String?

    public init(search: String? = nil, after: String? = nil, limit: Int = 50, status: String? = nil) {
        self.search = search.flatMap { $0.isEmpty ? nil : $0 }
        self.after = after
        self.limit = max(1, limit)
        self.status = status
    }

    /// `search` as a LIKE pattern (`%text%`, with `%`, `_` and `\` escaped by `\`), or nil.
    public var likePattern: String? {
        search.map { text in
            var escaped = ""
            for character in text {
                if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
                escaped.append(character)
            }
            return "%" + escaped + "%"
        }
    }

    /// The page of `records` read with one more than `limit`: the extra one only says that
    /// there is a next page, which starts after the last record kept.
    public func page<Record>(_ records: [Record], key: (Record) -> String) -> Page<Record> {
        guard records.count > limit else { return Page(records: records, next: nil) }
        let kept = Array(records.prefix(limit))
        return Page(records: kept, next: kept.last.map(key))
    }
}

/// One page of a list and where the next one starts (nil on the last page).
public struct Page<Record: Sendable>: Sendable {
    public var records: [Record]
    public var next: String?

    public init(records: [Record], next: String?) {
        self.records = records
        self.next = next
    }
}
