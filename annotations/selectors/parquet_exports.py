"""Parquet exports: the JSON Lines records, typed by a fixed Arrow schema, in row groups.

PostgreSQL builds the records as for the JSON Lines exports (with the label as its class
index); pyarrow's JSON reader types each block of rows by the fixed schema, and each block
becomes one row group of the Parquet file, which leaves the server as soon as it is written.
Memory holds one block, however many rows there are. The schema, with the label names, is
stored in the file as Hugging Face ``datasets`` features, so ``load_dataset`` infers nothing.
"""

import io
import json
from collections.abc import Iterator
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

# JSON read per block: one block is one row group (about 5,000 claims).
BLOCK_BYTES = 4 * 1024 * 1024
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


# --- Hugging Face features ------------------------------------------------------------------


def hf_features(schema: pa.Schema, label_names: tuple[str, ...]) -> dict:
    """The ``datasets`` Features of ``schema`` as a dict (Features.from_dict reads it)."""
    return {field.name: _feature(field, label_names) for field in schema}


def _feature(field: pa.Field, label_names: tuple[str, ...]):
    kind = field.type
    if field.name == "label" and kind == LABEL:
        return {"names": list(label_names), "_type": "ClassLabel"}
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

    The blocks are cut at line ends here and parsed in this thread: the rows come from this
    thread's database connection, which pyarrow's own reader threads must not touch.
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

    pending = bytearray()
    for chunk in export_chunks(export.query):
        pending += chunk
        # A block ends at the first line end after BLOCK_BYTES; every row ends with one.
        while (end := pending.find(b"\n", BLOCK_BYTES - 1)) != -1:
            yield row_group(bytes(pending[: end + 1]))
            del pending[: end + 1]
    if pending:
        yield row_group(bytes(pending))
    writer.close()
    yield sink.take()
