/// Builds the segments that several document writers share (header REF/DTM/N1/CUR, PO1, line PID/REF/DTM),
/// as arrays of elements with the segment id first.
enum X12SegmentBuilder {
    /// CUR, REF, then DTM and N1 in the order the set's standard puts them (`partiesLast`: DTM before N1).
    static func header(_ document: X12Document, currencyEntity: String?, partiesLast: Bool) -> [[String]] {
        var segments: [[String]] = []
        if let currency = document.currency, let currencyEntity { segments.append(["CUR", currencyEntity, currency]) }
        segments += document.references.map { ["REF", $0.qualifier, $0.value] }
        let dates = document.dates.map { ["DTM", $0.qualifier, $0.date] }
        let parties = document.parties.map { ["N1", $0.code, $0.name ?? "", $0.idQualifier ?? "", $0.id ?? ""] }
        segments += partiesLast ? dates + parties : parties + dates
        return segments
    }

    static func po1(_ line: X12LineItem) -> [String] {
        var po1 = ["PO1", line.line ?? "", line.quantity ?? "", line.unit ?? "", line.unitPrice ?? "", ""]
        for id in line.productIDs { po1 += [id.qualifier, id.value] }
        return po1
    }

    /// LIN: the line id and the product id qualifier pairs (832, 846).
    static func lin(_ line: X12LineItem) -> [String] {
        var lin = ["LIN", line.line ?? ""]
        for id in line.productIDs { lin += [id.qualifier, id.value] }
        return lin
    }

    /// PID (free-form description), then line-level REF and DTM.
    static func lineDetails(_ line: X12LineItem) -> [[String]] {
        var segments: [[String]] = []
        if let description = line.description { segments.append(["PID", "F", "", "", "", description]) }
        segments += line.references.map { ["REF", $0.qualifier, $0.value] }
        segments += line.dates.map { ["DTM", $0.qualifier, $0.date] }
        return segments
    }
}
