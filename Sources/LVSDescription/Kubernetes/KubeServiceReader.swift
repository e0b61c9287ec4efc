import Foundation
import LVSModel

/// Services and EndpointSlices as `kubectl get svc,endpointslices -A -o json|yaml` prints them.
enum KubeServiceReader {
    static func name(_ node: YAMLNode) -> String {
        let namespace = YAMLValue.path(node, "metadata", "namespace").flatMap(YAMLValue.scalar) ?? "default"
        let name = YAMLValue.path(node, "metadata", "name").flatMap(YAMLValue.scalar) ?? "?"
        return namespace + "/" + name
    }

    static func service(_ node: YAMLNode, place: KubernetesDocumentReader.LinePlace) -> KubeService? {
        guard let spec = YAMLValue.child(node, "spec"), let at = place.line(YAMLValue.path(node, "metadata", "name")?.mark ?? node.mark) else {
            return nil
        }
        var clusterIPs = YAMLValue.items(spec, "clusterIPs").compactMap { YAMLValue.scalar($0).flatMap(IPAddress.init) }
        if clusterIPs.isEmpty, let one = YAMLValue.string(spec, "clusterIP").flatMap(IPAddress.init) { clusterIPs = [one] }
        let externalIPs = YAMLValue.items(spec, "externalIPs").compactMap { YAMLValue.scalar($0).flatMap(IPAddress.init) }
        let ingress = YAMLValue.path(node, "status", "loadBalancer").map { YAMLValue.items($0, "ingress") } ?? []
        let loadBalancerIPs = ingress.compactMap { YAMLValue.string($0, "ip").flatMap(IPAddress.init) }
        let ports = YAMLValue.items(spec, "ports").compactMap { port -> KubeService.Port? in
            guard let number = YAMLValue.int(YAMLValue.child(port, "port")) else { return nil }
            return KubeService.Port(
                port: number, protocolName: (YAMLValue.string(port, "protocol") ?? "TCP").lowercased(),
                nodePort: YAMLValue.int(YAMLValue.child(port, "nodePort")), targetPort: YAMLValue.int(YAMLValue.child(port, "targetPort")),
                name: YAMLValue.string(port, "name"))
        }
        return KubeService(
            name: name(node), type: YAMLValue.string(spec, "type") ?? "ClusterIP", clusterIPs: clusterIPs, externalIPs: externalIPs,
            loadBalancerIPs: loadBalancerIPs, ports: ports, evidence: at)
    }

    static func endpointSlice(_ node: YAMLNode, place: KubernetesDocumentReader.LinePlace) -> KubeEndpointSlice? {
        guard let at = place.line(YAMLValue.path(node, "metadata", "name")?.mark ?? node.mark),
            let service = YAMLValue.path(node, "metadata", "labels", "kubernetes.io/service-name").flatMap(YAMLValue.scalar)
        else { return nil }
        let namespace = YAMLValue.path(node, "metadata", "namespace").flatMap(YAMLValue.scalar) ?? "default"
        var ready: [IPAddress] = []
        for endpoint in YAMLValue.items(node, "endpoints") {
            // kube-proxy leaves out endpoints not ready (ready absent counts as ready).
            if YAMLValue.bool(YAMLValue.path(endpoint, "conditions", "ready")) == false { continue }
            ready += YAMLValue.items(endpoint, "addresses").compactMap { YAMLValue.scalar($0).flatMap(IPAddress.init) }
        }
        let ports = YAMLValue.items(node, "ports").compactMap { port -> KubeEndpointSlice.Port? in
            guard let number = YAMLValue.int(YAMLValue.child(port, "port")) else { return nil }
            return KubeEndpointSlice.Port(
                name: YAMLValue.string(port, "name"), port: number, protocolName: (YAMLValue.string(port, "protocol") ?? "TCP").lowercased())
        }
        return KubeEndpointSlice(service: namespace + "/" + service, readyAddresses: ready, ports: ports, evidence: at)
    }
}
