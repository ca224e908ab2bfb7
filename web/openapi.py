"""The hand-written OpenAPI 3 description served at /api/openapi.json.

A test compares its paths and methods with the app's real URL map, so it cannot drift.
"""
from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    text = {400: "Bad request", 401: "Not authenticated", 403: "Role not allowed", 404: "Not found",
            409: "Duplicate", 413: "Too large", 415: "Unsupported file", 422: "Unreadable file"}
    return {str(c): _json(_ERROR, text[c]) for c in codes}


def _param(name: str, where: str = "query", kind: str = "string", description: str = "") -> dict:
    return {"name": name, "in": where, "required": where == "path", "schema": {"type": kind},
            "description": description}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.0 document for every /api/ route."""
    doc_id = _param("doc_id", "path", description="Document id (12 hex of the SHA-256)")
    return {
        "openapi": "3.0.3",
        "info": {"title": "burt-archive API", "version": "1",
                 "description": "Arsip BuRT: unggah, cari, dan koreksi dokumen. Authenticate with "
                                "'Authorization: Token <token>' (burt user token NAME)."},
        "components": {
            "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "Authorization",
                                          "description": "'Token <token>'"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {
                    "error": {"type": "object", "required": ["code", "message"], "properties": {
                        "code": {"type": "string"}, "message": {"type": "string"}}},
                    "document": {"type": "string", "description": "existing document (409 only)"}}},
                "Job": {"type": "object", "properties": {
                    "id": {"type": "string"}, "file": {"type": "string"},
                    "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
                    "stage": {"type": "string"}, "progress": {"type": "number"},
                    "document": {"type": "string", "nullable": True},
                    "error": {"type": "object", "nullable": True}}},
                "SearchResult": {"type": "object", "required": ["total", "hits"], "properties": {
                    "total": {"type": "integer"}, "page": {"type": "integer"}, "limit": {"type": "integer"},
                    "suggestion": {"type": "string"}, "facets": {"type": "object"},
                    "hits": {"type": "array", "items": {"type": "object", "properties": {
                        k: {"type": "string"} for k in ("id", "file", "title", "snippet", "doc_type", "tanggal")}}}}},
                "Document": {"type": "object", "description": "burt show ID --json"},
            },
        },
        "security": [{"token": []}],
        "paths": {
            "/api/documents": {
                "get": {"summary": "List documents", "parameters": [
                    _param("limit", kind="integer"), _param("offset", kind="integer"),
                    _param("needs_review", description="1 = only documents needing review")],
                    "responses": {"200": _json({"type": "object"}, "Documents"), **_errors(401)}},
                "post": {"summary": "Upload a file; OCR runs in the background",
                         "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                             "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}}},
                         "responses": {"202": _json({"type": "object", "properties": {
                             "job": {"type": "string"}}}, "Queued"), **_errors(400, 401, 403, 409, 413, 415, 422)}},
            },
            "/api/documents/{doc_id}": {
                "get": {"summary": "One document", "parameters": [doc_id],
                        "responses": {"200": _json({"$ref": "#/components/schemas/Document"}, "Document"),
                                      **_errors(401, 404)}},
                "patch": {"summary": "Correct metadata / classification (audited; doc_type also sets sop_step "
                                     "from the SOP)", "parameters": [doc_id],
                          "requestBody": {"required": True, "content": {"application/json": {"schema": {
                              "type": "object", "additionalProperties": {"type": "string", "nullable": True}}}}},
                          "responses": {"200": _json({"$ref": "#/components/schemas/Document"}, "Updated"),
                                        **_errors(400, 401, 403, 404)}},
            },
            "/api/jobs": {
                "get": {"summary": "Newest jobs and the queue: due, waiting for a retry, parked, running with "
                                   "their stage (same keys as burt jobs --json)",
                        "parameters": [_param("limit", kind="integer"),
                                       _param("failed", description="1 = only failed, retrying or parked jobs")],
                        "responses": {"200": _json({"type": "object", "properties": {
                            "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
                            "queue": {"type": "object"}}}, "Jobs and queue"), **_errors(401)}},
            },
            "/api/health": {
                "get": {"summary": "Health: {status} for anyone (liveness); every part with its message for an "
                                   "admin (same JSON as burt health --json). 503 when a part is down.",
                        "security": [{}, {"token": []}],
                        "responses": {"200": _json({"type": "object", "properties": {
                            "status": {"type": "string", "enum": ["ok", "warning", "down"]}}}, "Nothing is down"),
                            "503": _json({"type": "object"}, "A part is down")}},
            },
            "/api/jobs/{job_id}": {
                "get": {"summary": "Upload job status", "parameters": [_param("job_id", "path")],
                        "responses": {"200": _json({"$ref": "#/components/schemas/Job"}, "Job"),
                                      **_errors(401, 404)}},
            },
            "/api/search": {
                "get": {"summary": "Search (same JSON as burt search --json)", "parameters": [
                    _param("q"), _param("step", kind="integer"), _param("type"), _param("partner"),
                    _param("from", description="YYYY-MM-DD"), _param("to", description="YYYY-MM-DD"),
                    _param("year", kind="integer"), _param("nomor"), _param("limit", kind="integer"),
                    _param("page", kind="integer"), _param("sort", description="relevance | date | date_asc"),
                    _param("needs_review", description="1 = only documents waiting for review")],
                    "responses": {"200": _json({"$ref": "#/components/schemas/SearchResult"}, "Hits"),
                                  **_errors(400, 401)}},
            },
            "/api/audit": {
                "get": {"summary": "SOP audit (same JSON as burt audit --json)",
                        "parameters": [_param("activity")],
                        "responses": {"200": _json({"type": "object"}, "Audit"), **_errors(401, 404)}},
            },
            "/api/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": _json({"type": "object"}, "OpenAPI")}},
            },
        },
    }
