"""Records at the library's boundary and the column names of its tables."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    """What the sources say about a claim. A str enum: tables, JSON and CSV hold the plain words."""

    CONFLICT = "conflict"
    POSSIBLE_CONFLICT = "possible_conflict"  # may disagree; not sure the figures state the same total
    CHANGED = "changed_over_time"
    CORROBORATED = "corroborated"
    SINGLE_SOURCE = "single_source"


class DocumentStatus(StrEnum):
    OK = "ok"
    SKIPPED = "skipped"  # not an article (binary, empty, one of our own outputs)
    FAILED = "failed"  # an article that could not be read


class DraftStatus(StrEnum):
    """What the sources say about a figure of a draft (`check --against`)."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    OUTDATED = "outdated"
    DISPUTED = "disputed"      # the sources disagree among themselves about it
    UNSUPPORTED = "unsupported"


class CompareVerdict(StrEnum):
    """`facts compare`: do two texts state the same facts compatibly?"""

    CONFLICT = "conflict"
    CONSISTENT = "consistent"
    UNRELATED = "unrelated"


class MentionRole(StrEnum):
    """The part a figure plays in its story (`roles.role_of`). Only plain figures and totals are
    compared as a source's toll; parts, other people and earlier counts stay in their claim as
    evidence; figures about another event or that count nothing are kept out of claims."""

    PLAIN = ""
    STATED = "stated"          # "Three people were injured", "Two dead": the toll as its event's subject
    TOTAL = "total"            # "in total", "a shooting that left one dead"
    WITH_PERPETRATOR = "with_perpetrator"  # "six were killed, including the suspect"
    PART = "part"              # "two of them", "four others", "one was in good condition"
    ADDEND = "addend"          # "two juveniles and eight adults were wounded": compared as their sum
    OTHER_PEOPLE = "other_people"  # suspects sought, officers on the scene
    EARLIER = "earlier"        # "initially had said", "not five as first reported"
    OTHER_EVENT = "other_event"  # a weekend roundup, a related link, a shooting three years ago
    NOT_COUNT = "not_count"    # "planned to kill hundreds", "ages 22 and 20", "one block from"


class Position(StrEnum):
    """Where a figure stands in its article: the headline and the lead state the story's totals;
    a photo or video caption above the lead may too, or may be older than the story."""

    HEADLINE = "headline"
    LEAD = "lead"
    CAPTION = "caption"
    BODY = "body"


class MentionKind(StrEnum):
    """How a figure is written (`spot.Mention.kind`): the reading rules of `parse.extract` ask
    it ("a 12-member team" counts members; "one" modifying no noun is no figure)."""

    NUMBER = "number"  # digits: "1,800", "3.5m"
    WORD = "word"  # number words: "three", "a dozen"
    WORD_ONE = "word_one"  # "one", "a", "an": a figure only when it counts something
    YEAR_LIKE = "year_like"  # four digits that may be a year: "2018"
    HYPHEN_UNIT = "hyphen_unit"  # "a 30-year mortgage", "6-ft"
    HYPHEN_COUNT = "hyphen_count"  # "a 12-member team": counts the word after the hyphen
    FRACTION = "fraction"  # "two-thirds", "a quarter"
    VAGUE = "vague"  # "dozens", "hundreds of"
    RANGE = "range"  # "10 to 12", "between 5 and 7"
    AGE = "age"  # "John Smith, 34", "aged 25"


class Qualifier(StrEnum):
    """How a figure is stated; `numbers.QUALIFIER_WORDS` maps words to these."""

    EXACT = "exact"
    APPROX = "approx"
    APPROX_BELOW = "approx_below"  # "nearly", "almost": close to and not above
    APPROX_ABOVE = "approx_above"  # "just over", "a little over": more than and close to
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"
    RANGE = "range"
    VAGUE = "vague"


TOLL_ROLES = (MentionRole.PLAIN, MentionRole.STATED, MentionRole.TOTAL, MentionRole.WITH_PERPETRATOR)
"""Roles of figures that can state a source's toll; parts, other people and earlier counts
stay in their claim as evidence but are never compared as a toll."""


FACT_COLUMNS = (
    "doc_id", "sentence_id", "line", "column", "sentence", "start", "end", "surface",
    "value", "low", "high", "qualifier", "trend", "unit",
    "base_value", "base_low", "base_high", "base_unit", "dimension",
    "concept", "concept_key", "predicate", "actor", "entities", "time_scope", "rounding", "published",
    "measure", "event", "holder", "place", "title", "source", "url", "position", "role", "role_reason", "cues", "story",
)
"""The fact table: one row per figure. `start`/`end` index the document text and `line`, `column` are the
1-based line and column of `start` in it; `rounding` is
the precision the figure was stated with ("3 million" -> 1e6); `concept_key` is the
normalised concept used to group mentions; `predicate` the verb the figure hangs on ("kill");
`actor` the proper-noun subject that holds or does it ("Turkey"); `time_scope` the sentence's
relative time ("this week", "since september 4"). The frame of the figure: `measure` what is counted or
measured, never a unit word ("military posts", "depth", "relief funds", "death toll"); `event`
the event class of a count of people ("killed", "injured", "shot", ...); `holder` who has or
does it (the same as `actor`); `place` the place the sentence puts it in. `title`, `source` (the
outlet) and `url` are the document's, carried to every row so that a filtered sheet still says
where a figure comes from. `position` is headline, lead or body; `role` and `role_reason` what part
the figure plays in its story and the words that say so (`MentionRole`); `cues` the words of its sentence
that say it may be background ("past;year:2004", `figures.cues`)."""

DOCUMENT_COLUMNS = ("doc_id", "path", "title", "published", "dated_by", "source", "url", "status", "reason", "row_line",
                    "story", "facts")
"""`dated_by` says where `published` was read (`inputs.metadata.DATE_RULES`: "field" when the input
gave it, "html" from the page's head, "stamp", "dateline", "updated", "url"); "" when undated."""
DOCUMENT_STATUSES = tuple(DocumentStatus)


@dataclass(frozen=True)
class Document:
    """One input article, or the record of why an input could not be read."""

    doc_id: str
    path: str
    text: str = ""
    title: str = ""
    published: str = ""
    dated_by: str = ""  # where the date was read (`inputs.metadata.DATE_RULES`, "field", "html"); "" when undated
    source: str = ""
    url: str = ""
    status: str = "ok"
    reason: str = ""
    row_line: int = 0  # the line a JSONL/CSV row starts on in its file; 0 for a whole file
    story: str = ""    # the story (event) it reports: given by the input, or found (`stories.assign`)

    def record(self, facts: int = 0) -> dict:
        # every field is a plain value: a shallow copy, in field order (`asdict`'s deep copy cost
        # a third of reading 10,000 documents' rows back from the cache)
        row = dict(self.__dict__)
        del row["text"]
        row["facts"] = facts
        return row
