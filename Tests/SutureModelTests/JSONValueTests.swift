import SutureModel
import Testing

@Suite struct JSONValueTests {
    @Test func parsesAndKeepsMemberOrderAndExactNumbers() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":[true,null,"x\u00e9\n"],"q":0.1000000000000000055511151231257827}"#)
        #expect(value.serialized() == #"{"b":1,"a":[true,null,"xé\n"],"q":0.1000000000000000055511151231257827}"#)
        #expect(value["q"] == .number("0.1000000000000000055511151231257827"))
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test(arguments: [
        "", "{", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", "-", "\"\\x\"", "\"\u{01}\"", "tru", "{} {}",
        "{\"a\":1,\"a\":2}", "\"\\ud800\"", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func malformedJSONIsRefusedWithAnOffset(input: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(input) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func controlCharactersAreEscapedOnOutput() {
        #expect(JSONValue.string("a\u{01}b\"").serialized() == #""a\u0001b\"""#)
    }
}
