/// What an HIBC primary data structure identifies: the labeler, its product number and
/// the packaging level.
public struct HIBCProduct: Hashable, Sendable {
    /// The Labeler Identification Code: four characters, the first a letter.
    public let labelerCode: String
    /// The labeler's product or catalog number, 1 to 18 letters and digits.
    public let product: String
    /// The unit-of-measure digit: 0 for the unit of use, higher digits for larger packages.
    public let unitOfMeasure: Int

    public init(labelerCode: String, product: String, unitOfMeasure: Int) {
        self.labelerCode = labelerCode
        self.product = product
        self.unitOfMeasure = unitOfMeasure
    }
}
