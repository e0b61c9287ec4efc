import Foundation
import LVSCapture
import LVSDescription
import LVSModel

/// What the fuzzers feed: each target takes arbitrary bytes through one of lvslint's readers,
/// as `lvslint check` would, and must return, whatever the bytes. The libFuzzer driver
/// (`Fuzz/`, built by `scripts/fuzz`) and the regression tests both call these.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// cluster.yaml: libyaml's loader, then the schema.
    case description
    /// .lvslint.yaml.
    case configuration
    /// keepalived.conf (includes are not followed: a fuzzer's input must not read the machine's files).
    case keepalived
    /// A capture file as `check` reads it: the bundle splitter cuts it into regions, each is
    /// recognised and parsed, and the host's observation is assembled.
    case bundle
    /// Every capture parser on the same bytes, whatever they look like: the first byte picks the
    /// kind forced on the rest, so one target reaches each parser with inputs meant for another.
    case parsers
    /// A Kubernetes document (kube-proxy's configuration, a ConfigMap, kubectl's List, a manifest).
    case kubernetes

    public func run(_ bytes: [UInt8]) {
        switch self {
        case .description:
            _ = DescriptionLoader.load(bytes: bytes, displayPath: "fuzz.yaml", baseDirectory: "/nonexistent-lvslint-fuzz")
        case .configuration:
            _ = ConfigurationLoader.load(
                bytes: bytes, path: "fuzz/.lvslint.yaml", rules: RuleNames(rules: [("DR003", "rs-arp-ignore"), ("NAT001", "director-no-forwarding")]))
        case .keepalived:
            let config = KeepalivedReader.read(text: String(decoding: bytes, as: UTF8.self), displayPath: "keepalived.conf")
            for vs in config.virtualServers {
                let (effective, _) = KeepalivedDefaults.apply(vs, in: config)
                _ = vs.serviceKeys(effective, in: config)
            }
        case .bundle:
            var observation = HostObservation(host: "fuzz")
            var parsed: [ParsedCapture] = []
            CaptureLoader.read(CaptureFile(path: "fuzz.txt", bytes: bytes), into: &parsed, observation: &observation)
            CaptureLoader.assemble(parsed, into: &observation)
        case .parsers:
            guard let selector = bytes.first else { return }
            let kinds = CaptureFormats.kinds
            let kind = kinds[Int(selector) % kinds.count]
            let parsed = CaptureRecognizer.parse(CaptureFile(path: "fuzz.txt", bytes: Array(bytes.dropFirst())), as: kind)
            var observation = HostObservation(host: "fuzz")
            CaptureLoader.assemble([parsed], into: &observation)
        case .kubernetes:
            var observation = HostObservation(host: "fuzz")
            observation.kubernetes = KubernetesDocumentReader.read([CaptureFile(path: "fuzz.yaml", bytes: bytes)])
            _ = observation.kubernetesOwnership
        }
    }
}
