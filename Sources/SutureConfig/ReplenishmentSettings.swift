public import Foundation

/// When replenishment runs and what it may order without a person (docs/stock.md,
/// "Requisitions"). It also runs whenever processed events change stock.
public struct ReplenishmentSettings: Sendable, Equatable {
    /// How often every par level is checked.
    public var every: Duration
    /// Requisitions worth at most this (at the contract price) are approved without a
    /// person; nil: every requisition waits for one.
    public var autoApproveUpTo: Decimal?

    public init(every: Duration = .seconds(300), autoApproveUpTo: Decimal? = nil) {
        self.every = every
        self.autoApproveUpTo = autoApproveUpTo
    }

    init(_ value: ConfigValue) throws(ConfigProblem) {
        every = try value.duration("every")
        autoApproveUpTo = value["autoApproveUpTo"] == nil ? nil : try value.decimal("autoApproveUpTo")
    }

    static let keys = [
        ConfigKey("every", .duration, default: "5m",
                  doc: "How often every par level is checked (on every node; a requisition is raised once however many nodes find the need). Stock changes are checked as they are processed."),
        ConfigKey("autoApproveUpTo", .decimal,
                  doc: "Requisitions worth at most this, at the contract price, are approved and ordered without a person. Unset: every requisition waits for approval; one without a contract price always does."),
    ]
}
