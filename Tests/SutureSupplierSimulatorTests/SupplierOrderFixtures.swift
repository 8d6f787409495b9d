import Foundation
import SutureX12

/// Purchase orders and exchange folders for the simulator tests.
enum SupplierOrderFixtures {
    /// Three lines: 10 BX at 45.50, 4 EA at 12.00, 1 CS at 100.00 (603.00 in all).
    static func order(_ number: String = "PO1001") -> X12Document {
        X12Document(
            set: "850", control: "0001", number: number, purchaseOrder: number, date: "20260518",
            purpose: "00", typeCode: "SA", currency: "USD",
            lines: [
                X12LineItem(line: "1", quantity: "10", unit: "BX", unitPrice: "45.50",
                            productIDs: [X12ProductID("VN", "ABC-1"), X12ProductID("IN", "7001"), X12ProductID("UK", "10614141000415")],
                            description: "Nitrile exam gloves, medium"),
                X12LineItem(line: "2", quantity: "4", unit: "EA", unitPrice: "12.00", productIDs: [X12ProductID("VN", "ABC-2"), X12ProductID("IN", "7002")]),
                X12LineItem(line: "3", quantity: "1", unit: "CS", unitPrice: "100.00", productIDs: [X12ProductID("VN", "ABC-3")]),
            ]
        )
    }

    /// The 850 interchange the hub would write.
    static func interchange(_ orders: [X12Document], version: X12Version = .v004010, control: Int = 1) throws -> String {
        try X12Writer(version: version).write(
            orders,
            parties: X12EnvelopeParties(sender: "SUTUREHUB", receiver: "ACMEMEDICAL"),
            control: X12ControlNumbers(interchange: control, group: control, firstSet: 1),
            timestamp: X12Timestamp(date: "20260518", time: "1015")
        )
    }

    /// A fresh exchange folder with `out/`, removed by the caller.
    static func exchange() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("supplier-sim-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("out"), withIntermediateDirectories: true)
        return url
    }

    static func place(_ text: String, named name: String, in exchange: URL) throws {
        try Data(text.utf8).write(to: exchange.appendingPathComponent("out").appendingPathComponent(name))
    }

    /// The files in `in/` (hidden ones left out), by name, each parsed; none before the simulator made `in/`.
    static func answers(in exchange: URL) throws -> [(name: String, result: X12ParseResult)] {
        let inbox = exchange.appendingPathComponent("in")
        guard FileManager.default.fileExists(atPath: inbox.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: inbox.path).filter { !$0.hasPrefix(".") }.sorted().map { name in
            (name, X12Parser.parse(try Data(contentsOf: inbox.appendingPathComponent(name))))
        }
    }

    static let fixedClock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_779_099_300) }  // 2026-05-18 10:15 UTC
}
