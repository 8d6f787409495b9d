import Foundation
import SutureModel
import Testing

/// Timestamps as the audit log hashes them and the API reads them.
@Suite struct WallClockTests {
    @Test(arguments: [
        ("2026-05-18T10:15:00Z", Int64(1_779_099_300_000)),
        ("2026-05-18T10:15:00.5Z", 1_779_099_300_500),
        ("2026-05-18T10:15:00.123456z", 1_779_099_300_123),
        ("2026-05-18t12:15:00+02:00", 1_779_099_300_000),
        ("2026-05-17T22:16:00-11:59", 1_779_099_300_000),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59.999Z", -1),
    ])
    func rfc3339TimestampsParseToTheirMilliseconds(text: String, milliseconds: Int64) {
        #expect(WallClock.milliseconds(timestamp: text) == milliseconds)
    }

    @Test(arguments: ["", "2026-05-18", "2026-05-18T10:15Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                      "2026-05-18T24:00:00Z", "2026-05-18T10:15:00", "2026-05-18T10:15:00.Z", "2026-05-18T10:15:00+24:00", "2026-05-18T10:15:00Z ",
                      "２026-05-18T10:15:00Z"])
    func whatRFC3339DoesNotAllowIsRefused(text: String) {
        #expect(WallClock.milliseconds(timestamp: text) == nil)
    }

    @Test func writtenTimestampsReadBackToTheSameMilliseconds() {
        for milliseconds: Int64 in [0, 1, 999, 1_779_099_300_123, 4_102_444_799_999, -86_400_001, 951_782_400_000] {
            let text = WallClock.timestamp(milliseconds: milliseconds)
            #expect(WallClock.milliseconds(timestamp: text) == milliseconds, "\(text)")
        }
        #expect(WallClock.timestamp(milliseconds: 1_779_099_300_123) == "2026-05-18T10:15:00.123Z")
    }
}
