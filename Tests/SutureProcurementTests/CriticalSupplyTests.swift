import Foundation
import SutureModel
import SutureProcurement
import Testing

/// Critical supply on its own: days of supply, need and surplus against the target days, and
/// which transfers cover the short facilities.
struct CriticalSupplyTests {
    static func position(_ facility: String, onHand: Decimal, usage: Decimal) -> CriticalSupply.Position {
        CriticalSupply.Position(facility: try! LocationID(facility), onHand: onHand, averageDailyUsage: usage)
    }

    @Test func daysOfSupplyNeedAndSurplusFollowTheUsage() {
        let short = Self.position("B", onHand: 20, usage: 20)
        #expect(short.daysOfSupply == 1)
        #expect(short.need(targetDays: 7) == 120)
        #expect(short.surplus(targetDays: 7) == 0)
        let idle = Self.position("D", onHand: 30, usage: 0)
        #expect(idle.daysOfSupply == nil, "nothing used: no days of supply")
        #expect(idle.need(targetDays: 7) == 0)
        #expect(idle.surplus(targetDays: 7) == 30)
        // A need in part units rounds up; a surplus rounds down.
        let partial = Self.position("E", onHand: 10, usage: decimal("2.5"))
        #expect(partial.need(targetDays: 7) == 8)   // 17.5 -> 18 needed, 10 held
        #expect(Self.position("F", onHand: 20, usage: decimal("2.5")).surplus(targetDays: 7) == 2)  // 20 - 17.5 = 2.5 -> 2
    }

    @Test func theShortestFacilityIsServedFirstFromTheLargestSurplus() {
        let positions = [Self.position("A", onHand: 100, usage: 5), Self.position("B", onHand: 0, usage: 10),
                         Self.position("C", onHand: 30, usage: 10), Self.position("D", onHand: 50, usage: 0)]
        // Surplus: A 65, D 50. Needs: B 70 (0 days), C 40 (3 days).
        let transfers = CriticalSupply.transfers(positions, targetDays: 7)
        #expect(transfers == [
            CriticalSupply.Transfer(from: "A", to: "B", quantity: 65),
            CriticalSupply.Transfer(from: "D", to: "B", quantity: 5),
            CriticalSupply.Transfer(from: "D", to: "C", quantity: 40),
        ])
    }

    @Test func withoutSurplusNothingIsSuggested() {
        #expect(CriticalSupply.transfers([Self.position("A", onHand: 10, usage: 5), Self.position("B", onHand: 0, usage: 1)], targetDays: 7).isEmpty)
    }
}

/// A requisition's decisions on their own.
struct RequisitionTests {
    static func proposed(supplier: SupplierID? = "ACME") -> Requisition {
        Requisition(id: "RQ-1", location: "WARD", item: "GLOVE-M", quantity: 4, unit: "BX", baseQuantity: 48, supplier: supplier, amount: 120,
                    currency: "USD", status: .proposed, position: 9, parLevelVersion: 1, proposedAt: 0)
    }

    @Test func approvingTwiceChangesOnceAndARejectedOneCannotBeApproved() throws {
        var requisition = Self.proposed()
        #expect(try requisition.approve(by: "ana", at: 5))
        #expect(requisition.status == .approved && requisition.decidedBy == "ana" && requisition.decidedAt == 5)
        #expect(try !requisition.approve(by: "bob", at: 6))
        #expect(requisition.decidedBy == "ana")
        #expect(throws: Requisition.DecisionError.notProposed(id: "RQ-1", status: .approved)) { try requisition.reject(by: "bob", at: 7, reason: nil) }
        var rejected = Self.proposed()
        #expect(try rejected.reject(by: "ana", at: 5, reason: "use the 4-0"))
        #expect(try !rejected.reject(by: "ana", at: 6, reason: nil))
        #expect(rejected.reason == "use the 4-0")
        #expect(throws: Requisition.DecisionError.notProposed(id: "RQ-1", status: .rejected)) { try rejected.approve(by: "ana", at: 7) }
    }

    @Test func aRequisitionWithoutASupplierCannotBeApproved() {
        var requisition = Self.proposed(supplier: nil)
        #expect(throws: Requisition.DecisionError.noSupplier(id: "RQ-1")) { try requisition.approve(by: "ana", at: 1) }
        #expect(requisition.status == .proposed)
    }
}
