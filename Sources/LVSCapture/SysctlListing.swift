import Foundation
import LVSModel

/// A whole `sysctl -a` as `lvslint parse` reads it: every key kept, each entry held as where
/// its key and value lie in the file rather than as two Strings and a line. A 50 MB listing
/// is a million and a half entries: made into values, they cost more than reading the file.
/// A large file is read in pieces, one per core, each piece from a line's start.
public struct SysctlListing: Sendable {
    /// One `key = value` line: byte offsets into the file (the value without its blanks).
    public struct Row: Sendable {
        public let keyStart: Int32
        public let keyEnd: Int32
        public let valueStart: Int32
        public let valueEnd: Int32
    }

    public let file: CaptureFile
    /// The rows of each piece read, in the file's order: kept apart, not copied into one
    /// array, and grouped piece by piece (`grouped`).
    public let pieces: [[Row]]

    public var rowCount: Int { pieces.reduce(0) { $0 + $1.count } }

    /// A file of more than this is read in pieces, at most one per core.
    static let pieceBytes = 2 << 20

    /// The file read as a listing; nil at the first line that is not plainly `key = value`
    /// (read it the general way), or for a file too large to be addressed by the rows.
    /// `pieces`: how many to read it in (by default one per core, of at least `pieceBytes`).
    static func read(_ file: CaptureFile, pieces wanted: Int? = nil) -> ParsedCapture? {
        let count = file.bytes.count
        guard count < Int(Int32.max) - 1 else { return nil }
        let bounds = pieceBounds(
            of: file.bytes, pieces: wanted ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / pieceBytes)))
        let pieces = Parallel.map(bounds.count - 1) { n in Piece.read(file, from: bounds[n], to: bounds[n + 1]) }
        var out = ParsedCapture(file: file, kind: .sysctl)
        var rows: [[Row]] = []
        // Each piece numbered its lines from its own start: here they become the file's.
        var linesBefore = file.lineOffset
        for piece in pieces {
            guard let piece else { return nil }
            rows.append(piece.rows)
            for garbled in piece.garbled {
                out.markUnparsed(
                    CaptureLine(file: file, number: linesBefore + garbled.index, start: garbled.start, end: garbled.end), garbled.reason)
            }
            out.sysctlSummary.keys += piece.summary.keys
            out.sysctlSummary.kernel = out.sysctlSummary.kernel || piece.summary.kernel
            out.sysctlSummary.net = out.sysctlSummary.net || piece.summary.net
            out.sysctlSummary.vm = out.sysctlSummary.vm || piece.summary.vm
            linesBefore += piece.lines
        }
        out.sysctlListing = SysctlListing(file: file, pieces: rows)
        return out
    }

    /// Where each piece begins, and the end: `pieces` stretches of about the same size, each
    /// from a line's start (a line is never cut between two pieces).
    static func pieceBounds(of bytes: [UInt8], pieces wanted: Int) -> [Int] {
        let pieces = max(1, wanted)
        var bounds = [0]
        var previous = 0
        for n in 1..<pieces {
            var at = max(bytes.count / pieces * n, previous + 1)
            while at < bytes.count && bytes[at - 1] != 10 { at += 1 }
            if at >= bytes.count { break }
            bounds.append(at)
            previous = at
        }
        bounds.append(bytes.count)
        return bounds
    }

    /// One piece read: its rows and garbled lines numbered from 1 at the piece's start.
    struct Piece: Sendable {
        var rows: [Row] = []
        var garbled: [(index: Int, start: Int, end: Int, reason: Message)] = []
        var summary = SysctlSummary()
        var lines = 0

        static func read(_ file: CaptureFile, from: Int, to: Int) -> Piece? {
            var piece = Piece()
            piece.rows.reserveCapacity((to - from) / 32)
            // Read once here, not at every line (a global is read through a lazy-initialisation check).
            let numericNames = SysctlParser.numericNames
            let lines = file.bytes.withUnsafeBufferPointer { buffer in
                SysctlParser.scanPlain(buffer, from: from, to: to) { start, keyEnd, equals, end, index in
                    piece.take(buffer, start, keyEnd, equals, end, index, file, numericNames)
                }
            }
            guard let lines else { return nil }
            piece.lines = lines
            return piece
        }

        /// What `SysctlParser.value` does with a line, every key kept: a row, or a garbled line.
        /// (Measured: the buffer and file passed in, not kept in a reader, are read faster.)
        @inline(__always)
        mutating func take(
            _ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ keyEnd: Int, _ equals: Int, _ end: Int, _ index: Int, _ file: CaptureFile,
            _ numericNames: ByteStringSet
        ) {
            // A `;` first is a comment (sysctl.conf's), as the general reading has it.
            if buffer[start] == UInt8(ascii: ";") { return }
            summary.keys += 1
            switch buffer[start] {
            case UInt8(ascii: "k"): if !summary.kernel && SysctlParser.startsWith(buffer, start, keyEnd, "kernel.") { summary.kernel = true }
            case UInt8(ascii: "n"): if !summary.net && SysctlParser.startsWith(buffer, start, keyEnd, "net.") { summary.net = true }
            case UInt8(ascii: "v"): if !summary.vm && SysctlParser.startsWith(buffer, start, keyEnd, "vm.") { summary.vm = true }
            default: break
            }
            var valueStart = equals + 1
            var valueEnd = end
            while valueStart < valueEnd && ByteFields.isSpace(buffer[valueStart]) { valueStart += 1 }
            while valueEnd > valueStart && ByteFields.isSpace(buffer[valueEnd - 1]) { valueEnd -= 1 }
            if SysctlParser.hasNumericName(buffer, start, keyEnd, in: numericNames),
                let garbled = SysctlParser.notANumber(key: file.bytes[start..<keyEnd], value: file.bytes[valueStart..<valueEnd])
            {
                self.garbled.append((index, start, end, garbled))
                return
            }
            rows.append(Row(keyStart: Int32(start), keyEnd: Int32(keyEnd), valueStart: Int32(valueStart), valueEnd: Int32(valueEnd)))
        }
    }
}

extension SysctlParser {
    /// Whether the key `buffer[start..<end]` ends in a name read as a number (`isNumericKey`),
    /// asked without making a slice or looking for the last dot.
    @inline(__always)
    static func hasNumericName(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, in names: ByteStringSet) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        return names.containsLastPart(of: base + start, count: end - start, after: UInt8(ascii: "."))
    }
}
