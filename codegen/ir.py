"""The intermediate form between the Postman collection and the generators.

``codegen.postman.read_collection(path) -> list[RequestIR]`` produces it; the model
generator (``codegen.models``) and the endpoint writer (``codegen.endpoints``) consume it.
Everything here is plain data so each stage can be tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ParamIR:
    name: str  # wire name
    location: str  # "path" | "query" | "body"
    type: str = "string"  # string, integer, number, boolean, array, object, any, file
    required: bool = False
    enum: tuple[str, ...] | None = None
    default: Any = None
    description: str = ""
    items_type: str | None = None  # for arrays, when known


@dataclass(frozen=True)
class ExampleIR:
    name: str
    status: int
    headers: dict[str, str]
    body: Any  # parsed JSON (None when the body was empty / not JSON)
    body_text: str | None = None  # the original text when the body was not JSON
    request_query: dict[str, str] = field(default_factory=dict)
    request_method: str = "GET"
    request_path: str = ""  # concrete path below the namespace, e.g. /sites/1/plugins
    auth: str = ""  # key scope of the capture: read|write|delete|read_write|none|custom:...


@dataclass(frozen=True)
class RequestIR:
    category: str  # folder slug: sites, clients, tags, updates, costs, users, settings,
    #                monitors, api_keys, posts, pages, batch
    name: str  # function name inside the category (see README "Naming")
    method: str  # the method we send
    methods: tuple[str, ...]  # every method the route accepts
    path: str  # template below /wp-json/mainwp/v2 with {param} placeholders
    route: str  # the server's route regex below the namespace
    params: tuple[ParamIR, ...]
    body_encoding: str  # "none" | "json" | "json-strict" | "form" | "multipart"
    description: str = ""
    examples: tuple[ExampleIR, ...] = ()
    paging: str = "none"  # see mainwp_async._spec.PagingKind values
    # every arg name the server's route index declares for the route (sorted), including
    # ones the collection leaves out as noise; what discovery compares a live index with
    declared_args: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.category}.{self.name}"
