#!/usr/bin/python3
"""Subscribe to ebm-perception's predictions from Python and print mean, sigma, modes and the trust verdict.

Needs only Debian's packages: python3-confluent-kafka (librdkafka) and python3-avro.
Reads both framings the app can write (see docs/topics.md), telling them apart by the first byte:

  C3 01 + 8-byte fingerprint + body   Avro single-object encoding (serde.format=single-object,
                                      the default): the writer schema is one of the shipped .avsc
                                      files, found by its CRC-64-AVRO fingerprint.
  00 + 4-byte schema id + body        a schema registry's framing (serde.format=registry): the
                                      writer schema is fetched once per id from --registry.

Reads with isolation.level=read_committed, so only predictions of committed transactions show.

  /usr/bin/python3 subscriber.py --bootstrap localhost:9092 --count 300
  /usr/bin/python3 subscriber.py --bootstrap kafka:9092 --registry http://registry:8080/apis/ccompat/v7
"""
import argparse
import io
import json
import math
import os
import struct
import sys
import time
import urllib.request
import uuid

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaError

HERE = os.path.dirname(os.path.abspath(__file__))
SHIPPED = [
    os.path.join(HERE, "..", "..", "schemas", "src", "main", "avro", "Prediction.avsc"),
    os.path.join(HERE, "..", "..", "schemas", "src", "main", "resources", "io", "ebmperception", "schemas",
                 "history", "Prediction-v1.avsc"),
    os.path.join(HERE, "..", "..", "schemas", "src", "main", "resources", "io", "ebmperception", "schemas",
                 "history", "Prediction-v3.avsc"),
]

# CRC-64-AVRO (Rabin), as the Avro specification defines it for schema fingerprints.
_EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def crc64_avro(data: bytes) -> int:
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


def _bare_primitives(node):
    """Avro for Python 1.11 leaves {"type": "long"} where a field had a logical type in its
    canonical form; the specification (and Java) write the bare "long". Unwrap such objects."""
    if isinstance(node, dict):
        if set(node) == {"type"} and isinstance(node["type"], str):
            return node["type"]
        return {k: _bare_primitives(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_bare_primitives(v) for v in node]
    return node


def fingerprint(schema: avro.schema.Schema) -> int:
    canonical = json.dumps(_bare_primitives(json.loads(schema.canonical_form)), separators=(",", ":"))
    return crc64_avro(canonical.encode("utf-8"))


class Decoder:
    """Decodes a record value in either framing to a dict."""

    def __init__(self, schema_files, registry_url):
        self.by_fingerprint = {}
        for path in schema_files:
            with open(path) as f:
                schema = avro.schema.parse(f.read())
            self.by_fingerprint[fingerprint(schema)] = schema
        self.registry_url = registry_url.rstrip("/") if registry_url else None
        self.by_id = {}

    def _registry_schema(self, schema_id):
        if schema_id not in self.by_id:
            if not self.registry_url:
                raise ValueError("record in the registry framing (schema id %d) but no --registry given" % schema_id)
            url = "%s/schemas/ids/%d" % (self.registry_url, schema_id)
            with urllib.request.urlopen(url, timeout=10) as reply:
                self.by_id[schema_id] = avro.schema.parse(json.load(reply)["schema"])
        return self.by_id[schema_id]

    def decode(self, value: bytes):
        if value[:2] == b"\xc3\x01" and len(value) >= 10:
            (fp,) = struct.unpack("<Q", value[2:10])
            writer = self.by_fingerprint.get(fp)
            if writer is None:
                raise ValueError("unknown writer schema fingerprint %016x (pass its .avsc with --schema)" % fp)
            body, framing = value[10:], "single-object"
        elif value[:1] == b"\x00" and len(value) >= 5:
            (schema_id,) = struct.unpack(">I", value[1:5])
            writer = self._registry_schema(schema_id)
            body, framing = value[5:], "registry:%d" % schema_id
        else:
            raise ValueError("neither framing: first bytes %s" % value[:4].hex())
        record = avro.io.DatumReader(writer).read(avro.io.BinaryDecoder(io.BytesIO(body)))
        return record, framing


def describe(p):
    d = p["targetDim"]
    cov = p["covariance"]
    sigma = [math.sqrt(max(cov[i * d + i], 0.0)) for i in range(d)]
    modes = " ".join("[w=%.2f mean=%s]" % (m["weight"], fmt(m["mean"])) for m in p.get("modes", []))
    # version 3: the trust verdict (act on mean and spread only when trusted) and the 90% interval
    trust = ""
    if p.get("trusted") is not None:
        trust = " trusted=%s ood=%.2f" % ("yes" if p["trusted"] else "NO", p["oodScore"])
    for interval in p.get("intervals", []):
        if abs(interval["level"] - 0.9) < 1e-9:
            trust += " interval90=%s..%s" % (fmt(interval["lower"]), fmt(interval["upper"]))
    # version 4: what the numbers are (names and units from the model's manifest) and the capture clock
    names, units = p.get("targetNames", []), p.get("targetUnits", [])
    if names:
        trust += " targets=" + ",".join(
            n + ("[%s]" % units[i] if i < len(units) and units[i] else "") for i, n in enumerate(names))
        trust += " clock=" + p.get("captureClock", "read")
    return "%s #%d mean=%s sigma=%s ess=%.1f modes=%d %s%s" % (
        p["cameraId"], p["sequence"], fmt(p["mean"]), fmt(sigma), p["effectiveSampleSize"],
        len(p.get("modes", [])), modes, trust)


def fmt(values):
    return "[" + ", ".join("%.4f" % v for v in values) + "]"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default="localhost:9092", help="Kafka bootstrap servers")
    parser.add_argument("--topic", default="ebm.predictions", help="predictions topic")
    parser.add_argument("--registry", help="schema registry URL (Confluent-compatible API) for registry-framed records")
    parser.add_argument("--schema", action="append", help="writer schema .avsc (repeat); default: the shipped ones")
    parser.add_argument("--count", type=int, default=0, help="stop after this many predictions (0: run until --idle)")
    parser.add_argument("--idle", type=float, default=30.0, help="stop after this many seconds without a record")
    parser.add_argument("--group", default=None, help="consumer group (default: a new one, from the beginning)")
    args = parser.parse_args()

    decoder = Decoder(args.schema or SHIPPED, args.registry)
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group or "ebm-python-subscriber-" + uuid.uuid4().hex[:8],
        "auto.offset.reset": "earliest",
        "enable.auto.commit": args.group is not None,
        "isolation.level": "read_committed",
    })
    consumer.subscribe([args.topic])
    decoded, failed, framings, cameras = 0, 0, {}, set()
    last = time.time()
    try:
        while (args.count == 0 or decoded < args.count) and time.time() - last < args.idle:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    print("kafka: %s" % msg.error(), file=sys.stderr)
                continue
            last = time.time()
            try:
                record, framing = decoder.decode(msg.value())
            except Exception as e:  # one bad record is named, not fatal
                failed += 1
                print("partition %d offset %d: %s" % (msg.partition(), msg.offset(), e), file=sys.stderr)
                continue
            decoded += 1
            framings[framing] = framings.get(framing, 0) + 1
            cameras.add(record["cameraId"])
            print(describe(record), flush=True)
    finally:
        consumer.close()
    print("decoded %d predictions from %d camera(s) (%s), %d undecodable" % (
        decoded, len(cameras), ", ".join("%s: %d" % kv for kv in sorted(framings.items())) or "none", failed),
        file=sys.stderr)
    return 0 if failed == 0 and (args.count == 0 or decoded >= args.count) else 1


if __name__ == "__main__":
    sys.exit(main())
