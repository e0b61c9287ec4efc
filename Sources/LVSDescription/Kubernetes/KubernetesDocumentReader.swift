import Foundation
import LVSModel

/// Reads the Kubernetes documents found among a node's captures into `KubernetesFacts`:
/// kube-proxy's `KubeProxyConfiguration` (its own file, or inside the `kube-proxy`
/// ConfigMap as `kubectl get cm -n kube-system kube-proxy -o yaml|json` prints it),
/// `kubectl get svc,endpointslices -A -o json|yaml` (a `List`), MetalLB's layer 2
/// configuration, and kube-vip's and kube-router's manifests. YAML and JSON alike (JSON is
/// YAML to libyaml). Reads values only: nothing in them is run or opened.
public enum KubernetesDocumentReader {
    /// Every host's documents read into its `kubernetes`; what could not be read is listed
    /// among the host's unparsed lines.
    public static func fill(_ observations: [String: HostObservation]) -> [String: HostObservation] {
        var result = observations
        for (host, observation) in observations where !observation.kubernetesDocuments.isEmpty {
            var filled = observation
            filled.kubernetes = read(observation.kubernetesDocuments)
            for problem in filled.kubernetes.problems {
                filled.unparsedLines.append(UnparsedLine(line: problem.line, kind: .kubernetes, reason: problem.reason))
            }
            result[host] = filled
        }
        return result
    }

    public static func read(_ files: [CaptureFile]) -> KubernetesFacts {
        var facts = KubernetesFacts()
        for file in files { read(file, into: &facts) }
        return facts
    }

    static func read(_ file: CaptureFile, into facts: inout KubernetesFacts) {
        if !KubernetesDocument.looksLikeManifest(file), KubernetesDocument.isKubeVIPEnvironment(file) {
            KubeManifestReader.environment(file, into: &facts)
            return
        }
        let lines = file.lines
        let place = LinePlace(lines: lines, offset: 0, fixed: nil)
        let documents: [YAMLNode]
        do {
            documents = try YAMLLoader.loadAll(file.bytes)
        } catch {
            if let at = place.line(error.mark) { facts.problems.append((at, "not valid YAML or JSON (\(error.message)): not read")) }
            return
        }
        for document in documents { object(document, place: place, into: &facts) }
    }

    /// Where a node's mark is in the file: a configuration embedded as a block scalar is
    /// `offset` lines below its own line numbers; one embedded as a quoted string has all its
    /// lines on the key's line (`fixed`).
    struct LinePlace {
        var lines: [CaptureLine]
        var offset: Int
        var fixed: Int?

        func line(_ mark: YAMLMark) -> CaptureLine? {
            guard !lines.isEmpty else { return nil }
            let number = fixed ?? (mark.line + offset)
            return lines[min(max(number - 1, 0), lines.count - 1)]
        }
    }

    /// `embedded`: the object is a document inside a ConfigMap's value. Only a configuration is
    /// read there: a ConfigMap or List inside one would let a file nest documents thousands deep,
    /// each level parsed again.
    static func object(_ node: YAMLNode, place: LinePlace, into facts: inout KubernetesFacts, embedded: Bool = false) {
        guard let kind = YAMLValue.string(node, "kind"), let at = place.line(YAMLValue.child(node, "kind")?.mark ?? node.mark) else { return }
        if embedded && kind != "KubeProxyConfiguration" { return }
        switch kind {
        case "List", "ServiceList", "EndpointSliceList", "ConfigMapList", "PodList", "DaemonSetList":
            // A List's items are objects, never Lists (kubectl flattens them): one level is read.
            for item in YAMLValue.items(node, "items") where !(YAMLValue.string(item, "kind") ?? "").hasSuffix("List") {
                object(item, place: place, into: &facts)
            }
        case "KubeProxyConfiguration":
            facts.kubeProxy = KubeProxyConfigurationReader.read(node, kindLine: at, place: place, problems: &facts.problems)
        case "ConfigMap":
            configMap(node, place: place, into: &facts)
        case "L2Advertisement":
            facts.announcers.append(LoadBalancerAnnouncer(kind: .metalLBLayer2, evidence: at))
        case "Service":
            // kube-router reads its own annotations on Services (kube-router.io/service.scheduler, …).
            if facts.kubeRouter == nil, case let .mapping(pairs, _)? = YAMLValue.path(node, "metadata", "annotations"),
                let key = pairs.first(where: { YAMLValue.scalar($0.key)?.hasPrefix("kube-router.io/") == true })?.key
            {
                facts.kubeRouter = place.line(key.mark)
            }
            if let service = KubeServiceReader.service(node, place: place) {
                facts.services = (facts.services ?? []) + [service]
            }
        case "EndpointSlice":
            if let slice = KubeServiceReader.endpointSlice(node, place: place) {
                facts.endpointSlices = (facts.endpointSlices ?? []) + [slice]
            }
        case "Pod", "DaemonSet", "Deployment", "StatefulSet":
            KubeManifestReader.workload(node, place: place, into: &facts)
        default:
            break
        }
    }

    /// The `kube-proxy` ConfigMap holds KubeProxyConfiguration in `data."config.conf"`;
    /// MetalLB before 0.13 kept its configuration in the `config` ConfigMap (`protocol: layer2`).
    static func configMap(_ node: YAMLNode, place: LinePlace, into facts: inout KubernetesFacts) {
        guard case let .mapping(pairs, _)? = YAMLValue.child(node, "data") else { return }
        for (key, value) in pairs {
            guard case let .scalar(name, _, keyMark) = key, case let .scalar(text, plain, valueMark) = value else { continue }
            let bytes = Array(text.utf8)
            if text.contains("KubeProxyConfiguration") {
                let inner = embedded(valueMark: valueMark, keyMark: keyMark, plain: plain, place: place)
                var nested = KubernetesFacts()
                guard let documents = try? YAMLLoader.loadAll(bytes) else {
                    if let at = place.line(keyMark) { facts.problems.append((at, "`\(name)` is not valid YAML: not read")) }
                    continue
                }
                for document in documents { object(document, place: inner, into: &nested, embedded: true) }
                if let settings = nested.kubeProxy { facts.kubeProxy = settings }
                facts.problems += nested.problems
            } else if text.contains("layer2"), let documents = try? YAMLLoader.loadAll(bytes) {
                let inner = embedded(valueMark: valueMark, keyMark: keyMark, plain: plain, place: place)
                for document in documents {
                    for pool in YAMLValue.items(document, "address-pools") where YAMLValue.string(pool, "protocol") == "layer2" {
                        if let at = inner.line(YAMLValue.child(pool, "protocol")?.mark ?? pool.mark) {
                            facts.announcers.append(LoadBalancerAnnouncer(kind: .metalLBLayer2, evidence: at))
                        }
                    }
                }
            }
        }
    }

    /// A block scalar (`config.conf: |-`) starts on the line after its indicator; a quoted
    /// string (JSON) has no lines of its own: each of its values is said at the key's line.
    static func embedded(valueMark: YAMLMark, keyMark: YAMLMark, plain: Bool, place: LinePlace) -> LinePlace {
        if let line = place.line(valueMark), let last = line.text.trimmingCharacters(in: .whitespaces).last,
            ["|", "-", "+", ">"].contains(last), line.text.contains("|") || line.text.contains(">")
        {
            return LinePlace(lines: place.lines, offset: valueMark.line + place.offset, fixed: place.fixed)
        }
        return LinePlace(lines: place.lines, offset: 0, fixed: place.fixed ?? keyMark.line)
    }
}

/// Small lookups on YAML nodes shared by the Kubernetes readers.
enum YAMLValue {
    static func child(_ node: YAMLNode, _ key: String) -> YAMLNode? {
        guard case let .mapping(pairs, _) = node else { return nil }
        for (k, v) in pairs { if case let .scalar(name, _, _) = k, name == key { return v } }
        return nil
    }

    static func path(_ node: YAMLNode, _ keys: String...) -> YAMLNode? {
        var current: YAMLNode? = node
        for key in keys { current = current.flatMap { child($0, key) } }
        return current
    }

    static func string(_ node: YAMLNode, _ key: String) -> String? {
        if case let .scalar(text, _, _)? = child(node, key) { return text }
        return nil
    }

    static func scalar(_ node: YAMLNode?) -> String? {
        if case let .scalar(text, _, _)? = node { return text }
        return nil
    }

    static func items(_ node: YAMLNode, _ key: String) -> [YAMLNode] {
        if case let .sequence(items, _)? = child(node, key) { return items }
        return []
    }

    static func int(_ node: YAMLNode?) -> Int? { scalar(node).flatMap { Int($0) } }

    /// YAML 1.1 and JSON booleans as Kubernetes reads them.
    static func bool(_ node: YAMLNode?) -> Bool? {
        switch scalar(node)?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }
}
