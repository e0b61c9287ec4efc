function __lvslint_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __lvslint_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __lvslint_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __lvslint_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __lvslint_parse_tokens -S
    set -l unparsed_tokens (__lvslint_tokens -pc)
    switch $unparsed_tokens[1]
    case 'lvslint'
        __lvslint_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'check'
            __lvslint_parse_subcommand -r 1 'captures=' 'lang=' 'format=+' 'o/output-file=+' 'select=+' 'extend-select=+' 'ignore=+' 'exit-zero' 'show-settings' 'host=' 'fail-on=' 'require-complete' 'config=' 'no-inline-suppressions' 'baseline=' 'write-baseline=' 'color=' 'no-fix' 'group-by=' 'q/quiet' 'statistics' 'explain' 'root=' 'max-per-rule=' 'docs-url=' 'j/jobs=' 'version' 'h/help'
        case 'rules'
            __lvslint_parse_subcommand 0 'format=' 'lang=' 'version' 'h/help'
        case 'explain'
            __lvslint_parse_subcommand 1 'list' 'lang=' 'for=' 'captures=' 'version' 'h/help'
        case 'parse'
            __lvslint_parse_subcommand -r 1 'kind=' 'version' 'h/help'
        case 'config'
            __lvslint_parse_subcommand 1 'config=' 'version' 'h/help'
        case 'collect'
            __lvslint_parse_subcommand 0 'local' 'netns=' 'root=' 'timeout=' 'version' 'h/help'
        case 'infer'
            __lvslint_parse_subcommand 1 'version' 'h/help'
        case 'lab'
            __lvslint_parse_subcommand 1 'clean' 'captures=' 'lang=' 'format=' 'explain' 'version' 'h/help'
        case 'help'
            __lvslint_parse_subcommand -r 1 'version'
        end
    end
end

function __lvslint_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __lvslint_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __lvslint_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __lvslint_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__lvslint_tokens -p)
    if test -z "$(__lvslint_tokens -t)"
        set -l index (count (__lvslint_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'lvslint' -f
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'check' -d 'Check cluster descriptions against what was captured on their hosts.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'rules' -d 'List the rule catalogue: id, slug, severity, forwarding methods, what each proves wrong.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'explain' -d 'Explain a rule, a sysctl or a forwarding method: what the kernel does, what breaks, and how to fix it.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'parse' -d 'Show what lvslint reads from capture files, as JSON (kind, interfaces, routes, tables, lines not understood).'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'config' -d 'Show the configuration that applies to a description, and where each value comes from.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'collect' -d 'Print the capture script to run on each host (or, with --local, run it here).'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'infer' -d 'Draft a cluster description from captures alone.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'lab' -d 'Rebuild the cluster in network namespaces and show what the kernel does: who answers ARP for each VIP.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_positional "lvslint" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" captures' -l 'captures' -d 'Folder holding <host>/… captures; overrides the description\'s `captures`.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" lang' -l 'lang' -d 'Write in this language: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check"' -l 'format' -d 'Output format: text, json, sarif, junit, github, gitlab, html, dot (default text; github inside GitHub Actions). Give several, each followed by its --output-file, to write several reports in one run.' -rfka 'text json sarif junit github gitlab html dot'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check"' -s 'o' -l 'output-file' -d 'Write the report of the --format before it to this file instead of standard output (`--format sarif -o lvslint.sarif --format junit -o lvslint.xml` prints nothing else).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check"' -l 'select' -d 'Run only these rules (ids, slugs, families or all; comma-separated or repeated), instead of what .lvslint.yaml enables.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check"' -l 'extend-select' -d 'Run these rules too, over what --select or .lvslint.yaml chose.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check"' -l 'ignore' -d 'Do not run these rules (applied last, over --select and --extend-select).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" exit-zero' -l 'exit-zero' -d 'Exit 0 even when findings are at or above --fail-on (2 still means the input could not be checked).'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" show-settings' -l 'show-settings' -d 'Print the settings that apply to the first input (as `lvslint config` does, with the command line\'s selection) and exit.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" host' -l 'host' -d 'With `-` and no --captures: the host whose capture bundle standard input holds (default: the one its `# lvslint bundle` header names).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" fail-on' -l 'fail-on' -d 'Exit 1 when a finding is at or above this severity: error, warning, note, or never (default: the configuration\'s fail_on, else warning).' -rfka 'error warning note never'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" require-complete' -l 'require-complete' -d 'Fail (exit 1) when any check could not be made for want of a capture, or on a capture read only in part (also `require_complete: true` in .lvslint.yaml).'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" config' -l 'config' -d 'Configuration file to use instead of the nearest .lvslint.yaml.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" no-inline-suppressions' -l 'no-inline-suppressions' -d 'Ignore `# lvslint: disable=…` comments (for central CI).'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" baseline' -l 'baseline' -d 'Do not report findings recorded in this baseline file.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" write-baseline' -l 'write-baseline' -d 'Record every current finding in this file, to pass later as --baseline.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" color' -l 'color' -d 'Colour: auto (a terminal without NO_COLOR), always, never.' -rfka 'auto always never'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" no-fix' -l 'no-fix' -d 'Leave out the one-line fix under each text finding.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" group-by' -l 'group-by' -d 'Order text findings by host, rule or service (default: host for an audit of captures, rule for a description).' -rfka 'host rule service'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" q quiet' -s 'q' -l 'quiet' -d 'Text: print the findings only, without the summary and the checks not made.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" statistics' -l 'statistics' -d 'Text: after the summary, count the findings of each rule.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" explain' -l 'explain' -d 'Text: after the report, explain each rule that found something with this cluster\'s hosts, values and distribution (as `lvslint explain RULE --for` does).'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" root' -l 'root' -d 'keepalived: the folder that stands for / (a host\'s copied /etc, a repository\'s rendered tree). `include` stays inside it and an absolute include is read inside it; without it, includes stay in the configuration\'s own folder.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" max-per-rule' -l 'max-per-rule' -d 'Text: print at most this many findings of one rule, then count the rest (default 100; 0 prints every one).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" docs-url' -l 'docs-url' -d 'Where docs/rules.md is published, for SARIF helpUri links.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" j jobs' -s 'j' -l 'jobs' -d 'Read hosts and run rules on this many cores at once (default: every core; 1: one after another, for a machine shared with other work). The report is the same either way.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint rules" format' -l 'format' -d 'text, json, or markdown (the generated docs/rules.md).' -rfka 'text json markdown'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint rules" lang' -l 'lang' -d 'Write in this language: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint rules" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint rules" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint explain" list' -l 'list' -d 'List the topics.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint explain" lang' -l 'lang' -d 'Write in this language: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint explain" for' -l 'for' -d 'Tell a rule with this cluster\'s hosts, interfaces, addresses and values, and the fix for the distribution its captures show.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint explain" captures' -l 'captures' -d 'Folder holding <host>/… captures; overrides the description\'s `captures`.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint explain" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint explain" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint parse" kind' -l 'kind' -d 'Read the files as this kind instead of recognising it.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint parse" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint parse" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint config" config' -l 'config' -d 'Configuration file to show instead of the nearest .lvslint.yaml.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint config" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint collect" local' -l 'local' -d 'Run the script on this machine and print its bundle, instead of printing the script.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint collect" netns' -l 'netns' -d 'With --local: run inside this network namespace (`ip netns exec`; needs root).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint collect" root' -l 'root' -d 'With --local: read DIR/proc, DIR/sys and DIR/etc instead of this host\'s (a copied or fake root, for tests); the commands still run here.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint collect" timeout' -l 'timeout' -d 'Seconds each command may run before it is stopped and its section marked as timed out (default 20).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint collect" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint collect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint infer" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint infer" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint lab" clean' -l 'clean' -d 'Remove the namespaces left by labs that were killed (their process is gone), then stop.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint lab" captures' -l 'captures' -d 'Folder holding <host>/… captures; overrides the description\'s `captures`.' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint lab" lang' -l 'lang' -d 'Write in this language: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).' -rfka ''
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint lab" format' -l 'format' -d 'Output format: text or json.' -rfka 'text json'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint lab" explain' -l 'explain' -d 'Walk through what the probes showed, in plain words, with `lvslint explain` of each rule they confirmed.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint lab" version' -l 'version' -d 'Show the version.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint lab" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lvslint' -n '__lvslint_should_offer_completions_for_flags_or_options "lvslint help" version' -l 'version' -d 'Show the version.'
