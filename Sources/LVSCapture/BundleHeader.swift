import LVSModel

/// The first line of a `lvslint collect` bundle: `# lvslint bundle 1: host lvs1, kernel
/// 5.10.0-28-amd64, time …, collector lvslint 0.1.0`. Its kernel release is a capture of
/// `uname -r` like any other, at that line.
enum BundleHeader {
    static func kernel(in file: CaptureFile) -> ParsedCapture? {
        var found: ParsedCapture?
        // The first three lines with content, read without walking the rest of the file
        // (this runs on every capture file of a fleet).
        for line in file.firstContentLines(3) where found == nil {
            let bytes = ByteFields.trimmed(line.bytes)
            guard ByteFields.hasPrefix(bytes, "# lvslint bundle ") else { continue }
            let text = ByteFields.string(bytes)
            for part in text.split(separator: ",") {
                let words = part.split(separator: " ")
                guard words.count == 2, words[0] == "kernel", let kernel = KernelRelease(String(words[1]), evidence: line) else { continue }
                var capture = ParsedCapture(file: file, kind: .uname)
                capture.kernel = kernel
                found = capture
            }
        }
        return found
    }
}
