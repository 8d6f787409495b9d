import Foundation

/// Where a store lives, parsed from a store URL (`sqlite:PATH` or `postgres://...`).
public enum StoreURL: Equatable, Sendable, CustomStringConvertible {
    /// An SQLite file; a relative path is relative to the working directory.
    case sqlite(path: String)
    case postgres(url: String)

    /// The store `suture serve` uses when nothing else is said.
    public static let defaultURL = "sqlite:suture-data/suture.db"

    public init(_ text: String) throws(StoreError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            // Accept sqlite:///abs/path and sqlite://rel/path as well as sqlite:path.
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw .invalidURL("the store URL '\(text)' has no file path after 'sqlite:'") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            throw .invalidURL("the store URL '\(text)' must start with 'sqlite:' or 'postgres://'")
        }
    }

    /// The URL with any password replaced by `***`, safe to print.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard let at = url.firstIndex(of: "@"), let schemeEnd = url.range(of: "://") else { return url }
            let credentials = url[schemeEnd.upperBound..<at]
            guard let colon = credentials.firstIndex(of: ":") else { return url }
            return String(url[..<colon]) + ":***" + String(url[at...])
        }
    }
}
