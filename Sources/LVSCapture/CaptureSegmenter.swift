import LVSModel

/// One stretch of a capture file that holds one command's output (or that nothing in it
/// could be recognised in), with the line numbers of the whole file.
public struct CaptureRegion: Sendable {
    /// The region's bytes as a capture file of its own (`lineOffset` keeps the numbering).
    public var file: CaptureFile
    /// The format the region's lines begin with; nil when no line began a known format.
    public var family: CaptureKind?
    /// The foreign format the region is (`ForeignFormat`): refused by name, never read.
    public var foreign: String?
    /// The command or heading a marker line named above the region, if any.
    public var command: String? { file.command }
    /// Lines with content (blank lines are not counted).
    public var contentLines: Int
    /// The first line with content, if any (a line of the whole file).
    public var firstLine: CaptureLine?
    public var lastLine: CaptureLine?

    /// The format to read the region as: the one its lines began, refined by the recogniser
    /// (an IPVS table may be /proc/net/ip_vs, JSON either kind); nil when no line began one.
    /// `Chain INPUT (policy ACCEPT)` also heads `iptables -L`, which lvslint does not read:
    /// such a region is arptables only when the recogniser says so.
    public var kind: CaptureKind? {
        family.flatMap { family in
            CaptureRecognizer.kind(of: file) ?? (CaptureFormats.format(of: family)?.recognitionRequired == true ? nil : family)
        }
    }
}

/// Cuts a capture file into regions, one per command's output, wherever a marker line
/// names a command (prompts, `+ cmd`, `### cmd`, `--- cmd ---`, `==== cmd ====`,
/// `==> file <==`) and wherever, with or without a marker, the content changes from one
/// format to another (an `ip addr` block, a route table, `key = value` sysctl lines, an
/// IPVS table). A file of one format is one region. Prompts without a command and
/// separator lines belong to no region.
public enum CaptureSegmenter {
    public static func regions(of file: CaptureFile) -> [CaptureRegion] {
        var cutter = RegionCutter(file: file)
        file.bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var lineStart = 0
            var index = file.lineOffset
            while lineStart < count {
                index += 1
                let newline = CaptureFile.lineEnd(in: buffer, from: lineStart)
                var lineEnd = newline
                if lineEnd > lineStart && buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                let span = (start: lineStart, end: lineEnd)
                lineStart = newline + 1
                cutter.take(buffer, span, number: index, nextLineStart: lineStart)
            }
        }
        cutter.close(at: file.bytes.count)
        return cutter.regions.filter { $0.contentLines > 0 || $0.command != nil }
    }

    /// `1: lo: …` after other interfaces: a second `ip addr`/`ip link` listing begins.
    static func isFirstInterface(_ line: CaptureLine) -> Bool {
        guard let f = line.fields.first else { return false }
        return ByteFields.equals(f, "1:") && LineShape.isInterfaceLine(line.fields)
    }

    static func nextLineStart(_ line: CaptureLine, in file: CaptureFile) -> Int {
        var i = line.end
        while i < file.bytes.count && file.bytes[i] != 10 { i += 1 }
        return min(i + 1, file.bytes.count)
    }
}

/// The segmenter's state while it walks one file, one line at a time. A struct whose methods
/// mutate it in place: as local variables captured by nested functions, each access was
/// checked for exclusivity at run time, a third of the segmenter's work on a fleet.
private struct RegionCutter {
    let file: CaptureFile
    var regions: [CaptureRegion] = []
    // The region being built: its first byte and line, its family, the command above it,
    // its lines with content (count, first and last, by number and span).
    var startByte = 0
    var startLine: Int
    // What the walk asks of the current format on every line, kept beside it.
    var shape = PlainShape.varied
    var listsInterfaces = false
    var family: FormatID? {
        didSet {
            shape = family?.plainShape ?? .varied
            listsInterfaces = family?.listsInterfaces ?? false
        }
    }
    var command: String?
    var open = false
    /// Inside a bundle's copied file (`==== file /etc/default/ipvsadm (exit 0) ====`): its
    /// lines are the file's, to the next bundle marker. A `# ipvsadm` comment in it is no
    /// marker, and no line of it starts a capture format.
    var copiedFile = false
    /// Inside a foreign format's output (`ForeignFormat`): its lines are refused together,
    /// to the next marker, so no part of it is read as a format it resembles.
    var foreign: String?
    var content = 0
    var first: (number: Int, span: (start: Int, end: Int))?
    var last = (number: 0, span: (start: 0, end: 0))
    var sawInterface = false

    init(file: CaptureFile) {
        self.file = file
        self.startLine = file.lineOffset + 1
    }

    func line(_ number: Int, _ span: (start: Int, end: Int)) -> CaptureLine {
        CaptureLine(file: file, number: number, start: span.start, end: span.end)
    }

    mutating func close(at endByte: Int) {
        guard open else { return }
        let end = max(startByte, endByte)
        // A file of one region is used as it is, not copied.
        let sub =
            startByte == 0 && end == file.bytes.count && command == nil
            ? file
            : CaptureFile(path: file.path, bytes: Array(file.bytes[startByte..<end]), lineOffset: startLine - 1, command: command)
        regions.append(
            CaptureRegion(
                file: sub, family: foreign == nil ? family?.kind : nil, foreign: foreign, contentLines: content,
                firstLine: first.map { line($0.number, $0.span) }, lastLine: first == nil ? nil : line(last.number, last.span)))
        foreign = nil
        open = false
    }

    mutating func reset(startingAt byte: Int, line number: Int, family newFamily: FormatID?) {
        startByte = byte
        startLine = number
        family = newFamily
        open = true
        content = 0
        first = nil
        sawInterface = false
    }

    mutating func begin(_ line: CaptureLine, _ newFamily: FormatID?, after marker: Bool) {
        close(at: line.start)
        reset(
            startingAt: marker ? CaptureSegmenter.nextLineStart(line, in: file) : line.start, line: marker ? line.number + 1 : line.number,
            family: newFamily)
    }

    /// `begin`, keeping the command named above the region it ends.
    mutating func beginKeepingCommand(_ line: CaptureLine, _ newFamily: FormatID?) {
        let keep = command
        begin(line, newFamily, after: false)
        command = keep
    }

    mutating func note(_ number: Int, _ span: (start: Int, end: Int)) {
        if first == nil { first = (number, span) }
        last = (number, span)
        content += 1
    }

    /// The next line with content after the byte `offset` (line `number` starts there).
    func nextContent(from offset: Int, number: Int) -> CaptureLine? {
        var start = offset
        var n = number
        let bytes = file.bytes
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 10 { end += 1 }
            var contentEnd = end
            if contentEnd > start && bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
            let candidate = CaptureLine(file: file, number: n, start: start, end: contentEnd)
            if !candidate.isBlank { return candidate }
            start = end + 1
            n += 1
        }
        return nil
    }

    /// A lone odd line inside a region (a warning a tool printed amid its output) stays
    /// there for the parser to judge; the region ends only when the next line is odd too.
    func resumes(_ family: FormatID, from offset: Int, number: Int) -> Bool {
        guard let next = nextContent(from: offset, number: number), CaptureMarker.of(next) == nil else { return false }
        return family.format.accepts(next)
    }

    /// One line, `span` without its line end; the next line starts at `nextLineStart`.
    mutating func take(_ buffer: UnsafeBufferPointer<UInt8>, _ span: (start: Int, end: Int), number index: Int, nextLineStart: Int) {
        // The common case, decided on bytes: a line that continues the region and can be nothing else.
        if content > 0, LineShape.plainlyContinues(buffer, span.start, span.end, shape) {
            note(index, span)
            return
        }
        // The next interface of an `ip addr` listing: asking every format of it cost
        // more than the rest of the file.
        if content > 0, open, listsInterfaces, !copiedFile, foreign == nil, LineShape.isLaterInterfaceHeader(buffer, span.start, span.end) {
            sawInterface = true
            note(index, span)
            return
        }
        let line = line(index, span)
        if line.isBlank { return }
        let marker = CaptureMarker.of(line)
        if copiedFile {
            guard case let .command(named)? = marker, BundleSection(marker: named).exitStatus != nil else {
                note(index, span)
                return
            }
        }
        if foreign != nil && marker == nil {
            note(index, span)
            return
        }
        if marker == nil, let name = ForeignFormat.of(line) {
            // Right below its marker it is that section; after other lines, a region of its own.
            if !open || content > 0 { beginKeepingCommand(line, nil) }
            family = nil
            foreign = name
            note(index, span)
            return
        }
        if let marker {
            switch marker {
            case let .command(named):
                begin(line, nil, after: true)
                command = named
                copiedFile = BundleSection(marker: named).file != nil
            case .filler:
                // Skipped: the region so far ends here; what follows has no family or command yet.
                close(at: line.start)
                command = nil
                copiedFile = false
                reset(startingAt: CaptureSegmenter.nextLineStart(line, in: file), line: line.number + 1, family: nil)
            }
            return
        }
        if !open {
            begin(line, nil, after: false)
            command = nil
        }
        // A `# comment` before any output belongs to the output that follows it.
        if family == nil && content == 0 && line.bytes.first == UInt8(ascii: "#") { return }
        if let current = family, current.format.continues(line) {
            note(index, span)
            return
        }
        let start = CaptureFormats.start(line)
        if let current = family {
            let restartsInterfaces = listsInterfaces && sawInterface && CaptureSegmenter.isFirstInterface(line)
            if let start, (start.start.isStrong && (start.format != current || start.start.isHeader)) || restartsInterfaces {
                beginKeepingCommand(line, start.format)
            } else if !current.format.accepts(line), start != nil || !resumes(current, from: nextLineStart, number: index + 1) {
                beginKeepingCommand(line, start?.format)
            }
        } else if let start {
            if content > 0 {
                // Unrecognised lines so far form a region of their own.
                beginKeepingCommand(line, start.format)
            } else {
                family = start.format
            }
        }
        if listsInterfaces && LineShape.isInterfaceLine(line.fields) { sawInterface = true }
        note(index, span)
    }
}
