/// `--select`, `--extend-select` and `--ignore`, as ruff has them: `--select` replaces the
/// configuration's choice of rules, `--extend-select` adds to whatever is selected, and
/// `--ignore` takes away last. Each entry is an id, a slug, a family or `all`.
public struct RuleSelection: Sendable {
    public var select: [Configuration.Selector]?
    public var extendSelect: [Configuration.Selector] = []
    public var ignore: [Configuration.Selector] = []

    public init(select: [Configuration.Selector]? = nil, extendSelect: [Configuration.Selector] = [], ignore: [Configuration.Selector] = []) {
        self.select = select
        self.extendSelect = extendSelect
        self.ignore = ignore
    }

    public var isEmpty: Bool { select == nil && extendSelect.isEmpty && ignore.isEmpty }

    /// The ids each option names, resolved; unknown names come back as errors with a hint.
    /// `values` are the option's arguments, each possibly a comma-separated list.
    public static func selectors(_ values: [String], option: String, rules: RuleNames) -> Result<[Configuration.Selector], SelectionError> {
        var out: [Configuration.Selector] = []
        for (index, value) in values.enumerated() {
            for name in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let ids = rules.resolve(name) else {
                    return .failure(
                        SelectionError(
                            message:
                                "\(option): unknown rule '\(name)'\(NearestName.hint(for: name, among: rules.allNames)); `lvslint rules` lists ids, slugs and families"
                        ))
                }
                out.append(Configuration.Selector(text: name, ruleIDs: ids, location: SourceLocation(file: option, line: index + 1)))
            }
        }
        return .success(out)
    }
}

public struct SelectionError: Error, Sendable {
    public var message: String

    public init(message: String) { self.message = message }
}

/// Where a rule's on/off state came from, for `lvslint config` and `--show-settings`.
public struct RuleState: Sendable, Equatable {
    public var enabled: Bool
    /// "default", or the setting that decided it (`disable: NAT at .lvslint.yaml:2:11`, `--ignore DR004`).
    public var source: String

    public init(enabled: Bool, source: String) {
        self.enabled = enabled
        self.source = source
    }
}

extension Configuration {
    /// Whether a rule runs: the configuration's `disable`/`enable`, then the command line's selection.
    public func isEnabled(_ id: String) -> Bool { state(of: id).enabled }

    public func state(of id: String) -> RuleState {
        var state = RuleState(enabled: true, source: "default")
        if let select = commandLine.select {
            if let s = select.last(where: { $0.ruleIDs.contains(id) }) {
                state = RuleState(enabled: true, source: "--select \(s.text)")
            } else {
                state = RuleState(enabled: false, source: "not in --select")
            }
        } else if let e = enable.last(where: { $0.ruleIDs.contains(id) }) {
            state = RuleState(enabled: true, source: "enable: \(e.text) at \(e.location)")
        } else if let d = disable.last(where: { $0.ruleIDs.contains(id) }) {
            state = RuleState(enabled: false, source: "disable: \(d.text) at \(d.location)")
        }
        if let e = commandLine.extendSelect.last(where: { $0.ruleIDs.contains(id) }) {
            state = RuleState(enabled: true, source: "--extend-select \(e.text)")
        }
        if let i = commandLine.ignore.last(where: { $0.ruleIDs.contains(id) }) {
            state = RuleState(enabled: false, source: "--ignore \(i.text)")
        }
        // Tables compared with a description drawn from those very tables: meaningless whatever is selected.
        if disable.contains(where: { $0.text == "inferred" && $0.ruleIDs.contains(id) }) {
            state = RuleState(enabled: false, source: "inferred")
        }
        return state
    }
}
