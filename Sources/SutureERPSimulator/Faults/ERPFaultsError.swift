/// Why a fault setting was refused: which field and what is wrong with it.
public struct ERPFaultsError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
