/// The script `lvslint collect` prints: POSIX `sh` that gathers, with read-only commands
/// only, everything lvslint reads on one host, and writes it as one bundle on standard
/// output. Every command's section is marked `==== COMMAND (exit N) ====`, so that a missing
/// tool or a refused permission is recorded in the bundle rather than stopping it; every
/// copied file's is marked `==== file PATH (exit N) ====`, and lvslint keeps those apart
/// from the host's runtime state.
public enum CollectScript {
    /// The bundle format this script writes (the first line of every bundle says it).
    public static let bundleVersion = 1

    /// Programs the script may run, and what each may be asked: a test reads every `run`
    /// line of the script against this list.
    public static let readOnlyCommands: [String: [String]] = [
        "ip": ["-d addr", "-d link", "route show table all", "-6 route show table all", "rule", "-6 rule"],
        "ifconfig": ["-a"],
        "route": ["-n", "-A inet6 -n"],
        "netstat": ["-rn", "-ltnu"],
        "ss": ["-ltnu"],
        "sysctl": ["-a"],
        "ipvsadm": ["-Ln --exact", "-Sn", "-Lnc", "-L --timeout", "-L --daemon"],
        "uname": ["-r"],
        "grep": ["-H . /sys/module/ip_vs/parameters/*"],
        "cat": ["/proc/net/ip_vs", "/proc/net/ip_vs_conn", "/proc/net/ip_vs_stats", "/proc/modules"],
        "iptables-save": [""],
        "ip6tables-save": [""],
        "nft": ["list ruleset"],
        "arptables": ["-L -n"],
        "ipset": ["save"],
        "systemctl": ["list-unit-files --type=service --no-pager", "list-units --type=service --all --no-pager"],
    ]

    /// Files and globs whose contents are copied: the configuration that decides what the
    /// host looks like after a reboot, and os-release, which says whose fixes apply (RHEL's
    /// or Debian's). Nothing else is ever copied.
    public static let copiedPaths: [String] = [
        "/etc/sysctl.conf", "/etc/sysctl.d/*", "/run/sysctl.d/*", "/usr/local/lib/sysctl.d/*", "/usr/lib/sysctl.d/*", "/lib/sysctl.d/*",
        "/etc/sysconfig/ipvsadm", "/etc/ipvsadm.rules", "/etc/default/ipvsadm",
        "/etc/keepalived/keepalived.conf", "/etc/keepalived/*.conf", "/etc/keepalived/conf.d/*",
        "/etc/sysconfig/network-scripts/ifcfg-*", "/etc/network/interfaces", "/etc/network/interfaces.d/*",
        "/etc/netplan/*.yaml", "/etc/NetworkManager/system-connections/*",
        "/etc/systemd/network/*.network", "/etc/systemd/network/*.netdev",
        "/etc/rc.local", "/etc/rc.d/rc.local", "/etc/os-release",
        // A Kubernetes node: kube-proxy's configuration where installs keep it on the host, and
        // kube-vip's static Pod. Never a kubeconfig: it holds credentials.
        "/var/lib/kube-proxy/config.conf", "/var/lib/kube-proxy/kube-proxy-config.yaml", "/etc/kubernetes/kube-proxy-config.yaml",
        "/etc/kubernetes/manifests/kube-vip.yaml",
    ]

    /// Limits the script keeps, and says in its header: each command's time, each section's
    /// lines (the connection table's fewer) and bytes, and the whole bundle's bytes, below the
    /// 64 MB a section of a capture file may have for `lvslint check` to read it whole.
    public static let commandSeconds = 20
    public static let sectionLines = 100_000
    public static let connectionLines = 10_000
    public static let sectionBytes = 8 * 1024 * 1024
    public static let bundleBytes = 48 * 1024 * 1024

    /// Names whose values are masked in copied files, matched case-insensitively as a word
    /// followed by `=`, `:` or blanks (`psk=`, `PrivateKey = `, `password: `, `auth_pass 1234`),
    /// in comments and one-line blocks too: WireGuard, NetworkManager (psk, wep-key0…3, pin,
    /// MACsec mka-cak/ckn, *-password), ifcfg (WPA_PSK, *PASSWORD*, KEYn), Debian (wpa-psk,
    /// wpa-passphrase), netplan (password), keepalived (auth_pass), SNMP communities, tokens.
    public static let maskedNames =
        "(psk|password|passwd|passphrase|secret|private-?key|preshared-?key|auth_pass|wep-?key[0-3]?|pin|key[0-9]|mka-?c(ak|kn)|token|credentials?|community)"

    /// The awk program that masks secrets, line by line (POSIX awk: mawk, gawk, busybox).
    static var maskProgram: String {
        #"""
        BEGIN { names = "\#(maskedNames)" }
        {
            line = $0; out = ""
            # user:password@ in a URL
            while (match(line, "://[^/:@ \t]+:[^/@ \t]+@")) {
                head = substr(line, 1, RSTART + 2); rest = substr(line, RSTART + 3, RLENGTH - 3)
                out = out head substr(rest, 1, index(rest, ":")) "MASKED@"; line = substr(line, RSTART + RLENGTH)
            }
            line = out line; out = ""
            # -pSECRET in a checker's command line (mysql, mysqladmin)
            if (tolower(line) ~ /(misc_path|script|check)/) {
                while (match(line, "(^|[ \t\"'])-p[^ \t\"']+")) {
                    lead = (substr(line, RSTART, 1) == "-") ? 0 : 1
                    out = out substr(line, 1, RSTART + lead + 1) "MASKED"
                    line = substr(line, RSTART + RLENGTH)
                }
                line = out line; out = ""
            }
            while (match(tolower(line), "(^|[^a-z0-9])" names "[\"']?([ \t]*[=:][ \t]*|[ \t]+)")) {
                sep = substr(line, RSTART, RLENGTH)
                start = RSTART + RLENGTH
                out = out substr(line, 1, start - 1); line = substr(line, start)
                if (line == "") break
                first = substr(line, 1, 1)
                if (first == "\"" || first == "'") {
                    quoteEnd = index(substr(line, 2), first)
                    if (quoteEnd == 0) { out = out first "MASKED"; line = ""; break }
                    out = out first "MASKED" first; line = substr(line, quoteEnd + 2)
                } else if (sep ~ /=/) {
                    # To the end of the line, or of the quoted string the assignment sits in.
                    if (out ~ /"/ && match(line, /"[^"]*$/)) { out = out "MASKED"; line = substr(line, RSTART); break }
                    out = out "MASKED"; line = ""; break
                } else if (sep ~ /:/ && out !~ /[{]/) {
                    out = out "MASKED"; line = ""; break
                } else {
                    match(line, "^[^ \t,;{}]+")
                    out = out "MASKED"; line = substr(line, RLENGTH + 1)
                }
            }
            print out line
        }
        """#
    }

    public static func text(version: String) -> String {
        // The root is quoted, the glob is not: `copy "$root"/etc/sysctl.d/*`.
        let copies = copiedPaths.map { "copy \"$root\"\($0)" }.joined(separator: "\n")
        return """
            #!/bin/sh
            # lvslint collect \(version): gathers, with read-only commands only, what lvslint reads on
            # this host, and writes it as one bundle on standard output. Run it on every host:
            #     sh lvslint-collect.sh > "$(hostname).txt"
            # then `lvslint check` a folder of those files. POSIX sh: CentOS 7, Debian/Ubuntu, Alpine.
            #
            # It changes nothing: no command that writes, and none that would load a kernel module.
            # The IPVS table is read only where /proc/net/ip_vs exists (ipvsadm loads ip_vs), nft and
            # iptables only where their tables are loaded, ss only where inet_diag is (else netstat).
            # Each command runs under `timeout` (LVSLINT_COLLECT_TIMEOUT seconds, \(commandSeconds) by default);
            # a section keeps its first \(sectionLines) lines (the connection table \(connectionLines)) and \(sectionBytes / 1_048_576) MB,
            # and says how many it had; the bundle stops at \(bundleBytes / 1_048_576) MB. Copied files are regular files
            # inside /etc, /run, /usr/lib and /lib (a link out of them is not followed), and every
            # password, key, PSK, PIN, token or community in them is masked, in any spelling.
            # LVSLINT_COLLECT_ROOT=DIR reads DIR/proc, DIR/sys and DIR/etc instead of the host's (tests).
            LC_ALL=C
            export LC_ALL
            PATH="$PATH:/sbin:/usr/sbin:/bin:/usr/bin"
            export PATH
            root=${LVSLINT_COLLECT_ROOT:-}
            limit=${LVSLINT_COLLECT_TIMEOUT:-\(commandSeconds)}
            cap=\(sectionLines)
            left=\(bundleBytes)
            nl='
            '

            have() { command -v "$1" >/dev/null 2>&1; }

            # awk programs: their $ are awk's, not the shell's.
            # shellcheck disable=SC2016
            cut_program='
            function emit(line) { n++; if (n <= max && size + length(line) + 1 <= bytes) { print line; size += length(line) + 1; kept++ } }
            { if (NR > 2) emit(p1); p1 = p2; p2 = $0 }
            END { if (NR >= 2 && p1 != "") emit(p1); printf "lvslint-cut %d %d\\n", kept, n; print p2 }'

            # shellcheck disable=SC2016
            mask_program='
            \(maskProgram.replacingOccurrences(of: "'", with: "'\\''"))'

            # section HEADER STATUS-AND-OUTPUT: prints one section from the capped output (its last two
            # lines say how many lines were kept and the exit status), and counts it against the bundle.
            section() {
                shown=$1
                out=$2
                status=${out##*lvslint-exit=}
                counts=${out##*lvslint-cut }
                kept=${counts%% *}
                total=${counts#* }
                total=${total%%"$nl"*}
                body=${out%lvslint-cut *}
                note=""
                if [ "$status" = 124 ]; then note="; timed out after $limit s"; fi
                if [ "$kept" -lt "$total" ]; then note="$note; first $kept of $total lines"; fi
                printf '==== %s (exit %s%s) ====\\n' "$shown" "$status" "$note"
                printf '%s' "$body"
                left=$((left - ${#body}))
                return "$status"
            }

            # run COMMAND...: one section with the command's output (at most $cap lines) and its exit status.
            run() {
                shown=""
                for word in "$@"; do shown="$shown${shown:+ }${word#"$root"}"; done
                if [ "$left" -le 0 ]; then
                    printf '==== %s (exit 125; not run: the bundle reached %s MB) ====\\n' "$shown" "\(bundleBytes / 1_048_576)"
                    return 125
                fi
                if have timeout; then
                    out=$({ timeout "$limit" "$@" 2>&1; printf '\\nlvslint-exit=%s\\n' "$?"; } | awk -v max="$cap" -v bytes=\(sectionBytes) "$cut_program")
                else
                    out=$({ "$@" 2>&1; printf '\\nlvslint-exit=%s\\n' "$?"; } | awk -v max="$cap" -v bytes=\(sectionBytes) "$cut_program")
                fi
                section "$shown" "$out"
            }

            # missing COMMAND: the section of a tool that is not installed, so its absence is on record.
            missing() {
                printf '==== %s (exit 127) ====\\n%s: not installed\\n' "$*" "$1"
            }

            # unloaded WHY COMMAND: a command not run because it would load a kernel module.
            unloaded() {
                why=$1
                shift
                printf '==== %s (exit 126; not run: %s) ====\\n' "$*" "$why"
            }

            # copy PATH...: one section per regular file inside the copied trees, secrets masked.
            copy() {
                for f in "$@"; do
                    [ -e "$f" ] || [ -L "$f" ] || continue
                    shown=${f#"$root"}
                    if [ -L "$f" ]; then
                        target=$(readlink -f "$f" 2>/dev/null) || target=""
                        case "$target" in
                            "$root"/etc/*|"$root"/run/*|"$root"/usr/lib/*|"$root"/lib/*|"$root"/usr/local/lib/*) ;;
                            *) printf '==== file %s (exit 1; a symbolic link out of the copied folders: not copied) ====\\n' "$shown"; continue ;;
                        esac
                    fi
                    [ -f "$f" ] || continue
                    if [ "$left" -le 0 ]; then
                        printf '==== file %s (exit 125; not copied: the bundle reached %s MB) ====\\n' "$shown" "\(bundleBytes / 1_048_576)"
                    elif [ -r "$f" ]; then
                        out=$({ awk "$mask_program" "$f" 2>&1; printf '\\nlvslint-exit=%s\\n' "$?"; } | awk -v max="$cap" -v bytes=\(sectionBytes) "$cut_program")
                        section "file $shown" "$out"
                        echo
                    else
                        printf '==== file %s (exit 1) ====\\n' "$shown"
                    fi
                done
            }

            host=$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)
            printf '# lvslint bundle \(bundleVersion): host %s, kernel %s, time %s, collector lvslint \(version)\\n' \\
                "$host" "$(uname -r)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"

            if have ip; then
                run ip -d addr
                run ip route show table all
                run ip -6 route show table all
                run ip rule
            else
                run ifconfig -a
                run route -n
                run route -A inet6 -n
            fi
            run sysctl -a
            # The kernel's release: some IPVS behaviours changed between releases (conn_reuse_mode, 5.9).
            run uname -r
            # The loaded modules: ip_vs there marks a director even when its table is empty.
            run cat "$root/proc/modules"
            # IPVS: /proc/net/ip_vs exists only while ip_vs is loaded; ipvsadm would load it.
            if [ ! -e "$root/proc/net/ip_vs" ]; then
                unloaded "the ip_vs module is not loaded, so there is no IPVS table, and ipvsadm would load it" ipvsadm -Ln --exact
            elif have ipvsadm; then
                run ipvsadm -Ln --exact
                run ipvsadm -Sn
                cap=\(connectionLines); run ipvsadm -Lnc; cap=\(sectionLines)
                run ipvsadm -L --timeout
                # Prints nothing when no connection sync daemon runs.
                run ipvsadm -L --daemon
            else
                missing ipvsadm -Ln --exact
                run cat "$root/proc/net/ip_vs"
                cap=\(connectionLines); run cat "$root/proc/net/ip_vs_conn"; cap=\(sectionLines)
            fi
            # The module's load-time parameters (conn_tab_bits): readable only while ip_vs is loaded.
            if [ -d "$root/sys/module/ip_vs/parameters" ]; then
                run grep -H . "$root"/sys/module/ip_vs/parameters/*
            fi
            # Listening sockets: ss asks inet_diag, which the kernel loads on demand; netstat reads /proc.
            if have ss && [ -d "$root/sys/module/inet_diag" ]; then run ss -ltnu
            elif have netstat; then run netstat -ltnu
            elif have ss; then unloaded "inet_diag is not loaded, ss would load it, and netstat is not installed" ss -ltnu
            else missing ss -ltnu; fi
            # Firewalls: only tables that are loaded already (listing nf_tables or ip_tables loads them).
            nftables=no
            if [ -d "$root/sys/module/nf_tables" ]; then nftables=yes; fi
            if [ -e "$root/proc/net/ip_tables_names" ] || [ "$nftables" = yes ]; then
                if have iptables-save; then run iptables-save; else missing iptables-save; fi
            else unloaded "no iptables table is loaded" iptables-save; fi
            if [ "$nftables" = yes ]; then
                if have nft; then run nft list ruleset; else missing nft list ruleset; fi
            else unloaded "nf_tables is not loaded" nft list ruleset; fi
            if [ -e "$root/proc/net/arp_tables_names" ] || [ "$nftables" = yes ]; then
                if have arptables; then run arptables -L -n; else missing arptables -L -n; fi
            else unloaded "no arptables table is loaded" arptables -L -n; fi
            # IP sets (kube-proxy's KUBE-* sets on a Kubernetes node): only while ip_set is loaded,
            # since listing would load it.
            if [ -d "$root/sys/module/ip_set" ]; then
                if have ipset; then run ipset save; else missing ipset save; fi
            else unloaded "ip_set is not loaded" ipset save; fi
            if have systemctl; then
                run systemctl list-unit-files --type=service --no-pager
                run systemctl list-units --type=service --all --no-pager
            else
                missing systemctl list-unit-files --type=service --no-pager
            fi
            \(copies)
            exit 0

            """
    }
}
