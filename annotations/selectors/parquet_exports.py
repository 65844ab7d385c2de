"""Parquet exports: the JSON Lines records, typed by a fixed Arrow schema, in row groups.

PostgreSQL builds the records as for the JSON Lines exports (with the label as its class
index); pyarrow's JSON reader types each block of rows by the fixed schema, and each block
becomes one row group of the Parquet file, which leaves the server as soon as it is written.
Memory holds a few blocks, however many rows there are. The schema, with the label names, is
stored in the file as Hugging Face ``datasets`` features, so ``load_dataset`` infers nothing.
"""

import io
import json
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from annotations.selectors.claim_filters import ClaimFilters
from annotations.selectors.exports import (
    ExportQuery,
    claim_record_select,
    export_chunks,
    sentences_jsonl_query,
    where_sql,
)
from annotations.selectors.gold_export import GoldExportFilters, gold_record_select

# JSON read per block: one block is one row group (about 5,000 claims). The first is smaller:
# its row group is the response's first bytes.
BLOCK_BYTES = 4 * 1024 * 1024
FIRST_BLOCK_BYTES = 64 * 1024
# Blocks read ahead of the one being encoded: memory holds at most AHEAD + 1 blocks.
AHEAD = 2
TIMESTAMP = pa.timestamp("us", tz="UTC")
DATE = pa.date32()
# Label columns hold the class index into the label names; Hugging Face's ClassLabel is int64.
LABEL = pa.int64()

_SPAN = pa.struct(
    [
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("article_start", pa.int32()),
        ("article_end", pa.int32()),
        ("text", pa.string()),
    ]
)


def _article(published_on: pa.DataType) -> pa.DataType:
    return pa.struct(
        [
            ("id", pa.int64()),
            ("title", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            ("published_on", published_on),
            ("language", pa.string()),
            ("content_hash", pa.string()),
        ]
    )


def annotation_schema(*, published_on: pa.DataType = DATE) -> pa.Schema:
    """annotations.parquet: one row per claim, the fields of annotations.jsonl."""
    return pa.schema(
        [
            ("id", pa.int64()),
            ("label", LABEL),
            ("whole_sentence", pa.bool_()),
            ("spans", pa.list_(_SPAN)),
            ("attributed_to", pa.string()),
            ("note", pa.string()),
            ("reviewer", pa.string()),
            ("created_at", TIMESTAMP),
            ("updated_at", TIMESTAMP),
            ("revision", pa.int32()),
            ("from_suggestion", pa.string()),
            (
                "sentence",
                pa.struct(
                    [
                        ("id", pa.int64()),
                        ("position", pa.int32()),
                        ("start", pa.int32()),
                        ("end", pa.int32()),
                        ("text", pa.string()),
                    ]
                ),
            ),
            ("article", _article(published_on)),
        ]
    )


def sentence_schema(*, published_on: pa.DataType = DATE) -> pa.Schema:
    """sentences.parquet: one row per reviewed sentence, the fields of sentences.jsonl."""
    claim = pa.struct(
        [
            ("id", pa.int64()),
            ("reviewer", pa.string()),
            ("label", LABEL),
            ("whole_sentence", pa.bool_()),
            ("spans", pa.list_(_SPAN)),
            ("attributed_to", pa.string()),
            ("note", pa.string()),
            ("created_at", TIMESTAMP),
            ("updated_at", TIMESTAMP),
            ("revision", pa.int32()),
            ("from_suggestion", pa.string()),
        ]
    )
    mark = pa.struct([("reviewer", pa.string()), ("created_at", TIMESTAMP)])
    return pa.schema(
        [
            ("id", pa.int64()),
            ("position", pa.int32()),
            ("paragraph", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("article", _article(published_on)),
            ("annotations", pa.list_(claim)),
            ("no_claim", pa.list_(mark)),
        ]
    )


def gold_schema(*, published_on: pa.DataType = DATE) -> pa.Schema:
    """gold.parquet: one row per sentence, the fields of gold.jsonl."""
    source = pa.struct(
        [("annotation", pa.int64()), ("reviewer", pa.string()), ("revision", pa.int32())]
    )
    claim = pa.struct(
        [
            ("id", pa.int64()),
            ("label", LABEL),
            ("whole_sentence", pa.bool_()),
            ("spans", pa.list_(_SPAN)),
            ("attributed_to", pa.string()),
            ("origin", pa.string()),
            ("sources", pa.list_(source)),
            ("created_at", TIMESTAMP),
            ("updated_at", TIMESTAMP),
        ]
    )
    gold = pa.struct(
        [
            ("no_claim", pa.bool_()),
            ("origin", pa.string()),
            ("curator", pa.string()),
            ("rationale", pa.string()),
            ("error_category", pa.string()),
            ("decided_at", TIMESTAMP),
            ("updated_at", TIMESTAMP),
            ("version", pa.int32()),
            ("claims", pa.list_(claim)),
        ]
    )
    review = pa.struct(
        [("reviewer", pa.string()), ("no_claim", pa.bool_()), ("labels", pa.list_(LABEL))]
    )
    return pa.schema(
        [
            ("id", pa.int64()),
            ("position", pa.int32()),
            ("paragraph", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("article", _article(published_on)),
            ("split", pa.string()),
            ("state", pa.string()),
            ("gold", gold),
            ("reviews", pa.list_(review)),
            ("agreement", pa.struct([("reviewers", pa.int32()), ("score", pa.float64())])),
        ]
    )


@dataclass(frozen=True)
class ParquetExport:
    """A query whose JSON rows fit ``schema`` once dates are cast; ``label_names`` by index."""

    query: ExportQuery
    schema: pa.Schema
    read_schema: pa.Schema
    label_names: tuple[str, ...]


def label_index_sql(label_ids: list[int], column: str) -> str:
    """SQL for a label's class index: its position among all labels in id order, from 0."""
    ids = ", ".join(str(int(label_id)) for label_id in label_ids) or "NULL"
    return f"(array_position(ARRAY[{ids}]::bigint[], {column}) - 1)"


def annotations_parquet(filters: ClaimFilters, *, labels: list[tuple[int, str]]) -> ParquetExport:
    conditions, params = filters.sql_conditions(alias="a")
    records = claim_record_select(
        where_sql(conditions), label=label_index_sql([pk for pk, _slug in labels], "a.label_id")
    )
    sql = f"SELECT row_to_json(claim)::text FROM ({records}) AS claim ORDER BY claim.id"
    return ParquetExport(
        query=ExportQuery(sql=sql, params=tuple(params)),
        schema=annotation_schema(),
        read_schema=annotation_schema(published_on=pa.string()),
        label_names=tuple(slug for _pk, slug in labels),
    )


def sentences_parquet(filters: ClaimFilters, *, labels: list[tuple[int, str]]) -> ParquetExport:
    query = sentences_jsonl_query(
        filters, label=label_index_sql([pk for pk, _slug in labels], "a.label_id")
    )
    return ParquetExport(
        query=query,
        schema=sentence_schema(),
        read_schema=sentence_schema(published_on=pa.string()),
        label_names=tuple(slug for _pk, slug in labels),
    )


def gold_parquet(filters: GoldExportFilters, *, labels: list[tuple[int, str]]) -> ParquetExport:
    records = gold_record_select(
        filters,
        label=label_index_sql([pk for pk, _slug in labels], "l.id"),
        label_type="integer",
    )
    sql = f"SELECT row_to_json(record)::text FROM ({records.sql}) AS record ORDER BY record.id"
    return ParquetExport(
        query=ExportQuery(sql=sql, params=records.params),
        schema=gold_schema(),
        read_schema=gold_schema(published_on=pa.string()),
        label_names=tuple(slug for _pk, slug in labels),
    )


# --- Hugging Face features ------------------------------------------------------------------


def hf_features(schema: pa.Schema, label_names: tuple[str, ...]) -> dict:
    """The ``datasets`` Features of ``schema`` as a dict (Features.from_dict reads it)."""
    return {field.name: _feature(field, label_names) for field in schema}


def _feature(field: pa.Field, label_names: tuple[str, ...]):
    kind = field.type
    if field.name == "label" and kind == LABEL:
        return {"names": list(label_names), "_type": "ClassLabel"}
    if field.name == "labels" and kind == pa.list_(LABEL):
        return [{"names": list(label_names), "_type": "ClassLabel"}]
    if pa.types.is_struct(kind):
        return {child.name: _feature(child, label_names) for child in kind}
    if pa.types.is_list(kind):
        return [_feature(kind.value_field, label_names)]
    return {"dtype": _dtype(kind), "_type": "Value"}


def _dtype(kind: pa.DataType) -> str:
    if pa.types.is_timestamp(kind):
        return f"timestamp[{kind.unit}, tz={kind.tz}]"
    return {
        pa.int64(): "int64",
        pa.int32(): "int32",
        pa.bool_(): "bool",
        pa.string(): "string",
        pa.date32(): "date32",
        pa.float64(): "float64",
    }[kind]


def _with_features(schema: pa.Schema, label_names: tuple[str, ...]) -> pa.Schema:
    features = hf_features(schema, label_names)
    return schema.with_metadata({"huggingface": json.dumps({"info": {"features": features}})})


# --- streaming ------------------------------------------------------------------------------


class _Sink:
    """A write-only file whose bytes are taken out after every row group."""

    def __init__(self):
        self.buffer = bytearray()
        self.closed = False

    def write(self, data) -> int:
        self.buffer += data
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


def parquet_chunks(export: ParquetExport) -> Iterator[bytes]:
    """The Parquet file, one row group per block of rows, as the rows come from PostgreSQL.

    The blocks are cut at line ends in this thread, which reads the COPY: the rows come from
    this thread's database connection, which no other thread may touch. One worker thread
    parses each block and writes its row group (pyarrow releases the GIL meanwhile), so
    PostgreSQL builds the next rows while the last ones are encoded; at most AHEAD blocks wait.
    The first block is small, so the first row group leaves at once.
    """
    schema = _with_features(export.schema, export.label_names)
    sink = _Sink()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")

    def row_group(block: bytes) -> bytes:
        table = pa_json.read_json(
            io.BytesIO(block),
            read_options=pa_json.ReadOptions(block_size=len(block) + 1, use_threads=False),
            parse_options=pa_json.ParseOptions(
                explicit_schema=export.read_schema, unexpected_field_behavior="error"
            ),
        )
        writer.write_table(table.cast(export.schema), row_group_size=table.num_rows)
        return sink.take()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet") as encoder:
        waiting: deque[Future[bytes]] = deque()
        pending = bytearray()
        limit = min(FIRST_BLOCK_BYTES, BLOCK_BYTES)
        sent = False
        for chunk in export_chunks(export.query):
            pending += chunk
            # A block ends at the first line end after the limit; every row ends with one.
            while (end := pending.find(b"\n", limit - 1)) != -1:
                waiting.append(encoder.submit(row_group, bytes(pending[: end + 1])))
                del pending[: end + 1]
                limit = BLOCK_BYTES
            # The first row group is waited for: it is the response's first bytes.
            while waiting and (len(waiting) > AHEAD or waiting[0].done() or not sent):
                yield waiting.popleft().result()
                sent = True
        if pending:
            waiting.append(encoder.submit(row_group, bytes(pending)))
        while waiting:
            yield waiting.popleft().result()
        encoder.submit(writer.close).result()
    yield sink.take()
