import SutureBarcode

/// Parses with 2026 as the reference year, so that two-digit years mean the same
/// whenever the tests run.
let parser = BarcodeParser(referenceYear: 2026)

/// The ASCII group separator that stands for FNC1 between GS1 elements.
let gs = "\u{1D}"

/// An independent statement of the GS1 modulo-10 rule, written differently from the
/// parser's: weights run from the left, and a whole key (check digit included) is valid
/// when its weighted sum is a multiple of ten.
func gs1KeyIsValid(_ digits: [Int]) -> Bool {
    var sum = 0
    for (offset, digit) in digits.enumerated() {
        let distanceFromEnd = digits.count - 1 - offset
        sum += digit * (distanceFromEnd % 2 == 1 ? 3 : 1)
    }
    return sum % 10 == 0
}

/// An independent statement of the HIBC modulo-43 rule: a character's value is its
/// position in this alphabet.
let hibcAlphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%")

func independentHIBCCheckCharacter(_ data: String) -> Character {
    let total = data.reduce(0) { sum, character in sum + hibcAlphabet.firstIndex(of: character)! }
    return hibcAlphabet[total % 43]
}

extension BarcodeParseResult {
    var errorCodes: [String] { errors.map(\.code.rawValue) }
}

extension String {
    /// The text with each GS shown as `<GS>`, for test names.
    var showingGS: String { String(flatMap { $0 == "\u{1D}" ? Array("<GS>") : [$0] }) }
}
