"""`--format junit`: one testcase per expectation and one per conflicting claim, so CI
systems list each."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from ..checks.audit import by_confidence
from ..checks.standing import ACCEPTED_BY_REVIEW, AS_A_WARNING, DISMISSED_BY_REVIEW, KNOWN_IN_BASELINE, standing
from ..types import DocumentStatus, Verdict
from .safe import xml_text
from .text import claim_label, review_words


def render(result) -> str:
    root = ET.Element("testsuites", name="facts check")
    by_suite: dict[str, list] = {}
    for r in result.expectations:
        by_suite.setdefault(r.suite, []).append(r)
    for suite, results in by_suite.items():
        # An expectation whose failures are verdicts (conflicts) is reported through its claims
        # below, so that a conflict counts once.
        failures = sum(not r.success and r.severity == "error" and not r.verdict for r in results)
        element = ET.SubElement(root, "testsuite", name=suite, tests=str(len(results)), failures=str(failures))
        for r in results:
            case = ET.SubElement(element, "testcase", classname=suite,
                                 name=f"{r.expectation}({r.column})" if r.column else r.expectation)
            if not r.success:
                tag = "failure" if r.severity == "error" and not r.verdict else "system-out"
                node = ET.SubElement(case, tag, message=f"{r.unexpected_count} unexpected") if tag == "failure" \
                    else ET.SubElement(case, tag)
                node.text = f"{r.unexpected_count} unexpected ({r.severity}): {r.details}"
    from ..claims.headings import story_headings
    from ..claims.stories import story_name

    titles = story_headings(result.documents, result.claims)
    conflicts = result.claims[result.claims["verdict"] == Verdict.CONFLICT] if len(result.claims) else result.claims
    element = ET.SubElement(root, "testsuite", name="claims", tests=str(len(conflicts)), failures=str(len(conflicts)))
    baseline = result.baseline
    where = standing(result)
    known = 0
    for claim in by_confidence(conflicts):
        case = ET.SubElement(element, "testcase", classname=f"claims, {story_name(claim, titles)}".rstrip(", "),
                             name=f"{claim.claim_id} {claim_label(claim)}")
        why = where.passed.get(claim.claim_id)
        outcome = (getattr(result, "reviews", None) or {}).get(claim.claim_id)
        if why in (DISMISSED_BY_REVIEW, ACCEPTED_BY_REVIEW) and outcome is not None:
            known += 1
            ET.SubElement(case, "skipped", message=f"reviewed as {review_words(outcome)}")
            continue
        if why == KNOWN_IN_BASELINE and baseline is not None:  # reviewed before: listed, not failed
            known += 1
            was = baseline.known(claim.claim_id) or {}
            ET.SubElement(case, "skipped", message=f"known conflict, in the baseline {baseline.path} as "
                                                   f"{was.get('baseline_claim_id', '')}: {claim.reason}")
            continue
        if why == AS_A_WARNING:
            known += 1
            ET.SubElement(case, "system-out").text = f"conflict, reported as a warning: {claim.reason}"
            continue
        failure = ET.SubElement(case, "failure", message=claim.reason)
        failure.text = "\n".join(
            f"{result.facts.loc[i, 'doc_id']}:{result.facts.loc[i, 'line']}: {result.facts.loc[i, 'sentence']}"
            for i in claim.mentions)
    element.set("failures", str(len(conflicts) - known))
    element.set("skipped", str(known))
    possible = result.claims[result.claims["verdict"] == Verdict.POSSIBLE_CONFLICT] if len(result.claims) \
        else result.claims
    if len(possible):  # warnings: listed with their reason, never failed
        element = ET.SubElement(root, "testsuite", name="possible conflicts", tests=str(len(possible)), failures="0")
        for claim in by_confidence(possible):
            case = ET.SubElement(element, "testcase",
                                 classname=f"possible conflicts, {story_name(claim, titles)}".rstrip(", "),
                                 name=f"{claim.claim_id} {claim_label(claim)}")
            ET.SubElement(case, "system-out").text = f"possible conflict (warning): {claim.reason}"
    if baseline is not None and baseline.changed_figures:
        changed = ET.SubElement(root, "testsuite", name="changed figures", tests=str(len(baseline.changed_figures)),
                                failures=str(len(baseline.changed_figures) if baseline.strict else 0))
        for f in baseline.changed_figures:
            case = ET.SubElement(changed, "testcase", classname="changed figures",
                                 name=f"{f['doc_id']}:{f['new']['line']} {f['concept']}")
            message = f"{f['old']['surface']} -> {f['new']['surface']} since the baseline {baseline.path}"
            ET.SubElement(case, "failure" if baseline.strict else "system-out", message=message).text = message
    failed = result.documents[result.documents["status"] == DocumentStatus.FAILED] if len(result.documents) else result.documents
    if len(failed):
        element = ET.SubElement(root, "testsuite", name="inputs", tests=str(len(failed)), failures="0",
                                errors=str(len(failed)))
        for d in failed.itertuples():
            case = ET.SubElement(element, "testcase", classname="inputs", name=str(d.doc_id))
            ET.SubElement(case, "error", message=str(d.reason)).text = f"{d.path}: {d.reason}"
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(suite.get(key) or 0) for suite in root.iter("testsuite"))))
    root.set("time", f"{result.seconds:.3f}")
    ET.indent(root)
    return _document(root)


def _document(root) -> str:
    """The XML text of `root`, every text and attribute cleaned of the characters XML 1.0
    forbids (article text may hold them; ElementTree would write them as they are)."""
    for element in root.iter():
        element.text, element.tail = xml_text(element.text), xml_text(element.tail)
        for key, value in element.attrib.items():
            element.set(key, xml_text(value))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_draft(result) -> str:
    """One testcase per draft figure; contradicted ones (and disputed or unsupported with --strict) fail."""
    figures = result.figures.to_dict("records")
    failing = [f for f in figures if result.fails(f["status"])]
    root = ET.Element("testsuites", name="facts check --against")
    suite = ET.SubElement(root, "testsuite", name=result.draft["path"], tests=str(len(figures)),
                          failures=str(len(failing)))
    for f in figures:
        case = ET.SubElement(suite, "testcase", classname=result.draft["path"],
                             name=f"line {f['line']}: {f['surface']}")
        if f in failing:
            failure = ET.SubElement(case, "failure", message=f"{f['status']}: {f['reason']}")
            failure.text = "\n".join(f"{e['doc_id']}: {e['sentence']}" for e in f["evidence"])
        else:
            ET.SubElement(case, "system-out").text = f"{f['status']}: {f['reason']}"
    ET.indent(root)
    return _document(root)
