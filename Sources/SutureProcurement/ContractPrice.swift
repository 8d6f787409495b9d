public import Foundation
public import SutureModel

/// A price agreed with a supplier for one item, per one unit, over a period of days
/// (docs/master-data.md, "Contract prices"). It comes from the supplier's 832 or from
/// `PUT /v1/suppliers/{id}/prices/{item}`; purchase-order and invoice lines are checked
/// against the one in force on their date.
public struct ContractPrice: Sendable, Equatable {
    public var supplier: SupplierID
    public var item: ItemID
    /// The unit the price is for; lines in another unit of the item are compared through its packaging.
    public var unit: UnitOfMeasure
    public var price: Decimal
    public var currency: CurrencyCode
    /// The first day it applies, `YYYY-MM-DD`.
    public var validFrom: String
    /// The last day it applies, `YYYY-MM-DD`, inclusive; nil while it has no end.
    public var validTo: String?
    /// Where it came from: `api` or `832 <BCT02>`.
    public var source: String

    public init(supplier: SupplierID, item: ItemID, unit: UnitOfMeasure, price: Decimal, currency: CurrencyCode,
                validFrom: String, validTo: String? = nil, source: String) {
        self.supplier = supplier
        self.item = item
        self.unit = unit
        self.price = price
        self.currency = currency
        self.validFrom = validFrom
        self.validTo = validTo
        self.source = source
    }

    /// Whether it applies on `day` (`YYYY-MM-DD`; days compare as text).
    public func isInForce(on day: String) -> Bool {
        validFrom <= day && (validTo.map { day <= $0 } ?? true)
    }

    /// The price of one `unit` of the item, through its packaging (45.50 per BX is 546 per CS
    /// of 12 BX), to four decimal places (45.50 per BX is 3.7917 per EA); nil when the units do
    /// not convert.
    public func price(per unit: UnitOfMeasure, packaging: PackagingHierarchy) -> Decimal? {
        guard unit != self.unit else { return price }
        guard let converted = try? packaging.convert(Quantity(1, unit), to: self.unit) else { return nil }
        var exact = price * converted.value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 4, .plain)
        return rounded
    }

    /// How people see it: `contract price 45.50 USD per BX of supplier ACME (from 2026-01-01 to 2026-12-31, 832 CAT-2026)`.
    public var description: String {
        "contract price \(Money(price, currency).amountText) \(currency.code) per \(unit) of supplier \(supplier) "
            + "(from \(validFrom)\(validTo.map { " to \($0)" } ?? ""), \(source))"
    }

    /// The one in force on `day` among `prices` (one item of one supplier): of several, the
    /// one that started last.
    public static func inForce(_ prices: [ContractPrice], on day: String) -> ContractPrice? {
        prices.filter { $0.isInForce(on: day) }.max { $0.validFrom < $1.validFrom }
    }

    /// `YYYY-MM-DD` of an instant, in UTC.
    public static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let pad = { (value: Int, width: Int) in
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year ?? 1970, 4))-\(pad(parts.month ?? 1, 2))-\(pad(parts.day ?? 1, 2))"
    }
}
