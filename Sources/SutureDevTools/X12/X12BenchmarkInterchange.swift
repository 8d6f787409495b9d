public import SutureX12
/// A large valid interchange for the parse throughput benchmark: N purchase orders in one group.
public enum X12BenchmarkInterchange {
    /// An interchange with `documents` 850s of `linesPerDocument` lines each, every one valid.
    public static func make(documents: Int, linesPerDocument: Int = 10, version: X12Version = .v004010) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(documents * (linesPerDocument * 90 + 200))
        func add(_ segment: String) { body += segment.utf8; body += "~\n".utf8 }
        let isa = "ISA*00*          *00*          *ZZ*SUTUREHUB      *ZZ*ACMEMEDICAL    *260518*1015*\(version == .v004010 ? "U" : "^")*\(version.interchangeVersion)*000000001*0*P*>"
        add(isa)
        add("GS*PO*SUTUREHUB*ACMEMEDICAL*20260518*1015*1*X*\(version.rawValue)")
        for number in 1...max(1, documents) {
            let control = X12Writer.setControl(number)
            add("ST*850*\(control)")
            add("BEG*00*SA*PO\(number)**20260518")
            add("REF*DP*OR-01")
            add("N1*ST*Main Hospital OR Storeroom*92*MAIN-OR-STORE")
            for line in 1...max(1, linesPerDocument) {
                add("PO1*\(line)*\(line * 3)*BX*45.50**VN*ABC-\(line)*IN*\(7000 + line)*UK*10614141000415")
                add("PID*F****Nitrile exam gloves, medium")
            }
            add("CTT*\(linesPerDocument)")
            add("SE*\(6 + 2 * max(1, linesPerDocument))*\(control)")
        }
        add("GE*\(max(1, documents))*1")
        add("IEA*1*000000001")
        return body
    }
}
