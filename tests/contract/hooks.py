"""schemathesis hooks for Madani's contract tests (loaded through SCHEMATHESIS_HOOKS by run.py).

Each adjustment concerns data the schema calls valid that the server rightly refuses for a reason
JSON Schema cannot state; it touches positive cases only, so negative ones are sent as generated.
"""

import os
from datetime import date

import schemathesis
from schemathesis import GenerationMode

# Another demo member (run.py passes Karim's id), for requests that name an existing member.
PEER = os.environ.get("CONTRACT_PEER_ID")


@schemathesis.serializer("image/png", "image/jpeg", "image/webp", "video/mp4", "video/webm")
def binary(ctx, value):
    """Uploads are bytes (whatever was generated, as text): the server reads pictures and videos
    by their content, so these are refused as unreadable, which is what is checked."""
    if isinstance(value, bytes):
        return value
    return str(value).encode()


def _positive(case) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode == GenerationMode.POSITIVE


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if not _positive(case):
        return
    path, method = case.operation.path, case.operation.method.upper()
    # A cursor is the `next_cursor` of a page the server gave; a made-up one is refused (422).
    if isinstance(case.query, dict):
        case.query.pop("cursor", None)
    body = case.body if isinstance(case.body, dict) else None
    if body is None:
        return
    # An association's commune must be one of its wilaya's: a rule between two fields.
    if path in ("/api/v1/associations", "/api/v1/associations/{id}"):
        body.pop("commune_id", None)
    # A course may not end before it starts: a rule between two fields.
    if path in ("/api/v1/courses", "/api/v1/courses/{id}"):
        starts, ends = body.get("starts_on"), body.get("ends_on")
        if isinstance(starts, str) and isinstance(ends, str):
            try:
                if date.fromisoformat(ends) < date.fromisoformat(starts):
                    body["starts_on"], body["ends_on"] = ends, starts
            except ValueError:
                pass
    # A connection is asked of a member who exists.
    if (method, path) == ("POST", "/api/v1/connections") and PEER:
        body["user_id"] = PEER
