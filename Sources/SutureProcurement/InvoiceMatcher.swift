public import Foundation
public import SutureModel

/// The three-way match of an invoice against its purchase order and the receipts: each
/// invoice line is put in its PO line's unit, its unit price compared with the PO's within
/// the price tolerance, and the quantity invoiced so far with what was received (across
/// partial receipts) within the quantity tolerance; where the supplier has a contract price
/// for the item, the invoiced price may not exceed it by more than the price tolerance. Pure:
/// the order, the packaging of the items and the contract prices in force are passed in.
public struct InvoiceMatcher: Sendable {
    public let tolerances: MatchingTolerances

    public init(tolerances: MatchingTolerances) {
        self.tolerances = tolerances
    }

    /// What the match found for one invoice line, with the evidence a person needs.
    public struct LineResult: Sendable, Equatable {
        public var line: Int
        public var poLine: Int?
        /// The quantity in the PO line's unit, when it converts exactly.
        public var quantity: Decimal?
        public var unit: UnitOfMeasure?
        /// The invoiced price per PO line unit.
        public var unitPrice: Decimal?
        public var orderedUnitPrice: Decimal?
        public var received: Decimal?
        /// Invoiced on the line by other invoices before this one.
        public var invoicedBefore: Decimal?
        public var discrepancies: [Discrepancy]

        public var isMatched: Bool { discrepancies.isEmpty }

        public init(line: Int, poLine: Int?, quantity: Decimal? = nil, unit: UnitOfMeasure? = nil, unitPrice: Decimal? = nil,
                    orderedUnitPrice: Decimal? = nil, received: Decimal? = nil, invoicedBefore: Decimal? = nil, discrepancies: [Discrepancy]) {
            self.line = line
            self.poLine = poLine
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
            self.orderedUnitPrice = orderedUnitPrice
            self.received = received
            self.invoicedBefore = invoicedBefore
            self.discrepancies = discrepancies
        }
    }

    /// Why a line does not match.
    public enum Discrepancy: Sendable, Equatable, CustomStringConvertible {
        /// No PO line is charged (none given and none or several carry the item).
        case noOrderLine(String)
        /// The invoice's unit cannot be put in the line's unit exactly.
        case unitNotConvertible(String)
        /// The price per line unit differs from the PO's by more than the tolerance allows.
        case priceVariance(ordered: Decimal, invoiced: Decimal, allowed: Decimal)
        /// More invoiced (with earlier invoices) than received, beyond the tolerance.
        case quantityOverReceived(received: Decimal, invoiced: Decimal, allowed: Decimal)
        /// The price per line unit is over the contract price in force (`contracted`, per the
        /// same unit) by more than the tolerance allows.
        case overContractPrice(contract: ContractPrice, contracted: Decimal, invoiced: Decimal, allowed: Decimal)

        public var description: String {
            let f = ExactDecimal.format
            switch self {
            case .noOrderLine(let reason): return reason
            case .unitNotConvertible(let reason): return reason
            case .priceVariance(let ordered, let invoiced, let allowed):
                return "unit price \(f(invoiced)) differs from the ordered \(f(ordered)) by more than the \(f(allowed)) allowed"
            case .quantityOverReceived(let received, let invoiced, let allowed):
                return "\(f(invoiced)) invoiced against \(f(received)) received (tolerance \(f(allowed)))"
            case .overContractPrice(let contract, let contracted, let invoiced, let allowed):
                let money = { (value: Decimal) in Money(value, contract.currency).amountText }
                return "unit price \(money(invoiced)) is over the \(contract.description): \(money(contracted)) per line unit, "
                    + "\(money(allowed)) allowed"
            }
        }

        /// The exception a discrepancy opens.
        public var exceptionType: ExceptionType {
            switch self {
            case .priceVariance, .overContractPrice: return .priceVariance
            case .quantityOverReceived, .noOrderLine, .unitNotConvertible: return .quantityMismatch
            }
        }
    }

    /// Matches every line of `invoice` against `order`. `packaging` holds the items' packaging,
    /// `contracts` the supplier's contract prices in force on the invoice's date, by item.
    public func match(_ invoice: Invoice, order: PurchaseOrder, packaging: [ItemID: PackagingHierarchy],
                      contracts: [ItemID: ContractPrice] = [:]) -> [LineResult] {
        invoice.lines.map { line in
            var result = match(line, invoice: invoice.number, order: order, packaging: packaging)
            if let unit = result.unit, let unitPrice = result.unitPrice, let contract = contracts[line.item],
               contract.currency == invoice.currency, let hierarchy = packaging[line.item],
               let discrepancy = overContract(unitPrice, unit: unit, contract: contract, packaging: hierarchy) {
                result.discrepancies.append(discrepancy)
            }
            return result
        }
    }

    /// A price per `unit` over the contract's by more than the price tolerance (a lower price is no variance).
    public func overContract(_ unitPrice: Decimal, unit: UnitOfMeasure, contract: ContractPrice, packaging: PackagingHierarchy) -> Discrepancy? {
        guard let contracted = contract.price(per: unit, packaging: packaging), unitPrice > contracted else { return nil }
        let allowed = max(contracted * tolerances.pricePercent / 100, tolerances.priceAbsolute)
        return unitPrice - contracted > allowed
            ? .overContractPrice(contract: contract, contracted: contracted, invoiced: unitPrice, allowed: allowed) : nil
    }

    func match(_ line: Invoice.Line, invoice: String, order: PurchaseOrder, packaging: [ItemID: PackagingHierarchy]) -> LineResult {
        var result = LineResult(line: line.line, poLine: line.poLine, discrepancies: [])
        let orderLine: PurchaseOrderLine
        if let number = line.poLine {
            guard let index = order.lineIndex(number) else {
                result.discrepancies.append(.noOrderLine("PO \(order.number) has no line \(number)"))
                return result
            }
            orderLine = order.lines[index]
        } else {
            let candidates = order.lines.filter { $0.takes(line.item) && $0.machine.state != .cancelled }
            guard candidates.count == 1 else {
                result.discrepancies.append(.noOrderLine(candidates.isEmpty
                    ? "PO \(order.number) has no line for item \(line.item)"
                    : "PO \(order.number) has \(candidates.count) lines for item \(line.item); give poLine"))
                return result
            }
            orderLine = candidates[0]
        }
        let machine = orderLine.machine
        result.poLine = machine.lineNumber
        result.unit = machine.unit
        result.received = machine.quantities.received
        result.orderedUnitPrice = machine.unitPrice
        let before = orderLine.invoices.filter { $0.invoice != invoice }.reduce(Decimal(0)) { $0 + $1.quantity }
        result.invoicedBefore = before

        guard orderLine.takes(line.item) else {
            result.discrepancies.append(.noOrderLine("PO line \(machine.lineNumber) is for item \(machine.item), not \(line.item)"))
            return result
        }
        guard let hierarchy = packaging[line.item] ?? packaging[machine.item] else {
            result.discrepancies.append(.unitNotConvertible("item \(line.item) has no packaging on record"))
            return result
        }
        let converted: Quantity
        do {
            converted = try hierarchy.convert(Quantity(line.quantity, line.unit), to: machine.unit)
        } catch {
            result.discrepancies.append(.unitNotConvertible("\(ExactDecimal.format(line.quantity)) \(line.unit) cannot be put in \(machine.unit): \(error)"))
            return result
        }
        result.quantity = converted.value
        // The price per line unit: the extended amount spread over the converted quantity.
        let unitPrice = converted.value == 0 ? line.unitPrice : line.unitPrice * line.quantity / converted.value
        result.unitPrice = unitPrice

        if let ordered = machine.unitPrice, unitPrice != ordered {
            let difference = abs(unitPrice - ordered)
            let allowed = max(ordered * tolerances.pricePercent / 100, tolerances.priceAbsolute)
            if difference > allowed {
                result.discrepancies.append(.priceVariance(ordered: ordered, invoiced: unitPrice, allowed: allowed))
            }
        }
        let invoiced = before + converted.value
        if invoiced > machine.quantities.received + tolerances.quantityAbsolute {
            result.discrepancies.append(.quantityOverReceived(received: machine.quantities.received, invoiced: invoiced,
                                                              allowed: tolerances.quantityAbsolute))
        }
        return result
    }
}
