import Foundation
import LVSModel

/// Workloads that own a node's IPVS table or answer ARP for its addresses: kube-vip (its
/// static Pod or DaemonSet: `vip_arp`, `address`/`vip_address`, `lb_enable`, `vip_interface`
/// in the container's environment) and kube-router (its container, `--run-service-proxy`).
enum KubeManifestReader {
    static func workload(_ node: YAMLNode, place: KubernetesDocumentReader.LinePlace, into facts: inout KubernetesFacts) {
        let spec = YAMLValue.path(node, "spec", "template", "spec") ?? YAMLValue.child(node, "spec")
        guard let spec else { return }
        for container in YAMLValue.items(spec, "containers") {
            guard let imageNode = YAMLValue.child(container, "image"), let image = YAMLValue.scalar(imageNode),
                let at = place.line(imageNode.mark)
            else { continue }
            if image.contains("kube-vip") {
                facts.kubeVIP = kubeVIP(container, evidence: at, place: place)
                if facts.kubeVIP?.arp?.value == true, let arp = facts.kubeVIP?.arp {
                    facts.announcers.append(LoadBalancerAnnouncer(kind: .kubeVIPARP, evidence: arp.evidence))
                }
            } else if image.contains("kube-router") {
                let arguments = YAMLValue.items(container, "args").compactMap(YAMLValue.scalar)
                // kube-router proxies services only with --run-service-proxy (true by default).
                if !arguments.contains(where: { $0 == "--run-service-proxy=false" }) { facts.kubeRouter = at }
            }
        }
    }

    static func kubeVIP(_ container: YAMLNode, evidence: CaptureLine, place: KubernetesDocumentReader.LinePlace) -> KubeVIPSettings {
        var settings = KubeVIPSettings(evidence: evidence)
        for variable in YAMLValue.items(container, "env") {
            guard let name = YAMLValue.string(variable, "name"), let valueNode = YAMLValue.child(variable, "value"),
                let value = YAMLValue.scalar(valueNode), let at = place.line(valueNode.mark)
            else { continue }
            switch name {
            case "address", "vip_address":
                if let address = IPAddress(value) { settings.address = KubeSetting(address, evidence: at) }
            case "vip_arp": settings.arp = YAMLValue.bool(valueNode).map { KubeSetting($0, evidence: at) }
            case "lb_enable": settings.loadBalancer = YAMLValue.bool(valueNode).map { KubeSetting($0, evidence: at) }
            case "vip_interface": settings.interface = KubeSetting(value, evidence: at)
            default: break
            }
        }
        return settings
    }

    /// kube-vip's environment as `NAME=VALUE` lines.
    static func environment(_ file: CaptureFile, into facts: inout KubernetesFacts) {
        let lines = file.lines
        guard let first = lines.first(where: { !$0.isBlank }) else { return }
        var settings = KubeVIPSettings(evidence: first)
        for line in lines {
            let text = line.text.trimmingCharacters(in: .whitespaces)
            guard !text.hasPrefix("#"), let equals = text.firstIndex(of: "=") else { continue }
            let name = String(text[..<equals]).replacingOccurrences(of: "export ", with: "")
            var value = String(text[text.index(after: equals)...])
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            let flag: Bool? =
                ["true", "1", "yes"].contains(value.lowercased()) ? true : ["false", "0", "no"].contains(value.lowercased()) ? false : nil
            switch name {
            case "address", "vip_address": if let address = IPAddress(value) { settings.address = KubeSetting(address, evidence: line) }
            case "vip_arp": settings.arp = flag.map { KubeSetting($0, evidence: line) }
            case "lb_enable": settings.loadBalancer = flag.map { KubeSetting($0, evidence: line) }
            case "vip_interface": settings.interface = KubeSetting(value, evidence: line)
            default: break
            }
        }
        facts.kubeVIP = settings
        if let arp = settings.arp, arp.value { facts.announcers.append(LoadBalancerAnnouncer(kind: .kubeVIPARP, evidence: arp.evidence)) }
    }
}
