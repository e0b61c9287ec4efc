import LVSModel

/// What iproute2 prints on its error output in the middle of a listing, which a bundle
/// (`collect` runs each command with `2>&1`) or a pasted session holds among the output.
enum IPRoute2Message {
    enum Kind {
        /// `Error: Peer netns reference is invalid.`, `RTNETLINK answers: …`: a lookup the
        /// listing made on the side failed (a namespace deleted meanwhile); what was listed stands.
        case error
        /// `Dump was interrupted and may be inconsistent.`: the kernel changed the list while
        /// it was printed, so an address or route may be missing from it.
        case interruptedDump
    }

    static func kind(of bytes: ArraySlice<UInt8>) -> Kind? {
        guard let first = bytes.first, first == UInt8(ascii: "E") || first == UInt8(ascii: "R") || first == UInt8(ascii: "D") else { return nil }
        if ByteFields.hasPrefix(bytes, "Error: ") || ByteFields.hasPrefix(bytes, "RTNETLINK answers: ") { return .error }
        if ByteFields.hasPrefix(bytes, "Dump was interrupted") { return .interruptedDump }
        return nil
    }

    /// Records the line in `out` when it is one of iproute2's messages; false when it is not.
    static func record(_ line: CaptureLine, in out: inout ParsedCapture) -> Bool {
        switch kind(of: line.bytes) {
        case .error:
            out.errorLines.append(line)
            return true
        case .interruptedDump:
            out.markUnparsed(line, "ip says the kernel's list changed while it printed it: an entry may be missing; capture again")
            return true
        case nil:
            return false
        }
    }
}
