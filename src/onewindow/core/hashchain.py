"""A SHA-256 hash chain over records, in pure Python.

Each link's hash covers the previous link's hash and a canonical JSON form of its record, so changing
any field of any record, reordering records or removing one from the middle breaks the chain at that
point. The audit log seals its events with it.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(record: Mapping[str, Any]) -> bytes:
    """One byte string per record, whatever the key order or database it came from."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link_hash(prev_hash: str, record: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical_json(record)).hexdigest()


@dataclass(frozen=True)
class Link:
    """A sealed record as stored: its position, the hash it claims to follow, and its own hash."""

    key: Any
    seq: int
    prev_hash: str
    hash: str
    record: Mapping[str, Any]


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head: str
    broken_key: Any = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_key is None


def verify_chain(links: Iterable[Link]) -> ChainReport:
    """Walk the links in order of seq and report the first one that does not hold."""
    prev = GENESIS
    checked = 0
    for expected_seq, link in enumerate(links, start=1):
        if link.seq != expected_seq:
            return ChainReport(
                checked, prev, link.key, f"sequence jumps from {expected_seq - 1} to {link.seq}"
            )
        if link.prev_hash != prev:
            return ChainReport(checked, prev, link.key, "previous hash does not match the chain")
        if link_hash(prev, link.record) != link.hash:
            return ChainReport(checked, prev, link.key, "content does not match its sealed hash")
        prev = link.hash
        checked += 1
    return ChainReport(checked, prev)
