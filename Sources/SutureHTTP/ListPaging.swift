import Hummingbird
import SutureModel
import SutureStore

/// The query parameters and the answer of the list endpoints (`GET /v1/items` and the
/// like): `q` to search, `limit` (1 to 500, default 50) and `cursor` (the previous page's
/// `next`); the answer is `{"items":[...],"next":<cursor or null>}`.
enum ListPaging {
    static func query(_ parameters: Parameters) throws -> ListQuery {
        var limit = 50
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw Problem(.invalidField, "limit: must be 1 to 500") }
            limit = value
        }
        let search = parameters.get("q").map { String($0) }
        if let search, search.unicodeScalars.count > 200 { throw Problem(.invalidField, "q: must be at most 200 characters") }
        return ListQuery(search: search, after: parameters.get("cursor").map { String($0) }, limit: limit)
    }

    static func json<Record>(_ page: Page<Record>, _ record: (Record) -> JSONValue) -> JSONValue {
        .object([("items", .array(page.records.map(record))), ("next", page.next.map(JSONValue.string) ?? .null)])
    }
}
