public import Foundation

/// An exact amount of money in an ISO 4217 currency.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public var amount: Decimal
    public var currency: CurrencyCode

    public init(_ amount: Decimal, _ currency: CurrencyCode) {
        self.amount = amount
        self.currency = currency
    }

    /// The amount as money is written: with at least the currency's minor units (`45.50`).
    public var amountText: String { ExactDecimal.text(amount, minimumFractionDigits: currency.minorUnits) }

    public var description: String { "\(amountText) \(currency.code)" }
}

/// An ISO 4217 alphabetic currency code: three upper-case letters.
public struct CurrencyCode: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let code: String

    public init(_ code: String) throws(CurrencyCodeError) {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw .invalid(code)
        }
        self.code = code
    }

    public init(stringLiteral value: String) {
        do { try self.init(value) } catch { preconditionFailure("\(error)") }
    }

    public var description: String { code }

    /// The digits after the decimal point of the currency's minor unit (ISO 4217): 2 for
    /// most, 0 for the yen and a few others, 3 for the dinars of Bahrain, Iraq, Jordan,
    /// Kuwait, Libya and Tunisia, and the rial of Oman.
    public var minorUnits: Int {
        switch code {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF": return 0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND": return 3
        default: return 2
        }
    }
}

public enum CurrencyCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let code): return "'\(code)' is not an ISO 4217 currency code (three upper-case letters, such as USD)"
        }
    }
}
