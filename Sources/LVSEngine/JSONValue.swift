/// A JSON value whose objects keep their key order, so reports are stable and read in
/// the order SPEC documents.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// An array whose elements are made one at a time as they are written, so that a report
    /// of millions of routes is never held in memory as values.
    case lazyArray(count: Int, element: @Sendable (Int) -> JSONValue)
    /// A string already escaped, quotes included (`escaped`): what many strings made on every
    /// core at once are written as.
    case escapedString([UInt8])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    public static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// Pretty-printed with two spaces, as people read it and diff it.
    public func serialized(indent: Int = 0, pretty: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out, indent: indent, pretty: pretty, flush: nil)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the value as it is made, handing `flush` each few megabytes of UTF-8.
    public func stream(pretty: Bool = true, flush: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 22)
        withoutActuallyEscaping(flush) { f in
            write(to: &out, indent: 0, pretty: pretty, flush: f)
        }
        flush(out)
    }

    /// Written as UTF-8 bytes: reports of a fleet's captures run to hundreds of megabytes.
    private func write(to out: inout [UInt8], indent: Int, pretty: Bool, flush: (([UInt8]) -> Void)?) {
        func newline(_ level: Int) {
            guard pretty else { return }
            out.append(10)
            out.append(contentsOf: repeatElement(32, count: 2 * level))
        }
        switch self {
        case .null: out += "null".utf8
        case let .bool(b): out += (b ? "true" : "false").utf8
        case let .int(i): out += String(i).utf8
        case let .string(s): JSONValue.escape(s, into: &out)
        case let .escapedString(bytes): out += bytes
        case let .array(items):
            JSONValue.lazyArray(count: items.count, element: { items[$0] }).write(to: &out, indent: indent, pretty: pretty, flush: flush)
        case let .lazyArray(count, element):
            if count == 0 { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for i in 0..<count {
                newline(indent + 1)
                element(i).write(to: &out, indent: indent + 1, pretty: pretty, flush: flush)
                if i + 1 < count { out.append(UInt8(ascii: ",")) }
                if let flush, out.count >= 1 << 22 {
                    flush(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case let .object(pairs):
            if pairs.isEmpty { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (i, pair) in pairs.enumerated() {
                newline(indent + 1)
                JSONValue.escape(pair.0, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(32) }
                pair.1.write(to: &out, indent: indent + 1, pretty: pretty, flush: flush)
                if i + 1 < pairs.count { out.append(UInt8(ascii: ",")) }
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `text` as a JSON string, quotes included.
    public static func escaped(_ text: String) -> JSONValue {
        var out: [UInt8] = []
        escape(text, into: &out)
        return .escapedString(out)
    }

    static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            // Nearly every string (an address, a key, a state) needs no escaping: copied whole.
            if !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: bytes)
                return
            }
            // Written through a pointer into a buffer of the most it can take (six bytes for
            // one): appending byte by byte to the report made this the cost of a report whose
            // values hold newlines (a sysctl listing's joined values).
            let escaped = [UInt8](unsafeUninitializedCapacity: bytes.count * 6) { buffer, written in
                var at = 0
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                        buffer[at] = UInt8(ascii: "\\")
                        buffer[at + 1] = byte
                        at += 2
                    case 10, 13, 9:
                        buffer[at] = UInt8(ascii: "\\")
                        buffer[at + 1] = byte == 10 ? UInt8(ascii: "n") : byte == 13 ? UInt8(ascii: "r") : UInt8(ascii: "t")
                        at += 2
                    case 0..<0x20:
                        let digits: [UInt8] = Array("0123456789abcdef".utf8)
                        buffer[at] = UInt8(ascii: "\\")
                        buffer[at + 1] = UInt8(ascii: "u")
                        buffer[at + 2] = UInt8(ascii: "0")
                        buffer[at + 3] = UInt8(ascii: "0")
                        buffer[at + 4] = digits[Int(byte >> 4)]
                        buffer[at + 5] = digits[Int(byte & 15)]
                        at += 6
                    default:
                        buffer[at] = byte  // UTF-8 passes through as it is
                        at += 1
                    }
                }
                written = at
            }
            out.append(contentsOf: escaped)
        }
        out.append(UInt8(ascii: "\""))
    }
}
