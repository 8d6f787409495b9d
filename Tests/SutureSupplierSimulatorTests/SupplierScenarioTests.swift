import Testing
import SutureX12
@testable import SutureSupplierSimulator

/// The pure decisions: each scenario changes line 2 of a three-line order, and only it.
struct SupplierScenarioTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var kind: SupplierScenarioKind
        var statuses: [String]
        /// Shipped quantity per ordered line; nil when the line does not ship.
        var shipped: [String?]
        var total: String
        var testDescription: String { kind.rawValue }
    }

    static let cases: [Case] = [
        Case(kind: .acceptAll, statuses: ["IA", "IA", "IA"], shipped: ["10", "4", "1"], total: "603.00"),
        Case(kind: .backorderLine, statuses: ["IA", "IB", "IA"], shipped: ["10", nil, "1"], total: "555.00"),
        Case(kind: .substituteItem, statuses: ["IA", "IS", "IA"], shipped: ["10", "4", "1"], total: "603.00"),
        Case(kind: .changePrice, statuses: ["IA", "IP", "IA"], shipped: ["10", "4", "1"], total: "607.80"),
        Case(kind: .shipShort, statuses: ["IA", "IA", "IA"], shipped: ["10", "2", "1"], total: "579.00"),
    ]

    @Test(arguments: cases)
    func scenarioDecidesStatusesShipmentsAndInvoiceTotal(_ expected: Case) throws {
        let answer = SupplierScenario(kind: expected.kind, affectedLine: 2, seed: 7)
            .answer(to: SupplierOrderFixtures.order(), date: "20260518", time: "1015")

        #expect(answer.acknowledgment.set == "855")
        #expect(answer.acknowledgment.purchaseOrder == "PO1001")
        #expect(answer.acknowledgment.lines.map(\.status) == expected.statuses)
        #expect(answer.acknowledgment.typeCode == (expected.kind == .acceptAll || expected.kind == .shipShort ? "AD" : "AC"))

        let shipNotice = try #require(answer.shipNotice)
        let shippedByLine = Dictionary(uniqueKeysWithValues: shipNotice.lines.map { ($0.line ?? "", $0.quantity) })
        #expect(["1", "2", "3"].map { shippedByLine[$0] ?? nil } == expected.shipped)
        #expect(shipNotice.lines.allSatisfy { $0.lot != nil && $0.expiry != nil && $0.purchaseOrder == "PO1001" })

        let invoice = try #require(answer.invoice)
        #expect(invoice.total == expected.total)
        #expect(invoice.lines.map(\.quantity) == expected.shipped.compactMap { $0 })
    }

    @Test func substituteIsAcknowledgedShippedAndInvoicedUnderItsOwnVendorPart() throws {
        let answer = SupplierScenario(kind: .substituteItem, affectedLine: 2).answer(to: SupplierOrderFixtures.order(), date: "20260518", time: "1015")
        #expect(answer.acknowledgment.lines[1].vendorPart == "SUB-ABC-2")
        #expect(answer.acknowledgment.lines[1].buyerPart == "7002")
        #expect(try #require(answer.shipNotice).lines[1].vendorPart == "SUB-ABC-2")
        #expect(try #require(answer.invoice).lines[1].vendorPart == "SUB-ABC-2")
    }

    @Test func changedPriceIsAcknowledgedAndInvoiced() throws {
        let answer = SupplierScenario(kind: .changePrice, affectedLine: 2).answer(to: SupplierOrderFixtures.order(), date: "20260518", time: "1015")
        #expect(answer.acknowledgment.lines[1].unitPrice == "13.20")
        #expect(try #require(answer.invoice).lines[1].unitPrice == "13.20")
    }

    @Test func lotsAndExpiriesRepeatForTheSameSeedAndDifferForAnother() throws {
        let order = SupplierOrderFixtures.order()
        func lots(_ seed: UInt64) throws -> [String?] {
            try #require(SupplierScenario(kind: .acceptAll, seed: seed).answer(to: order, date: "20260518", time: "1015").shipNotice).lines.map { "\($0.lot ?? "")/\($0.expiry ?? "")" }
        }
        #expect(try lots(1) == lots(1))
        #expect(try lots(1) != lots(2))
        let expiries = try #require(SupplierScenario(kind: .acceptAll).answer(to: order, date: "20260518", time: "1015").shipNotice).lines.compactMap(\.expiry)
        #expect(expiries.count == 3 && expiries.allSatisfy { $0 > "2027-01-01" && $0 < "2030-01-01" })
    }

    @Test func orderWhoseOnlyLineIsBackorderedShipsNothing() {
        var order = SupplierOrderFixtures.order()
        order.lines = [order.lines[0]]
        let answer = SupplierScenario(kind: .backorderLine, affectedLine: 1).answer(to: order, date: "20260518", time: "1015")
        #expect(answer.acknowledgment.lines.map(\.status) == ["IB"])
        #expect(answer.shipNotice == nil && answer.invoice == nil)
    }
}
