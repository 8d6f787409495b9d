// libFuzzer target: the JSON parser and the object reader every request body goes through
// (scripts/fuzz, docs/operations.md "Fuzzing").
import SutureModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONValue.parse(input) else { return 0 }
    // What is written parses back to the same value.
    guard let again = try? JSONValue.parse(value.serialized()), again == value else { fatalError("JSON: serialized form does not parse back equal") }
    guard case .object(let members) = value, var reader = try? JSONObjectReader(value) else { return 0 }
    for (key, _) in members {
        _ = try? reader.optionalDecimal(key)
        _ = try? reader.optionalInteger(key, in: -1_000...1_000)
        _ = try? reader.optionalText(key)
        _ = try? reader.optionalArray(key)
    }
    _ = try? reader.rejectUnknownFields()
    return 0
}
