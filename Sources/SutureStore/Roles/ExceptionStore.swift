import SutureModel

/// The exception queue people work (changes to it go through `DocumentStore.commit`).
public protocol ExceptionStore: Sendable {
    func exceptions(_ filter: ExceptionFilter, limit: Int, before: Int64?) async throws -> [ExceptionRecord]
    func exception(id: String) async throws -> ExceptionRecord?
}
