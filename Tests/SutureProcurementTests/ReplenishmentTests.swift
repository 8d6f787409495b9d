import Foundation
import SutureModel
import SutureProcurement
import Testing

/// The replenishment decision on its own: position against reorder point, back to par in
/// whole ordering units, and when a person must approve.
struct ReplenishmentTests {
    /// Syringes: 1 BX = 12 EA, 1 CS = 144 EA.
    static let syringes = try! PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 12), PackagingLevel(unit: "CS", quantity: 144)])
    static let level = Replenishment(par: Quantity(50, "EA"), reorderPoint: Quantity(10, "EA"), orderUnit: "BX", autoApproveUpTo: decimal("500.00"))

    @Test func nineOnHandWithReorderPointTenAndParFiftyInBoxesOfTwelveIsFourBoxes() throws {
        let proposal = try #require(try Self.level.decide(onHand: 9, onOrder: 0, requested: 0, packaging: Self.syringes, unitPrice: decimal("18.40")))
        #expect(proposal.quantity == 4)
        #expect(proposal.unit == "BX")
        #expect(proposal.baseQuantity == 48)
        #expect(proposal.amount == decimal("73.60"))
        #expect(proposal.autoApproved)
    }

    struct Position: Sendable, CustomTestStringConvertible {
        let onHand: Decimal
        let onOrder: Decimal
        let requested: Decimal
        let boxes: Decimal?
        var testDescription: String { "on hand \(onHand), on order \(onOrder), requested \(requested)" }
    }

    @Test(arguments: [
        Position(onHand: 40, onOrder: 0, requested: 0, boxes: nil),   // above the reorder point
        Position(onHand: 11, onOrder: 0, requested: 0, boxes: nil),   // just above
        Position(onHand: 10, onOrder: 0, requested: 0, boxes: 4),     // at the point: 40 EA short, 4 BX
        Position(onHand: 2, onOrder: 0, requested: 0, boxes: 4),      // 48 short: exactly 4 BX
        Position(onHand: 1, onOrder: 0, requested: 0, boxes: 5),      // 49 short: rounded up
        Position(onHand: 3, onOrder: 12, requested: 0, boxes: nil),   // on order counts
        Position(onHand: 3, onOrder: 0, requested: 48, boxes: nil),   // an open requisition counts: no second one
        Position(onHand: 0, onOrder: 5, requested: 0, boxes: 4),      // 45 short with 5 coming
        Position(onHand: -6, onOrder: 0, requested: 0, boxes: 5),     // a count below zero still orders up to par
    ])
    func theProposalBringsThePositionBackToParInWholeBoxes(_ position: Position) throws {
        let proposal = try Self.level.decide(onHand: position.onHand, onOrder: position.onOrder, requested: position.requested, packaging: Self.syringes)
        #expect(proposal?.quantity == position.boxes)
        if let proposal {
            #expect(position.onHand + position.onOrder + position.requested + proposal.baseQuantity >= 50, "back to par")
            #expect(position.onHand + position.onOrder + position.requested + proposal.baseQuantity - 12 < 50, "not a box more than needed")
        }
    }

    @Test func aProposalOverTheLimitOrWithoutAPriceWaitsForAPerson() throws {
        let cases = try #require(try Replenishment(par: Quantity(10, "CS"), reorderPoint: Quantity(2, "CS"), orderUnit: "CS", autoApproveUpTo: decimal("500.00"))
            .decide(onHand: 100, onOrder: 0, requested: 0, packaging: Self.syringes, unitPrice: decimal("210.00")))
        #expect(cases.quantity == 10, "par and reorder point in cases: 100 EA on hand is under 2 CS, so 10 CS bring 1,540 EA")
        #expect(cases.amount == decimal("2100.00"))
        #expect(!cases.autoApproved)
        let unpriced = try #require(try Self.level.decide(onHand: 0, onOrder: 0, requested: 0, packaging: Self.syringes))
        #expect(unpriced.amount == nil)
        #expect(!unpriced.autoApproved, "without a price there is no amount to approve automatically")
        let noLimit = Replenishment(par: Quantity(50, "EA"), reorderPoint: Quantity(10, "EA"), orderUnit: "BX")
        #expect(try noLimit.decide(onHand: 0, onOrder: 0, requested: 0, packaging: Self.syringes, unitPrice: 1)?.autoApproved == false)
    }

    @Test func unitsTheItemDoesNotHaveAndAReorderPointAboveParAreRefused() {
        #expect(throws: Replenishment.Failure.self) {
            try Replenishment(par: Quantity(50, "EA"), reorderPoint: Quantity(10, "EA"), orderUnit: "PL").decide(onHand: 0, onOrder: 0, requested: 0, packaging: Self.syringes)
        }
        #expect(throws: Replenishment.Failure.reorderPointAbovePar) {
            try Replenishment(par: Quantity(10, "EA"), reorderPoint: Quantity(2, "BX"), orderUnit: "BX").decide(onHand: 0, onOrder: 0, requested: 0, packaging: Self.syringes)
        }
    }
}
