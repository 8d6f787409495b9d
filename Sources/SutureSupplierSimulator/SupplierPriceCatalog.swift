public import SutureX12

/// One line of the price catalog the simulated supplier sends (an 832 `LIN` with its `CTP`).
public struct SupplierCatalogEntry: Hashable, Sendable {
    /// The supplier's own part number (`VN`).
    public var vendorPart: String
    /// The hospital's item id (`IN`), when the supplier knows it.
    public var buyerPart: String?
    public var description: String?
    /// The unit the price is for, as the supplier writes it (`BX`, `CA`).
    public var unit: String
    /// The contract price of one unit, as written (`45.50`).
    public var price: String

    public init(vendorPart: String, buyerPart: String? = nil, description: String? = nil, unit: String, price: String) {
        self.vendorPart = vendorPart
        self.buyerPart = buyerPart
        self.description = description
        self.unit = unit
        self.price = price
    }
}

extension SupplierSimulator {
    /// Sends a price catalog: one 832 into `in/` (through the same staging as every answer),
    /// numbered `number`, whose contract prices (`CTP**CON`) apply from `effective` (`CCYYMMDD`,
    /// `DTM*007`) to `expires` (`DTM*036`) when given. Returns the name of the file published.
    public func sendPriceCatalog(_ entries: [SupplierCatalogEntry], number: String, effective: String? = nil, expires: String? = nil,
                                 currency: String = "USD") throws(SupplierSimulatorError) -> String {
        let directory = directory
        try directory.prepare()
        var numbers = try SupplierControlNumberStore(file: directory.stateFile)
        let timestamp = X12Timestamp(configuration.now())
        var dates: [X12DateReference] = []
        if let effective { dates.append(X12DateReference("007", effective)) }
        if let expires { dates.append(X12DateReference("036", expires)) }
        let lines = entries.enumerated().map { offset, entry in
            var line = X12LineItem(line: String(offset + 1), quantity: nil, unit: entry.unit, unitPrice: entry.price,
                                   vendorPart: entry.vendorPart, buyerPart: entry.buyerPart, description: entry.description)
            line.prices = [X12Price(qualifier: "CON", price: entry.price, unit: entry.unit)]
            return line
        }
        let catalog = X12Document(set: "832", control: "", number: number, purpose: "PC", currency: currency, dates: dates,
                                  parties: [X12Party(code: "SE", name: nil, idQualifier: configuration.supplierQualifier, id: configuration.supplierID)],
                                  lines: lines)
        let parties = X12EnvelopeParties(
            senderQualifier: configuration.supplierQualifier, sender: configuration.supplierID,
            receiverQualifier: configuration.receiverQualifier, receiver: configuration.receiverID, usage: "P"
        )
        let control = numbers.take()
        let text: String
        do {
            text = try X12Writer(version: configuration.version ?? .v004010).write(
                [catalog], parties: parties, control: X12ControlNumbers(interchange: control, group: control, firstSet: 1), timestamp: timestamp)
        } catch {
            throw SupplierSimulatorError(operation: "write the 832", path: number, reason: "\(error)")
        }
        let source = "catalog-\(control)"
        try directory.stage(text, named: Self.fileName(control, "832", source + ".x12"), for: source)
        try numbers.save()
        return try directory.publish(source).first ?? ""
    }
}
