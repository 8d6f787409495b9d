import SutureModel
import Testing

@Suite struct JSONDiffTests {
    @Test func changedAddedAndRemovedMembersAreListedByPath() throws {
        let old = try JSONValue.parse(#"{"receiptId":"R1","lines":[{"item":"ERP-1","quantity":"20","unit":"BOX","lot":"L1"}],"note":"x"}"#)
        let new = try JSONValue.parse(#"{"receiptId":"R1","lines":[{"item":"ERP-1","quantity":"2","unit":"CS"}],"extra":true}"#)
        let changes = JSONDiff.changes(from: old, to: new)
        #expect(changes == [
            JSONDiff.Change(path: "lines[0].quantity", from: .string("20"), to: .string("2")),
            JSONDiff.Change(path: "lines[0].unit", from: .string("BOX"), to: .string("CS")),
            JSONDiff.Change(path: "lines[0].lot", from: .string("L1"), to: nil),
            JSONDiff.Change(path: "note", from: .string("x"), to: nil),
            JSONDiff.Change(path: "extra", from: nil, to: .bool(true)),
        ])
    }

    @Test func equalDocumentsHaveNoChangesAndArraysCompareByPosition() throws {
        let value = try JSONValue.parse(#"{"a":[1,2,{"b":null}]}"#)
        #expect(JSONDiff.changes(from: value, to: value).isEmpty)
        let longer = try JSONValue.parse(#"{"a":[1,2,{"b":null},4]}"#)
        #expect(JSONDiff.changes(from: value, to: longer) == [JSONDiff.Change(path: "a[3]", from: nil, to: .number("4"))])
        #expect(JSONDiff.changes(from: .string("x"), to: .number("1")) == [JSONDiff.Change(path: "", from: .string("x"), to: .number("1"))])
    }
}
