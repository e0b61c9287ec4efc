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
        "ipvsadm": ["-Ln --exact", "-Sn", "-Lnc"],
        "cat": ["/proc/net/ip_vs", "/proc/net/ip_vs_conn", "/proc/net/ip_vs_stats"],
        "iptables-save": [""],
        "ip6tables-save": [""],
        "nft": ["list ruleset"],
        "arptables": ["-L -n"],
        "systemctl": ["list-unit-files --type=service --no-pager", "list-units --type=service --all --no-pager"],
    ]

    /// Files and globs whose contents are copied: the configuration that decides what the
    /// host looks like after a reboot. Nothing else is ever copied.
    public static let copiedPaths: [String] = [
        "/etc/sysctl.conf", "/etc/sysctl.d/*", "/run/sysctl.d/*", "/usr/local/lib/sysctl.d/*", "/usr/lib/sysctl.d/*", "/lib/sysctl.d/*",
        "/etc/sysconfig/ipvsadm", "/etc/ipvsadm.rules", "/etc/default/ipvsadm",
        "/etc/keepalived/keepalived.conf", "/etc/keepalived/*.conf", "/etc/keepalived/conf.d/*",
        "/etc/sysconfig/network-scripts/ifcfg-*", "/etc/network/interfaces", "/etc/network/interfaces.d/*",
        "/etc/netplan/*.yaml", "/etc/NetworkManager/system-connections/*",
        "/etc/systemd/network/*.network", "/etc/systemd/network/*.netdev",
        "/etc/rc.local", "/etc/rc.d/rc.local",
    ]

    public static func text(version: String) -> String {
        let copies = copiedPaths.map { "copy \($0)" }.joined(separator: "\n")
        return """
            #!/bin/sh
            # lvslint collect \(version): gathers, with read-only commands only, what lvslint reads on
            # this host, and writes it as one bundle on standard output. Run it on every host:
            #     sh lvslint-collect.sh > "$(hostname).txt"
            # then `lvslint check` a folder of those files. POSIX sh: CentOS 7, Debian/Ubuntu, Alpine.
            # It changes nothing. Secrets in copied files (psk=, password=, secret=, keepalived auth_pass) are masked.
            LC_ALL=C
            export LC_ALL
            PATH="$PATH:/sbin:/usr/sbin:/bin:/usr/bin"
            export PATH

            have() { command -v "$1" >/dev/null 2>&1; }

            # run COMMAND...: one section with the command's output and its exit status.
            run() {
                out=$("$@" 2>&1)
                status=$?
                printf '==== %s (exit %s) ====\\n' "$*" "$status"
                if [ -n "$out" ]; then printf '%s\\n' "$out"; fi
                return "$status"
            }

            # missing COMMAND: the section of a tool that is not installed, so its absence is on record.
            missing() {
                printf '==== %s (exit 127) ====\n%s: not installed\n' "$*" "$1"
            }

            # copy PATH...: one section per readable file (globs that match nothing are skipped).
            copy() {
                for f in "$@"; do
                    [ -f "$f" ] || continue
                    if [ -r "$f" ]; then
                        printf '==== file %s (exit 0) ====\\n' "$f"
                        sed -e 's/^\\([^=#]*psk[^=]*=\\).*/\\1MASKED/' -e 's/^\\([^=#]*password[^=]*=\\).*/\\1MASKED/' \\
                            -e 's/^\\([^=#]*secret[^=]*=\\).*/\\1MASKED/' -e 's/^\\([[:space:]]*auth_pass[[:space:]][[:space:]]*\\).*/\\1MASKED/' "$f\"
                        echo
                    else
                        printf '==== file %s (exit 1) ====\\n' "$f"
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
            if ! have ipvsadm; then missing ipvsadm -Ln --exact; fi
            if have ipvsadm && run ipvsadm -Ln --exact; then
                run ipvsadm -Sn
                run ipvsadm -Lnc
            elif [ -r /proc/net/ip_vs ]; then
                run cat /proc/net/ip_vs
                run cat /proc/net/ip_vs_conn
            fi
            if have ss; then run ss -ltnu; elif have netstat; then run netstat -ltnu; else missing ss -ltnu; fi
            if have iptables-save; then run iptables-save; else missing iptables-save; fi
            if have nft; then run nft list ruleset; else missing nft list ruleset; fi
            if have arptables; then run arptables -L -n; else missing arptables -L -n; fi
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
