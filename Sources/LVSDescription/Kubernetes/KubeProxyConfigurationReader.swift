import Foundation
import LVSModel

/// `KubeProxyConfiguration` (kubeproxy.config.k8s.io/v1alpha1): `mode`, `clusterCIDR`,
/// `ipvs.scheduler`, `ipvs.strictARP`, `ipvs.excludeCIDRs`, `iptables.masqueradeAll`.
enum KubeProxyConfigurationReader {
    static func read(
        _ node: YAMLNode, kindLine: CaptureLine, place: KubernetesDocumentReader.LinePlace,
        problems: inout [(line: CaptureLine, reason: Message)]
    ) -> KubeProxySettings {
        var settings = KubeProxySettings(evidence: kindLine)
        func line(_ node: YAMLNode?) -> CaptureLine { node.flatMap { place.line($0.mark) } ?? kindLine }
        if let node = YAMLValue.child(node, "mode"), let text = YAMLValue.scalar(node) {
            settings.mode = KubeSetting(text, evidence: line(node))
        }
        if let node = YAMLValue.path(node, "ipvs", "scheduler"), let text = YAMLValue.scalar(node) {
            settings.scheduler = KubeSetting(text, evidence: line(node))
        }
        if let node = YAMLValue.path(node, "ipvs", "strictARP") {
            if let value = YAMLValue.bool(node) {
                settings.strictARP = KubeSetting(value, evidence: line(node))
            } else if YAMLValue.scalar(node).map({ !$0.isEmpty && $0 != "null" }) ?? true {
                problems.append((line(node), "ipvs.strictARP is not true or false: kube-proxy refuses the configuration"))
            }
        }
        if let node = YAMLValue.path(node, "iptables", "masqueradeAll"), let value = YAMLValue.bool(node) {
            settings.masqueradeAll = KubeSetting(value, evidence: line(node))
        }
        if let node = YAMLValue.path(node, "ipvs", "excludeCIDRs"), case let .sequence(items, _) = node {
            var prefixes: [IPPrefix] = []
            for item in items {
                guard let text = YAMLValue.scalar(item) else {
                    problems.append((line(item), "ipvs.excludeCIDRs holds \(item.kindName), not a CIDR: kube-proxy refuses the configuration"))
                    continue
                }
                if let prefix = IPPrefix(text) {
                    prefixes.append(prefix)
                } else {
                    problems.append((line(item), "`\(text)` in ipvs.excludeCIDRs is not a CIDR: kube-proxy refuses the configuration"))
                }
            }
            settings.excludeCIDRs = KubeSetting(prefixes, evidence: line(node))
        }
        if let node = YAMLValue.child(node, "detectLocalMode"), let text = YAMLValue.scalar(node), !text.isEmpty {
            settings.detectLocalMode = KubeSetting(text, evidence: line(node))
        }
        if let node = YAMLValue.child(node, "clusterCIDR"), let text = YAMLValue.scalar(node), !text.isEmpty {
            var prefixes: [IPPrefix] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let prefix = IPPrefix(part) {
                    prefixes.append(prefix)
                } else {
                    problems.append((line(node), "`\(part)` in clusterCIDR is not a CIDR: kube-proxy refuses the configuration"))
                }
            }
            settings.clusterCIDRs = KubeSetting(prefixes, evidence: line(node))
        }
        return settings
    }
}
