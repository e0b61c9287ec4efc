#compdef lvslint

__lvslint_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__lvslint_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __lvslint_complete "${completions[@]:0:-1}"
    fi
}

__lvslint_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_lvslint() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'check:Check cluster descriptions against what was captured on their hosts.'
            'rules:List the rule catalogue: id, slug, severity, forwarding methods, what each proves wrong.'
            'explain:Explain a rule, a sysctl or a forwarding method: what the kernel does, what breaks, and how to fix it.'
            'parse:Show what lvslint reads from capture files, as JSON (kind, interfaces, routes, tables, lines not understood).'
            'config:Show the configuration that applies to a description, and where each value comes from.'
            'collect:Print the capture script to run on each host (or, with --local, run it here).'
            'infer:Draft a cluster description from captures alone.'
            'lab:Rebuild the cluster in network namespaces and show what the kernel does: who answers ARP for each VIP.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        check|rules|explain|parse|config|collect|infer|lab|help)
            "_lvslint_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_lvslint_check() {
    local -i ret=1
    local -ar ___format=('text' 'json' 'sarif' 'junit' 'github' 'gitlab' 'html' 'dot')
    local -ar ___fail_on=('error' 'warning' 'note' 'never')
    local -ar ___color=('auto' 'always' 'never')
    local -ar ___group_by=('host' 'rule' 'service')
    local -ar arg_specs=(
        '*:file:'
        '--captures[Folder holding <host>/… captures; overrides the description'\''s `captures`.]:dir:'
        '--lang[Write in this language\: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).]:language:'
        '*--format[Output format\: text, json, sarif, junit, github, gitlab, html, dot (default text; github inside GitHub Actions). Give several, each followed by its --output-file, to write several reports in one run.]:format:{__lvslint_complete "${___format[@]}"}'
        '*'{-o,--output-file}'[Write the report of the --format before it to this file instead of standard output (`--format sarif -o lvslint.sarif --format junit -o lvslint.xml` prints nothing else).]:file:'
        '*--select[Run only these rules (ids, slugs, families or all; comma-separated or repeated), instead of what .lvslint.yaml enables.]:rules:'
        '*--extend-select[Run these rules too, over what --select or .lvslint.yaml chose.]:rules:'
        '*--ignore[Do not run these rules (applied last, over --select and --extend-select).]:rules:'
        '--exit-zero[Exit 0 even when findings are at or above --fail-on (2 still means the input could not be checked).]'
        '--show-settings[Print the settings that apply to the first input (as `lvslint config` does, with the command line'\''s selection) and exit.]'
        '--host[With `-` and no --captures\: the host whose capture bundle standard input holds (default\: the one its `# lvslint bundle` header names).]:name:'
        '--fail-on[Exit 1 when a finding is at or above this severity\: error, warning, note, or never (default\: the configuration'\''s fail_on, else warning).]:fail-on:{__lvslint_complete "${___fail_on[@]}"}'
        '--require-complete[Fail (exit 1) when any check could not be made for want of a capture, or on a capture read only in part (also `require_complete\: true` in .lvslint.yaml).]'
        '--config[Configuration file to use instead of the nearest .lvslint.yaml.]:file:'
        '--no-inline-suppressions[Ignore `# lvslint\: disable=…` comments (for central CI).]'
        '--baseline[Do not report findings recorded in this baseline file.]:file:'
        '--write-baseline[Record every current finding in this file, to pass later as --baseline.]:file:'
        '--color[Colour\: auto (a terminal without NO_COLOR), always, never.]:color:{__lvslint_complete "${___color[@]}"}'
        '--no-fix[Leave out the one-line fix under each text finding.]'
        '--group-by[Order text findings by host, rule or service (default\: host for an audit of captures, rule for a description).]:key:{__lvslint_complete "${___group_by[@]}"}'
        '(-q --quiet)'{-q,--quiet}'[Text\: print the findings only, without the summary and the checks not made.]'
        '--statistics[Text\: after the summary, count the findings of each rule.]'
        '--explain[Text\: after the report, explain each rule that found something with this cluster'\''s hosts, values and distribution (as `lvslint explain RULE --for` does).]'
        '--root[keepalived\: the folder that stands for / (a host'\''s copied /etc, a repository'\''s rendered tree). `include` stays inside it and an absolute include is read inside it; without it, includes stay in the configuration'\''s own folder.]:dir:'
        '--max-per-rule[Text\: print at most this many findings of one rule, then count the rest (default 100; 0 prints every one).]:n:'
        '--docs-url[Where docs/rules.md is published, for SARIF helpUri links.]:url:'
        '(-j --jobs)'{-j,--jobs}'[Read hosts and run rules on this many cores at once (default\: every core; 1\: one after another, for a machine shared with other work). The report is the same either way.]:n:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_lvslint_rules() {
    local -i ret=1
    local -ar ___format=('text' 'json' 'markdown')
    local -ar arg_specs=(
        '--format[text, json, or markdown (the generated docs/rules.md).]:format:{__lvslint_complete "${___format[@]}"}'
        '--lang[Write in this language\: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).]:language:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_lvslint_explain() {
    local -i ret=1
    local -ar arg_specs=(
        ':word:'
        '--list[List the topics.]'
        '--lang[Write in this language\: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).]:language:'
        '--for[Tell a rule with this cluster'\''s hosts, interfaces, addresses and values, and the fix for the distribution its captures show.]:cluster.yaml:'
        '--captures[Folder holding <host>/… captures; overrides the description'\''s `captures`.]:dir:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_lvslint_parse() {
    local -i ret=1
    local -ar arg_specs=(
        '--kind[Read the files as this kind instead of recognising it.]:kind:'
        '*:file:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_lvslint_config() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file to show instead of the nearest .lvslint.yaml.]:file:'
        ':file:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_lvslint_collect() {
    local -i ret=1
    local -ar arg_specs=(
        '--local[Run the script on this machine and print its bundle, instead of printing the script.]'
        '--netns[With --local\: run inside this network namespace (`ip netns exec`; needs root).]:name:'
        '--root[With --local\: read DIR/proc, DIR/sys and DIR/etc instead of this host'\''s (a copied or fake root, for tests); the commands still run here.]:dir:'
        '--timeout[Seconds each command may run before it is stopped and its section marked as timed out (default 20).]:seconds:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_lvslint_infer() {
    local -i ret=1
    local -ar arg_specs=(
        ':captures:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_lvslint_lab() {
    local -i ret=1
    local -ar ___format=('text' 'json')
    local -ar arg_specs=(
        ':file:'
        '--clean[Remove the namespaces left by labs that were killed (their process is gone), then stop.]'
        '--captures[Folder holding <host>/… captures; overrides the description'\''s `captures`.]:dir:'
        '--lang[Write in this language\: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).]:language:'
        '--format[Output format\: text or json.]:format:{__lvslint_complete "${___format[@]}"}'
        '--explain[Walk through what the probes showed, in plain words, with `lvslint explain` of each rule they confirmed.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_lvslint_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _lvslint ]]; then
    _lvslint "${@}"
else
    compdef _lvslint lvslint
fi
