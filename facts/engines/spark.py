"""The facts pipeline on Apache Spark: extraction with mapInPandas, claim grouping with
groupBy().applyInPandas, validation with GX's Spark datasource on the mentions written to
Parquet. The only module that imports pyspark; install with `pip install "facts[spark]"`.

Each Spark Python worker loads the parser once (`api.extractor` is cached per process),
and the pandas functions that run inside Spark are the very ones the local pipeline uses, so
the two give the same tables.
"""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from ..errors import FactsError
from ..parse.options import ExtractOptions
from ..types import DocumentStatus

INSTALL_HINT = 'pyspark is not installed; install the Spark extra with: pip install "facts[spark]" ' \
               "(and Java 17, e.g. Debian's openjdk-17-jre-headless)"


def _pyspark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession, types
    except ImportError as e:
        raise FactsError(INSTALL_HINT) from e
    return SparkSession, types


def session(master: str | None = None, conf: dict | None = None, local_ip: bool = False, quiet: bool = False):
    """A SparkSession: the active one (spark-submit, Databricks) when `master` is None,
    otherwise a new one on `master` ("local[2]", "yarn", "k8s://...") with `conf` set.
    `quiet`: the JVM it starts writes nothing to this process's stderr (its start-up banner
    and log4j warnings); otherwise Spark's console progress bar shows on a terminal."""
    SparkSession, _ = _pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if master is None:
        active = SparkSession.getActiveSession()
        if active is not None:
            return active
    builder = SparkSession.builder.appName("facts")
    if master:
        builder = builder.master(master)
    progress = not quiet and sys.stderr.isatty()
    settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "true" if progress else "false",
                "spark.sql.execution.arrow.pyspark.enabled": "true"}
    if local_ip:
        settings.update({"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"})
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    with _jvm_stderr_silenced(quiet):
        spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@contextlib.contextmanager
def _jvm_stderr_silenced(quiet: bool):
    """While the JVM is launched, file descriptor 2 points at /dev/null, so the JVM (which
    inherits it) keeps its banner and warnings to itself; Python's stderr is restored after."""
    if not quiet:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def fact_schema():
    """The fact table's Spark schema, plus `doc_pos` and `row_in_doc` that keep its order, and
    `cache_key`: the key of the row's document (`cache.document_key`, the key the extraction cache
    keeps its rows under; "" when the documents came without one)."""
    _, T = _pyspark()
    from ..types import FACT_COLUMNS

    kinds = {"sentence_id": T.LongType(), "line": T.LongType(), "column": T.LongType(), "start": T.LongType(),
             "end": T.LongType()}
    for column in ("value", "low", "high", "base_value", "base_low", "base_high", "rounding"):
        kinds[column] = T.DoubleType()
    fields = [T.StructField(c, kinds.get(c, T.StringType())) for c in FACT_COLUMNS]
    return T.StructType(fields + [T.StructField("doc_pos", T.LongType()), T.StructField("row_in_doc", T.LongType()),
                                   T.StructField("cache_key", T.StringType())])


def documents_frame(spark, documents, positions=None, keys=None):
    """A Spark DataFrame of the readable documents: doc_pos (`positions`, default their order),
    doc_id, text, published, title, source, url, story and cache_key (`keys`, default "")."""
    import pandas as pd

    columns = ["doc_pos", "doc_id", "text", "published", *_CARRIED, "cache_key"]
    positions = range(len(documents)) if positions is None else positions
    keys = [""] * len(documents) if keys is None else keys
    rows = [{"doc_pos": i, "doc_id": d.doc_id, "text": d.text, "published": d.published,
             **{name: getattr(d, name) for name in _CARRIED}, "cache_key": key}
            for i, d, key in zip(positions, documents, keys) if d.status == DocumentStatus.OK]
    pdf = pd.DataFrame(rows, columns=columns)
    return spark.createDataFrame(pdf, schema=", ".join(
        f"{c} {'long' if c == 'doc_pos' else 'string'}" for c in columns))


_CARRIED = ("title", "source", "url", "story")
"""Document fields copied onto every fact row when the input DataFrame has them."""


def extract(sdf, text_col: str = "text", id_col: str = "doc_id", published_col: str | None = "published",
            options: ExtractOptions = ExtractOptions(), order_col: str | None = "doc_pos"):
    """The fact table of a Spark DataFrame of articles, as a Spark DataFrame (mapInPandas)."""
    columns = set(sdf.columns)
    for needed in (text_col, id_col):
        if needed not in columns:
            raise FactsError(f"no column {needed!r} in the Spark DataFrame; columns are {', '.join(sorted(columns))}")
    published_col = published_col if published_col in columns else None
    order_col = order_col if order_col in columns else None
    carried = [name for name in _CARRIED if name in columns]
    key_col = "cache_key" if "cache_key" in columns else None

    def extract_batches(batches):
        from ..types import Document
        from .local import extractor

        ex = extractor(options)  # once per Python worker
        for pdf in batches:
            docs, positions, keys = [], [], []
            for row in pdf.itertuples(index=False):
                record = row._asdict()
                docs.append(Document(str(record[id_col]), str(record[id_col]), text=record[text_col] or "",
                                     published=(record[published_col] or "") if published_col else "",
                                     **{name: record[name] or "" for name in carried}))
                positions.append(record[order_col] if order_col else 0)
                keys.append(record[key_col] or "" if key_col else "")
            yield located(((pos, key, rows) for pos, key, (_, rows) in zip(positions, keys, ex.rows(docs))))

    return sdf.mapInPandas(extract_batches, fact_schema())


def located(documents):
    """The fact table (pandas) of (doc_pos, cache_key, rows) per document, with the columns
    `fact_schema` adds: doc_pos, row_in_doc and cache_key."""
    from ..parse.table import frame

    out, pos, number, key = [], [], [], []
    for doc_pos, cache_key, rows in documents:
        out += rows
        pos += [doc_pos] * len(rows)
        number += range(len(rows))
        key += [cache_key] * len(rows)
    table = frame(out)
    table["doc_pos"], table["row_in_doc"], table["cache_key"] = pos, number, key
    return table.astype({"doc_pos": "int64", "row_in_doc": "int64", "cache_key": "object"})


def group(facts_sdf):
    """(claims, pairs) as pandas DataFrames, equal to `claims.group.group_claims` on the same rows.

    The few distinct concept keys are merged on the driver (as `claims.keys` does over the whole
    table), rows are keyed and numbered in Spark, and each claim's pairs are built by
    applyInPandas; the claims table comes from the same `claims.group.claim_table`.
    """
    import pandas as pd
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from ..claims.compare import PAIR_TYPES, AlignOptions, pairs_frame, pairs_of, source_notes
    from ..claims.context import contexts, linked_keys
    from ..claims.group import claim_id, claim_id_width, claim_members, claim_table
    from ..claims.keys import STRONG_POSITIONS, link_values, outside_story, story_column, story_keys, with_keys

    distinct = facts_sdf.select("story", "concept_key", "predicate", "event").distinct().toPandas()
    keys = story_keys(story_column(distinct), list(zip(distinct["concept_key"], distinct["predicate"],
                                                       distinct["event"])))
    options = AlignOptions()

    def keyed(batches):
        for pdf in batches:
            yield with_keys(pdf, keys, link_contexts=False)

    def sentence_links(pdf):
        """Context links need every figure of a sentence together (see `context.contexts`)."""
        ctx = contexts(pdf["doc_id"].to_numpy(), pdf["sentence_id"].to_numpy(), pdf["sentence"].to_numpy(),
                       pdf["start"].to_numpy(), pdf["surface"].to_numpy())
        links = link_values(ctx, pdf["dimension"].to_numpy(), pdf["base_unit"].to_numpy(), story_column(pdf))
        return pd.DataFrame({"row_pos": pdf["row_pos"].to_numpy(),
                             "context_link": ["" if out else link for link, out in zip(links, outside_story(pdf))]})

    schema = facts_sdf.schema.add("row_pos", "long").add("time_window", "string").add("claim_key", "string") \
        .add("low_w", "double").add("high_w", "double").add("step_b", "double")
    ordered = facts_sdf.withColumn("row_pos", F.row_number().over(Window.orderBy("doc_pos", "row_in_doc")) - 1)
    rows = ordered.mapInPandas(keyed, schema)
    links = ordered.groupBy("doc_id", "sentence_id").applyInPandas(sentence_links,
                                                                   "row_pos long, context_link string")
    rows = keyed_rows = rows.join(links, "row_pos").cache()
    # Rows of two documents with one link share a key (`context.linked_keys`, the local engine's
    # own function): only the linked rows' few columns come to the driver, and the keys that
    # change go back as a broadcast join.
    linked = rows.where(F.col("context_link") != "").select("row_pos", "doc_id", "claim_key", "context_link") \
        .toPandas().sort_values("row_pos")
    new_keys = linked_keys(list(linked["claim_key"]), linked["doc_id"].to_numpy(), list(linked["context_link"]))
    changed = [(int(pos), key) for pos, old, key in zip(linked["row_pos"], linked["claim_key"], new_keys) if key != old]
    if changed:
        relinked = rows.sparkSession.createDataFrame(changed, "row_pos long, linked_key string")
        rows = rows.join(F.broadcast(relinked), "row_pos", "left") \
            .withColumn("claim_key", F.coalesce("linked_key", "claim_key")).drop("linked_key")
    group_key = F.when(F.col("claim_key") == "", F.concat(F.lit("#"), F.col("row_pos").cast("string"))) \
        .otherwise(F.concat_ws("\u0001", "claim_key", "dimension", "base_unit", "time_window", "story"))
    firsts = rows.withColumn("group_key", group_key).groupBy("group_key").agg(F.min("row_pos").alias("first"))
    numbered = firsts.withColumn("n", F.row_number().over(Window.orderBy("first")))
    rows = rows.withColumn("group_key", group_key).join(numbered.select("group_key", "n"), "group_key").cache()
    width = claim_id_width(numbered.count())
    # What each source says of the story as a whole (sums, revisions, roundups, the people it
    # names with an age) comes from its counts of people, its headline and lead, and its ages:
    # a few columns of those rows, read on the driver.
    notes = source_notes(rows.where(F.col("claim_key").contains("|") | (F.col("measure") == "age")
                                    | F.col("position").isin(*[str(p) for p in STRONG_POSITIONS]))
                         .select("claim_key", "doc_id", "role", "base_value", "sentence", "position", "dimension",
                                 "measure", "holder", "sentence_id")
                         .toPandas())

    def one_claim(pdf):
        pdf = pdf.sort_values("row_pos").set_index("row_pos")
        if pdf["doc_id"].nunique() < 2:
            return pd.DataFrame(columns=list(PAIR_TYPES))
        return pd.DataFrame(pairs_of(claim_id(pdf["n"].iloc[0], width), pdf, list(range(len(pdf))),
                                     pdf["claim_key"].iloc[0], pdf["dimension"].iloc[0], notes, options),
                            columns=list(PAIR_TYPES))

    pair_schema = ", ".join(f"{name} {kind}" for name, kind in PAIR_TYPES.items())
    pairs = rows.groupBy("n").applyInPandas(one_claim, pair_schema).toPandas()
    local = rows.select("row_pos", "n", "claim_key", "concept_key", "concept", "role", "dimension", "base_unit", "unit",
                        "time_window", "doc_id", "surface", "story").toPandas().sort_values("row_pos").set_index("row_pos")
    rows.unpersist()
    keyed_rows.unpersist()
    local.index.name = None
    members = claim_members(claim_id(n, width) for n in local["n"])
    return claim_table(local, members), pairs_frame(pairs.to_dict("records"))


def facts_batch_spark(sdf):
    """The mentions plus `suites.derived_columns` (Spark)."""
    from pyspark.sql import functions as F

    from ..checks.suites import derived_columns

    return sdf.withColumns(derived_columns(F.col, lambda text: F.length(text).cast("long")))


def check(paths, master: str | None = None, conf: dict | None = None, out: str | None = None,
          suites_dir=None, options: ExtractOptions = ExtractOptions(), local_ip: bool = False,
          quiet: bool = False, stories: str = "auto", cache=None):
    """`facts check` on Spark: the same AuditResult as the pandas pipeline gives.

    With a `cache` (`cache.Cache`, on the driver), the documents it holds are not sent to Spark:
    their rows join the mentions from the cache, and the rows Spark extracts are stored in it, under
    the same keys the local engine uses (the mentions' `cache_key` column)."""
    import pandas as pd

    from ..checks.audit import AuditResult, with_verdicts
    from ..checks.suites import load_suites, no_rows, run_suites
    from ..inputs.documents import load_documents
    from ..parse.table import frame
    from ..types import DOCUMENT_COLUMNS, FACT_COLUMNS
    from .cache import document_key, fingerprint

    suites = load_suites(suites_dir)
    from ..claims.stories import assign

    # Stories are found on the driver, by the same function as the local engine: same stories.
    documents = assign(list(load_documents(paths, memo=cache)), stories, cache)
    documents_df = pd.DataFrame([d.record() for d in documents], columns=list(DOCUMENT_COLUMNS))
    found = cache.lookup(documents) if cache is not None else \
        [(document_key(d, fingerprint(options)), None) for d in documents]
    todo = [i for i, (_, rows) in enumerate(found) if rows is None]
    spark = session(master, conf, local_ip, quiet)
    facts_sdf = extract(documents_frame(spark, [documents[i] for i in todo], todo, [found[i][0] for i in todo]),
                        options=options)
    cached = [(i, key, rows) for i, (key, rows) in enumerate(found) if rows]
    if cached:
        facts_sdf = facts_sdf.unionByName(spark.createDataFrame(located(cached), fact_schema()))
    with tempfile.TemporaryDirectory(prefix="facts-spark-") as tmp:
        mentions_path = out or str(Path(tmp) / "mentions.parquet")
        # Written once and read back: GX's metrics then scan Parquet, not re-run the extraction.
        facts_sdf.write.mode("overwrite").parquet(mentions_path)
        facts_sdf = spark.read.parquet(mentions_path)
        claims_df, pairs_df = group(facts_sdf)
        ordered = facts_sdf.orderBy("doc_pos", "row_in_doc").toPandas()
        records = ordered[list(FACT_COLUMNS)].to_dict("records")
        if cache is not None:
            new: dict[int, list[dict]] = {i: [] for i in todo if documents[i].status == DocumentStatus.OK}
            for position, record in zip(ordered["doc_pos"], records):
                if position in new:
                    new[position].append(dict(record))
            cache.store((found[i][0], rows) for i, rows in new.items())
        facts_pdf = frame(records)
        counts = facts_pdf.groupby("doc_id").size()
        documents_df["facts"] = [int(counts.get(d, 0)) for d in documents_df["doc_id"]]
        tables = {"facts": facts_batch_spark(facts_sdf)}
        if len(pairs_df):
            pairs_path = str(Path(tmp) / "pairs.parquet")
            spark.createDataFrame(pairs_df.reset_index(names="pair_id")).write.mode("overwrite").parquet(pairs_path)
            tables["pairs"] = spark.read.parquet(pairs_path)
        results = []
        for suite in suites:
            if suite.table not in tables:  # no pairs: nothing to disagree
                results += no_rows(suite)
            else:
                results += run_suites([suite], tables, engine="spark", id_columns={"pairs": "pair_id"})
        results = tuple(results)
    claims_df = with_verdicts(facts_pdf, claims_df, pairs_df, results)
    return AuditResult(facts_pdf, documents_df, claims_df, pairs_df, results)
