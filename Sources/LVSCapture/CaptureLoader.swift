import Foundation
import LVSModel

/// Reads `captures/<host>/` (any file names) or a single `captures/<host>.txt` for each
/// host, recognises every file by content, and assembles one observation per host.
public enum CaptureLoader {
    public struct Result: Sendable {
        public var observations: [String: HostObservation]
        /// Folders or files under the captures folder that name no host of the description.
        public var strayEntries: [String]
    }

    /// Reads every host's captures, several hosts at a time (as many as there are cores):
    /// hosts share nothing until their observations are assembled. `progress` is called
    /// with the number of hosts read so far and the total, from any thread.
    public static func load(
        directory: String, hosts: [String], displayBase: String? = nil, options: ParseOptions = .everything,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil, jobs: Int? = nil, prefetched: CapturePrefetch? = nil
    ) -> Result {
        let slots = HostSlots(count: hosts.count)
        // Resolved once: no link under any host's folder may lead out of it.
        let realRoot = CaptureFileReader.realPath(directory) ?? directory
        // Hosts read while the description was parsed, from this very folder with no display
        // base (as `Checker` asks): taken as they are; the rest are read here.
        var ready: [[UInt8]: HostOutcome] = [:]
        // Listed once: each host's entries are known from it (see `CapturesListing`); the
        // read ahead's listing when it read this folder.
        var listing: CapturesListing?
        if let prefetched {
            if prefetched.directory == directory && displayBase == nil {
                ready = prefetched.take()
                listing = prefetched.listing
            } else {
                prefetched.discard()
            }
        }
        if listing == nil { listing = CapturesListing.read(directory) }
        let read: @Sendable (Int) -> Void = { [ready, listing] index in
            let outcome =
                ready[Array(hosts[index].utf8)]
                ?? loadHost(
                    hosts[index], directory: directory, realRoot: realRoot, displayBase: displayBase, options: options, listing: listing)
            let done = slots.store(outcome, at: index)
            progress?(done, hosts.count)
        }
        Parallel.forEach(hosts.count, jobs: jobs, read)
        var observations: [String: HostObservation] = [:]
        observations.reserveCapacity(hosts.count)
        for (host, outcome) in zip(hosts, slots.outcomes) {
            if let observation = outcome?.observation { observations[host] = observation }
        }
        let stray = strayEntries(in: directory, listing: listing, hosts: Set(hosts)).map { display($0, base: displayBase) }
        return Result(observations: observations, strayEntries: stray)
    }

    /// A host's observation; nil when it has no captures. Files that could not be read are
    /// in it, as unrecognised files with the reason (CAP002).
    struct HostOutcome: Sendable {
        var observation: HostObservation?
    }

    /// One host's `captures/<host>/` and `captures/<host>.txt`; no observation when it has neither.
    /// `listing`, the captures folder's (nil when it could not be listed), says which of the
    /// two there are and whether either must be examined.
    static func loadHost(
        _ host: String, directory: String, realRoot: String, displayBase: String?, options: ParseOptions, listing: CapturesListing?
    ) -> HostOutcome {
        // A host name becomes a path: one that could leave the captures folder is never used.
        guard HostName.isSafe(host) else { return HostOutcome(observation: nil) }
        var entries: [CaptureFileReader.Entry] = []
        let folder = (directory as NSString).appendingPathComponent(host)
        let hostFolder: CaptureFileReader.HostFolder
        switch listing?.entry(host) {
        case .absent?, .file?: hostFolder = .absent
        case .folder?: hostFolder = .folder
        case .examine?, nil: hostFolder = CaptureFileReader.hostFolder(folder, realRoot: realRoot)
        }
        switch hostFolder {
        case .folder: entries += CaptureFileReader.entries(of: folder, realRoot: realRoot)
        case let .refused(reason): entries.append(.problem(path: folder, reason: reason))
        case .absent: break
        }
        switch listing?.entry(host + ".txt") {
        case .absent?: break
        case .file?: entries.append(.file(path: folder + ".txt", listedAsFile: true))
        case .folder?, .examine?, nil:
            if let bundle = CaptureFileReader.single(folder + ".txt", realRoot: realRoot) { entries.append(bundle) }
        }
        guard !entries.isEmpty else { return HostOutcome(observation: nil) }
        var parsed: [ParsedCapture] = []
        var observation = HostObservation(host: host)
        for entry in entries {
            let path: String
            let listedAsFile: Bool
            switch entry {
            case let .link(linkPath, target, reason):
                // captures/<host>/etc/…: a configuration tree's link (`*.wants/x.service`, a
                // unit masked to /dev/null) is read as a link, its target never opened.
                if let hostPath = configurationPath(linkPath, hostFolder: folder) {
                    let shown = CaptureFile(path: display(linkPath, base: displayBase), bytes: [])
                    observation.configurationFiles.append(ConfigurationFile(path: hostPath, capture: shown, readable: true, linkTarget: target))
                } else {
                    observation.unrecognisedFiles.append(
                        UnrecognisedFile(file: CaptureFile(path: display(linkPath, base: displayBase), bytes: []), reason: reason))
                }
                continue
            case let .problem(problemPath, reason):
                // Said as a capture that could not be read (CAP002), with the reason.
                observation.unrecognisedFiles.append(
                    UnrecognisedFile(file: CaptureFile(path: display(problemPath, base: displayBase), bytes: []), reason: reason))
                continue
            case let .file(file, listed):
                path = file
                listedAsFile = listed
            }
            let bytes: [UInt8]
            switch FileBytes.outcome(of: path, followingLinks: !listedAsFile, refusingOver: listedAsFile ? CaptureFileReader.maximumFileBytes : nil) {
            case let .bytes(read): bytes = read
            case let .tooLarge(size):
                observation.unrecognisedFiles.append(
                    UnrecognisedFile(file: CaptureFile(path: display(path, base: displayBase), bytes: []), reason: CaptureFileReader.tooLarge(size)))
                continue
            case .unreadable:
                observation.unrecognisedFiles.append(
                    UnrecognisedFile(
                        file: CaptureFile(path: display(path, base: displayBase), bytes: []), reason: "cannot be read (permission denied?)"))
                continue
            }
            let whole = CaptureFile(path: display(path, base: displayBase), bytes: bytes)
            // captures/<host>/etc/… (or usr/, run/, lib/) mirrors the host's own files:
            // configuration for the next boot, never runtime state. So is a configuration file
            // dropped straight into the host's folder, known by its name (`ifcfg-lo:0`, a
            // sysctl.d `*.conf`, `*.network`): it is never read as a command's output.
            // A Kubernetes document (kube-proxy's configuration, kubectl's output) is read whole
            // by LVSDescription's reader, wherever in the folder it is.
            if KubernetesDocument.looksLike(whole) {
                observation.captures[.kubernetes, default: []].append(whole)
                continue
            }
            if let hostPath = configurationPath(path, hostFolder: folder)
                ?? ConfigurationFileName.hostPath(name: lastComponent(of: path), file: whole)
            {
                observation.configurationFiles.append(ConfigurationFile(path: hostPath, capture: whole, readable: true))
                continue
            }
            read(whole, into: &parsed, observation: &observation, options: options)
        }
        assemble(parsed, into: &observation)
        return HostOutcome(observation: observation)
    }

    /// The host path a file under `captures/<host>/etc/` (or usr/, run/, lib/) mirrors.
    /// Compared on the UTF-8 bytes: it is asked of every file of every host.
    static func configurationPath(_ path: String, hostFolder folder: String) -> String? {
        // Most files are no configuration: the byte after the folder's `/` is looked at first,
        // in place, before the folder is compared (a walk of the UTF-8 views cost more).
        let quick = path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let after = folder.utf8.count + 1
            guard bytes.count > after else { return false }
            let top = bytes[after]
            return top == UInt8(ascii: "e") || top == UInt8(ascii: "u") || top == UInt8(ascii: "r") || top == UInt8(ascii: "l")
        }
        if quick == false { return nil }
        let bytes = path.utf8
        guard bytes.count > folder.utf8.count + 1, bytes.starts(with: folder.utf8) else { return nil }
        let afterFolder = bytes.index(bytes.startIndex, offsetBy: folder.utf8.count)
        guard bytes[afterFolder] == UInt8(ascii: "/") else { return nil }
        let relative = bytes[bytes.index(after: afterFolder)...]
        let top = relative.prefix { $0 != UInt8(ascii: "/") }
        guard top.elementsEqual("etc".utf8) || top.elementsEqual("usr".utf8) || top.elementsEqual("run".utf8) || top.elementsEqual("lib".utf8)
        else { return nil }
        return "/" + String(Substring(relative))
    }

    /// A path's last component: what follows its last `/`, trailing slashes dropped (`a/b/` is
    /// `b`); the path itself when it has none. Asked of every listed file and of the program
    /// word of commands, on the UTF-8 bytes: Foundation's `lastPathComponent` tidies the path
    /// first, which cost thousands of instructions per file.
    static func lastComponent(of path: String) -> String {
        let bytes = path.utf8
        guard let last = bytes.lastIndex(where: { $0 != UInt8(ascii: "/") }) else { return path }
        let end = bytes.index(after: last)
        let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        return String(Substring(bytes[start..<end]))
    }

    /// Reads every region of one file (a file of one format is one region; a bundle or a
    /// pasted session has one per command) as its own format, with the file's line numbers.
    /// What no format is recognised in is recorded, never dropped.
    public static func read(
        _ whole: CaptureFile, into parsed: inout [ParsedCapture], observation: inout HostObservation,
        options: ParseOptions = .everything
    ) {
        let (whole, overlong) = UnreadableLines.cut(whole)
        for line in overlong {
            let why: Message =
                line.end - line.start > UnreadableLines.limit
                ? "a line of \(line.end - line.start) bytes, longer than any command prints (lvslint reads lines of at most \(UnreadableLines.limit) bytes): not read"
                : "a line holding a NUL byte: binary data, not a command's output: not read"
            observation.unreadRegions.append(UnreadRegion(first: line, last: line, lineCount: 1, command: nil, facet: nil, reason: why))
        }
        if let header = BundleHeader.kernel(in: whole) { parsed.append(header) }
        // The commonest file, a whole `sysctl -a`, read in one pass; anything else in it (a
        // marker, a comment, another command's output) and it is read the general way.
        if let sysctl = wholeSysctl(whole, options: options) {
            parsed.append(sysctl)
            return
        }
        let regions = CaptureSegmenter.regions(of: whole)
        if regions.isEmpty {
            // A file that held only overlong lines has been said already.
            guard overlong.isEmpty else { return }
            observation.unrecognisedFiles.append(UnrecognisedFile(file: whole, reason: "the file is empty"))
            return
        }
        for region in regions {
            // Recognised once: each asking reads the region's first lines against every format.
            let regionKind = region.kind
            var file = region.file
            let section = BundleSection(marker: region.command)
            // An oversized section is read up to the limit; the rest of it alone is lost.
            let maximum = options.maximumBytes(of: regionKind)
            if let cut = OversizedSection.cut(file, maximumBytes: maximum) {
                file = cut.kept
                let mb = (cut.droppedBytes + 1_048_575) / 1_048_576
                observation.unreadRegions.append(
                    UnreadRegion(
                        first: cut.firstDropped, last: cut.lastDropped, lineCount: cut.droppedLines, command: section.command,
                        facet: regionKind?.facet,
                        reason:
                            "\(cut.droppedLines) lines (\(mb) MB) of this section past its first \(maximum / 1_048_576) MB, more than lvslint reads of one command's output: not read (the rest of the file is)"
                    ))
            }
            if let foreign = region.foreign {
                let what: Message = section.command.map { "the output of `\($0)`" as Message } ?? "its content"
                observation.unrecognisedFiles.append(UnrecognisedFile(file: file, reason: "\(what) is \(foreign)"))
                continue
            }
            // A copied configuration file says what the host becomes at boot, not what it is.
            if section.file != nil, KubernetesDocument.looksLike(file) {
                observation.captures[.kubernetes, default: []].append(file)
                continue
            }
            if let path = section.file {
                observation.configurationFiles.append(ConfigurationFile(path: path, capture: file, readable: section.exitStatus == 0))
                continue
            }
            // Sockets, firewall, services: kept for the checks that will read them, whatever their status.
            if section.isCollectedButNotRead && (regionKind == nil || section.exitStatus != 0) {
                observation.sectionsNotRead.append(file)
                continue
            }
            if let status = section.exitStatus, status != 0 {
                // What a failing command printed is still evidence when it is in a format lvslint
                // reads: its error lines are skipped by the parser, and the status is a note.
                let readable = regionKind != nil
                // The evidence: its first error line (`sysctl: reading key "…stable_secret"`), else its first line.
                let tool =
                    (section.command ?? "").split(separator: " ").first.map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "" }
                    ?? ""
                var errorLine: CaptureLine?
                if readable, !tool.isEmpty {
                    let prefix = Array((tool + ": ").utf8)
                    file.forEachLine { line in
                        if errorLine == nil, line.bytes.starts(with: prefix) { errorLine = line }
                    }
                }
                observation.failedCommands.append(
                    FailedCommand(
                        command: section.command ?? "", status: status, output: errorLine ?? region.firstLine,
                        file: file, outputRead: readable))
                if !readable { continue }
            }
            // `ipvsadm -L --daemon` prints nothing when no sync daemon runs: that is its answer.
            if region.firstLine == nil, let command = section.command, BundleSection.listsSyncDaemons(command) {
                parsed.append(ParsedCapture(file: file, kind: .ipvsDaemon))
                continue
            }
            guard let first = region.firstLine, let last = region.lastLine else {
                // A command that printed nothing (an empty IPVS table prints its header, so this is rare).
                observation.unrecognisedFiles.append(UnrecognisedFile(file: file, reason: "`\(section.command ?? "")` printed nothing"))
                continue
            }
            if let kind = regionKind {
                parsed.append(CaptureRecognizer.parse(file, as: kind, options: options))
                // A section the collector cut holds part of the facet: absence is not proven by it.
                if let cut = section.cut, cut.kept < cut.total {
                    observation.unreadRegions.append(
                        UnreadRegion(
                            first: last, last: last, lineCount: cut.total - cut.kept, command: section.command,
                            facet: kind.facet, reason: "the collector kept the first \(cut.kept) of its \(cut.total) lines"))
                }
                continue
            }
            if let command = section.command, let named = ModuleParametersParser.parameter(inCommand: command),
                let value = ModuleParametersParser.parseValue(file, module: named.module, name: named.name)
            {
                parsed.append(value)
                continue
            }
            if let command = section.command, let keys = ProcSysValueParser.keys(in: command),
                let values = ProcSysValueParser.parse(file, keys: keys)
            {
                parsed.append(values)
                continue
            }
            let facet = section.command.flatMap(FacetGuess.of(command:)) ?? FacetGuess.of(content: file)
            let wholeFile = regions.count == 1 && region.command == nil
            let unreadCommand = section.command.map { !CaptureMarker.isReadCommand($0) } ?? false
            if facet == nil && (wholeFile || unreadCommand) {
                let what: Message = section.command.map { "the output of `\($0)`" as Message } ?? "its content"
                observation.unrecognisedFiles.append(UnrecognisedFile(file: file, reason: "\(what) matches no capture format lvslint reads"))
                continue
            }
            observation.unreadRegions.append(
                UnreadRegion(
                    first: first, last: last, lineCount: region.contentLines,
                    command: section.command, facet: facet))
        }
    }

    /// `file` read as the segmenter and the sysctl parser would read it, when it is one
    /// `sysctl -a` from its first line to its last: the segmenter would make it one region
    /// (its first line starts a sysctl listing, every other line plainly continues it) and
    /// the parser would read that region whole. Nil otherwise.
    static func wholeSysctl(_ file: CaptureFile, options: ParseOptions) -> ParsedCapture? {
        guard file.command == nil, file.bytes.count <= options.maximumBytes(of: .sysctl),
            let first = file.firstContentLines(1).first,
            // The one-pass reader takes only plain `key = value` lines: a first line that is not
            // one (an `ip addr`, a route) is told at once, before any format is tried on it.
            file.bytes.withUnsafeBufferPointer({ LineShape.plainlyContinues($0, first.start, first.end, .keyValue) }),
            first.bytes.first != UInt8(ascii: "#"),
            CaptureMarker.of(first) == nil, ForeignFormat.of(first) == nil,
            let start = CaptureFormats.start(first), start.format.kind == .sysctl, case .keyValue = start.format.plainShape,
            CaptureRecognizer.kind(of: file) == .sysctl
        else { return nil }
        return SysctlParser.parseWhole(file, options: options)
    }

    /// Builds an observation from parsed files. For each facet the richest format
    /// present supplies the facts; the other captures of that facet are compared with it,
    /// and where they contradict it the contradiction is recorded (never silently dropped).
    public static func assemble(_ parsed: [ParsedCapture], into observation: inout HostObservation) {
        // Captures are read where they are, by position: a ParsedCapture holds some twenty
        // arrays, and copying each into filtered and sorted arrays cost more than merging them.
        // Gathered apart and set once: the observation's table grew twice per host.
        var captures = observation.captures
        captures.reserveCapacity(captures.count + parsed.count)
        for index in parsed.indices { captures[parsed[index].kind, default: []].append(parsed[index].file) }
        observation.captures = captures
        for index in parsed.indices {
            if !parsed[index].unparsed.isEmpty { observation.unparsedLines += parsed[index].unparsed }
            if !parsed[index].errorLines.isEmpty { observation.errorLines += parsed[index].errorLines }
            if !parsed[index].redacted.isEmpty { observation.redactedAddresses += parsed[index].redacted }
        }
        // A capture that yielded nothing but unread lines (JSON cut short) cannot stand for its
        // facet, nor contradict a capture that was read; its lines are reported as unread.
        let ordered = parsed.indices.filter { !(parsed[$0].yieldedNothing && !parsed[$0].unparsed.isEmpty) }
            // Within a facet the richest kind (the lowest rank) comes first and is the reference;
            // captures of one rank stay in the order they were read.
            .sorted { (parsed[$0].kind.rank, $0) < (parsed[$1].kind.rank, $1) }
        func of(_ facet: CaptureFacet) -> [ParsedCapture] { ordered.filter { parsed[$0].kind.facet == facet }.map { parsed[$0] } }
        CaptureMerger.addresses(of(.addresses), into: &observation)
        CaptureMerger.routes(of(.routes), into: &observation)
        CaptureMerger.sysctls(of(.sysctls), into: &observation)
        observation.sysctls.isComplete =
            parsed.contains { $0.kind == .sysctl && $0.sysctlSummary.looksComplete }
            && observation.gaps(in: .sysctls).isEmpty
        CaptureMerger.ipvs(of(.ipvs), into: &observation)
        // One listing (the usual case) is kept as it is: a busy director's is not copied.
        let listings = ordered.filter { !parsed[$0].connections.isEmpty }
        observation.connections = listings.count == 1 ? parsed[listings[0]].connections : listings.flatMap { parsed[$0].connections }
        for index in ordered { observation.connectionTally.add(contentsOf: parsed[index].connectionTally) }
        observation.listeners = ordered.flatMap { parsed[$0].listeners }
        for index in ordered {
            for module in parsed[index].modules where observation.modules[module.name] == nil {
                observation.modules[module.name] = module.line
            }
        }
        // The richest kind first: `uname -a` before a bundle header's word for the same release.
        observation.kernel = ordered.lazy.compactMap { parsed[$0].kernel }.first
        observation.ipvsTimeouts = ordered.lazy.compactMap { parsed[$0].ipvsTimeouts }.first
        observation.syncDaemons = ordered.flatMap { parsed[$0].syncDaemons }
        for index in ordered {
            for parameter in parsed[index].moduleParameters where observation.moduleParameters[parameter.key] == nil {
                observation.moduleParameters[parameter.key] = parameter
            }
        }
        observation.ipsets = ordered.flatMap { parsed[$0].ipsets }
        // Several listings of one host's ARP filter: the first read stands.
        observation.arpFilter = ordered.lazy.compactMap { parsed[$0].arpFilter }.first
        observation.packetFilters = ordered.flatMap { parsed[$0].packetFilters }
        for index in ordered {
            for unit in parsed[index].units {
                var merged = observation.units[unit.name] ?? ServiceUnit(name: unit.name)
                if let state = unit.fileState { merged.fileState = state; merged.fileEvidence = unit.fileEvidence }
                if let state = unit.activeState { merged.activeState = state; merged.activeEvidence = unit.activeEvidence }
                observation.units[unit.name] = merged
            }
        }
        observation.persistentSysctls = SysctlConfiguration.persistent(from: observation.configurationFiles)
        observation.persistentIPVS = IPVSConfiguration.persistent(from: observation.configurationFiles)
        observation.persistentAddresses = NetworkConfiguration.addresses(from: observation.configurationFiles)
    }

    /// The host an entry of the captures folder stands for: `<host>/` or `<host>.txt`.
    static func hostName(ofEntry item: String) -> String { item.hasSuffix(".txt") ? String(item.dropLast(4)) : item }

    static func strayEntries(in directory: String, listing: CapturesListing?, hosts: Set<String>) -> [String] {
        guard let items = listing?.names else { return [] }
        return items.filter { item in
            if item.hasPrefix(".") { return false }
            return !hosts.contains(hostName(ofEntry: item))
        }.map { (directory as NSString).appendingPathComponent($0) }
    }

    static func display(_ path: String, base: String?) -> String {
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        if let base, !base.isEmpty, p.hasPrefix(base + "/") { p.removeFirst(base.count + 1) }
        return p
    }
}

/// Where concurrent host loads put their results, each in its own slot.
final class HostSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [CaptureLoader.HostOutcome?]
    private var done = 0

    init(count: Int) { items = Array(repeating: nil, count: count) }

    /// Stores one host's outcome; returns how many hosts are done.
    func store(_ outcome: CaptureLoader.HostOutcome, at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        items[index] = outcome
        done += 1
        return done
    }

    var outcomes: [CaptureLoader.HostOutcome?] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
