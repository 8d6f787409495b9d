/// A file operation of the supplier simulator that failed: which, on what path, and the system's reason.
public struct SupplierSimulatorError: Error, Hashable, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var reason: String

    public init(operation: String, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    public var description: String { "supplier simulator could not \(operation) \(path): \(reason)" }
}
