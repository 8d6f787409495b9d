// libFuzzer target: the X12 reader, its JSON and its acknowledgment (scripts/fuzz, docs/operations.md "Fuzzing").
import SutureDevTools

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzX12(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if let broken = X12Fuzzer.check(input) { fatalError("X12: \(broken)") }
    return 0
}
