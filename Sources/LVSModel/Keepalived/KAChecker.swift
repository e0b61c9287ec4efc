/// A health checker block of a `real_server`: `TCP_CHECK { connect_port 8080  connect_timeout 3 }`,
/// with the settings that decide what it tests and how long it takes to call a server dead.
public struct KAChecker: Sendable {
    /// The keyword, on its line: `TCP_CHECK`, `HTTP_GET`, `SSL_GET`, `SMTP_CHECK`, `MISC_CHECK`, …
    public var kind: KASetting<String>
    public var connectPort: KASetting<Int>?
    /// `connect_ip`: the address the checker connects to (default: the real server's).
    public var connectIP: KASetting<IPAddress>?
    /// Seconds (fractions allowed) before one attempt is given up; keepalived's default is 5.
    public var connectTimeout: KASetting<Double>?
    /// Attempts after the first before the server is called down (`retry`, or `nb_get_retry`).
    public var retry: KASetting<Int>?
    /// Seconds between those attempts; keepalived's default is 1.
    public var delayBeforeRetry: KASetting<Double>?

    public init(kind: KASetting<String>) {
        self.kind = kind
    }

    /// Checkers that speak TCP to the real server, whatever the service's protocol.
    public var speaksTCP: Bool { ["TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK"].contains(kind.value) }
}
