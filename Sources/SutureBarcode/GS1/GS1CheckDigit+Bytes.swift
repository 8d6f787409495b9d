public import SutureModel

extension GS1CheckDigit {
    /// The check digit for the data digits at `range` of `bytes`, or nil when one of them is
    /// not a digit or the range is empty.
    ///
    /// The same rule as `compute(for:)`, on bytes: that one is generic over
    /// `StringProtocol` and allocates on every call, which made it a third of the cost of
    /// parsing a barcode. The tests hold the two to the same answers.
    static func compute(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> UInt8? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        var sum = 0
        var weight = 3
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            sum &+= Int(digit) &* weight
            weight = 4 - weight
        }
        return UInt8((10 - sum % 10) % 10)
    }

    /// The check digit for `digits` (data digits only), computed on their UTF-8 bytes.
    public static func compute(utf8 digits: String) -> UInt8? {
        var digits = digits
        return digits.withUTF8 { compute(bytes: $0, range: 0..<$0.count) }
    }
}
