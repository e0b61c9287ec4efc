/// Lines of a capture that no format could be recognised in: a command's output lvslint
/// could not read. Every check that needs the facet it probably held is then not made on
/// that host, rather than passed on the rest.
public struct UnreadRegion: Sendable {
    public var first: CaptureLine
    public var last: CaptureLine
    /// Lines with content in the region.
    public var lineCount: Int
    /// The command a marker line named above it (`$ ipvsadm -Ln`), if any.
    public var command: String?
    /// What the region most likely held, from its command or its words; nil when nothing
    /// suggests a fact any check reads.
    public var facet: CaptureFacet?
    /// Why it was not read, when it was refused rather than not understood (a line too long).
    public var reason: Message?

    public init(first: CaptureLine, last: CaptureLine, lineCount: Int, command: String?, facet: CaptureFacet?, reason: Message? = nil) {
        self.first = first
        self.last = last
        self.lineCount = lineCount
        self.command = command
        self.facet = facet
        self.reason = reason
    }

    /// `rs2.txt:40` or `rs2.txt:40-63`.
    public var place: String {
        first.number == last.number ? "\(first.file.path):\(first.number)" : "\(first.file.path):\(first.number)-\(last.number)"
    }
}

/// Why a facet of a host's captures cannot be trusted to be whole.
public struct CaptureGap: Sendable {
    public var facet: CaptureFacet
    /// `rs2.txt:40-63, 24 lines after `ipvsadm -Ln``.
    public var description: String
}

extension HostObservation {
    /// Places where part of `facet` could not be read: unread regions that probably held
    /// it, and lines its parsers did not understand.
    public func gaps(in facet: CaptureFacet) -> [CaptureGap] {
        if let facts, !facts.mayHaveGaps(in: facet) { return [] }
        var out: [CaptureGap] = []
        for region in unreadRegions where region.facet == facet {
            out.append(
                CaptureGap(
                    facet: facet,
                    description:
                        "\(region.place), \(region.lineCount) line\(region.lineCount == 1 ? "" : "s")\(region.command.map { " after `\($0)`" } ?? "")"
                ))
        }
        var perFile: [String: (first: Int, count: Int)] = [:]
        var order: [String] = []
        for line in unparsedLines where line.kind.facet == facet {
            let path = line.line.file.path
            if perFile[path] == nil { order.append(path); perFile[path] = (line.line.number, 0) }
            perFile[path]?.count += 1
        }
        for path in order {
            guard let entry = perFile[path] else { continue }
            out.append(CaptureGap(facet: facet, description: "\(path):\(entry.first), \(entry.count) line\(entry.count == 1 ? "" : "s")"))
        }
        return out
    }

    /// One sentence naming the gaps of `facet`, or nil when it was read whole; `whole` when
    /// nothing of the facet was read at all.
    public func gapSummary(of facet: CaptureFacet, whole: Bool = false) -> Message? {
        let gaps = gaps(in: facet)
        guard !gaps.isEmpty else { return nil }
        let places = gaps.prefix(3).map(\.description).joined(separator: "; ") + (gaps.count > 3 ? "; …" : "")
        // A region refused for a reason (cut by the collector, a line too long) was not read;
        // only lines no format matched were "not understood".
        let refused = unreadRegions.contains { $0.facet == facet && $0.reason != nil }
        switch (whole, refused) {
        case (true, true): return "the \(facet.nounText) was not read (\(places))"
        case (true, false): return "the \(facet.nounText) was not understood (\(places))"
        case (false, true): return "part of the \(facet.nounText) was not read (\(places))"
        case (false, false): return "part of the \(facet.nounText) was not understood (\(places))"
        }
    }
}
