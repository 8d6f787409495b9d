/// The kind of symbol the data was read from, as its AIM symbology identifier says.
public enum BarcodeSymbology: String, Sendable, Hashable {
    case gs1_128 = "gs1-128"
    case gs1DataMatrix = "gs1-datamatrix"
    case gs1QR = "gs1-qr"
    case gs1DataBar = "gs1-databar"
    case gs1DotCode = "gs1-dotcode"
    case ean13 = "ean-13"
    case ean8 = "ean-8"
    case itf14 = "itf-14"
    case hibcDataMatrix = "hibc-datamatrix"
    case hibc128 = "hibc-128"
    case hibcQR = "hibc-qr"
    case hibc39 = "hibc-39"
    case code128 = "code-128"
    case dataMatrix = "datamatrix"
    case qr = "qr"
    case code39 = "code-39"

    /// What an AIM identifier announces about the data that follows it.
    enum Payload {
        /// A GS1 element string (FNC1 in first position).
        case gs1ElementString
        /// A bare GTIN of the given lengths.
        case gtin(lengths: ClosedRange<Int>)
        /// Plain data: HIBC, a Digital Link URI or anything else; `hibc` names the
        /// symbology when the data turns out to be HIBC.
        case plain(hibc: BarcodeSymbology)
    }

    /// The symbology and payload for the AIM identifier `]` + `code` + `modifier`, or nil
    /// when Suture does not read that symbology.
    static func fromAIM(code: UInt8, modifier: UInt8) -> (BarcodeSymbology, Payload)? {
        switch (code, modifier) {
        case (UInt8(ascii: "C"), UInt8(ascii: "1")): return (.gs1_128, .gs1ElementString)
        case (UInt8(ascii: "d"), UInt8(ascii: "2")): return (.gs1DataMatrix, .gs1ElementString)
        case (UInt8(ascii: "Q"), UInt8(ascii: "3")): return (.gs1QR, .gs1ElementString)
        case (UInt8(ascii: "e"), UInt8(ascii: "0")): return (.gs1DataBar, .gs1ElementString)
        case (UInt8(ascii: "J"), UInt8(ascii: "1")): return (.gs1DotCode, .gs1ElementString)
        // EAN/UPC readers send UPC-A as 13 digits under ]E0; some strip the leading zero.
        case (UInt8(ascii: "E"), UInt8(ascii: "0")): return (.ean13, .gtin(lengths: 12...13))
        case (UInt8(ascii: "E"), UInt8(ascii: "4")): return (.ean8, .gtin(lengths: 8...8))
        case (UInt8(ascii: "I"), UInt8(ascii: "0")), (UInt8(ascii: "I"), UInt8(ascii: "1")):
            return (.itf14, .gtin(lengths: 14...14))
        case (UInt8(ascii: "C"), UInt8(ascii: "0")): return (.code128, .plain(hibc: .hibc128))
        case (UInt8(ascii: "d"), UInt8(ascii: "1")): return (.dataMatrix, .plain(hibc: .hibcDataMatrix))
        case (UInt8(ascii: "Q"), UInt8(ascii: "1")): return (.qr, .plain(hibc: .hibcQR))
        case (UInt8(ascii: "A"), UInt8(ascii: "0")), (UInt8(ascii: "A"), UInt8(ascii: "1")):
            return (.code39, .plain(hibc: .hibc39))
        default: return nil
        }
    }
}
