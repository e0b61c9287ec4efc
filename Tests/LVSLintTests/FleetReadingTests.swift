import Foundation
@testable import LVSCapture
import LVSDescription
@testable import LVSModel
import Testing

/// Issue 29: what a fleet's reading was made faster with must answer as the slower ways did
/// (the sysctls kept, the files listed and opened, the comments found, the addresses held).
@Suite("Reading a fleet: the faster paths answer as before")
struct FleetReadingTests {
    /// `KeptSysctls.keeps` as it was written before lookups by length: every kept name compared in turn.
    func keptBefore(_ key: String, names: [String]) -> Bool {
        let parameters = names.filter { !$0.contains(".") }
        let keys = names.filter { $0.contains(".") }
        if key.hasPrefix("net.ipv4.conf.") || key.hasPrefix("net.ipv6.conf.") {
            return parameters.contains { key.utf8.count > $0.utf8.count + 1 && key.hasSuffix("." + $0) }
        }
        if keys.contains(key) { return true }
        return key.contains("/") && !key.contains(".")
    }

    static let keyNames = [
        "arp_ignore", "arp_announce", "rp_filter", "forwarding", "net.ipv4.ip_forward", "net.ipv4.vs.conntrack",
        "net.ipv4.vs.sloppy_tcp", "net.ipv4.vs.expire_nodest_conn",
    ]

    @Test(
        "the sysctls kept are those the rules name, looked up by length",
        arguments: [
            "net.ipv4.conf.all.arp_ignore", "net.ipv4.conf.eth0.100.arp_ignore", "net.ipv6.conf.lo.forwarding",
            "net.ipv4.conf.eth0/100.rp_filter", "net.ipv4.conf.all.arp_ignored", "net.ipv4.conf.all.xarp_ignore",
            "net.ipv4.conf.arp_ignore", "net.ipv4.conf.", "net.ipv4.conf.x.", "net.ipv4.ip_forward", "net.ipv4.ip_forwarD",
            "net.ipv4.vs.sloppy_tcp", "kernel.sched_param_0", "net.ipv4.vs.sloppy_tcq", "net/ipv4/ip_forward",
            "net/ipv4/conf/eth0.100/arp_ignore", "fs.file-max", "arp_ignore", "net.ipv5.conf.all.arp_ignore", "a",
        ])
    func keptSysctls(key: String) {
        let kept = KeptSysctls(Self.keyNames)
        #expect(kept.keeps(ArraySlice(key.utf8)) == keptBefore(key, names: Self.keyNames), "\(key)")
    }

    @Test("a set of byte strings finds its members by length and byte, the empty one too")
    func byteStringSet() {
        let set = ByteStringSet(["ab", "ba", "abc", "", "net.ipv4.vs.sloppy_tcp", "kernel.sched_param_0"].map { Array($0.utf8) })
        for member in ["ab", "ba", "abc", "", "net.ipv4.vs.sloppy_tcp", "kernel.sched_param_0"] {
            #expect(set.contains(ArraySlice(member.utf8)), "\(member)")
        }
        for stranger in ["a", "bb", "abd", "abcd", "net.ipv4.vs.sloppy_tcq", "kernel.sched_param_1"] {
            #expect(!set.contains(ArraySlice(stranger.utf8)), "\(stranger)")
        }
        #expect(!ByteStringSet([]).contains(ArraySlice("x".utf8)))
        #expect(!ByteStringSet([]).contains(ArraySlice([])))
    }

    @Test("a program is known by its path's last part before its command is split")
    func readCommands() {
        #expect(CaptureMarker.isReadCommand("/usr/sbin/ipvsadm -Ln"))
        #expect(CaptureMarker.isReadCommand("  sysctl -a"))
        #expect(CaptureMarker.isReadCommand("/sbin/ip/ addr"))
        #expect(CaptureMarker.isReadCommand("ip r"))
        #expect(!CaptureMarker.isReadCommand("ip maddr"))
        #expect(!CaptureMarker.isReadCommand("default via 198.51.100.1 dev eth0"))
        #expect(!CaptureMarker.isReadCommand("/usr/bin/ipvsadmx -Ln"))
        #expect(!CaptureMarker.isReadCommand("cat /home/notes"))
        #expect(CaptureMarker.isReadCommand("cat /proc/net/ip_vs"))
        #expect(!CaptureMarker.isReadCommand("   "))
    }

    /// A folder under the temporary folder, removed by the caller.
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-reading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a listed file is opened without following a link, and one too large is refused unread")
    func fileOutcomes() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let plain = root.appendingPathComponent("ip-addr.txt")
        try Data("1: lo: <LOOPBACK,UP> mtu 65536\n".utf8).write(to: plain)
        let link = root.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: plain.path)
        guard case let .bytes(bytes) = FileBytes.outcome(of: plain.path, followingLinks: false) else {
            Issue.record("a regular file was not read")
            return
        }
        #expect(bytes.count == 31)
        guard case .unreadable = FileBytes.outcome(of: link.path, followingLinks: false) else {
            Issue.record("a link was followed where the listing said a regular file")
            return
        }
        guard case .bytes = FileBytes.outcome(of: link.path) else {
            Issue.record("a judged link was not followed")
            return
        }
        guard case let .tooLarge(size) = FileBytes.outcome(of: plain.path, refusingOver: 10) else {
            Issue.record("a file over the size asked was read")
            return
        }
        #expect(size == 31)
    }

    @Test("a host's folder is listed with the types the listing gives: files, links, folders, FIFOs, and a file too large")
    func hostFolderListing() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let host = root.appendingPathComponent("rs1")
        try FileManager.default.createDirectory(at: host.appendingPathComponent("etc/sysctl.d"), withIntermediateDirectories: true)
        try Data("net.ipv4.conf.all.arp_ignore = 1\n".utf8).write(to: host.appendingPathComponent("sysctl.txt"))
        try Data("net.ipv4.conf.all.arp_ignore = 1\n".utf8).write(to: host.appendingPathComponent("etc/sysctl.d/90-lvs.conf"))
        try FileManager.default.createSymbolicLink(atPath: host.appendingPathComponent("inside.txt").path, withDestinationPath: "sysctl.txt")
        try FileManager.default.createSymbolicLink(atPath: host.appendingPathComponent("outside.txt").path, withDestinationPath: "/etc/hostname")
        #expect(mkfifo(host.appendingPathComponent("fifo").path, 0o600) == 0)
        // A sparse file: its size is what is judged, without a byte of it read.
        let large = host.appendingPathComponent("huge.txt")
        #expect(FileManager.default.createFile(atPath: large.path, contents: nil))
        #expect(truncate(large.path, off_t(CaptureFileReader.maximumFileBytes + 1)) == 0)
        let realRoot = try #require(CaptureFileReader.realPath(root.path))
        let entries = CaptureFileReader.entries(of: host.path, realRoot: realRoot)
        let shown = entries.map { entry -> String in
            let name = (CaptureFileReader.path(of: entry) as NSString).lastPathComponent
            switch entry {
            case let .file(_, listed): return "\(name) file\(listed ? " listed" : "")"
            case let .problem(_, reason): return "\(name) problem: \(reason.description)"
            case .link: return "\(name) link"
            }
        }
        #expect(
            shown == [
                "90-lvs.conf file listed", "fifo problem: a FIFO, not a file: not read (reading it would wait for a writer)",
                "huge.txt file listed", "inside.txt file", "outside.txt link", "sysctl.txt file listed",
            ])
        // Read as a check reads it: the large file is said, not read.
        let loaded = CaptureLoader.load(directory: root.path, hosts: ["rs1"], options: .forChecks)
        let observation = try #require(loaded.observations["rs1"])
        let refused = observation.unrecognisedFiles.map { "\(($0.file.path as NSString).lastPathComponent): \($0.reason.description)" }
        #expect(refused.contains("huge.txt: 256 MB, more than any command prints (lvslint reads captures of at most 256 MB): not read"))
        #expect(observation.sysctls["net.ipv4.conf.all.arp_ignore"]?.value == "1")
        #expect(observation.configurationFiles.map(\.path) == ["/etc/sysctl.d/90-lvs.conf"])
    }

    @Test("an inline suppression in a description written with CRLF line ends is found on its line")
    func suppressionWithCRLF() throws {
        let yaml = [
            "cluster: web", "hosts:", "  lvs1: {role: director, address: 192.0.2.11}",
            "  rs1: {role: real-server, address: 192.0.2.21}  # lvslint: disable=DR004 -- old kernel", "services:",
            "  - vip: 192.0.2.100", "    port: 80", "    real_servers:", "      # lvslint: disable=DR001 -- being built",
            "      - host: rs1", "",
        ].joined(separator: "\r\n")
        guard case let .loaded(description) = DescriptionLoader.load(bytes: Array(yaml.utf8), displayPath: "cluster.yaml", baseDirectory: "/tmp")
        else {
            Issue.record("the description did not load")
            return
        }
        let found = description.suppressions.map { "\($0.rules.joined(separator: ",")) \($0.location.line) \($0.reason)" }
        #expect(found == ["DR004 4 old kernel", "DR001 9 being built"])
        #expect(description.suppressions.last?.target == .realServer(line: 10))
    }

    @Test("whether a host holds an address is answered from its facts as from its interfaces")
    func holdsAddress() throws {
        let file = CaptureFile(
            path: "ip-addr.txt",
            bytes: Array(
                """
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536
                    inet 127.0.0.1/8 scope host lo
                    inet 192.0.2.100/32 scope global lo:0
                2: eth0: <BROADCAST,UP,LOWER_UP> mtu 1500
                    inet 198.51.100.10/24 scope global eth0
                    inet 192.0.2.100/32 scope global eth0
                """.utf8))
        var observation = HostObservation(host: "rs1")
        observation.interfaces = CaptureRecognizer.parse(file, as: .ipAddr).interfaces
        let prepared = observation.withFacts()
        for text in ["192.0.2.100", "198.51.100.10", "127.0.0.1", "203.0.113.9"] {
            let address = try #require(IPAddress(text))
            #expect(prepared.holds(address) == !observation.addresses(equalTo: address).isEmpty, "\(text)")
            #expect(observation.holds(address) == !observation.addresses(equalTo: address).isEmpty, "\(text)")
            #expect(
                prepared.addresses(equalTo: address).map { "\($0.interface) \($0.evidence.number)" }
                    == observation.addresses(equalTo: address).map { "\($0.interface) \($0.evidence.number)" })
        }
        #expect(prepared.addresses(equalTo: try #require(IPAddress("192.0.2.100"))).map(\.interface) == ["lo", "eth0"])
        // Any change to the observation drops the facts derived from it.
        var changed = prepared
        changed.interfaces.removeLast()
        #expect(changed.facts == nil)
        #expect(!changed.holds(try #require(IPAddress("198.51.100.10"))))
    }

    @Test("a sysctl read twice keeps the first value where the captures disagree, the last where one file repeats it")
    func sysctlDisagreement() {
        let first = CaptureFile(path: "a.txt", bytes: Array("net.ipv4.ip_forward = 1\nnet.ipv4.ip_forward = 0\n".utf8))
        let second = CaptureFile(path: "b.txt", bytes: Array("net.ipv4.ip_forward = 1\n".utf8))
        var table = SysctlTable()
        let entry = { (file: CaptureFile, number: Int, value: String) in
            SysctlEntry(key: "net.ipv4.ip_forward", value: value, evidence: CaptureLine(file: file, number: number, start: 0, end: 1))
        }
        #expect(table.set(unlessContradicting: entry(first, 1, "1")) == nil)
        #expect(table.set(unlessContradicting: entry(first, 2, "0")) == nil)
        #expect(table["net.ipv4.ip_forward"]?.value == "0")
        #expect(table.set(unlessContradicting: entry(second, 1, "1"))?.value == "0")
        #expect(table["net/ipv4/ip_forward"]?.value == "0")
    }

    @Test("a table filled from one capture answers as one filled entry by entry, listed or hashed", arguments: [12, 200])
    func listedTableAnswersAsHashed(size: Int) {
        var generator = SeededGenerator(seed: UInt64(size))
        let file = CaptureFile(path: "sysctl.txt", bytes: Array(repeating: 10, count: 4))
        let keys = [
            "net.ipv4.ip_forward", "net/ipv4/ip_forward", "net.ipv4.conf.all.arp_ignore", "net.ipv4.conf.eth0.arp_ignore",
            "net.ipv4.conf.eth0/100.arp_ignore", "net/ipv4/conf/eth0.100/arp_ignore", "kernel.hostname", "vm.swappiness",
        ]
        let captured = (0..<size).map { number in
            SysctlEntry(
                key: keys.randomElement(using: &generator) ?? "vm.swappiness", value: String(Int.random(in: 0...3, using: &generator)),
                evidence: CaptureLine(file: file, number: number + 1, start: 0, end: 1))
        }
        var listed = SysctlTable()
        listed.setAll(ofOneCapture: captured)
        var hashed = SysctlTable()
        for entry in captured { _ = hashed.set(unlessContradicting: entry) }
        let asked = keys + ["net.ipv4.conf.lo.arp_ignore", "absent.key"]
        for key in asked {
            #expect(listed[key]?.value == hashed[key]?.value && listed[key]?.evidence.number == hashed[key]?.evidence.number, "\(key)")
        }
        #expect(listed.count == hashed.count)
        #expect(listed.entries.mapValues(\.value) == hashed.entries.mapValues(\.value))
        #expect(listed.known("arp_ignore", on: "eth0")?.value == hashed.known("arp_ignore", on: "eth0")?.value)
        // An entry set afterwards, from another file, is judged against the listed ones.
        let other = CaptureFile(path: "other.txt", bytes: [10])
        let late = SysctlEntry(key: "vm.swappiness", value: "9", evidence: CaptureLine(file: other, number: 1, start: 0, end: 0))
        #expect(listed.set(unlessContradicting: late)?.value == hashed.set(unlessContradicting: late)?.value)
        #expect(listed["vm.swappiness"]?.value == hashed["vm.swappiness"]?.value)
    }

    @Test("a long string many hosts repeat is kept once; a short one is its own")
    func stringPool() {
        let pool = StringPool(capacity: 1)
        let long = pool.intern(String(decoding: Array("net.ipv4.conf.all.arp_ignore".utf8), as: UTF8.self))
        let again = pool.intern(String(decoding: Array("net.ipv4.conf.all.arp_ignore".utf8), as: UTF8.self))
        #expect(long == again)
        #expect(long.utf8.withContiguousStorageIfAvailable { $0.baseAddress } == again.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
        // Looked up from the bytes a key is read from: the same copy.
        let fromBytes = Array("net.ipv4.conf.all.arp_ignore".utf8).withUnsafeBytes { pool.intern($0) }
        #expect(fromBytes.utf8.withContiguousStorageIfAvailable { $0.baseAddress } == long.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
        // Bytes that are no UTF-8 are decoded as before (repaired), whether kept or not.
        let garbled: [UInt8] = Array("net.ipv4.conf.".utf8) + [0xFF, 0xFE] + Array("x.arp_ignore".utf8)
        #expect(garbled.withUnsafeBytes { pool.intern($0) } == String(decoding: garbled, as: UTF8.self))
        // Full: a new string is returned as it is, not kept.
        #expect(pool.intern("net.ipv4.conf.all.rp_filter") == "net.ipv4.conf.all.rp_filter")
        #expect(pool.intern("lo") == "lo")
    }

    @Test("a key is an interface key exactly when it starts with net.ipv4.conf. or net.ipv6.conf. and goes on")
    func interfaceKeys() {
        var generator = SeededGenerator(seed: 11)
        let starts = [
            "net.ipv4.conf.", "net.ipv6.conf.", "net.ipv5.conf.", "net.ipv4.conf", "net.ipv4.confx", "net.ipv6.neigh.", "net/ipv4/conf/",
            "Net.ipv4.conf.", "net.ipv4.conf.all", "net.ipv4.", "", "kernel.",
        ]
        let ends = ["", "a", "all.arp_ignore", "eth0/100.rp_filter", ".", "default.forwarding"]
        // The words compared are the text's bytes as `ByteWords.load` reads them.
        let word = { (text: String) -> UInt64 in
            Array(text.utf8).withUnsafeBufferPointer { buffer in buffer.baseAddress.map { UInt64(littleEndian: ByteWords.load($0)) } ?? 0 }
        }
        #expect(
            [KeptSysctls.ipv4Head, KeptSysctls.ipv6Head, KeptSysctls.ipv4Tail, KeptSysctls.ipv6Tail]
                == ["net.ipv4", "net.ipv6", "v4.conf.", "v6.conf."].map(word))
        for _ in 0..<5_000 {
            let key = Array(
                (starts[Int.random(in: 0..<starts.count, using: &generator)] + ends[Int.random(in: 0..<ends.count, using: &generator)]).utf8)
            let expected = key.count > 14 && (key.starts(with: Array("net.ipv4.conf.".utf8)) || key.starts(with: Array("net.ipv6.conf.".utf8)))
            // Read with eight bytes to spare, as a line of a file is.
            let padded = key + Array(repeating: 0, count: 16)
            padded.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                #expect(KeptSysctls.isInterfaceKey(base, count: key.count) == expected, "\(String(decoding: key, as: UTF8.self))")
            }
        }
    }

    @Test("a pool that grows keeps every string it took, once: each is found again as the same copy")
    func stringPoolGrows() {
        let pool = StringPool()
        let keys = (0..<5_000).map { "net.ipv4.conf.veth\($0).arp_ignore" }
        let first = keys.map { key in Array(key.utf8).withUnsafeBytes { pool.intern($0) } }
        for (key, kept) in zip(keys, first) {
            let again = Array(key.utf8).withUnsafeBytes { pool.intern($0) }
            #expect(again == key)
            #expect(
                again.utf8.withContiguousStorageIfAvailable { $0.baseAddress } == kept.utf8.withContiguousStorageIfAvailable { $0.baseAddress },
                "\(key) was not shared")
        }
    }

    @Test(
        "a key's last four bytes refuse only keys that are not kept",
        arguments: [["arp_ignore", "rp_filter", "net.ipv4.ip_forward", "mtu"], ["ab"], ["a.b"]])
    func tailsRefuseOnlyUnkept(names: [String]) {
        var generator = SeededGenerator(seed: 17)
        let kept = KeptSysctls(names)
        let options = ParseOptions(keptSysctls: kept)
        let interfaces = ["lo", "eth0", "eth0.100", "veth1a2b", "x"]
        let parameters = ["arp_ignore", "arp_announce", "rp_filter", "mtu", "ab", "forwarding", "ignore", "x_filter", "b"]
        let wholes = ["net.ipv4.ip_forward", "net.ipv4.ip_forwardx", "kernel.hostname", "a.b", "xa.b", "vm.swappiness"]
        var refused = 0
        for _ in 0..<5_000 {
            let key =
                Bool.random(using: &generator)
                ? "net.ipv\(Bool.random(using: &generator) ? 4 : 6).conf.\(interfaces.randomElement(using: &generator) ?? "lo").\(parameters.randomElement(using: &generator) ?? "mtu")"
                : wholes.randomElement(using: &generator) ?? "a.b"
            let bytes = Array(key.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                let full = kept.keeps(base, count: buffer.count, dotted: true)
                let quick = options.keeps(sysctlKey: base, count: buffer.count, dotted: true)
                #expect(quick == full, "\(key)")
                if !quick { refused += 1 }
            }
        }
        #expect(refused > 0)
    }

    @Test("striped pools: each thread finds its own copy again, and every copy reads as its key")
    func stripedPool() async {
        let pool = StripedStringPool(stripes: 4, capacity: 64)
        let keys = (0..<40).map { "net.ipv4.conf.veth\($0).arp_announce" }
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    // Asked twice on one thread (the closure runs through, with no suspension): the same copy.
                    keys.allSatisfy { key in
                        let bytes = Array(key.utf8)
                        let first = bytes.withUnsafeBytes { pool.intern($0) }
                        let again = bytes.withUnsafeBytes { pool.intern($0) }
                        return first == key && again == key
                            && first.utf8.withContiguousStorageIfAvailable { $0.baseAddress }
                                == again.utf8.withContiguousStorageIfAvailable { $0.baseAddress }
                    }
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results == Array(repeating: true, count: 8))
    }

    @Test("the first byte of eight that may end a key, or is a dot, is found as a walk of the eight finds it")
    func firstIndexInWord() {
        var generator = SeededGenerator(seed: 5)
        let alphabet: [UInt8] = [0, 9, 10, 13, 32, 33, 34, 35, 36, 37, 46, 61, 97, 122, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<50_000 {
            let bytes = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                #expect(ByteWords.firstIndex(at: base, below: 0x25, orEqualTo: 61) == bytes.firstIndex { $0 < 0x25 || $0 == 61 }, "\(bytes)")
                #expect(ByteWords.firstIndex(at: base, of: 46) == (bytes.firstIndex(of: 46) ?? 8), "\(bytes)")
            }
        }
    }

    @Test("a literal is found in a line's bytes as a search at every position finds it")
    func containsLiteral() {
        func naive(_ bytes: [UInt8], _ literal: [UInt8]) -> Bool {
            guard !literal.isEmpty else { return true }
            guard bytes.count >= literal.count else { return false }
            return (0...(bytes.count - literal.count)).contains { Array(bytes[$0..<($0 + literal.count)]) == literal }
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("/sym".utf8)
        for _ in 0..<2_000 {
            let line = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            // A slice that does not start at the array's start, as a line of a file is.
            let padded = [UInt8(ascii: "x")] + line + [UInt8(ascii: "x")]
            let slice = padded[1..<(padded.count - 1)]
            #expect(ByteFields.contains(slice, "/sys/") == naive(line, Array("/sys/".utf8)), "\(line)")
            #expect(ByteFields.contains(slice, "ym") == naive(line, Array("ym".utf8)), "\(line)")
            #expect(ByteFields.contains(slice, "") == true)
        }
    }

    @Test("one capture's interfaces are taken whole only when no name repeats; an interface listed twice is merged as before")
    func interfacesTakenWhole() {
        var generator = SeededGenerator(seed: 8)
        for _ in 0..<300 {
            let names = (0..<Int.random(in: 1...20, using: &generator)).map { _ in
                ["lo", "eth0", "eth1", "bond0", "eth0.100"].randomElement(using: &generator) ?? "lo"
            }
            // Each name's block read once, then listed as often as drawn (the reader itself merges
            // a name it meets again; a capture of another shape may not).
            var text = ""
            for (index, name) in Set(names).sorted().enumerated() {
                text += "\(index + 1): \(name): <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
                text += "    inet 192.0.2.\(index + 1)/24 scope global \(name)\n       valid_lft forever preferred_lft forever\n"
            }
            var parsed = CaptureRecognizer.parse(CaptureFile(path: "ip-addr.txt", bytes: Array(text.utf8)), as: .ipAddr)
            #expect(parsed.interfaces.count == Set(names).count)
            parsed.interfaces = names.compactMap { name in parsed.interfaces.first { $0.name == name } }
            #expect(parsed.interfaces.count == names.count)
            var observation = HostObservation(host: "rs1")
            CaptureMerger.addresses([parsed], into: &observation)
            // The general merge: an interface seen again adds its addresses to the first.
            var merged: [ObservedInterface] = []
            for interface in parsed.interfaces {
                if let i = merged.firstIndex(where: { $0.name == interface.name }) {
                    merged[i].addresses += interface.addresses
                } else {
                    merged.append(interface)
                }
            }
            #expect(observation.interfaces.map(\.name) == merged.map(\.name))
            #expect(observation.interfaces.map { $0.addresses.map(\.prefix.description) } == merged.map { $0.addresses.map(\.prefix.description) })
            #expect(CaptureMerger.namesOnce(parsed.interfaces) == (Set(parsed.interfaces.map(\.name)).count == parsed.interfaces.count))
        }
    }

    @Test("a capture's name spares the configuration names' questions, and an ifcfg file's still finds its path")
    func configurationNamesQuick() {
        let file = CaptureFile(path: "x", bytes: Array("DEVICE=lo:0\nIPADDR=192.0.2.100\n".utf8))
        #expect(ConfigurationFileName.hostPath(name: "sysctl.txt", file: file) == nil)
        #expect(ConfigurationFileName.hostPath(name: "route-eth0.txt", file: file) == nil)
        #expect(ConfigurationFileName.hostPath(name: "ifcfg-lo:0.txt", file: file) == "/etc/sysconfig/network-scripts/ifcfg-lo:0.txt")
        #expect(ConfigurationFileName.hostPath(name: "ifcfg-lo:0", file: file) == "/etc/sysconfig/network-scripts/ifcfg-lo:0")
        #expect(ConfigurationFileName.hostPath(name: "keepalived.conf", file: file) == "/etc/keepalived/keepalived.conf")
    }
}
