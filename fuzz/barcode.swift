// libFuzzer target: the GS1/HIBC barcode parser and its JSON (scripts/fuzz, docs/operations.md "Fuzzing").
import SutureBarcode
import SutureModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBarcode(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? "" : String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = BarcodeParser(referenceYear: 2026).parse(input)
    if (try? JSONValue.parse(result.jsonValue().serialized())) == nil { fatalError("barcode: the result's JSON does not parse back") }
    if result.isValid && result.scheme == nil { fatalError("barcode: valid without a scheme") }
    return 0
}
