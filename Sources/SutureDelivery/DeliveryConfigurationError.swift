/// Why a rate-limit, retry or circuit-breaker setting was refused.
///
/// `field` is the setting's key as the configuration file spells it (`burst`,
/// `maxBackoff`), so the config checker can prefix it with its own key path
/// (`systems.erp.retry`) and print one line that says what to fix.
public struct DeliveryConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let field: String
    public let problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
