public import SutureX12
import SutureModel
import Foundation

/// The supplier's decisions for one purchase order: the 855, 856 and 810 it answers with.
///
/// Pure: an 850 document, a scenario and a date in, documents out; no files, no clock. The
/// exchange shell (`SupplierSimulator`) does the reading, writing and numbering.
public struct SupplierScenario: Hashable, Sendable {
    public var kind: SupplierScenarioKind
    /// The 1-based position, in the order, of the line the scenario changes; other lines are accepted.
    public var affectedLine: Int
    /// Seeds the lot numbers and expiry dates of the ship notice.
    public var seed: UInt64

    public init(kind: SupplierScenarioKind, affectedLine: Int = 1, seed: UInt64 = 1) {
        self.kind = kind
        self.affectedLine = affectedLine
        self.seed = seed
    }

    /// What happens to one ordered line.
    struct LinePlan {
        var status: String
        /// The line as acknowledged (substitute product, new price).
        var acknowledged: X12LineItem
        /// What ships and is invoiced; zero when nothing does.
        var shipped: Decimal
    }

    /// The answer to `order` (an 850), dated `date` (`CCYYMMDD`) at `time` (`HHMM`).
    public func answer(to order: X12Document, date: String, time: String) -> SupplierOrderAnswer {
        let orderNumber = order.number ?? order.purchaseOrder ?? ""
        let plans = order.lines.enumerated().map { plan(for: $0.element, at: $0.offset + 1) }
        let changed = plans.contains { $0.status != "IA" }

        let acknowledgment = X12Document(
            set: "855", control: "", number: "ACK-\(orderNumber)", purchaseOrder: orderNumber, date: date,
            purpose: "00", typeCode: changed ? "AC" : "AD", currency: order.currency,
            lines: plans.map { plan in
                var line = plan.acknowledged
                line.acknowledgments = [X12LineAcknowledgment(status: plan.status, quantity: line.quantity, unit: line.unit)]
                return line
            }
        )

        var shipped: [X12LineItem] = []
        var invoiced: [X12LineItem] = []
        var total = Decimal(0)
        for (offset, plan) in plans.enumerated() where plan.shipped > 0 {
            let quantity = ExactDecimal.format(plan.shipped)
            var generator = SupplierLotGenerator(seed: seed, order: orderNumber, line: offset + 1)
            var item = X12LineItem(
                line: plan.acknowledged.line, quantity: quantity, unit: plan.acknowledged.unit,
                productIDs: plan.acknowledged.productIDs + [X12ProductID("LT", generator.lot())],
                description: plan.acknowledged.description, purchaseOrder: orderNumber
            )
            item.dates = [X12DateReference("036", generator.expiry(after: date))]
            shipped.append(item)

            var invoiceLine = X12LineItem(
                line: plan.acknowledged.line, quantity: quantity, unit: plan.acknowledged.unit,
                unitPrice: plan.acknowledged.unitPrice, productIDs: plan.acknowledged.productIDs
            )
            invoiceLine.description = plan.acknowledged.description
            invoiced.append(invoiceLine)
            total += plan.shipped * (plan.acknowledged.unitPrice.flatMap(ExactDecimal.parse) ?? 0)
        }
        guard !shipped.isEmpty else {
            return SupplierOrderAnswer(acknowledgment: acknowledgment, shipNotice: nil, invoice: nil)
        }
        let shipNotice = X12Document(
            set: "856", control: "", number: "ASN-\(orderNumber)", purchaseOrder: orderNumber,
            date: date, time: time, purpose: "00", lines: shipped
        )
        let invoice = X12Document(
            set: "810", control: "", number: "INV-\(orderNumber)", purchaseOrder: orderNumber, date: date,
            currency: order.currency, lines: invoiced, total: Self.currencyText(total)
        )
        return SupplierOrderAnswer(acknowledgment: acknowledgment, shipNotice: shipNotice, invoice: invoice)
    }

    func plan(for line: X12LineItem, at position: Int) -> LinePlan {
        var acknowledged = X12LineItem(
            line: line.line, quantity: line.quantity, unit: line.unit, unitPrice: line.unitPrice,
            productIDs: line.productIDs, description: line.description
        )
        let ordered = line.quantity.flatMap(ExactDecimal.parse) ?? 0
        guard position == affectedLine else { return LinePlan(status: "IA", acknowledged: acknowledged, shipped: ordered) }
        switch kind {
        case .acceptAll:
            return LinePlan(status: "IA", acknowledged: acknowledged, shipped: ordered)
        case .backorderLine:
            return LinePlan(status: "IB", acknowledged: acknowledged, shipped: 0)
        case .substituteItem:
            acknowledged.productIDs = Self.substitute(line.productIDs)
            acknowledged.description = line.description.map { "\($0) (substitute)" }
            return LinePlan(status: "IS", acknowledged: acknowledged, shipped: ordered)
        case .changePrice:
            let price = line.unitPrice.flatMap(ExactDecimal.parse) ?? 0
            acknowledged.unitPrice = Self.currencyText(price * Decimal(string: "1.1")!)
            return LinePlan(status: "IP", acknowledged: acknowledged, shipped: ordered)
        case .shipShort:
            let short = max(1, Self.roundedDown(ordered / 2))
            return LinePlan(status: "IA", acknowledged: acknowledged, shipped: max(0, ordered - short))
        }
    }

    /// The substitute's ids: the vendor part becomes `SUB-` and the original, the buyer's part
    /// stays (it is what the hospital orders by) and the GTIN goes (it named the original product).
    static func substitute(_ ids: [X12ProductID]) -> [X12ProductID] {
        let vendorPart = ids.first { X12ProductID.vendorPartQualifiers.contains($0.qualifier) }?.value
            ?? ids.first?.value ?? "ITEM"
        var result = [X12ProductID("VN", "SUB-\(vendorPart)")]
        result += ids.filter { X12ProductID.buyerPartQualifiers.contains($0.qualifier) }
        return result
    }

    static func roundedDown(_ value: Decimal) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, .down)
        return result
    }

    /// An amount with exactly two decimals (`50.05`, `455.00`), rounded half up.
    static func currencyText(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        var text = ExactDecimal.format(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: text.index(after: dot), to: text.endIndex)
            text += String(repeating: "0", count: max(0, 2 - decimals))
        } else {
            text += ".00"
        }
        return text
    }
}
