/// What the ledger did with a valid, admitted request.
enum ERPPostingResult: Sendable, Equatable {
    /// Posted now (answer 201).
    case posted(ERPPosting)
    /// Posted before under the same key and body (answer 200 with the original result).
    case replayed(ERPPosting)
    /// Not posted: the key was used for another body, or a business rule refused it.
    case rejected(ERPRejection)
}
