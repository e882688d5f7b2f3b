"""Bytes to an article's text, and text to a `Document`: UTF-8 (or UTF-16 with its mark),
binary data told apart, lone surrogates replaced one for one, and the metadata lines or HTML
head read."""
from __future__ import annotations

import re

from ..types import Document, DocumentStatus
from .html import html_to_text
from .metadata import clean_title, parse_date, text_metadata

SNIFF_BYTES = 8192
"""How much of a file is looked at to tell binary data or one of our own outputs from an article."""


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes) -> tuple[str | None, DocumentStatus, str]:
    """(text, status, reason): the text decoded, or None with why. Binary data is skipped (not
    an article); text that does not decode is an article that failed."""
    if data[:2] in _UTF16_BOMS:  # Windows tools write UTF-16 with a byte order mark
        try:
            return data.decode("utf-16"), DocumentStatus.OK, ""
        except UnicodeDecodeError as e:
            return (None, DocumentStatus.FAILED,
                    f"undecodable bytes at offset {e.start}: not UTF-16 despite its byte order mark")
    if b"\x00" in data[:SNIFF_BYTES]:
        return None, DocumentStatus.SKIPPED, "binary file (NUL bytes); expected UTF-8 text"
    try:
        return data.decode("utf-8-sig"), DocumentStatus.OK, ""
    except UnicodeDecodeError as e:
        return None, DocumentStatus.FAILED, f"undecodable bytes at offset {e.start}: not UTF-8"


_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Lone surrogates ("\\ud800" from a broken JSON escape) cannot be written as UTF-8; each
    becomes U+FFFD, one character for one, so offsets keep their meaning."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def read_metadata(text: str, url: str = "", memo=None) -> dict:
    """`metadata.text_metadata` of a text (and the address the input gave); with `memo` (the
    extraction cache: `document_metadata`, `keep_document_metadata`), read back when the same text
    and address were read before, under a hash of both and of the extraction's fingerprint."""
    if memo is None:
        return text_metadata(text, url)
    key = content_key(memo.fingerprint, url, text)
    found = memo.document_metadata(key)
    if found is None:
        found = text_metadata(text, url)
        memo.keep_document_metadata(key, found)
    return dict(found)


def content_key(salt: str, *parts: str) -> str:
    """A key of texts for the extraction cache's memos (what a text says of itself, what grouping
    reads of a document): a hash of `salt` (the extraction's fingerprint, which covers the code
    that reads them) and of each part, told apart by a NUL."""
    import hashlib

    digest = hashlib.blake2b(salt.encode(), digest_size=20)
    digest.update(b"\0".join(part.encode("utf-8", "surrogatepass") for part in parts))
    return digest.hexdigest()


def from_text(doc_id: str, path: str, text: str, html: bool = False, memo=None, **fields) -> Document:
    """A document from its text; `fields` (title, published, source, url) given by the input win
    over what the text says of itself, and an HTML page's head over its body. `memo`: the
    extraction cache, which keeps what the text says of itself (`read_metadata`)."""
    text, doc_id = clean_text(text), clean_text(doc_id)
    fields = {k: clean_text(v) for k, v in fields.items() if v}
    dated_by = "field" if fields.get("published") else ""
    if html:
        page = html_to_text(text)
        text = page.text
        for key, value in (("title", page.title), ("published", page.published), ("url", page.url)):
            if value and key not in fields:
                fields[key] = value
                dated_by = dated_by or ("html" if key == "published" else "")
    if not text.strip():
        return Document(doc_id, path, status=DocumentStatus.SKIPPED, reason="empty document")
    meta = read_metadata(text, fields.get("url", ""), memo)
    meta.update(fields)
    if fields.get("published"):
        meta["published"] = parse_date(fields["published"]) or fields["published"]
        meta["dated_by"] = dated_by
    return Document(doc_id, path, text=text, title=clean_title(meta["title"]), published=meta["published"],
                    dated_by=meta["dated_by"] if meta["published"] else "", source=meta["source"], url=meta["url"])


OWN_REPORT = '<meta name="generator" content="facts">'
"""Marks the HTML reports `facts check` writes, so that one written into an input folder is not
read as an article on the next run."""


def is_fact_table(head: bytes) -> bool:
    """A fact table `facts extract` wrote (CSV header or first JSONL row with doc_id and
    sentence_id), found among the inputs: not articles."""
    first = head.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf")
    return first.startswith(b"doc_id,sentence_id,") or (b'"doc_id"' in first and b'"sentence_id"' in first)
