public import Foundation
public import SutureModel
public import SutureStore
public import SutureProcurement
public import SutureX12

/// Turns a purchase order into the 850 interchange a `supplier-x12` system receives, and
/// names its file. The lines are read through the supplier's crosswalks in `lookup` (its
/// part numbers and unit codes); everything else is passed in, so the interchange itself
/// is built without I/O: the connector reserves the control numbers and writes the file.
public struct SupplierX12Encoder: Sendable {
    public let system: String
    /// The envelope of what Suture writes to this supplier.
    public let parties: X12EnvelopeParties
    public let version: X12Version
    /// The currency of the order's prices.
    public let currency: CurrencyCode

    public init(system: String, parties: X12EnvelopeParties, version: X12Version, currency: CurrencyCode) {
        self.system = system
        self.parties = parties
        self.version = version
        self.currency = currency
    }

    /// The order's lines in the supplier's terms: its part number and unit code from its
    /// crosswalks (a case is `CA` in X12 when no unit code is mapped), the GTIN of the
    /// ordered packaging level where the item master knows it.
    public func lines(of order: PurchaseOrder, lookup: any MasterDataLookup) async throws -> [X12LineItem] {
        let systemName = try SystemName(system)
        var lines: [X12LineItem] = []
        for line in order.lines {
            let machine = line.machine
            let item = try await lookup.item(machine.item)
            let vendorPart = try await lookup.crosswalkCodes(system: systemName, kind: .items, canonical: machine.item.rawValue).first?.code
            let unitCode = try await self.unitCode(machine.unit, lookup: lookup)
            let gtin = item.flatMap { item in
                item.packaging.levels.first { $0.unit == machine.unit }?.gtin ?? (item.packaging.baseUnit == machine.unit ? item.gtin : nil)
            }
            lines.append(X12LineItem(line: String(machine.lineNumber), quantity: ExactDecimal.format(machine.quantities.ordered), unit: unitCode,
                                     unitPrice: machine.unitPrice.map(ExactDecimal.format), gtin: gtin, vendorPart: vendorPart,
                                     buyerPart: machine.item.rawValue, description: item?.description))
        }
        return lines
    }

    /// The 850 interchange for `order` under `control`, written at `now`, and the name of
    /// its file in `out/` (`850-<order>-<ISA13>.x12`).
    public func purchaseOrder850(_ order: PurchaseOrder, lines: [X12LineItem], shipToName: String?, supplierName: String?,
                                 control: X12ControlNumbers, at now: Date) throws -> (name: String, text: String) {
        let x12 = X12Document(
            set: "850", control: "0001", number: order.number, purchaseOrder: order.number,
            date: X12Timestamp(order.orderedAt ?? now).date, purpose: "00", typeCode: "SA",
            currency: currency.code,
            parties: [
                X12Party(code: "ST", name: shipToName ?? order.shipTo.rawValue, idQualifier: "92", id: order.shipTo.rawValue),
                X12Party(code: "SE", name: supplierName ?? order.supplier.rawValue, idQualifier: "92", id: order.supplier.rawValue),
            ],
            lines: lines)
        let text: String
        do {
            text = try X12Writer(version: version).write([x12], parties: parties, control: control, timestamp: X12Timestamp(now))
        } catch {
            throw EventNormalizer.Failure(.invalidDocument, "the 850 for \(order.number) cannot be written: \(error)")
        }
        return ("850-\(ExchangeFolder.safeName(order.number))-\(String(format: "%09d", control.interchange)).x12", text)
    }

    /// The 861 receiving advice for one receipt under `control`, and the name of its file in
    /// `out/` (`861-<order>-<ISA13>.x12`): BRA with the receipt event as its reference, the
    /// receipt date (DTM 050), the order (PRF), and the line's RCD with the quantity received
    /// and, when the line is still short of what was shipped or ordered, that quantity with
    /// condition `02` (quantity short); the line's LIN names the item as the 850 did.
    public func receivingAdvice861(_ advice: ReceivingAdvice, unitCode: String, vendorPart: String?, control: X12ControlNumbers,
                                   at now: Date) throws -> (name: String, text: String) {
        let day = X12Timestamp(advice.receivedAt).date
        var line = X12LineItem(line: String(advice.line), quantity: ExactDecimal.format(advice.received.value), unit: unitCode,
                               vendorPart: vendorPart, buyerPart: advice.item.rawValue, lot: advice.lot, expiry: advice.expiry,
                               purchaseOrder: advice.purchaseOrder)
        if advice.short > 0 { line.quantities = [X12QuantityReport(qualifier: "02", quantity: ExactDecimal.format(advice.short), unit: unitCode)] }
        let x12 = X12Document(set: "861", control: "0001", number: advice.event.rawValue, purchaseOrder: advice.purchaseOrder, date: day,
                              purpose: "00", typeCode: "1", dates: [X12DateReference("050", day)], lines: [line])
        let text: String
        do {
            text = try X12Writer(version: version).write([x12], parties: parties, control: control, timestamp: X12Timestamp(now))
        } catch {
            throw EventNormalizer.Failure(.invalidDocument, "the 861 for \(advice.purchaseOrder) cannot be written: \(error)")
        }
        return ("861-\(ExchangeFolder.safeName(advice.purchaseOrder))-\(String(format: "%09d", control.interchange)).x12", text)
    }

    /// The supplier's code for a unit: its crosswalk, else `CA` for a case, else the unit itself.
    public func unitCode(_ unit: UnitOfMeasure, lookup: any MasterDataLookup) async throws -> String {
        try await lookup.crosswalkCodes(system: try SystemName(system), kind: .units, canonical: unit.code).first?.code ?? (unit.code == "CS" ? "CA" : unit.code)
    }
}
