/// A company Suture orders from.
public struct Supplier: Hashable, Sendable, Codable {
    public var id: SupplierID
    public var name: String
    public var gln: GLN?
    /// The supplier's X12 interchange id (ISA06/ISA08), used to route its EDI.
    public var interchangeID: String?
    /// `inactive` once retired (`DELETE /v1/suppliers/{id}`): kept for history and old documents.
    public var status: RecordStatus

    public init(id: SupplierID, name: String, gln: GLN? = nil, interchangeID: String? = nil, status: RecordStatus = .active) {
        self.id = id
        self.name = name
        self.gln = gln
        self.interchangeID = interchangeID
        self.status = status
    }
}
