public import Foundation

/// An exact amount of money in an ISO 4217 currency.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public var amount: Decimal
    public var currency: CurrencyCode

    public init(_ amount: Decimal, _ currency: CurrencyCode) {
        self.amount = amount
        self.currency = currency
    }

    public var description: String { "\(ExactDecimal.format(amount)) \(currency.code)" }
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
}

public enum CurrencyCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let code): return "'\(code)' is not an ISO 4217 currency code (three upper-case letters, such as USD)"
        }
    }
}
