import LVSModel

/// Tells a capture's format from its content, never from its name (the first meaningful
/// lines of each format are distinctive), and reads it: the registry's formats
/// (`CaptureFormats`) do both; this is the entry point for one whole file.
public enum CaptureRecognizer {
    public static func kind(of file: CaptureFile) -> CaptureKind? { CaptureFormats.recognise(file) }

    public static func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions = .everything) -> ParsedCapture {
        guard let format = CaptureFormats.format(of: kind) else { return ParsedCapture(file: file, kind: kind) }
        return format.parse(file, as: kind, options: options)
    }
}
