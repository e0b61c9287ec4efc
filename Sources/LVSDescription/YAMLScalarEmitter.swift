import CYAML

/// One scalar written by libyaml's own emitter, so that whatever a value holds (a folder
/// name with `: {`, a quote, a line break, a control character) it reads back as exactly that
/// string. `infer` builds its draft around such scalars; the draft is then read back whole.
public enum YAMLScalarEmitter {
    /// `value` as a YAML scalar on one line: plain where libyaml finds that safe, else quoted
    /// (escapes in double quotes for what cannot appear raw). nil only if libyaml fails.
    public static func scalar(_ value: String) -> String? {
        var emitter = yaml_emitter_t()
        guard yaml_emitter_initialize(&emitter) == 1 else { return nil }
        defer { yaml_emitter_delete(&emitter) }
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        yaml_emitter_set_output(
            &emitter,
            { data, buffer, size in
                guard let data, let buffer else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(data).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, context)
        yaml_emitter_set_width(&emitter, -1)
        yaml_emitter_set_unicode(&emitter, 1)
        var event = yaml_event_t()
        guard yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING) == 1, yaml_emitter_emit(&emitter, &event) == 1,
            yaml_document_start_event_initialize(&event, nil, nil, nil, 1) == 1, yaml_emitter_emit(&emitter, &event) == 1
        else { return nil }
        var bytes = Array(value.utf8)
        let emitted = bytes.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress ?? UnsafeMutablePointer<UInt8>(bitPattern: 1) else { return false }
            return yaml_scalar_event_initialize(&event, nil, nil, base, Int32(buffer.count), 1, 1, YAML_ANY_SCALAR_STYLE) == 1
                && yaml_emitter_emit(&emitter, &event) == 1
        }
        guard emitted, yaml_document_end_event_initialize(&event, 1) == 1, yaml_emitter_emit(&emitter, &event) == 1,
            yaml_stream_end_event_initialize(&event) == 1, yaml_emitter_emit(&emitter, &event) == 1
        else { return nil }
        // A lone scalar document: `value\n`, sometimes followed by `...\n` (an open end).
        var text = String(decoding: sink.bytes, as: UTF8.self)
        if text.hasSuffix("\n...\n") { text.removeLast(4) }
        while text.hasSuffix("\n") { text.removeLast() }
        if text.hasPrefix("--- ") { text.removeFirst(4) }
        // A block scalar (`|` or `>`) spans lines: force a double-quoted one instead.
        guard !text.contains("\n") else { return doubleQuoted(value) }
        return text
    }

    /// The same value double-quoted, with every character YAML may not hold raw escaped.
    public static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) || scalar.value == 0xFEFF
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                {
                    out += scalar.value <= 0xFF ? "\\x" + hex(scalar.value, 2) : "\\u" + hex(scalar.value, 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ value: UInt32, _ digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
