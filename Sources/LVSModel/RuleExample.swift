/// The smallest input that shows what a rule does, kept in the rule's `RuleInfo`: `explain`
/// and docs/rules.md print it with the finding the checker gives for it (run at the time, not
/// written down), and a test runs every example through the checker.
public struct RuleExample: Sendable {
    /// What a text is: a cluster description (YAML) or a director's keepalived.conf.
    public enum Input: String, Sendable {
        case description
        case keepalived
    }

    /// One file of the example, by the name it is written under.
    public struct File: Sendable {
        public var name: String
        public var text: String

        public init(_ name: String, _ text: String) {
            self.name = name
            self.text = text
        }

        public var isDescription: Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }
    }

    /// One line saying what the example shows.
    public var caption: String
    /// Checked together: a description (with the keepalived files its hosts name), or
    /// keepalived configurations read as one cluster (a MASTER/BACKUP pair).
    public var files: [File]
    /// Words of the message the rule gives for it; nil for a cousin, which it must leave alone.
    public var finds: String?

    public init(_ caption: String, files: [File], finds: String?) {
        self.caption = caption
        self.files = files
        self.finds = finds
    }

    /// The folders of an example of several clusters checked together (`web/keepalived.conf`,
    /// `db/keepalived.conf`), in the order written; empty when its files are one cluster's.
    public var clusterFolders: [String] {
        var folders: [String] = []
        for file in files {
            guard let slash = file.name.firstIndex(of: "/") else { return [] }
            let folder = String(file.name[..<slash])
            if !folders.contains(folder) { folders.append(folder) }
        }
        return folders
    }

    /// An example of one file: cluster.yaml or keepalived.conf.
    public init(_ caption: String, _ input: Input, _ text: String, finds: String?) {
        self.init(caption, files: [File(input == .description ? "cluster.yaml" : "keepalived.conf", text)], finds: finds)
    }
}
