import Foundation
import SutureERPSimulator
import SutureModel
import SutureStore
import SutureDelivery
import Testing
import SutureProcurement

/// Inventory events that carry a raw scan instead of an item code (docs/api.md, "Inventory events").
@Suite struct ScanTests {
    static let gs = "\u{1D}"

    static func scan(_ barcode: String, quantity: String = "1", unit: String? = nil, occurredAt: String = "2026-05-18T10:15:00Z") -> String {
        let escaped = barcode.replacingOccurrences(of: "\u{1D}", with: "\\u001d")
        let unitMember = unit.map { #","unit":"\#($0)""# } ?? ""
        return #"{"type":"receipt","source":"storeroom-a","occurredAt":"\#(occurredAt)","location":"OR-1","barcode":"\#(escaped)","quantity":"\#(quantity)"\#(unitMember)}"#
    }

    @Test func scanningACaseGTINMeansOneCaseWithLotAndExpiryFromTheBarcode() async throws {
        try await PipelineHarness.with { harness in
            // GS1 DataMatrix: case GTIN, expiry 2027-01-31, lot LOT4711 (variable, then FNC1), serial.
            let barcode = "]d2" + "0120614141000016" + "17270131" + "10LOT4711" + Self.gs + "21SN0001"
            let id = try #require(try await harness.post(Self.scan(barcode), key: "scan-case").json()["id"] as? String)
            #expect(await eventually { await harness.erp.ledger.count(of: .receipt(id)) == 1 })
            let line = try #require(await harness.erp.ledger.postings(of: .receipt(id)).first?.body["lines"]?.arrayValue?.first)
            #expect(line["quantity"] == .string("10"))  // 1 CS = 100 EA = 10 BX, the ERP's unit
            #expect(line["lot"] == .string("LOT4711"))
            #expect(line["expiry"] == .string("2027-01-31"))
            #expect(line["serial"] == .string("SN0001"))
            let event = try #require(try await harness.hub.store.event(id: EventID(id)))
            let normalized = try JSONValue.parse(try #require(event.normalized))
            #expect(normalized["gtin"] == .string("20614141000016"))
            #expect(normalized["sourceUnit"] == .string("CS"))
        }
    }

    @Test(arguments: [
        // Lot-controlled item scanned without a lot.
        ("]C1" + "0100614141000012" + "17270131", ExceptionType.missingLot),
        // Expired before it was received (expiry 2026-01-31, received 2026-05-18).
        ("]C1" + "0100614141000012" + "17260131" + "10LOT1", ExceptionType.expiredLot),
        // A valid GTIN that no item has.
        ("]C1" + "0105901234123457" + "10LOT1", ExceptionType.unknownGTIN),
        // A scan that cannot be read (wrong check digit).
        ("]C1" + "0100614141000013" + "10LOT1", ExceptionType.invalidDocument),
    ])
    func scansThatCannotBeTakenOpenTheRightException(barcode: String, type: ExceptionType) async throws {
        try await PipelineHarness.with { harness in
            let response = try await harness.post(Self.scan(barcode), key: "scan-\(type.rawValue)")
            #expect(response.status == 202, "\(response.text)")
            let id = try #require(try response.json()["id"] as? String)
            #expect(await eventually { (try? await harness.hub.store.event(id: EventID(id)))?.status == .exception })
            let exceptions = try await harness.hub.store.exceptions(ExceptionFilter(), limit: 10, before: nil)
            #expect(exceptions.map(\.type) == [type], "\(exceptions.map(\.summary))")
            #expect(await harness.erp.ledger.summary().requests == 0)
        }
    }

    @Test func aScanWithAUnitThatContradictsTheGTINIsAUnitOfMeasureMismatch() async throws {
        try await PipelineHarness.with { harness in
            let barcode = "]C1" + "0120614141000016" + "10LOT1"
            let id = try #require(try await harness.post(Self.scan(barcode, unit: "BX"), key: "scan-uom").json()["id"] as? String)
            #expect(await eventually { (try? await harness.hub.store.event(id: EventID(id)))?.status == .exception })
            #expect(try await harness.hub.store.exceptions(ExceptionFilter(type: .uomMismatch), limit: 10, before: nil).count == 1)
        }
    }

    @Test func hibcScansResolveThroughTheSourcesItemCrosswalk() async throws {
        try await PipelineHarness.with { harness in
            _ = try await harness.hub.store.putCrosswalk(CrosswalkEntry(system: "storeroom-a", kind: .items, code: "A123GLOVEM", canonical: "GLOVE-M"))
            // HIBC concatenated: labeler A123, product GLOVEM, unit digit 0, lot LOT7 (expiry MMYY 1230).
            let primary = "+A123GLOVEM0"
            let data = primary + "/$$1230LOT7"
            let text = data + HIBCCheck.character(for: data)
            let id = try #require(try await harness.post(Self.scan(text, quantity: "5"), key: "scan-hibc").json()["id"] as? String)
            let delivered = await eventually { await harness.erp.ledger.count(of: .receipt(id)) == 1 }
            let exceptions = try await harness.hub.store.exceptions(ExceptionFilter(), limit: 5, before: nil).map(\.summary)
            #expect(delivered, "\(exceptions)")
            let line = try #require(await harness.erp.ledger.postings(of: .receipt(id)).first?.body["lines"]?.arrayValue?.first)
            #expect(line["lot"] == .string("LOT7"))
            #expect(line["quantity"] == .string("0.5"))  // 5 EA = 0.5 BX
        }
    }
}

/// The HIBC mod-43 check character, computed independently of the codec.
enum HIBCCheck {
    static func character(for data: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%")
        let sum = data.reduce(0) { $0 + (alphabet.firstIndex(of: $1) ?? 0) }
        return String(alphabet[sum % 43])
    }
}
