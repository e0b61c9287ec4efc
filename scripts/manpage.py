#!/usr/bin/env python3
"""Writes docs/man/lvslint.1 (mdoc) from what the argument parser knows.

    lvslint --experimental-dump-help | python3 scripts/manpage.py > docs/man/lvslint.1

Written here rather than by swift-argument-parser's generate-manual plugin, whose page lets
groff fill and hyphenate the examples of each command's discussion: here an indented line
of a discussion is a literal display, every `-` is a minus (so that what is pasted from the
page runs), and hyphenation is off. The page is the same on every run (no date in it), so a
test can compare it with a fresh one.
"""

import json
import sys


def escape(text):
    """Text as groff reads it: a backslash and a hyphen-minus written so that they print as typed."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def discussion(text):
    """Paragraphs as text; runs of indented lines (examples, configuration) as literal displays."""
    out = []
    literal = []

    def flush():
        if literal:
            out.append(".Bd -literal -offset indent")
            out.extend(escape(line[2:] if line.startswith("  ") else line) for line in literal)
            out.append(".Ed")
            literal.clear()

    for line in text.split("\n"):
        if line.startswith(" ") and line.strip():
            literal.append(line)
            continue
        flush()
        if not line.strip():
            if out and out[-1] != ".Pp":
                out.append(".Pp")
            continue
        out.append(escape(line))
    flush()
    while out and out[-1] == ".Pp":
        out.pop()
    return out


def argument_item(argument):
    """The `.It` line of an option, flag or positional argument."""
    value = argument.get("valueName", "")
    if argument["kind"] == "positional":
        return ".It Ar " + escape(value) + ("..." if argument.get("isRepeating") else "")
    names = []
    for name in argument.get("names", []):
        prefix = "" if name["kind"] == "short" else "-"
        names.append("Fl " + prefix + escape(name["name"]).replace("\\-", "-"))
    item = ".It " + " , ".join(names)
    if argument["kind"] == "option":
        item += " Ar " + escape(value)
    return item


def arguments(command):
    shown = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True) and a.get("valueName") not in ("help", "version")]
    if not shown:
        return []
    out = [".Bl -tag -width 6n"]
    for argument in shown:
        out.append(argument_item(argument))
        out.extend(discussion(argument.get("abstract", "")))
        if argument.get("allValues"):
            out.append("Values: " + escape(", ".join(argument["allValues"])) + ".")
    out.append(".El")
    return out


def page(root):
    command = root["command"]
    out = [
        '.\\" Generated from `lvslint --experimental-dump-help` by scripts/manpage.py; do not edit.',
        ".Dd lvslint",
        ".Dt LVSLINT 1",
        ".Os",
        ".nr doc-hyphen-flags 0",
        ".nh",
        ".Sh NAME",
        ".Nm lvslint",
        ".Nd " + escape(command.get("abstract", "")),
        ".Sh SYNOPSIS",
        ".Nm",
        ".Ar subcommand",
        ".Op Ar options",
        ".Nm",
        ".Fl V | -version",
        ".Sh DESCRIPTION",
    ]
    out += discussion(command.get("discussion", ""))
    out += [".Sh COMMANDS", ".Bl -tag -width 6n"]
    for sub in command.get("subcommands", []):
        if sub["commandName"] == "help" or not sub.get("shouldDisplay", True):
            continue
        out.append(".It Em " + sub["commandName"])
        out.extend(discussion(sub.get("abstract", "")))
        if sub.get("discussion"):
            out.append(".Pp")
            out.extend(discussion(sub["discussion"]))
        out.extend(arguments(sub))
    out.append(".El")
    out += [
        ".Sh EXIT STATUS",
        "0: nothing at or above \\-\\-fail\\-on; 1: findings at or above it (or checks not made, with \\-\\-require\\-complete);",
        "2: the input could not be checked.",
        ".Sh SEE ALSO",
        ".Lk https://github.com/lvslint/lvslint",
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(page(json.load(sys.stdin)))
