"""What heads a story in a report: the title of its most central article among those that state
its main figure (the claim most of its sources give), cleaned of the site's name. A story is not
headed by the one article that does not give the toll ("National Prep graduate killed in
Southeast shooting" over five reports of "2 dead, 3 injured")."""
from __future__ import annotations

from ..inputs.metadata import without_site_name
from .stories import story_titles


def main_claims(claims_df) -> dict[str, str]:
    """Each story's main figure: the claim the most sources give, a toll (a count of people in
    an event) first among equals, then the first claim."""
    if claims_df is None or not len(claims_df) or "story" not in claims_df.columns:
        return {}
    best: dict[str, tuple] = {}
    for claim in claims_df.itertuples():
        rank = (-int(claim.n_sources), not str(claim.claim_key).startswith("person|"), str(claim.claim_id))
        story = str(claim.story or "")
        if story not in best or rank < best[story][0]:
            best[story] = (rank, claim.claim_id, tuple(claim.sources))
    return {story: claim_id for story, (_, claim_id, _) in best.items()}


def story_headings(documents_df, claims_df=None) -> dict[str, str]:
    """Each story's heading (`story_titles` among the articles that state its main figure, when
    two or more sources give one), its site's name cut (`inputs.metadata.without_site_name`)."""
    if "story" not in documents_df.columns or not len(documents_df):
        return {}
    docs = documents_df.assign(title=[without_site_name(str(t or "")) for t in documents_df["title"]])
    main = main_claims(claims_df)
    stating: dict[str, set] = {}
    if main:
        sources = dict(zip(claims_df["claim_id"], claims_df["sources"]))
        n = dict(zip(claims_df["claim_id"], claims_df["n_sources"]))
        stating = {story: set(sources[c]) for story, c in main.items() if int(n[c]) >= 2}
    titles = [t if str(s) not in stating or d in stating[str(s)] else ""
              for t, s, d in zip(docs["title"], docs["story"], docs["doc_id"])]
    # a headline, not an article's first sentence standing in for a missing one (a long title
    # shares the most words with the others, and would win), when the story has one
    headlines = {str(s) for t, s in zip(titles, docs["story"]) if _headline(t)}
    titles = [t if str(s) not in headlines or _headline(t) else "" for t, s in zip(titles, docs["story"])]
    return story_titles(docs.assign(title=titles))


HEADLINE_WORDS = 16
"""A title of more words than this, or one that ends as a sentence does, is an article's first
sentence standing in for a missing headline."""


def _headline(title: str) -> bool:
    words = title.split()
    return 0 < len(words) <= HEADLINE_WORDS and not title.rstrip().endswith(".")
