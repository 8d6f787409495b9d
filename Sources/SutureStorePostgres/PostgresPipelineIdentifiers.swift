import NIOCore
public import PostgresNIO
public import SutureModel

// Pipeline ids are stored as text; these conformances let queries bind them (and arrays
// of them, for the set-based inserts) and read them back as the typed ids.

extension PostgresEncodable where Self: PipelineIdentifier {
    public static var psqlType: PostgresDataType { .text }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(rawValue)
    }
}

extension PostgresArrayEncodable where Self: PipelineIdentifier {
    public static var psqlArrayType: PostgresDataType { .textArray }
}

extension PostgresDecodable where Self: PipelineIdentifier {
    public init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
                                                  context: PostgresDecodingContext<JSONDecoder>) throws {
        self.init(rawValue: try String(from: &buffer, type: type, format: format, context: context))
    }
}

extension CorrelationID: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {}
extension EventID: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {}
extension DeliveryID: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {}
