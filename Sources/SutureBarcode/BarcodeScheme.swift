/// Which family of standards the barcode data follows.
public enum BarcodeScheme: String, Sendable, Hashable {
    /// GS1 element strings, human-readable text or Digital Link URIs.
    case gs1
    /// HIBC supplier labeling (ANSI/HIBC 2.6).
    case hibc
    /// A bare GTIN: EAN-8, UPC-A, EAN-13 or ITF-14 data.
    case gtin
}
