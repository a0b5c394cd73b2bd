// The OpenAPI 3.0 description of /api/v1/, kept beside the handlers it describes. Integration
// tests check real responses against these schemas.
#include <nlohmann/json.hpp>

#include "api/api.h"

namespace marquee::api {
namespace {

constexpr const char* kDocument = R"json({
  "openapi": "3.0.3",
  "info": {
    "title": "Marquee API",
    "version": "1.0.0",
    "description": "Stories, the knowledge graph of people and works, quotes, related reading and search. Reads are public; writes need a bearer token whose role allows them."
  },
  "servers": [{"url": "SERVER/api/v1"}],
  "components": {
    "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
    "parameters": {
      "page": {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
      "per_page": {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
      "story_id": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
      "entity_slug": {"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}}
    },
    "schemas": {
      "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"],
          "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"},
                         "rule": {"type": "string"}}}}
      },
      "Pagination": {
        "type": "object", "required": ["page", "per_page", "total", "pages"],
        "properties": {"page": {"type": "integer"}, "per_page": {"type": "integer"},
                       "total": {"type": "integer"}, "pages": {"type": "integer"}}
      },
      "Author": {
        "type": "object", "required": ["id"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"}, "url": {"type": "string"}}
      },
      "StorySummary": {
        "type": "object",
        "required": ["id", "kind", "slug", "headline", "dek", "section", "url", "published_at", "updated_at", "authors", "exclusive", "featured"],
        "properties": {
          "id": {"type": "integer"},
          "kind": {"type": "string", "enum": ["article", "live", "page", "gallery"], "description": "a page (About, Contact) lives at its own path, with no section; a live story is told in entries; a gallery is an ordered set of photos, each with a page of its own"},
          "path": {"type": "string", "description": "pages only: the page's address, /about/team"},
          "parent": {"type": "string", "nullable": true, "description": "pages only: the parent page's path, or null at the top"},
          "slug": {"type": "string", "description": "a page's own part of its path"}, "headline": {"type": "string"},
          "dek": {"type": "string"}, "section": {"type": "string"},
          "url": {"type": "string", "description": "absolute; empty until published"},
          "published_at": {"type": "string", "description": "RFC 3339 UTC; empty until published"},
          "updated_at": {"type": "string"},
          "authors": {"type": "array", "items": {"$ref": "#/components/schemas/Author"}},
          "exclusive": {"type": "boolean"}, "featured": {"type": "boolean"},
          "score": {"type": "number"}, "snippet_html": {"type": "string"}
        }
      },
      "Media": {
        "type": "object", "nullable": true, "required": ["id", "kind", "url", "mime"],
        "properties": {"id": {"type": "integer"}, "kind": {"type": "string", "enum": ["image", "video"]},
          "url": {"type": "string"}, "mime": {"type": "string"}, "width": {"type": "integer"}, "height": {"type": "integer"},
          "caption": {"type": "string"}, "credit": {"type": "string"}, "alt": {"type": "string"},
          "duration_seconds": {"type": "number"},
          "poster_url": {"type": "string", "description": "clips: the poster for a player up to 1024 pixels wide"},
          "captions": {"type": "array", "description": "clips: their WebVTT caption files, by language",
            "items": {"$ref": "#/components/schemas/CaptionTrack"}},
          "focus": {"type": "object", "description": "A photo's focal point, 0..1 across (x) and down (y)",
            "properties": {"x": {"type": "number"}, "y": {"type": "number"}}},
          "crops": {"type": "object", "description": "The widest JPEG of each crop made, by ratio (16:9, 4:3, 1:1, 4:5)",
            "additionalProperties": {"type": "string"}}}
      },
      "CaptionTrack": {
        "type": "object", "required": ["lang", "label", "url"],
        "properties": {"lang": {"type": "string", "description": "BCP 47 language tag"},
          "label": {"type": "string"}, "url": {"type": "string", "description": "absolute; served as text/vtt"}}
      },
      "MediaDocument": {
        "type": "object", "required": ["data"], "properties": {"data": {"$ref": "#/components/schemas/Media"}}
      },
      "Story": {
        "allOf": [{"$ref": "#/components/schemas/StorySummary"}, {
          "type": "object",
          "required": ["status", "version", "body", "body_html", "tags", "created_at", "lead_media", "clip", "entities"],
          "properties": {
            "status": {"type": "string", "enum": ["draft", "review", "scheduled", "published", "archived"]},
            "version": {"type": "integer"}, "body": {"type": "string", "description": "Markdown"},
            "body_html": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
            "created_at": {"type": "string"}, "seo_title": {"type": "string"}, "seo_description": {"type": "string"},
            "lead_media": {"$ref": "#/components/schemas/Media"}, "clip": {"$ref": "#/components/schemas/Media"},
            "entities": {"type": "array", "items": {"type": "object", "required": ["slug", "name", "kind"],
              "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
                             "salience": {"type": "number"}, "state": {"type": "string"}}}},
            "live": {"type": "object", "description": "live stories only",
              "required": ["is_live", "ended_at", "entries_url", "events_url"],
              "properties": {"is_live": {"type": "boolean"}, "ended_at": {"type": "string", "description": "empty while live"},
                "entries_url": {"type": "string"}, "events_url": {"type": "string"}}},
            "photos": {"type": "array", "description": "galleries only, in order", "items": {"$ref": "#/components/schemas/GalleryPhoto"}}
          }}]
      },
      "Entry": {
        "type": "object", "required": ["id", "story_id", "seq", "deleted"],
        "properties": {"id": {"type": "integer"}, "story_id": {"type": "integer"},
          "seq": {"type": "integer", "description": "the story's event number of this entry's last change (the SSE id)"},
          "deleted": {"type": "boolean"}, "posted_at": {"type": "string"}, "updated_at": {"type": "string"},
          "author": {"type": "object", "nullable": true, "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "slug": {"type": "string"}}},
          "body": {"type": "string", "description": "Markdown"}, "body_html": {"type": "string"},
          "media": {"type": "object", "nullable": true, "properties": {"id": {"type": "integer"}, "kind": {"type": "string", "enum": ["image", "video"]}}},
          "key_moment": {"type": "boolean"}, "pinned": {"type": "boolean"}}
      },
      "EntryWrite": {
        "type": "object", "additionalProperties": false,
        "properties": {"body": {"type": "string", "description": "Markdown, at most 20,000 bytes"},
          "media_id": {"type": "integer", "nullable": true, "description": "a photo or clip of the library"},
          "key_moment": {"type": "boolean"}, "pinned": {"type": "boolean"},
          "posted_at": {"type": "string", "description": "on create only; default now"}}
      },
      "EntryDocument": {"type": "object", "required": ["data"], "properties": {"data": {"$ref": "#/components/schemas/Entry"}}},
      "EntryList": {"type": "object", "required": ["data", "last_seq"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}}, "last_seq": {"type": "integer"}}},
      "GalleryPhoto": {
        "type": "object", "required": ["number", "media_id", "caption", "credit", "alt", "url", "media", "people"],
        "properties": {
          "number": {"type": "integer", "description": "from 1; its page is <url of the gallery>/photos/<number>"},
          "media_id": {"type": "integer"}, "caption": {"type": "string"}, "credit": {"type": "string"}, "alt": {"type": "string"},
          "url": {"type": "string", "description": "absolute address of the photo's page; empty until published"},
          "media": {"$ref": "#/components/schemas/Media"},
          "people": {"type": "array", "items": {"type": "object", "required": ["entity_id", "state", "confidence"],
            "properties": {"entity_id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
              "state": {"type": "string", "enum": ["suggested", "confirmed", "rejected"], "description": "suggested by the linker from the caption, or an editor's decision"},
              "confidence": {"type": "number"}}}}
        }
      },
      "GalleryPhotoWrite": {
        "type": "object", "required": ["media_id"],
        "properties": {
          "media_id": {"type": "integer", "description": "a photo of the media library, once per gallery"},
          "caption": {"type": "string", "description": "empty: the library's"}, "credit": {"type": "string", "description": "empty: the library's"},
          "alt": {"type": "string", "description": "empty: the library's; every photo needs alt text before the gallery goes out"},
          "people": {"type": "array", "description": "editors' decisions; without it, the stored ones are kept",
            "items": {"type": "object", "properties": {"entity": {"type": "string", "description": "a person's slug"}, "entity_id": {"type": "integer"},
              "state": {"type": "string", "enum": ["confirmed", "rejected"], "default": "confirmed"}}}}
        }
      },
      "StoryWrite": {
        "type": "object",
        "properties": {
          "headline": {"type": "string"}, "dek": {"type": "string"}, "body": {"type": "string"},
          "kind": {"type": "string", "enum": ["article", "live", "page", "gallery"], "description": "on create only; default article. live: a story told in timestamped entries (/stories/{id}/entries); gallery: an ordered set of photos"},
          "photos": {"type": "array", "description": "galleries only: the whole list in order (replaces the stored one); a photo without people keeps its stored decisions", "items": {"$ref": "#/components/schemas/GalleryPhotoWrite"}},
          "path": {"type": "string", "description": "pages: the whole path, /about/team (not with parent)"},
          "parent": {"type": "string", "nullable": true, "description": "pages: the parent page's path, null or empty for the top; the page's slug goes under it"},
          "section": {"type": "string", "description": "stories only; required for them"}, "slug": {"type": "string"},
          "authors": {"type": "array", "items": {"type": "string"}, "description": "author slugs; default: the token's user"},
          "tags": {"type": "array", "items": {"type": "string"}},
          "status": {"type": "string", "enum": ["draft", "review", "scheduled", "published", "archived"]},
          "publish_at": {"type": "string", "nullable": true}, "exclusive": {"type": "boolean"}, "featured": {"type": "boolean"},
          "lead_media_id": {"type": "integer", "nullable": true}, "clip_media_id": {"type": "integer", "nullable": true},
          "seo_title": {"type": "string"}, "seo_description": {"type": "string"},
          "version": {"type": "integer", "description": "required on update: the version you edited"}
        }
      },
      "Entity": {
        "type": "object", "required": ["id", "slug", "kind", "name", "aliases", "description", "start_date", "end_date", "url"],
        "properties": {
          "id": {"type": "integer"}, "slug": {"type": "string"},
          "kind": {"type": "string", "enum": ["person", "film", "show", "band", "song", "album", "character", "organization", "event"]},
          "name": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}},
          "description": {"type": "string"}, "start_date": {"type": "string"}, "end_date": {"type": "string"},
          "url": {"type": "string"}, "image": {"$ref": "#/components/schemas/Media"},
          "relations": {"type": "array", "items": {"type": "object", "required": ["predicate", "direction", "entity"],
            "properties": {"predicate": {"type": "string"}, "direction": {"type": "string", "enum": ["outgoing", "incoming"]},
              "entity": {"type": "object", "required": ["slug", "name", "kind"],
                "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}}},
              "qualifiers": {"type": "object", "additionalProperties": {"type": "string"}}}}},
          "stories_count": {"type": "integer"}
        }
      },
      "EntityWrite": {
        "type": "object",
        "properties": {"kind": {"type": "string"}, "name": {"type": "string"}, "slug": {"type": "string"},
          "aliases": {"type": "array", "items": {"type": "string"}}, "description": {"type": "string"},
          "start_date": {"type": "string"}, "end_date": {"type": "string"},
          "image_media_id": {"type": "integer", "nullable": true, "description": "A photo of the media library; null for none"}}
      },
      "Quote": {
        "type": "object", "required": ["id", "text", "story_id", "speaker"],
        "properties": {"id": {"type": "integer"}, "text": {"type": "string"}, "story_id": {"type": "integer"},
          "speaker": {"type": "object", "nullable": true, "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}}}
      },
      "StoryList": {
        "type": "object", "required": ["data", "pagination"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/StorySummary"}},
                       "pagination": {"$ref": "#/components/schemas/Pagination"}}
      },
      "StoryDocument": {"type": "object", "required": ["data"], "properties": {"data": {"$ref": "#/components/schemas/Story"}}},
      "EntityDocument": {"type": "object", "required": ["data"], "properties": {"data": {"$ref": "#/components/schemas/Entity"}}},
      "EntityList": {
        "type": "object", "required": ["data", "pagination"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}},
                       "pagination": {"$ref": "#/components/schemas/Pagination"}}
      },
      "QuoteList": {"type": "object", "required": ["data"], "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}}}},
      "SuggestionEnd": {
        "type": "object", "required": ["name", "entity", "kind"],
        "properties": {"name": {"type": "string"}, "entity": {"type": "string", "nullable": true},
          "kind": {"type": "string", "nullable": true}}
      },
      "RelationSuggestion": {
        "type": "object",
        "required": ["id", "status", "subject", "predicate", "object", "qualifiers", "sentence", "story_id", "confidence", "relation_id"],
        "properties": {"id": {"type": "integer"}, "status": {"type": "string", "enum": ["pending", "confirmed", "dismissed"]},
          "subject": {"$ref": "#/components/schemas/SuggestionEnd"}, "predicate": {"type": "string"},
          "object": {"$ref": "#/components/schemas/SuggestionEnd"},
          "qualifiers": {"type": "object", "additionalProperties": {"type": "string"}},
          "sentence": {"type": "string"}, "story_id": {"type": "integer"}, "confidence": {"type": "number"},
          "relation_id": {"type": "integer", "nullable": true}}
      },
      "RelationSuggestionDocument": {"type": "object", "required": ["data"], "properties": {"data": {"$ref": "#/components/schemas/RelationSuggestion"}}},
      "RelationSuggestionList": {
        "type": "object", "required": ["data", "pagination"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/RelationSuggestion"}},
                       "pagination": {"$ref": "#/components/schemas/Pagination"}}
      },
      "EntityProposal": {
        "type": "object", "required": ["id", "status", "name", "kind", "slug", "confidence", "stories_count", "story_ids"],
        "properties": {"id": {"type": "integer"},
          "status": {"type": "string", "enum": ["candidate", "pending", "accepted", "merged", "dismissed"]},
          "name": {"type": "string"}, "kind": {"type": "string"}, "slug": {"type": "string"},
          "confidence": {"type": "number"}, "stories_count": {"type": "integer"},
          "story_ids": {"type": "array", "items": {"type": "integer"}}}
      },
      "EntityProposalList": {
        "type": "object", "required": ["data", "pagination"],
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/EntityProposal"}},
                       "pagination": {"$ref": "#/components/schemas/Pagination"}}
      },
      "Related": {
        "type": "object", "required": ["heading", "data"],
        "properties": {"heading": {"type": "string"}, "data": {"type": "array", "items": {"$ref": "#/components/schemas/StorySummary"}}}
      }
    },
    "responses": {
      "Error": {"description": "an error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  },
  "paths": {
    "/stories": {
      "get": {"summary": "Published stories, newest first (pages with kind=page)", "operationId": "listStories",
        "parameters": [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"},
          {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["article", "page", "gallery"]}, "description": "without it: the news (every kind but pages)"},
          {"name": "section", "in": "query", "schema": {"type": "string"}},
          {"name": "author", "in": "query", "schema": {"type": "string"}},
          {"name": "entity", "in": "query", "schema": {"type": "string"}},
          {"name": "tag", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "a page of stories", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryList"}}}},
                      "304": {"description": "not modified"}, "400": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Create a story (contributors: drafts; writers: drafts and review; editors: any status)", "operationId": "createStory",
        "security": [{"token": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryWrite"}}}},
        "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryDocument"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/stories/{id}": {
      "parameters": [{"$ref": "#/components/parameters/story_id"}],
      "get": {"summary": "One story (drafts only for their authors and editors)", "operationId": "getStory",
        "responses": {"200": {"description": "the story", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryDocument"}}}},
                      "304": {"description": "not modified"}, "404": {"$ref": "#/components/responses/Error"}}},
      "patch": {"summary": "Update a story; send the version you edited", "operationId": "updateStory",
        "security": [{"token": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryWrite"}}}},
        "responses": {"200": {"description": "saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/stories/{id}/publish": {
      "parameters": [{"$ref": "#/components/parameters/story_id"}],
      "post": {"summary": "Publish now, or schedule with a future publish_at (editors)", "operationId": "publishStory",
        "security": [{"token": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["version"],
          "properties": {"version": {"type": "integer"}, "publish_at": {"type": "string"}}}}}},
        "responses": {"200": {"description": "published or scheduled", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}
    },
    "/stories/{id}/related": {
      "parameters": [{"$ref": "#/components/parameters/story_id"}],
      "get": {"summary": "Related reading", "operationId": "relatedStories",
        "responses": {"200": {"description": "related stories, best first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Related"}}}},
                      "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/stories/{id}/quotes": {
      "parameters": [{"$ref": "#/components/parameters/story_id"}],
      "get": {"summary": "Quotes in a story, in order", "operationId": "storyQuotes",
        "responses": {"200": {"description": "quotes", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuoteList"}}}},
                      "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/stories/{id}/entries": {
      "parameters": [{"$ref": "#/components/parameters/story_id"}],
      "get": {"summary": "A live story's entries, newest first", "operationId": "listEntries",
        "responses": {"200": {"description": "entries", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntryList"}}}},
                      "404": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Post an entry to a live story (writers and above); the story's version does not move", "operationId": "postEntry",
        "security": [{"token": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntryWrite"}}}},
        "responses": {"201": {"description": "posted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntryDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/stories/{id}/entries/{entry_id}": {
      "parameters": [{"$ref": "#/components/parameters/story_id"},
        {"name": "entry_id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "One entry", "operationId": "getEntry",
        "responses": {"200": {"description": "the entry", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntryDocument"}}}},
                      "404": {"$ref": "#/components/responses/Error"}}},
      "patch": {"summary": "Edit an entry (its author, or an editor)", "operationId": "updateEntry", "security": [{"token": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntryWrite"}}}},
        "responses": {"200": {"description": "saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntryDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}}},
      "delete": {"summary": "Delete an entry (its author, or an editor); readers' pages drop it", "operationId": "deleteEntry", "security": [{"token": []}],
        "responses": {"204": {"description": "deleted"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}}}
    },
    "/stories/{id}/events": {
      "parameters": [{"$ref": "#/components/parameters/story_id"},
        {"name": "after", "in": "query", "schema": {"type": "integer"}, "description": "send the changes after this event number (the page's data-live-seq); Last-Event-ID wins"},
        {"name": "Last-Event-ID", "in": "header", "schema": {"type": "string"}}],
      "get": {"summary": "Server-Sent Events of a live story: event entry (data: {entry, html}), delete (data: {entry}), end; id is the event number", "operationId": "storyEvents",
        "responses": {"200": {"description": "an event stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
          "503": {"description": "this node holds as many streams as it may"}}}
    },
    "/stories/{id}/end": {
      "parameters": [{"$ref": "#/components/parameters/story_id"}],
      "post": {"summary": "End a live story's coverage (editors): the summary becomes the body's first paragraph, entries freeze", "operationId": "endLive",
        "security": [{"token": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["version", "summary"],
          "properties": {"version": {"type": "integer"}, "summary": {"type": "string"}}}}}},
        "responses": {"200": {"description": "ended", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/entities": {
      "get": {"summary": "People and works, by name", "operationId": "listEntities",
        "parameters": [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"},
          {"name": "kind", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "a page of entities", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntityList"}}}},
                      "400": {"$ref": "#/components/responses/Error"}}},
      "post": {"summary": "Create an entity (editors)", "operationId": "createEntity", "security": [{"token": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntityWrite"}}}},
        "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntityDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/entities/{slug}": {
      "parameters": [{"$ref": "#/components/parameters/entity_slug"}],
      "get": {"summary": "One entity with its relations", "operationId": "getEntity",
        "responses": {"200": {"description": "the entity", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntityDocument"}}}},
                      "404": {"$ref": "#/components/responses/Error"}}},
      "patch": {"summary": "Update an entity (editors)", "operationId": "updateEntity", "security": [{"token": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntityWrite"}}}},
        "responses": {"200": {"description": "saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntityDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/entities/{slug}/stories": {
      "parameters": [{"$ref": "#/components/parameters/entity_slug"}, {"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"}],
      "get": {"summary": "Published stories about an entity", "operationId": "entityStories",
        "responses": {"200": {"description": "a page of stories", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryList"}}}},
                      "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/entities/{slug}/quotes": {
      "parameters": [{"$ref": "#/components/parameters/entity_slug"}],
      "get": {"summary": "Quotes by a person, newest story first", "operationId": "entityQuotes",
        "responses": {"200": {"description": "quotes", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuoteList"}}}},
                      "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/search": {
      "get": {"summary": "Full-text search over published stories, best first", "operationId": "search",
        "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}},
          {"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"},
          {"name": "section", "in": "query", "schema": {"type": "string"}},
          {"name": "entity", "in": "query", "schema": {"type": "string"}},
          {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
          {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}],
        "responses": {"200": {"description": "hits with score and snippet_html", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryList"}}}},
                      "400": {"$ref": "#/components/responses/Error"}}}
    },
    "/relation-suggestions": {
      "get": {"summary": "Relations the stories state, waiting for an editor (editors)", "operationId": "listRelationSuggestions",
        "security": [{"token": []}],
        "parameters": [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"},
          {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["pending", "confirmed", "dismissed"], "default": "pending"}}],
        "responses": {"200": {"description": "a page of suggestions, most confident first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RelationSuggestionList"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}}}
    },
    "/relation-suggestions/{id}/confirm": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Confirm: the relation joins the graph with its qualifiers; ends the graph lacks are created (editors)", "operationId": "confirmRelationSuggestion",
        "security": [{"token": []}],
        "responses": {"200": {"description": "confirmed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RelationSuggestionDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Error"}}}
    },
    "/relation-suggestions/{id}/dismiss": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Dismiss: never suggested again (editors)", "operationId": "dismissRelationSuggestion",
        "security": [{"token": []}],
        "responses": {"200": {"description": "dismissed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RelationSuggestionDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}}}
    },
    "/entity-proposals": {
      "get": {"summary": "Entities discovery proposes (editors)", "operationId": "listEntityProposals",
        "security": [{"token": []}],
        "parameters": [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"},
          {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["candidate", "pending", "accepted", "merged", "dismissed"], "default": "pending"}}],
        "responses": {"200": {"description": "a page of proposals, most confident first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EntityProposalList"}}}},
          "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"}}}
    },
    "/media/{id}/captions/{lang}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
        {"name": "lang", "in": "path", "required": true, "schema": {"type": "string"}, "description": "BCP 47 language tag: en, pt-BR"}],
      "put": {"summary": "Add or replace a clip's captions in one language (editors)", "operationId": "putCaptions",
        "security": [{"token": []}],
        "parameters": [{"name": "label", "in": "query", "schema": {"type": "string", "maxLength": 100}, "description": "what the player's menu shows; the language tag when absent"}],
        "requestBody": {"required": true, "content": {"text/vtt": {"schema": {"type": "string", "description": "a WebVTT file, up to 1 MiB"}}}},
        "responses": {"200": {"description": "the clip with its captions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MediaDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}},
      "delete": {"summary": "Take a clip's captions in one language away (editors)", "operationId": "deleteCaptions",
        "security": [{"token": []}],
        "responses": {"200": {"description": "the clip with its captions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MediaDocument"}}}},
          "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}}}
    },
    "/openapi.json": {
      "get": {"summary": "This description", "operationId": "openapi",
        "responses": {"200": {"description": "OpenAPI 3.0 document", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    }
  }
})json";

}  // namespace

std::string openapi_document(const std::string& base_url) {
  auto doc = nlohmann::json::parse(kDocument);
  doc["servers"][0]["url"] = base_url + "/api/v1";
  return doc.dump(2);
}

}  // namespace marquee::api
