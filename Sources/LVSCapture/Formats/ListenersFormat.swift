import LVSModel

extension CaptureKind {
    /// `ss -ltn`, `ss -ltnu` (with or without the Netid column) and `netstat -ltnu`.
    public static let listeners = CaptureKind("listeners", facet: .listeners, rank: 0)
}

/// Listening sockets as `ss` and `netstat` print them.
struct ListenersFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.listeners]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        if (head.hasPrefix("Netid") || head.hasPrefix("State")) && head.contains("Recv-Q") { return .listeners }
        if head.hasPrefix("Active Internet connections") || (head.hasPrefix("Proto") && head.contains("Recv-Q")) { return .listeners }
        return nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        let bytes = line.bytes
        let headed =
            ((ByteFields.hasPrefix(bytes, "Netid") || ByteFields.hasPrefix(bytes, "State")) && ByteFields.contains(bytes, "Recv-Q"))
            || ByteFields.hasPrefix(bytes, "Active Internet connections")
            || (ByteFields.hasPrefix(bytes, "Proto ") && ByteFields.contains(bytes, "Recv-Q"))
        return headed ? .header : nil
    }

    func accepts(_ line: CaptureLine) -> Bool { line.fields.count >= 4 || ByteFields.hasPrefix(line.bytes, "Proto ") }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { ListenerParser.parse(file) }
}
