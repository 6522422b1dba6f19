"""Findings of ``tracker check`` and their renderings: text, JSON, JUnit XML, GitHub annotations."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Category = Literal["drift", "divergence"]
Severity = Literal["error", "warning"]

# Every kind of finding and whether it is drift (the text moved; a person should look) or
# divergence (the code is wrong).
KINDS: dict[str, Category] = {
    "document-missing": "drift",
    "section-missing": "drift",
    "lineage-mismatch": "drift",
    "unpinned": "drift",
    "suspect": "drift",
    "quote-missing": "divergence",
    "quote-value": "divergence",
    "value-not-in-text": "divergence",
    "fact-contradiction": "divergence",
    "fact-missing": "divergence",
    "calendar-gap": "divergence",
    "unknown-parameter": "divergence",
    "stale-ignore": "drift",
    "stale-pin": "drift",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    category: Category
    severity: Severity
    message: str
    code_file: str | None = None
    code_line: int | None = None
    doc: str | None = None
    section: str | None = None  # "7.4 Særkoder 2025" or a slide title
    section_id: str | None = None
    page: int | None = None
    citation: str | None = None  # the citation key, for `tracker review KEY`
    diff: str | None = None
    hint: str | None = None  # what to do about it

    @property
    def code_side(self) -> str:
        if not self.code_file:
            return "-"
        return f"{self.code_file}:{self.code_line}" if self.code_line else self.code_file

    @property
    def text_side(self) -> str:
        if not self.doc:
            return "-"
        where = self.doc
        if self.section:
            where += f" §{self.section}"
        if self.page:
            where += f" (p. {self.page})"
        return where

    def sort_key(self) -> tuple:
        return (self.code_file or "", self.code_line or 0, self.kind, self.doc or "", self.section_id or "",
                self.citation or "", self.message)


@dataclass(frozen=True)
class CoverageRow:
    doc: str
    section_id: str
    section: str
    page: int
    status: Literal["implemented", "not-applicable", "pending"]
    by: tuple[str, ...] = ()  # citation keys, or the reason for not-applicable


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    citations: int = 0
    facts: int = 0
    citation_keys: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def summary(self) -> str:
        drift = sum(1 for f in self.findings if f.category == "drift")
        divergence = len(self.findings) - drift
        return (f"{len(self.documents)} documents, {self.citations} citations, {self.facts} facts: "
                f"{len(self.errors)} errors, {len(self.warnings)} warnings "
                f"({drift} drift, {divergence} divergence)")

    # -- as data (the build's check artifact) --------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Everything the report holds, JSON-able; :meth:`from_dict` gives the same report back."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckReport:
        return cls(
            findings=[Finding(**f) for f in data["findings"]],
            coverage=[CoverageRow(**{**c, "by": tuple(c["by"])}) for c in data["coverage"]],
            documents=list(data["documents"]),
            citations=data["citations"],
            facts=data["facts"],
            citation_keys=list(data["citation_keys"]),
        )

    # -- renderings --------------------------------------------------------------------------

    def to_json(self) -> str:
        data = {
            "ok": self.ok,
            "summary": self.summary(),
            "documents": self.documents,
            "citations": self.citations,
            "facts": self.facts,
            "findings": [asdict(f) for f in self.findings],
            "coverage": [asdict(c) for c in self.coverage],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def to_text(self) -> str:
        lines = []
        for f in self.findings:
            lines.append(f"{f.severity.upper()} [{f.category}/{f.kind}] {f.message}")
            lines.append(f"  code: {f.code_side}")
            lines.append(f"  text: {f.text_side}")
            if f.diff:
                lines.extend("  diff: " + d for d in f.diff.splitlines())
            if f.hint:
                lines.append(f"  fix:  {f.hint}")
        lines.append(("OK: " if self.ok else "FAILED: ") + self.summary())
        drifted = sorted({f.citation for f in self.findings if f.kind == "suspect" and f.citation})
        if drifted:
            lines.append(f"{len(drifted)} citation(s) cite text that changed since it was pinned. Read each diff above; "
                         "re-pin one with `tracker review KEY`, or all after a re-extraction with "
                         "`tracker review --all`.")
        return "\n".join(lines) + "\n"

    def to_github(self) -> str:
        """GitHub Actions workflow commands: one annotation per finding, on the code side."""
        out = []
        for f in self.findings:
            level = "error" if f.severity == "error" else "warning"
            props = []
            if f.code_file:
                props.append(f"file={_gh_escape_prop(f.code_file)}")
                if f.code_line:
                    props.append(f"line={f.code_line}")
            props.append(f"title={_gh_escape_prop(f'{f.category}: {f.kind}')}")
            text = f"{f.message} [text: {f.text_side}]"
            if f.hint:
                text += f" Fix: {f.hint}"
            if f.diff:
                text += "\n" + f.diff
            out.append(f"::{level} {','.join(props)}::{_gh_escape_data(text)}")
        out.append(f"::notice title=tracker check::{_gh_escape_data(self.summary())}")
        return "\n".join(out) + "\n"

    def to_junit(self) -> str:
        """JUnit XML: a test case per citation (failing on its errors) and one per other finding."""
        suite = ET.Element("testsuite", name="tracker check")
        by_citation: dict[str, list[Finding]] = {k: [] for k in self.citation_keys}
        others: list[Finding] = []
        for f in self.findings:
            if f.citation and f.citation in by_citation:
                by_citation[f.citation].append(f)
            else:
                others.append(f)
        cases = [("tracker.check.citation", key, fs) for key, fs in by_citation.items()]
        cases += [(f"tracker.check.{f.category}.{f.kind}", f"{f.code_side} ~ {f.text_side}", [f]) for f in others]
        if not cases:
            cases = [("tracker.check", "text and code agree", [])]
        failures = skipped = 0
        for classname, name, fs in cases:
            first = fs[0] if fs else None
            case = ET.SubElement(suite, "testcase", classname=classname, name=name,
                                 file=(first.code_file or "") if first else "",
                                 line=str((first.code_line or 0) if first else 0))
            errors = [f for f in fs if f.severity == "error"]
            if fs:
                body = "\n\n".join(_finding_text(f) for f in fs)
                if errors:
                    failures += 1
                    ET.SubElement(case, "failure", message=errors[0].message, type=errors[0].kind).text = body
                else:
                    skipped += 1
                    ET.SubElement(case, "skipped", message=fs[0].message).text = body
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        suites = ET.Element("testsuites")
        suites.append(suite)
        ET.indent(suites)
        xml = ET.tostring(suites, encoding="unicode")
        # ElementTree writes any character; XML 1.0 allows no C0 control but tab and line ends, no
        # surrogates and not U+FFFE/U+FFFF. Text from a PDF can hold them, so they become U+FFFD.
        return '<?xml version="1.0" encoding="utf-8"?>\n' + _NOT_XML.sub("\ufffd", xml) + "\n"

    def coverage_text(self) -> str:
        lines = []
        current = None
        for row in self.coverage:
            if row.doc != current:
                current = row.doc
                counts = {s: sum(1 for r in self.coverage if r.doc == row.doc and r.status == s)
                          for s in ("implemented", "not-applicable", "pending")}
                lines.append(f"{row.doc}: {counts['implemented']} implemented, "
                             f"{counts['not-applicable']} not applicable, {counts['pending']} pending")
            by = f"  ({'; '.join(row.by)})" if row.by else ""
            lines.append(f"  {row.status:<15} p.{row.page:<3} §{row.section}{by}")
        return "\n".join(lines) + "\n"


def _finding_text(f: Finding) -> str:
    body = f"[{f.category}/{f.kind}] {f.message}\ncode: {f.code_side}\ntext: {f.text_side}"
    if f.diff:
        body += "\n" + f.diff
    if f.hint:
        body += f"\nfix: {f.hint}"
    return body


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")
