import Foundation
import PropertyBased
import SutureModel
import Testing

@Suite struct PackagingTests {
    /// 1 CS = 12 BX = 144 EA, as in the receiving scene.
    static let gloves = try! PackagingHierarchy(baseUnit: "EA", levels: [
        PackagingLevel(unit: "BX", quantity: 12, gtin: try! GTIN("10614141000019")),
        PackagingLevel(unit: "CS", quantity: 144, gtin: try! GTIN("20614141000016")),
    ])

    @Test(arguments: [
        ("2", "CS", "EA", "288"),
        ("2", "CS", "BX", "24"),
        ("36", "BX", "CS", "3"),
        ("6", "EA", "BX", "0.5"),
        ("3", "EA", "BX", "0.25"),
        ("1.5", "CS", "EA", "216"),
        ("0", "CS", "EA", "0"),
        ("-2", "BX", "EA", "-24"),
        ("7", "EA", "EA", "7"),
    ])
    func convertsExactlyThroughTheBaseUnit(value: String, from: String, to: String, expected: String) throws {
        let quantity = try #require(Quantity(value, try UnitOfMeasure(from)))
        let converted = try Self.gloves.convert(quantity, to: try UnitOfMeasure(to))
        #expect(converted.valueText == expected)
        #expect(converted.unit.code == to)
    }

    @Test func conversionToAUnitTheItemDoesNotHaveIsAnErrorNotAGuess() {
        #expect(throws: PackagingError.unknownUnit("PL", available: ["EA", "BX", "CS"])) {
            try Self.gloves.convert(Quantity(1, "CS"), to: "PL")
        }
        #expect(throws: PackagingError.unknownUnit("DZ", available: ["EA", "BX", "CS"])) {
            try Self.gloves.convert(Quantity(1, "DZ"), to: "EA")
        }
    }

    @Test func conversionThatCannotBeHeldExactlyIsRefused() {
        #expect(throws: PackagingError.inexact(Quantity(1, "EA"), to: "BX")) {
            try Self.gloves.convert(Quantity(1, "EA"), to: "BX")
        }
    }

    @Test func packagingRejectsRepeatedUnitsAndNonWholeQuantities() {
        #expect(throws: PackagingError.duplicateUnit(index: 1, unit: "BX")) {
            try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 12), PackagingLevel(unit: "BX", quantity: 10)])
        }
        #expect(throws: PackagingError.duplicateUnit(index: 0, unit: "EA")) {
            try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "EA", quantity: 1)])
        }
        #expect(throws: PackagingError.invalidLevelQuantity(index: 0, unit: "BX", quantity: Decimal(string: "12.5")!)) {
            try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: Decimal(string: "12.5")!)])
        }
        #expect(throws: PackagingError.invalidLevelQuantity(index: 0, unit: "BX", quantity: 0)) {
            try PackagingHierarchy(baseUnit: "EA", levels: [PackagingLevel(unit: "BX", quantity: 0)])
        }
    }

    @Test func scannedCaseGTINMeansOneCase() throws {
        let item = Item(id: "GLOVE-M", description: "Nitrile gloves M", gtin: try GTIN("00614141000012"), packaging: Self.gloves)
        #expect(item.unit(forGTIN: try GTIN("20614141000016")) == "CS")
        #expect(item.unit(forGTIN: try GTIN("00614141000012")) == "EA")
        #expect(item.unit(forGTIN: try GTIN("05901234123457")) == nil)
    }

    @Test func roundTripThroughAnyTwoUnitsGivesBackTheQuantity() async {
        let units: [UnitOfMeasure] = ["EA", "BX", "CS"]
        await propertyCheck(count: 1000, input: Gen.int(in: -10_000...10_000), Gen.int(in: 0...2), Gen.int(in: 0...2)) { whole, from, to in
            let start = Quantity(Decimal(whole), units[from])
            // Whole cases and boxes always convert exactly; eaches may not reach a box exactly.
            guard let there = try? Self.gloves.convert(start, to: units[to]) else {
                #expect(units[from] == "EA" || units[from] == "BX")
                return
            }
            let back = try? Self.gloves.convert(there, to: units[from])
            #expect(back == start)
        }
    }

    @Test func sumsOfConvertedQuantitiesAreExact() throws {
        // 0.1 of a case ten times is exactly one case: no floating-point drift.
        var total = Decimal(0)
        for _ in 0..<10 { total += try Self.gloves.convert(Quantity(Decimal(string: "14.4")!, "EA"), to: "CS").value }
        #expect(total == 1)
    }
}
