import Foundation
import SutureModel
import SutureStore
import SutureDelivery
import Testing

/// Business documents and change sets: written whole or not at all, and never over a
/// newer version or an exception someone else already resolved.
@Suite struct DocumentStoreTests {
    static func order(version: Int, body: String = #"{"number":"PO-1"}"#, status: String = "ordered") -> StoredDocument {
        StoredDocument(kind: .purchaseOrder, key: "PO-1", version: version, correlationID: CorrelationID(String(repeating: "a", count: 32)),
                       traceparent: "00-\(String(repeating: "a", count: 32))-\(String(repeating: "b", count: 16))-01",
                       status: status, reference: nil, body: body, createdAt: 0, updatedAt: 0)
    }

    @Test(arguments: StoreTests.kinds)
    func documentsAreVersionedAndAStaleWriteChangesNothing(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            var create = StoreChanges()
            create.documents = [DocumentWrite(Self.order(version: 1), expectedVersion: nil)]
            try await store.commit(create)
            #expect(try await store.document(.purchaseOrder, key: "PO-1")?.version == 1)
            // Creating it again is a conflict.
            await #expect(throws: StoreError.self) { try await store.commit(create) }

            var update = StoreChanges()
            update.documents = [DocumentWrite(Self.order(version: 2, status: "received"), expectedVersion: 1)]
            update.timeline = [TimelineEntry(at: 1, correlationID: "c-1", stage: .linked, outcome: "ok", detail: "first writer")]
            try await store.commit(update)

            // A second writer that read version 1 loses, and nothing of its change is kept.
            var stale = StoreChanges()
            stale.documents = [DocumentWrite(Self.order(version: 2, status: "cancelled"), expectedVersion: 1)]
            stale.timeline = [TimelineEntry(at: 2, correlationID: "c-1", stage: .linked, outcome: "ok", detail: "stale writer")]
            stale.exceptions = [NewException(id: "exc_stale", type: .backorder, correlationID: "c-1", system: nil, eventID: nil,
                                             deliveryID: nil, summary: "stale", context: "{}", document: "purchase-order:PO-1")]
            await #expect {
                try await store.commit(stale)
            } throws: { error in
                if case StoreError.staleVersion = error { return true }
                return false
            }
            let stored = try #require(try await store.document(.purchaseOrder, key: "PO-1"))
            #expect(stored.version == 2)
            #expect(stored.status == "received")
            #expect(try await store.timeline(correlationID: "c-1").map(\.detail) == ["first writer"])
            #expect(try await store.exception(id: "exc_stale") == nil)
        }
    }

    @Test(arguments: StoreTests.kinds)
    func invoicesAreFoundByTheirOrder(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            var changes = StoreChanges()
            for number in ["INV-2", "INV-1"] {
                var invoice = Self.order(version: 1)
                invoice.kind = .invoice
                invoice.key = number
                invoice.reference = "PO-1"
                changes.documents.append(DocumentWrite(invoice, expectedVersion: nil))
            }
            try await store.commit(changes)
            #expect(try await store.documents(.invoice, reference: "PO-1").map(\.key).sorted() == ["INV-1", "INV-2"])
            #expect(try await store.documents(.invoice, reference: "PO-2").isEmpty)
        }
    }

    @Test(arguments: StoreTests.kinds)
    func anExceptionIsResolvedOnceWithItsHistoryAndOwner(kind: StoreTests.Kind) async throws {
        try await StoreTests.withStore(kind) { store, _ in
            var open = StoreChanges()
            open.exceptions = [NewException(id: "exc_1", type: .priceVariance, correlationID: "c-2", system: "acme", eventID: nil,
                                            deliveryID: nil, summary: "price", context: "{}", document: "invoice:INV-1")]
            try await store.commit(open)
            var take = StoreChanges()
            take.exceptionChanges = [ExceptionChange(id: "exc_1", expected: [.open], status: .inProgress, owner: "pat",
                                                     historyEntry: #"{"action":"assign","by":"pat"}"#)]
            try await store.commit(take)
            let resolve = ExceptionChange(id: "exc_1", expected: [.open, .inProgress], status: .resolved,
                                          historyEntry: #"{"action":"approve","by":"pat"}"#)
            var first = StoreChanges()
            first.exceptionChanges = [resolve]
            try await store.commit(first)
            // A second resolution (another person, at the same moment) is refused.
            await #expect(throws: StoreError.self) { try await store.commit(first) }
            let stored = try #require(try await store.exception(id: "exc_1"))
            #expect(stored.status == .resolved)
            #expect(stored.owner == "pat")
            #expect(stored.document == "invoice:INV-1")
            #expect(try JSONValue.parse(stored.history).arrayValue?.compactMap { $0["action"]?.stringValue } == ["assign", "approve"])
            #expect(try await store.exceptions(ExceptionFilter(document: "invoice:INV-1"), limit: 5, before: nil).map(\.id) == ["exc_1"])
        }
    }
}
