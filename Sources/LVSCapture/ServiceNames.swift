/// Port names as `ipvsadm -L` prints them without -n: it asks the services database
/// (getservbyport), so the names are those of /etc/services on the host that ran it.
/// This is data, never a lookup on the machine running lvslint: Debian's netbase and
/// RHEL's setup packages name most ports alike; where they differ, both names are here.
enum ServiceNames {
    /// Names that mean one port on every distribution.
    static let ports: [String: Int] = [
        "tcpmux": 1, "echo": 7, "discard": 9, "daytime": 13, "chargen": 19,
        "ftp-data": 20, "ftp": 21, "fsp": 21, "ssh": 22, "telnet": 23, "smtp": 25, "time": 37, "whois": 43, "nicname": 43,
        "tacacs": 49, "domain": 53, "bootps": 67, "bootpc": 68, "tftp": 69, "gopher": 70, "finger": 79,
        "http": 80, "www": 80, "www-http": 80, "kerberos": 88, "pop3": 110, "pop-3": 110, "sunrpc": 111, "auth": 113, "ident": 113,
        "nntp": 119, "ntp": 123, "netbios-ns": 137, "netbios-dgm": 138, "netbios-ssn": 139, "imap": 143, "imap2": 143,
        "snmp": 161, "snmp-trap": 162, "snmptrap": 162, "bgp": 179, "irc": 194, "ldap": 389, "https": 443, "microsoft-ds": 445,
        "isakmp": 500, "submissions": 465, "urd": 465, "smtps": 465, "exec": 512, "login": 513, "shell": 514, "syslog": 514,
        "printer": 515, "submission": 587, "ipp": 631, "ldaps": 636, "rsync": 873, "ftps-data": 989, "ftps": 990,
        "telnets": 992, "imaps": 993, "pop3s": 995, "socks": 1080, "openvpn": 1194, "ms-sql-s": 1433, "ms-sql-m": 1434,
        "ingreslock": 1524, "pptp": 1723, "radius": 1812, "radius-acct": 1813, "radacct": 1813, "nfs": 2049,
        "cvspserver": 2401, "squid": 3128, "iscsi-target": 3260, "mysql": 3306, "ms-wbt-server": 3389, "svn": 3690,
        "sip": 5060, "sip-tls": 5061, "xmpp-client": 5222, "xmpp-server": 5269, "postgresql": 5432, "postgres": 5432,
        "amqp": 5672, "amqps": 5671, "x11": 6000, "redis": 6379, "irc-serv": 6667, "webcache": 8080, "tproxy": 8081,
        "pcsync-https": 8443, "memcache": 11211, "zabbix-agent": 10050, "zabbix-trapper": 10051,
    ]

    /// Names whose port depends on whose services database printed them: `http-alt` is
    /// 8080 in Debian's netbase and 8008 in RHEL's setup package (where 8080 is `webcache`).
    static let ambiguous: [String: [Int]] = ["http-alt": [8008, 8080]]

    /// The port a printed name stands for, or nil (a number is read as a number).
    static func port(_ text: String) -> Int? {
        if let n = Int(text), (0...65535).contains(n) { return n }
        return ports[text.lowercased()]
    }
}
