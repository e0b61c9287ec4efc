import Foundation
@testable import LVSCapture
import LVSDescription
import LVSEngine
import LVSModel
import Testing

/// Kubernetes nodes in IPVS mode: kube-proxy's ipsets as the real `ipset` prints them, its
/// configuration as the real `kubectl` prints the ConfigMap, kube-vip's manifest, and a node
/// recognised from its captures alone.
@Suite("Kubernetes nodes")
struct KubernetesNodeTests {
    static let healthy = Repository.fixtures.appendingPathComponent("kube-node-healthy")

    @Test("ipset save from a kube-proxy node's namespace: every KUBE-* set, its members' address, protocol and port")
    func ipsetSave() throws {
        let text = try String(contentsOf: Self.healthy.appendingPathComponent("captures/node1/ipset.txt"), encoding: .utf8)
        let parsed = try parseRecognised(text)
        #expect(parsed.kind == .ipset)
        #expect(parsed.unparsed.isEmpty)
        let cluster = try #require(parsed.ipsets.first { $0.name == "KUBE-CLUSTER-IP" })
        #expect(cluster.type == "hash:ip,port")
        let web = try #require(cluster.members.first { $0.address == IPAddress("198.51.100.20") })
        #expect(web.protocolName == "tcp" && web.port == 80)
        let nodePorts = try #require(parsed.ipsets.first { $0.name == "KUBE-NODE-PORT-TCP" })
        #expect(nodePorts.members.compactMap(\.port) == [30080])
    }

    @Test(
        "ipset list from a network namespace reads as ipset save does",
        .enabled(if: KubernetesLab.available, "needs root, `ip netns` and ipset (scripts/ensure-test-deps installs it)"))
    func ipsetList() throws {
        let name = "lvslt-ipset-\(getpid())"
        try #require(try run("/usr/sbin/ip", ["netns", "add", name]).status == 0)
        defer { _ = try? run("/usr/sbin/ip", ["netns", "del", name]) }
        let setup = """
            ipset create KUBE-CLUSTER-IP hash:ip,port && ipset add KUBE-CLUSTER-IP 198.51.100.1,tcp:443 \
            && ipset add KUBE-CLUSTER-IP 198.51.100.10,udp:53 && ipset create KUBE-NODE-PORT-TCP bitmap:port range 0-65535 \
            && ipset add KUBE-NODE-PORT-TCP 30080 && ipset create KUBE-6-CLUSTER-IP hash:ip,port family inet6 \
            && ipset add KUBE-6-CLUSTER-IP 2001:db8::1,tcp:443
            """
        try #require(try run("/usr/sbin/ip", ["netns", "exec", name, "sh", "-c", setup]).status == 0)
        let listed = try run("/usr/sbin/ip", ["netns", "exec", name, "ipset", "list"]).stdout
        let saved = try run("/usr/sbin/ip", ["netns", "exec", name, "ipset", "save"]).stdout
        for text in [listed, saved] {
            let parsed = try parseRecognised(text)
            #expect(parsed.kind == .ipset)
            #expect(parsed.unparsed.isEmpty, "\(parsed.unparsed.map(\.line.text))")
            #expect(parsed.ipsets.map(\.name).sorted() == ["KUBE-6-CLUSTER-IP", "KUBE-CLUSTER-IP", "KUBE-NODE-PORT-TCP"])
            let v6 = try #require(parsed.ipsets.first { $0.name == "KUBE-6-CLUSTER-IP" }?.members.first)
            #expect(v6.address == IPAddress("2001:db8::1") && v6.port == 443)
            let dns = parsed.ipsets.first { $0.name == "KUBE-CLUSTER-IP" }?.members.first { $0.port == 53 }
            #expect(dns?.protocolName == "udp")
        }
    }

    @Test("kube-proxy's ConfigMap as kubectl prints it in YAML: settings cited at their own lines")
    func configMapYAML() throws {
        let file = try captureFile(Self.healthy.appendingPathComponent("captures/node1/kube-proxy-cm.yaml"))
        #expect(KubernetesDocument.looksLike(file))
        let facts = KubernetesDocumentReader.read([file])
        let settings = try #require(facts.kubeProxy)
        #expect(settings.isIPVS)
        let strict = try #require(settings.strictARP)
        #expect(strict.value)
        #expect(strict.evidence.text.trimmingCharacters(in: .whitespaces) == "strictARP: true")
        #expect(settings.clusterCIDRs?.value.map(\.description) == ["203.0.113.0/24"])
        #expect(settings.excludeCIDRs == nil)  // `excludeCIDRs: null`
    }

    @Test("kubeadm's whole kube-proxy ConfigMap as kubectl prints it: `kind:` on line 90, after its data, is still found")
    func kubeadmConfigMap() throws {
        // `kubectl -n kube-system get configmap kube-proxy -o yaml` on a kubeadm cluster: kubectl sorts the
        // keys, so `data` (kubeadm writes every KubeProxyConfiguration field, and a kubeconfig with its own
        // indented `kind: Config`) comes before `kind: ConfigMap`.
        let text = """
            apiVersion: v1
            data:
              config.conf: |-
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                bindAddress: 0.0.0.0
                bindAddressHardFail: false
                clientConnection:
                  acceptContentTypes: ""
                  burst: 0
                  contentType: ""
                  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
                  qps: 0
                clusterCIDR: 203.0.113.0/24
                configSyncPeriod: 0s
                conntrack:
                  maxPerCore: null
                  min: null
                  tcpBeLiberal: false
                  tcpCloseWaitTimeout: null
                  tcpEstablishedTimeout: null
                  udpStreamTimeout: 0s
                  udpTimeout: 0s
                detectLocal:
                  bridgeInterface: ""
                  interfaceNamePrefix: ""
                detectLocalMode: ""
                enableProfiling: false
                healthzBindAddress: ""
                hostnameOverride: ""
                iptables:
                  localhostNodePorts: null
                  masqueradeAll: false
                  masqueradeBit: null
                  minSyncPeriod: 0s
                  syncPeriod: 0s
                ipvs:
                  excludeCIDRs: null
                  minSyncPeriod: 0s
                  scheduler: ""
                  strictARP: true
                  syncPeriod: 0s
                  tcpFinTimeout: 0s
                  tcpTimeout: 0s
                  udpTimeout: 0s
                kind: KubeProxyConfiguration
                logging:
                  flushFrequency: 0
                  options:
                    json:
                      infoBufferSize: "0"
                    text:
                      infoBufferSize: "0"
                  verbosity: 0
                metricsBindAddress: ""
                mode: ipvs
                nftables:
                  masqueradeAll: false
                  masqueradeBit: null
                  minSyncPeriod: 0s
                  syncPeriod: 0s
                nodePortAddresses: null
                oomScoreAdj: null
                portRange: ""
                showHiddenMetricsForVersion: ""
                winkernel:
                  enableDSR: false
                  forwardHealthCheckVip: false
                  networkName: ""
                  rootHnsEndpointName: ""
                  sourceVip: ""
              kubeconfig.conf: |-
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
                    server: https://192.0.2.10:6443
                  name: default
                contexts:
                - context:
                    cluster: default
                    namespace: default
                    user: default
                  name: default
                current-context: default
                users:
                - name: default
                  user:
                    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
            kind: ConfigMap
            metadata:
              annotations:
                kubeadm.kubernetes.io/component-config.hash: sha256:0000000000000000000000000000000000000000000000000000000000000000
              creationTimestamp: "2024-05-01T10:00:00Z"
              labels:
                app: kube-proxy
              name: kube-proxy
              namespace: kube-system
              resourceVersion: "245"
              uid: 00000000-0000-0000-0000-000000000000

            """
        let file = capture(text)
        #expect(text.split(separator: "\n").firstIndex(of: "kind: ConfigMap").map { $0 + 1 } == 90)
        #expect(KubernetesDocument.looksLike(file))
        let settings = try #require(KubernetesDocumentReader.read([file]).kubeProxy)
        #expect(settings.isIPVS)
        #expect(settings.strictARP?.value == true)
        #expect(settings.strictARP?.evidence.number == 40)
        #expect(settings.clusterCIDRs?.value.map(\.description) == ["203.0.113.0/24"])
    }

    @Test("kube-proxy's ConfigMap as kubectl prints it in JSON: the embedded configuration is cited at its key")
    func configMapJSON() throws {
        // `kubectl create configmap kube-proxy -n kube-system --from-file=config.conf=… --dry-run=client -o json` (kubectl 1.32).
        let text = #"""
            {
                "kind": "ConfigMap",
                "apiVersion": "v1",
                "metadata": {
                    "name": "kube-proxy",
                    "namespace": "kube-system",
                    "creationTimestamp": null
                },
                "data": {
                    "config.conf": "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nclusterCIDR: 203.0.113.0/24\nipvs:\n  excludeCIDRs:\n  - 192.0.2.100/32\n  scheduler: \"wrr\"\n  strictARP: false\nkind: KubeProxyConfiguration\nmode: ipvs\n"
                }
            }
            """#
        let file = capture(text)
        #expect(KubernetesDocument.looksLike(file))
        let settings = try #require(KubernetesDocumentReader.read([file]).kubeProxy)
        #expect(settings.strictARP?.value == false)
        #expect(settings.scheduler?.value == "wrr")
        #expect(settings.excludeCIDRs?.value.map(\.description) == ["192.0.2.100/32"])
        #expect(settings.strictARP?.evidence.number == 10)
        #expect(settings.strictARP?.evidence.text.contains("\"config.conf\"") == true)
    }

    @Test("kube-vip's static Pod: its address, ARP and load balancer make it an announcer and an owner of the table")
    func kubeVIP() throws {
        let file = try captureFile(Repository.fixtures.appendingPathComponent("kube005-kube-vip-holds-lvs-vip/captures/node1/kube-vip.yaml"))
        #expect(KubernetesDocument.looksLike(file))
        var observation = HostObservation(host: "cp1")
        observation.kubernetes = KubernetesDocumentReader.read([file])
        #expect(observation.kubernetes.kubeVIP?.address?.value == IPAddress("192.0.2.100"))
        #expect(observation.kubernetes.announcers.map(\.kind) == [.kubeVIPARP])
        #expect(observation.tableGenerators == [.kubeVIP])
        #expect(observation.kubernetes.kubeVIP?.loadBalancer?.value == true)
    }

    @Test("kube-vip's environment as NAME=VALUE lines reads as its manifest does; other NAME=VALUE files are not taken for it")
    func kubeVIPEnvironment() throws {
        let file = capture("vip_arp=true\nvip_interface=eth0\naddress=192.0.2.100\nlb_enable=\"true\"\nport=6443\n")
        #expect(KubernetesDocument.looksLike(file))
        let facts = KubernetesDocumentReader.read([file])
        #expect(facts.kubeVIP?.address?.value == IPAddress("192.0.2.100"))
        #expect(facts.kubeVIP?.loadBalancer?.value == true)
        #expect(facts.announcers.map(\.kind) == [.kubeVIPARP])
        for other in [
            "AUTO=\"true\"\nIPVSADM_RULES=/etc/ipvsadm.rules\n", "DEVICE=eth0\nIPADDR=192.0.2.11\nPREFIX=24\n", "net.ipv4.ip_forward = 1\n",
        ] {
            #expect(!KubernetesDocument.looksLike(capture(other)), "\(other)")
        }
    }

    @Test("a Service annotated for kube-router makes kube-router an owner of the node's table")
    func kubeRouterAnnotation() throws {
        let file = capture(
            """
            apiVersion: v1
            kind: Service
            metadata:
              annotations:
                kube-router.io/service.scheduler: mh
              name: web
              namespace: default
            spec:
              clusterIP: 198.51.100.20
              ports:
              - port: 80
                protocol: TCP
            """)
        var observation = HostObservation(host: "node1")
        observation.kubernetes = KubernetesDocumentReader.read([file])
        #expect(observation.kubernetes.kubeRouter?.number == 5)
        #expect(observation.tableGenerators == [.kubeRouter])
        #expect(observation.kubernetesOwnership?.owns(.address(protocol: .tcp, vip: try #require(IPAddress("198.51.100.20")), port: 80)) == true)
    }

    @Test("a document that is not valid YAML is listed as unread, at its line")
    func brokenDocument() throws {
        let file = capture("apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n")
        let facts = KubernetesDocumentReader.read([file])
        #expect(facts.problems.count == 1)
        #expect(facts.kubeProxy == nil)
    }

    @Test("a healthy node's captures alone check clean, and kube-ipvs0 (DOWN, NOARP) is no NET004")
    func capturesAlone() throws {
        let result = try runLVSLint(["check", "Fixtures/kube-node-healthy/captures", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("\"NET004\""))
        let inferred = try runLVSLint(["infer", "Fixtures/kube-node-healthy/captures"])
        #expect(inferred.stdout.contains("# node1 is a Kubernetes node (kube-proxy)"))
        // The node's own address, not the pods' bridge (cni0) nor a NodePort's.
        #expect(inferred.stdout.contains("node1: {role: director, address: 192.0.2.31}"))
        let named = try runLVSLint(["infer", "Fixtures/kube007-endpoints-match/captures"])
        #expect(named.stdout.contains("- name: default/web:80/tcp  # the Kubernetes Service"))
    }

    @Test("a MetalLB node with strictARP off is found from its captures alone")
    func strictARPFromCaptures() throws {
        let result = try runLVSLint(["check", "Fixtures/kube003-metallb-strict-arp-off/captures", "--format", "json"])
        #expect(result.stdout.contains("\"KUBE003\""))
        #expect(result.status != 0)
    }

    func captureFile(_ url: URL) throws -> CaptureFile {
        CaptureFile(path: url.lastPathComponent, bytes: Array(try Data(contentsOf: url)))
    }
}

/// Root, `ip netns` and the real ipset.
enum KubernetesLab {
    static var available: Bool { ARPLab.available && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ipset") }
}
