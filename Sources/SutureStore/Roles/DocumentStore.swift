import SutureModel

/// Versioned business documents (orders, invoices), the change sets that move them, and the
/// X12 control numbers reserved for the documents sent.
public protocol DocumentStore: Sendable {
    func document(_ kind: DocumentKind, key: String) async throws -> StoredDocument?
    /// Documents of one kind that refer to `reference` (an order's invoices), oldest first.
    func documents(_ kind: DocumentKind, reference: String) async throws -> [StoredDocument]
    /// Documents of one kind whose status is none of `statuses` and whose body holds `text`
    /// (a quick filter: the caller decodes them to be sure), in key order.
    func documents(_ kind: DocumentKind, statusNotIn statuses: [String], containing text: String) async throws -> [StoredDocument]
    /// Documents of one kind in key order; `search` matches the key or the reference (an
    /// invoice's purchase order).
    func documents(_ kind: DocumentKind, _ query: ListQuery) async throws -> Page<StoredDocument>
    /// Writes all of `changes` in one durable transaction, or nothing: a document whose
    /// version moved on throws `StoreError.staleVersion`; a document created twice, or an
    /// exception no longer in an expected status, `StoreError.conflict`.
    func commit(_ changes: StoreChanges) async throws

    /// Reserves the next interchange and group control numbers and `sets` transaction set
    /// numbers for one trading partner, durably: numbers only ever increase, across
    /// restarts, and are never handed out twice. ISA13 wraps after 999,999,999.
    func reserveX12ControlNumbers(partner: String, sets: Int) async throws -> X12ControlNumberReservation
}
