import Foundation
import LVSDescription
import LVSModel
import Testing

/// Reading keepalived.conf: every entry located, includes followed, nothing skipped silently.
@Suite("keepalived.conf reader")
struct KeepalivedReaderTests {
    /// Writes `files` (relative path → text) into a fresh folder and reads the first.
    func read(_ files: [(String, String)]) throws -> KeepalivedConfig {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-ka-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return KeepalivedReader.read(path: folder.appendingPathComponent(files[0].0).path, displayPath: files[0].0)
    }

    @Test("blocks, comments with # and !, braces on the next line and on one line, both spellings, quoted words")
    func syntax() throws {
        let config = try read([
            (
                "keepalived.conf",
                """
                ! Configuration File for keepalived
                global_defs {
                   router_id LVS_A   # the director
                   lvs_sync_daemon eth1 VI_1 id 7
                }
                virtual_server 192.0.2.100 80
                {
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    persistence_timeout
                    real_server 192.0.2.21 80 {
                        weight 3
                        TCP_CHECK { connect_timeout 3 }
                    }
                    real_server 192.0.2.22 80 {
                        lvs_method NAT
                        MISC_CHECK {
                            misc_path "/usr/local/bin/check web # not a comment"
                        }
                    }
                }
                virtual_server fwmark 5 {
                    lvs_sched wlc
                    lvs_method TUN
                    real_server 2001:db8::21 {
                    }
                }
                """
            )
        ])
        #expect(config.unread.isEmpty, "\(config.unread.map(\.reason))")
        #expect(config.routerID?.value == "LVS_A" && config.routerID?.line.location.line == 3)
        #expect(config.syncDaemon?.value == "eth1")
        #expect(config.virtualServers.count == 2)
        let web = try #require(config.virtualServers.first)
        #expect(web.key == .address(try #require(IPAddress("192.0.2.100")), port: 80))
        #expect(web.line.location.line == 6 && web.end.line == 22, "the block runs from the keyword's line to its brace")
        #expect(web.scheduler?.value == "rr" && web.method?.value == .dr && web.protocolName?.value == .tcp)
        #expect(web.persistence != nil && web.persistence?.value == nil, "persistence_timeout without a value")
        #expect(web.realServers.map(\.weight?.value) == [3, nil])
        #expect(web.realServers.map { $0.checkers.map(\.kind.value) } == [["TCP_CHECK"], ["MISC_CHECK"]])
        #expect(web.realServers[1].method?.value == .nat)
        let mark = try #require(config.virtualServers.last)
        #expect(mark.key == .fwmark(5) && mark.method?.value == .tun && mark.scheduler?.value == "wlc")
        #expect(mark.realServers.first?.port == nil)
    }

    @Test("a `{` after a setting on the same line is reported, as keepalived reports it (\"Unexpected '{'\")")
    func braceAfterSetting() throws {
        let config = try read([
            (
                "keepalived.conf",
                """
                virtual_server 192.0.2.100 80 {
                    protocol TCP
                    real_server 192.0.2.21 80 { weight 3 TCP_CHECK { connect_timeout 3 } }
                }
                """
            )
        ])
        #expect(config.unread.map(\.line.location.line) == [3])
        #expect(config.unread.first?.reason.description.contains("`weight` takes no block") == true)
    }

    @Test("include with a glob, relative to the including file, in sorted order; a loop and a missing file are reported")
    func includes() throws {
        let config = try read([
            ("etc/keepalived.conf", "include conf.d/*.conf\ninclude /nonexistent/keepalived-site.conf\n"),
            ("etc/conf.d/20-web.conf", "virtual_server 192.0.2.100 80 {\n  protocol TCP\n  include ../servers/web.inc\n}\n"),
            (
                "etc/conf.d/10-vrrp.conf",
                "vrrp_instance VI_1 {\n  virtual_router_id 51\n  virtual_ipaddress {\n    192.0.2.100/32 dev eth0 label eth0:1\n  }\n}\n"
            ),
            ("etc/servers/web.inc", "real_server 192.0.2.21 80 {\n}\n"),
            ("etc/conf.d/30-loop.conf", "include ../keepalived.conf\n"),
        ])
        #expect(
            config.files == [
                "etc/keepalived.conf", "etc/conf.d/10-vrrp.conf", "etc/conf.d/20-web.conf", "etc/servers/web.inc", "etc/conf.d/30-loop.conf",
            ])
        #expect(config.vrrpInstances.first?.addresses.first?.label == "eth0:1")
        #expect(config.vrrpInstances.first?.addresses.first?.line.location == SourceLocation(file: "etc/conf.d/10-vrrp.conf", line: 4))
        let web = try #require(config.virtualServers.first)
        #expect(
            web.realServers.first?.line.location == SourceLocation(file: "etc/servers/web.inc", line: 1),
            "an include inside a block adds to that block")
        let reasons = config.unread.map(\.reason.description)
        #expect(reasons.count == 2)
        #expect(reasons.contains { $0.contains("include loop") })
        // An absolute include outside the configuration's folder is not even looked for.
        #expect(reasons.contains { $0.contains("outside") && $0.contains("/nonexistent/keepalived-site.conf") })
    }

    @Test("groups, VRRP instances, sync groups; unknown keywords, a stray brace and an unclosed block are located")
    func structureAndMistakes() throws {
        let config = try read([
            (
                "keepalived.conf",
                """
                virtual_server_group VSG {
                  192.0.2.100 80
                  192.0.2.101-105 80
                  fwmark 9
                }
                vrrp_sync_group VG1 {
                  group {
                    VI_1
                    VI_2
                  }
                }
                vrrp_instance VI_1 {
                  state master
                  interface eth0
                  virtual_router_id 51
                  priority 150
                  nopreempt
                  virtual_ipaddress_excluded {
                    2001:db8::100/64
                  }
                }
                virtual_server group VSG {
                  persistance_timeout 50
                  real_server 192.0.2.21 80 {
                  }
                }
                }
                vrrp_instance VI_2 {
                  state BACKUP
                """
            )
        ])
        let group = try #require(config.group(named: "VSG"))
        #expect(group.entries.count == 3)
        if case let .addresses(first, count, port, _) = group.entries[1] {
            #expect(first == IPAddress("192.0.2.101") && count == 5 && port == 80)
        } else {
            Issue.record("the range entry")
        }
        #expect(config.syncGroups.first?.instances.map(\.value) == ["VI_1", "VI_2"])
        let vi1 = try #require(config.vrrpInstances.first)
        #expect(vi1.state?.value == "MASTER" && vi1.priority?.value == 150 && vi1.virtualRouterID?.value == 51 && vi1.noPreempt != nil)
        #expect(vi1.excludedAddresses.first?.prefix.description == "2001:db8::100/64")
        #expect(config.virtualServers.first?.key == .group("VSG"))
        let unread = config.unread.map { "\($0.line.location.line): \($0.reason)" }
        #expect(
            unread.contains("23: `persistance_timeout` is not a keyword keepalived knows in virtual_server (did you mean 'persistence_timeout'?)"))
        #expect(unread.contains("27: a `}` that closes no block"))
        #expect(unread.contains("28: this block is never closed: a `}` is missing before the end of the file"))
        #expect(config.vrrpInstances.count == 2, "the unclosed block is still read")
    }

    @Test(
        "every sample in the corpus is read; only lines keepalived itself rejects are reported",
        .enabled(if: Repository.hasShared, "../shared/corpus is absent"))
    func corpus() throws {
        let folder = Repository.corpus.appendingPathComponent("keepalived")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 10)
        for name in names {
            let config = KeepalivedReader.read(path: folder.appendingPathComponent(name).path, displayPath: name)
            #expect(!config.virtualServers.isEmpty || !config.vrrpInstances.isEmpty, "\(name): nothing read")
            let unread = config.unread.map { "\($0.line.location.line): \($0.reason)" }
            if name.hasSuffix("vrrp.lvs_syncd") {
                // The sample lists instance names straight in vrrp_sync_group, without `group { }`:
                // keepalived -t says "Unknown keyword 'VI_2'" and "'VI_3'" for the same two lines.
                #expect(unread.count == 2 && unread[0].hasPrefix("4: ") && unread[1].hasPrefix("5: "), "\(name): \(unread)")
            } else {
                #expect(unread.isEmpty, "\(name): \(unread)")
            }
        }
    }
}
