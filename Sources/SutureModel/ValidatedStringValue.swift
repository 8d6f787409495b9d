/// A value made from a string by a validating initializer and written back as that
/// string: GTINs, GLNs, unit codes, canonical ids. Decoding runs the validation, so a
/// decoded value is as valid as a constructed one.
public protocol ValidatedStringValue: Codable {
    init(validating text: String) throws
    var stringValue: String { get }
}

extension ValidatedStringValue {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(validating: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(stringValue)
    }
}
