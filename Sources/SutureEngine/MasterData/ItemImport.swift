public import SutureModel
public import SutureStore

/// Imports an item master from CSV or JSON lines (docs/master-data.md, "Import"): every row
/// is checked with the rules of `PUT /v1/items/{id}` (`MasterDataJSON.item`), then all rows
/// are written in one transaction. Without `partial`, one bad row stores nothing; with it,
/// the good rows are stored and the bad ones listed. `dryRun` stores nothing either way.
///
/// Rows are numbered as a person sees them in the file: the line of a JSON lines file, the
/// record of a CSV file counting its header as row 1 (so the first item is row 2).
public struct ItemImport: Sendable {
    public enum Format: String, Sendable {
        case csv
        case ndjson
    }

    /// One refused row: its number, the field at fault (empty for the row as a whole) and why.
    public struct RowError: Error, Sendable, Equatable {
        public var row: Int
        public var field: String
        public var message: String

        public init(row: Int, field: String, message: String) {
            self.row = row
            self.field = field
            self.message = message
        }
    }

    public struct Report: Sendable, Equatable {
        public var rows = 0
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        public var errors: [RowError] = []
        /// Whether the good rows were stored (false for a dry run, and for any error without `partial`).
        public var stored = false
        /// The file as a whole was refused (empty, or a CSV header naming unknown columns):
        /// no row could be read, with or without `partial`.
        public var fileRefused = false

        public init() {}
    }

    /// The CSV header's columns, in the order `items import` documents them.
    public static let csvColumns = ["id", "description", "gtin", "baseUnit", "packaging", "manufacturer", "manufacturerPart", "unspsc",
                                    "lotControlled", "serialControlled", "expiryControlled", "status"]

    let masterData: MasterData

    /// Changed items are distributed as `masterData` distributes any change.
    public init(masterData: MasterData) {
        self.masterData = masterData
    }

    /// Checks and writes `bytes`; `progress` hears how many rows were read and written so far.
    public func run(_ bytes: [UInt8], format: Format, by author: ChangeAuthor, partial: Bool, dryRun: Bool,
                    progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) async throws -> Report {
        let parsed = Self.parse(bytes, format: format)
        var report = Report()
        report.fileRefused = parsed.fileRefused
        report.rows = parsed.items.count + Set(parsed.errors.map(\.row)).count
        report.errors = parsed.errors
        let holdBack = dryRun || (!parsed.errors.isEmpty && !partial)
        let total = parsed.items.count
        // Written in slices for the progress line, but in one transaction: the store's batch.
        let results = try await masterData.putItems(parsed.items.map(\.item), by: author, partial: partial, dryRun: holdBack) { done in
            progress(done, total)
        }
        for (row, result) in zip(parsed.items.map(\.row), results) {
            switch result {
            case .written(.created): report.created += 1
            case .written(.updated): report.updated += 1
            case .written(.unchanged): report.unchanged += 1
            case .refused(let reason): report.errors.append(RowError(row: row, field: "gtin", message: reason))
            }
        }
        report.errors.sort { ($0.row, $0.field) < ($1.row, $1.field) }
        let refusedByStore = results.contains { if case .refused = $0 { true } else { false } }
        report.stored = !holdBack && (partial || !refusedByStore)
        return report
    }

    /// A file read: its items and the rows refused, each with its row number.
    public struct Parsed: Sendable {
        public var items: [(row: Int, item: Item)] = []
        public var errors: [RowError] = []
        /// Nothing in the file could be read (empty, or a CSV header naming unknown columns).
        public var fileRefused = false
    }

    /// The items of a file and the rows refused, each with its row number.
    public static func parse(_ bytes: [UInt8], format: Format) -> Parsed {
        var items: [(row: Int, item: Item)] = []
        var errors: [RowError] = []
        var seen: [ItemID: Int] = [:]
        func take(_ row: Int, _ object: JSONValue) {
            do {
                var reader = try JSONObjectReader(object)
                guard let idText = try reader.optionalString("id") else { throw JSONFieldError(.missing, field: "id", message: "is required") }
                let id: ItemID
                do { id = try ItemID(idText) } catch { throw JSONFieldError(.invalid, field: "id", message: "\(error)") }
                let item = try MasterDataJSON.item(id: id, body: reader)
                if let first = seen[id] {
                    errors.append(RowError(row: row, field: "id", message: "'\(id)' is already row \(first) of this file"))
                    return
                }
                seen[id] = row
                items.append((row, item))
            } catch let error as JSONFieldError {
                errors.append(RowError(row: row, field: error.field, message: error.kind == .unknown ? error.description : error.message))
            } catch {
                errors.append(RowError(row: row, field: "", message: "\(error)"))
            }
        }
        switch format {
        case .ndjson:
            if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
                return Parsed(errors: [RowError(row: 1, field: "", message: "the file is empty: give one item per line")], fileRefused: true)
            }
            var line = 0
            for slice in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                line += 1
                let text = String(decoding: slice, as: UTF8.self).trimmingWhitespace()
                guard !text.isEmpty else { continue }
                do { take(line, try JSONValue.parse(text)) } catch {
                    errors.append(RowError(row: line, field: "", message: "not a JSON object: \(error)"))
                }
            }
        case .csv:
            let records = CSVReader.records(bytes)
            guard let header = records.first else {
                return Parsed(errors: [RowError(row: 1, field: "", message: "the file is empty: a CSV item master starts with a header row naming its columns (\(csvColumns.joined(separator: ",")))")],
                              fileRefused: true)
            }
            let columns = header.fields.map { $0.trimmingWhitespace() }
            for (index, column) in columns.enumerated() where !csvColumns.contains(column) {
                let hint = NearestName.to(column, among: csvColumns).map { " (did you mean \($0)?)" } ?? ""
                errors.append(RowError(row: header.row, field: column, message: "column \(index + 1) '\(column)' is not an item field\(hint); the columns are \(csvColumns.joined(separator: ", "))"))
            }
            guard errors.isEmpty else { return Parsed(errors: errors, fileRefused: true) }
            for record in records.dropFirst() {
                if record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
                guard record.fields.count <= columns.count else {
                    errors.append(RowError(row: record.row, field: "", message: "\(record.fields.count) cells, but the header names \(columns.count) columns"))
                    continue
                }
                do {
                    take(record.row, try csvObject(columns: columns, cells: record.fields))
                } catch let error as JSONFieldError {
                    errors.append(RowError(row: record.row, field: error.field, message: error.message))
                } catch {
                    errors.append(RowError(row: record.row, field: "", message: "\(error)"))
                }
            }
        }
        return Parsed(items: items, errors: errors)
    }

    /// A CSV row as the JSON body `PUT` takes: empty cells are absent, flags are
    /// true/false (also yes/no, 1/0), packaging is `BX=12;CS=144` (a level's GTIN after a
    /// colon: `BX=12:10614141000019`).
    static func csvObject(columns: [String], cells: [String]) throws(JSONFieldError) -> JSONValue {
        var members: [(String, JSONValue)] = []
        for (column, raw) in zip(columns, cells) {
            let cell = raw.trimmingWhitespace()
            guard !cell.isEmpty else { continue }
            switch column {
            case "lotControlled", "serialControlled", "expiryControlled":
                switch cell.lowercased() {
                case "true", "yes", "1", "y": members.append((column, .bool(true)))
                case "false", "no", "0", "n": members.append((column, .bool(false)))
                default: throw JSONFieldError(.invalid, field: column, message: "'\(cell)' must be true or false")
                }
            case "packaging":
                var levels: [JSONValue] = []
                for part in cell.split(separator: ";") {
                    let level = part.trimmingWhitespace()
                    guard !level.isEmpty else { continue }
                    let unitAndRest = level.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
                    guard unitAndRest.count == 2 else {
                        throw JSONFieldError(.invalid, field: "packaging", message: "'\(level)' must be UNIT=QUANTITY, as in BX=12;CS=144")
                    }
                    let quantityAndGTIN = unitAndRest[1].split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
                    var object: [(String, JSONValue)] = [("unit", .string(unitAndRest[0]))]
                    let quantity = quantityAndGTIN[0]
                    object.append(("quantity", ExactDecimal.parse(quantity) != nil ? .number(quantity) : .string(quantity)))
                    if quantityAndGTIN.count == 2 { object.append(("gtin", .string(quantityAndGTIN[1]))) }
                    levels.append(.object(object))
                }
                members.append((column, .array(levels)))
            default:
                members.append((column, .string(cell)))
            }
        }
        return .object(members)
    }
}

/// RFC 4180 CSV: comma-separated cells, quoted cells with `""` for a quote and line breaks
/// inside, CRLF or LF line ends, a UTF-8 byte order mark ignored. Each record keeps the
/// line it starts on, so errors name the row a person sees.
enum CSVReader {
    struct Record {
        var row: Int
        var fields: [String]
    }

    static func records(_ bytes: [UInt8]) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var cell: [UInt8] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var pending = false
        func endCell() {
            fields.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endCell()
            records.append(Record(row: recordLine, fields: fields))
            fields.removeAll(keepingCapacity: true)
            pending = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                        cell.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    cell.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inQuotes = true
                pending = true
            case UInt8(ascii: ","):
                endCell()
                pending = true
            case UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "\n"):
                if pending || !cell.isEmpty || !fields.isEmpty { endRecord() }
                line += 1
                recordLine = line
            default:
                cell.append(byte)
                pending = true
            }
        }
        if pending || !cell.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
