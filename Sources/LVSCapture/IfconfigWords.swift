import LVSModel

/// The words net-tools' `ifconfig` prints that its translations change, as the catalogues
/// Debian's net-tools 2.10 ships (cs, de, et, fr, ja, pt_BR: /usr/share/locale/*/LC_MESSAGES/
/// net-tools.mo) and Ubuntu's Chinese language pack print them. The parser reads ifconfig by
/// the position of each value, so that a translated keyword never hides one; these words are
/// what position cannot tell.
enum IfconfigWords {
    /// How the older form's header line names the encapsulation after the interface's name
    /// (`eth0      Link encap:Ethernet  HWaddr …`), word by word; the last word is a prefix.
    static let encapsulation: [[[UInt8]]] = [
        "Link encap:",  // C, zh_CN (`Link encap:以太网  硬件地址 …`)
        "Protokoll:",  // de
        "kapseldus:",  // et
        "Lien encap:",  // fr
        "リンク方法:",  // ja
        "Encapsulamento do Link:",  // pt_BR
    ].map { $0.split(separator: " ").map { Array($0.utf8) } }

    /// The older form's scope words (`Scope:Link`), translated, and the scope each names.
    static let scopes: [String: String] = [
        "link": "link", "lien": "link", "verbindung": "link", "ühendus": "link", "リンク": "link",
        "host": "host", "hôte": "host", "maschine": "host", "máquina": "host", "ホスト": "host",
        "global": "global", "globaalne": "global", "グローバル": "global",
        "site": "site", "standort": "site",
    ]

    /// Flag words of the older form in another language (`PUNKTZUPUNKT`, de).
    static let flags: [String: InterfaceFlags] = ["PUNKTZUPUNKT": .pointToPoint]

    /// The flags one word of the older form's flag line names. pt_BR's catalogue drops the
    /// space after some words, so that `BROADCASTRUNNING` names two.
    static func oldFlags(_ word: String) -> InterfaceFlags {
        if let flag = InterfaceFlags(word: word) ?? flags[word] { return flag }
        var found: InterfaceFlags = []
        var rest = Substring(word)
        while !rest.isEmpty {
            guard let name = oldFlagNames.first(where: { rest.hasPrefix($0) }), let flag = InterfaceFlags(word: name) ?? flags[name] else {
                return found
            }
            found.insert(flag)
            rest = rest.dropFirst(name.count)
        }
        return found
    }

    static let oldFlagNames = ["UP", "BROADCAST", "LOOPBACK", "POINTOPOINT", "PUNKTZUPUNKT", "RUNNING", "NOARP", "MULTICAST"]

    /// The flags ifconfig's number holds (`flags=4163<…>`): the kernel's IFF_* bits, which no
    /// translation changes (cs prints `<AKTIVOVÁNO,VŠESMĚR,MULTICAST>` for UP, BROADCAST, MULTICAST).
    static func flags(fromNumber value: Int) -> InterfaceFlags {
        var flags: InterfaceFlags = []
        for (bit, flag) in [
            (0x1, InterfaceFlags.up), (0x2, .broadcast), (0x8, .loopback), (0x10, .pointToPoint), (0x40, .running), (0x80, .noARP),
            (0x1000, .multicast),
        ]
        where value & bit != 0 {
            flags.insert(flag)
        }
        return flags
    }

    /// The IPv6 scope of net-tools 2's `scopeid 0x20<link>`, from the number (the word in
    /// brackets is translated: `<stroj>` in cs).
    static func scope(fromScopeID value: Int) -> String? {
        switch value {
        case 0: return "global"
        case 0x10: return "host"
        case 0x20: return "link"
        case 0x40: return "site"
        default: return nil
        }
    }

    /// Whether an unindented line is the older form's header: a name, then the encapsulation.
    static func isOldHeader(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard fields.count >= 2, !ByteFields.hasSuffix(fields[0], ":") else { return false }
        return encapsulation.contains { words in
            guard fields.count > words.count else { return false }
            for (k, word) in words.enumerated() {
                let field = fields[1 + k]
                let matches = k == words.count - 1 ? field.starts(with: word) : field.elementsEqual(word)
                if !matches { return false }
            }
            return true
        }
    }

    /// An indented line of counters only (`RX packets:0 errors:0`, `接收数据包:0 错误:0 丢弃:0`,
    /// `碰撞:0 发送队列长度:1000`, `接收字节:0 (0.0 B)  发送字节:0 (0.0 B)`): every word is a
    /// `label:number` pair or part of a bracketed size.
    static func isCounterLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        var inBrackets = false
        var counters = 0
        for field in fields {
            if field.first == UInt8(ascii: "(") { inBrackets = true }
            if inBrackets {
                if field.last == UInt8(ascii: ")") { inBrackets = false }
                continue
            }
            guard let colon = field.lastIndex(of: UInt8(ascii: ":")), colon > field.startIndex, ByteFields.int(field[(colon + 1)...]) != nil
            else { return false }
            counters += 1
        }
        return counters > 0
    }
}
