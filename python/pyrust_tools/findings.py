"""pyflakes' report as (file, line, code) rows, so that it can be compared with Ruff's.

    python -m pyrust_tools.findings STDOUT_FILE STDERR_FILE
    python -m pyrust_tools.findings --pycodestyle-codes

pyflakes prints messages, not codes. Each message class in ``pyflakes.messages`` carries
its format string; this file turns those into patterns and gives each class the code that
flake8's pyflakes plugin assigns it (the same codes Ruff uses). A file pyflakes could not
parse (its errors go to stderr) is listed in ``unparseable``. It prints one JSON object:
``findings`` ([file, line, code] rows), ``unparseable`` (files) and ``unmatched`` (lines
that no pattern matched, which should stay empty). With ``--pycodestyle-codes`` it prints
the codes pycodestyle's checks can report, as a JSON list.
"""

import inspect
import json
import re
import sys

from pyflakes import messages

# The codes flake8's pyflakes plugin gives pyflakes' message classes.
CODES = {
    "UnusedImport": "F401",
    "ImportShadowedByLoopVar": "F402",
    "ImportStarUsed": "F403",
    "LateFutureImport": "F404",
    "ImportStarUsage": "F405",
    "ImportStarNotPermitted": "F406",
    "FutureFeatureNotDefined": "F407",
    "PercentFormatInvalidFormat": "F501",
    "PercentFormatExpectedMapping": "F502",
    "PercentFormatExpectedSequence": "F503",
    "PercentFormatExtraNamedArguments": "F504",
    "PercentFormatMissingArgument": "F505",
    "PercentFormatMixedPositionalAndNamed": "F506",
    "PercentFormatPositionalCountMismatch": "F507",
    "PercentFormatStarRequiresSequence": "F508",
    "PercentFormatUnsupportedFormatCharacter": "F509",
    "StringDotFormatInvalidFormat": "F521",
    "StringDotFormatExtraNamedArguments": "F522",
    "StringDotFormatExtraPositionalArguments": "F523",
    "StringDotFormatMissingArgument": "F524",
    "StringDotFormatMixingAutomatic": "F525",
    "FStringMissingPlaceholders": "F541",
    "TStringMissingPlaceholders": "F542",
    "MultiValueRepeatedKeyLiteral": "F601",
    "MultiValueRepeatedKeyVariable": "F602",
    "TooManyExpressionsInStarredAssignment": "F621",
    "TwoStarredExpressions": "F622",
    "AssertTuple": "F631",
    "IsLiteral": "F632",
    "InvalidPrintSyntax": "F633",
    "IfTuple": "F634",
    "BreakOutsideLoop": "F701",
    "ContinueOutsideLoop": "F702",
    "YieldOutsideFunction": "F704",
    "ReturnOutsideFunction": "F706",
    "DefaultExceptNotLast": "F707",
    "DoctestSyntaxError": "F721",
    "ForwardAnnotationSyntaxError": "F722",
    "RedefinedWhileUnused": "F811",
    "UndefinedName": "F821",
    "UndefinedExport": "F822",
    "UndefinedLocal": "F823",
    "UnusedIndirectAssignment": "F824",
    "DuplicateArgument": "F831",
    "UnusedVariable": "F841",
    "UnusedAnnotation": "F842",
    "RaiseNotImplemented": "F901",
}

LOCATION = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?:\d+:)? (?P<message>.*)$")


def pattern(template):
    """A regex for the messages ``template`` (a %-format string) produces."""
    text = re.escape(template.replace("%%", "%"))
    for placeholder in ("%r", "%s", "%d", r"\{0\}"):
        text = text.replace(
            re.escape(placeholder) if placeholder[0] == "%" else placeholder, ".+"
        )
    return re.compile("^" + text + "$")


def patterns():
    """(regex, code) per message class, the most specific (longest literal text) first."""
    found = []
    for name, cls in inspect.getmembers(messages, inspect.isclass):
        if issubclass(cls, messages.Message) and cls is not messages.Message:
            template = getattr(cls, "message", "")
            found.append((len(template), pattern(template), CODES.get(name, name)))
    found.sort(key=lambda item: -item[0])
    return [(regex, code) for _, regex, code in found]


def parse(stdout, stderr):
    """The findings, unparseable files and unmatched lines of one pyflakes run."""
    rules = patterns()
    findings, unmatched = [], []
    for line in stdout.splitlines():
        match = LOCATION.match(line)
        code = None
        if match:
            message = match.group("message")
            code = next((c for regex, c in rules if regex.match(message)), None)
        if code is None:
            unmatched.append(line)
        else:
            findings.append([match.group("file"), int(match.group("line")), code])
    unparseable = sorted(
        {m.group("file") for m in map(LOCATION.match, stderr.splitlines()) if m}
    )
    return {"findings": findings, "unparseable": unparseable, "unmatched": unmatched}


def pycodestyle_codes():
    """Every code a registered pycodestyle check can report."""
    import pycodestyle

    codes = set()
    for checks in pycodestyle._checks.values():
        for found, _args in checks.values():
            codes.update(c for c in found if c)
    return sorted(codes)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--pycodestyle-codes"]:
        print(json.dumps(pycodestyle_codes()))
        return
    with open(argv[0], encoding="utf-8", errors="replace") as f:
        stdout = f.read()
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        stderr = f.read()
    print(json.dumps(parse(stdout, stderr)))


if __name__ == "__main__":
    main()
