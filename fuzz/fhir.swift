// libFuzzer target: the FHIR R5 codec on any JSON (scripts/fuzz, docs/operations.md "Fuzzing").
import SutureFHIR
import SutureModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFHIR(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONValue.parse(input) else { return 0 }
    // Each reader takes any JSON: a resource, or a refusal that names an element of it.
    func named(_ error: JSONFieldError, _ type: String) {
        if !error.fields.allSatisfy({ $0.hasPrefix(type) || $0 == "If-None-Exist" }) { fatalError("FHIR: \(type) refusal names \(error.fields)") }
    }
    do { try SupplyDelivery.read(value).checkReceipt() } catch { named(error, "SupplyDelivery") }
    do { try SupplyRequest.read(value).checkRequisition() } catch { named(error, "SupplyRequest") }
    do { try InventoryReport.read(value).checkCounts() } catch { named(error, "InventoryReport") }
    for text in [value["id"]?.stringValue, value["resourceType"]?.stringValue].compactMap({ $0 }) {
        if FHIRID.decode(FHIRID.encode(text)) != text && text.utf8.count <= 31 { fatalError("FHIR: id \(text) does not round-trip") }
    }
    return 0
}
