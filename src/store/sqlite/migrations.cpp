// Marquee's schema, step by step. The SQL keeps to what PostgreSQL also accepts where it can
// (integer ids, Unix-second times, enums as text, lists in join tables, qualifiers as JSON text);
// the full-text index is SQLite's own (FTS5).
#include "store/sqlite/migrations.h"

#include <array>
#include <chrono>
#include <string>

#include "store/errors.h"

namespace marquee::sqlite {
namespace {

constexpr const char* kCoreTables = R"sql(
CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);

-- email and slug are NULL for a byline without a login or without an author page, so that
-- any number of such users can exist beside the unique ones.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT,
  display_name TEXT NOT NULL,
  slug TEXT,
  bio TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE UNIQUE INDEX users_slug ON users (slug);

CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  file TEXT NOT NULL,
  mime TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  duration_seconds REAL NOT NULL DEFAULT 0,
  caption TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT '',
  alt TEXT NOT NULL DEFAULT '',
  poster TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);

-- section is the section's slug, kept as text so that stories can be filed before a section
-- row exists (imports).
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  headline TEXT NOT NULL,
  dek TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  section TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  publish_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  lead_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
  clip_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
  exclusive INTEGER NOT NULL DEFAULT 0,
  featured INTEGER NOT NULL DEFAULT 0,
  seo_title TEXT NOT NULL DEFAULT '',
  seo_description TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL
);

CREATE TABLE article_authors (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (article_id, position)
);

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (article_id, position)
);

-- Every saved version of a story, whole, as JSON; editor_id is NULL for system saves.
CREATE TABLE revisions (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  editor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  saved_at INTEGER NOT NULL,
  article_json TEXT NOT NULL,
  UNIQUE (article_id, version)
);

CREATE TABLE redirects (
  old_slug TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL DEFAULT '',
  end_date TEXT NOT NULL DEFAULT '',
  prior REAL NOT NULL DEFAULT 1
);

CREATE TABLE entity_aliases (
  entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  alias TEXT NOT NULL,
  PRIMARY KEY (entity_id, position)
);

-- qualifiers: a JSON object of strings with sorted keys, so equal maps are equal text.
CREATE TABLE relations (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  predicate TEXT NOT NULL,
  object_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  qualifiers TEXT NOT NULL DEFAULT '{}',
  UNIQUE (subject_id, predicate, object_id, qualifiers)
);

CREATE TABLE article_entities (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  mentions INTEGER NOT NULL DEFAULT 0,
  salience REAL NOT NULL DEFAULT 0,
  confidence REAL NOT NULL DEFAULT 0,
  first_offset INTEGER NOT NULL DEFAULT -1,
  source TEXT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (article_id, entity_id)
);

CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  speaker_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  text TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  confidence REAL NOT NULL DEFAULT 0
);

CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// What the list queries and the foreign keys need: home and section pages by time, author and
// topic pages through the join tables, quotes by speaker.
constexpr const char* kListIndexes = R"sql(
CREATE INDEX articles_by_status_time ON articles (status, publish_at, updated_at, id);
CREATE INDEX articles_by_section ON articles (section, status, publish_at);
CREATE INDEX article_authors_by_user ON article_authors (user_id, article_id);
CREATE INDEX article_tags_by_tag ON article_tags (tag, article_id);
CREATE INDEX article_entities_by_entity ON article_entities (entity_id, article_id);
CREATE INDEX entity_aliases_by_alias ON entity_aliases (alias);
CREATE INDEX relations_by_object ON relations (object_id);
CREATE INDEX redirects_by_article ON redirects (article_id);
CREATE INDEX quotes_by_article ON quotes (article_id, position);
CREATE INDEX quotes_by_speaker ON quotes (speaker_id);
)sql";

// Full-text index over the stories (external content: the text lives once, in articles). The
// triggers keep it in step inside the same transaction as every save; stories already stored
// are indexed by the rebuild.
constexpr const char* kArticleSearch = R"sql(
CREATE VIRTUAL TABLE article_search USING fts5(
  headline, dek, body,
  content = 'articles', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
  INSERT INTO article_search (rowid, headline, dek, body)
    VALUES (new.id, new.headline, new.dek, new.body);
END;
CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
  INSERT INTO article_search (article_search, rowid, headline, dek, body)
    VALUES ('delete', old.id, old.headline, old.dek, old.body);
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF headline, dek, body ON articles BEGIN
  INSERT INTO article_search (article_search, rowid, headline, dek, body)
    VALUES ('delete', old.id, old.headline, old.dek, old.body);
  INSERT INTO article_search (rowid, headline, dek, body)
    VALUES (new.id, new.headline, new.dek, new.body);
END;
INSERT INTO article_search (article_search) VALUES ('rebuild');
)sql";

// Step 4, the newsroom and media details (portable SQL, nothing SQLite-only):
// - sessions: signed-in editors, keyed by a hash of the cookie token; gone with their user.
// - login_failures: one row per failed sign-in under a throttling key ("email:...", "ip:...").
// - audit_log: who did what; user_id carries no foreign key so entries outlive their users.
// - api_tokens: hashed write tokens of a user, with their own role (at most the user's).
// - media gains video_codec, audio_codec, bytes, renditions (a JSON array of {width, height,
//   mime, file}) and uploaded_by (NULL when unknown or the user is gone).
// - indexes for the foreign keys that deleting a media item or a user follows, and for the
//   media library's newest-first listing.
constexpr const char* kNewsroom = R"sql(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE login_failures (
  throttle_key TEXT NOT NULL,
  failed_at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (throttle_key, failed_at);
CREATE INDEX login_failures_by_time ON login_failures (failed_at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER,
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at, id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);

ALTER TABLE media ADD COLUMN video_codec TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN audio_codec TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN renditions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE media ADD COLUMN uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX media_by_time ON media (created_at, id);
CREATE INDEX media_by_kind_time ON media (kind, created_at, id);
CREATE INDEX articles_by_lead_media ON articles (lead_media_id);
CREATE INDEX articles_by_clip_media ON articles (clip_media_id);
)sql";

constexpr const char* kPronouns = R"sql(
ALTER TABLE entities ADD COLUMN pronouns TEXT NOT NULL DEFAULT '';
)sql";

constexpr const char* kReviewQueue = R"sql(
-- Entities discovery proposes, one per folded name (key); decided rows stay, so that a dismissed
-- name never returns. stories: the first stories it was counted in, in the order seen.
CREATE TABLE entity_proposals (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  slug TEXT NOT NULL,
  confidence REAL NOT NULL DEFAULT 0,
  story_count INTEGER NOT NULL DEFAULT 0,
  quoted INTEGER NOT NULL DEFAULT 0,
  with_role INTEGER NOT NULL DEFAULT 0,
  short_refs INTEGER NOT NULL DEFAULT 0,
  cued INTEGER NOT NULL DEFAULT 0,
  marked INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  entity_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  decided_at INTEGER
);
CREATE INDEX entity_proposals_by_status ON entity_proposals (status, confidence, id);
CREATE INDEX entity_proposals_by_entity ON entity_proposals (entity_id);
CREATE INDEX entity_proposals_by_user ON entity_proposals (decided_by);

CREATE TABLE entity_proposal_stories (
  proposal_id INTEGER NOT NULL REFERENCES entity_proposals (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (proposal_id, position)
);
CREATE INDEX entity_proposal_stories_by_article ON entity_proposal_stories (article_id);

-- Relations stories state, one row per relation (ends by name, predicate, qualifiers as JSON
-- text with sorted keys); the story and sentence cited are the first that stated it.
CREATE TABLE relation_suggestions (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  subject_name TEXT NOT NULL,
  subject_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  subject_kind TEXT NOT NULL DEFAULT '',
  predicate TEXT NOT NULL,
  object_name TEXT NOT NULL,
  object_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
  object_kind TEXT NOT NULL DEFAULT '',
  qualifiers TEXT NOT NULL DEFAULT '{}',
  sentence TEXT NOT NULL,
  confidence REAL NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  relation_id INTEGER REFERENCES relations (id) ON DELETE SET NULL,
  decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  decided_at INTEGER,
  UNIQUE (subject_name, predicate, object_name, qualifiers)
);
CREATE INDEX relation_suggestions_by_status ON relation_suggestions (status, confidence, id);
CREATE INDEX relation_suggestions_by_article ON relation_suggestions (article_id);
CREATE INDEX relation_suggestions_by_subject ON relation_suggestions (subject_id);
CREATE INDEX relation_suggestions_by_object ON relation_suggestions (object_id);
CREATE INDEX relation_suggestions_by_relation ON relation_suggestions (relation_id);
CREATE INDEX relation_suggestions_by_user ON relation_suggestions (decided_by);
)sql";

// Step 8, moving a site in from elsewhere (a WordPress export):
// - address_redirects: an old address of the site that came before (a path, with "?p=12" kept for
//   WordPress's query addresses) and where it now lives: a story by id (its current address is
//   worked out when asked, so a later rename or section move never leaves a stale target) or a
//   fixed path (a section, an author, a feed). Gone with its story.
// - import_keys: which local row an item of another system became (source "wordpress", kind
//   "post", "author", "attachment", "term", its id there), with a fingerprint of what was
//   imported, so that importing the same export again changes nothing and a newer one updates
//   only what changed there.
// - archive_comments: readers' comments kept from the old site, read-only, in thread order.
constexpr const char* kSiteMoves = R"sql(
CREATE TABLE address_redirects (
  old_path TEXT PRIMARY KEY,
  article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
  target TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX address_redirects_by_article ON address_redirects (article_id);

CREATE TABLE import_keys (
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  external_id INTEGER NOT NULL,
  local_id INTEGER NOT NULL,
  fingerprint TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (source, kind, external_id)
);
CREATE INDEX import_keys_by_local ON import_keys (source, kind, local_id);

CREATE TABLE archive_comments (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  external_id INTEGER NOT NULL,
  parent_external INTEGER NOT NULL DEFAULT 0,
  author TEXT NOT NULL DEFAULT '',
  posted_at INTEGER NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (article_id, position)
);
)sql";

// - autosaves: the story editor's draft of a form, one per story and person, with the version
//   it was made from; never a revision (see store/autosaves.h).
constexpr const char* kAutosaves = R"sql(
CREATE TABLE autosaves (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  base_version INTEGER NOT NULL,
  saved_at INTEGER NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (article_id, user_id)
);
CREATE INDEX autosaves_by_user ON autosaves (user_id);
)sql";

// Step 10, the newsroom's story list and photos' focal points:
// - one index per sort column of the list (expression for expression as store/sql/story_list.cpp
//   writes the key), alone and after status, so that every page of every order is a seek;
//   the section index also serves the section filter in the default order.
// - media gains focus_x and focus_y: where in the photo (0..1 across and down) its subject is,
//   which crops keep and pages use as the image's object-position. 0.5, 0.5 is the centre.
constexpr const char* kStoryLists = R"sql(
CREATE INDEX articles_list_updated ON articles (updated_at, id);
CREATE INDEX articles_list_status_updated ON articles (status, updated_at, id);
CREATE INDEX articles_list_published ON articles (coalesce(publish_at, 0), id);
CREATE INDEX articles_list_status_published ON articles (status, coalesce(publish_at, 0), id);
CREATE INDEX articles_list_headline ON articles (lower(headline), id);
CREATE INDEX articles_list_status_headline ON articles (status, lower(headline), id);
CREATE INDEX articles_list_section ON articles (section, updated_at, id);
ALTER TABLE media ADD COLUMN focus_x REAL NOT NULL DEFAULT 0.5;
ALTER TABLE media ADD COLUMN focus_y REAL NOT NULL DEFAULT 0.5;
)sql";

// Step 11, story kinds: a row is an article (the news) or a page (About, Contact: a path of its
// own in slug, no section, never listed with the news). Lists test the kind as a literal, so
// the partial index serves the lists of pages (newsroom, API, sitemap) without a pass over the
// stories, and is never taken for the news (which keeps articles_by_status_time).
constexpr const char* kStoryKinds = R"sql(
ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article';
CREATE INDEX articles_pages ON articles (status, publish_at, updated_at, id) WHERE kind = 'page';
)sql";

// Step 12, live coverage: a live story's entries are rows of their own (several writers post
// at once without touching the story's version), each change numbered per story (seq, in
// commit order: the writer is single) so that a reader's event stream resumes where it broke
// off; a deleted entry stays as a tombstone for the same reason. A story's coverage ends once.
constexpr const char* kLiveCoverage = R"sql(
ALTER TABLE articles ADD COLUMN live_ended_at INTEGER;
CREATE TABLE live_entries (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  posted_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  media_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
  key_moment INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX live_entries_by_seq ON live_entries (article_id, seq);
CREATE INDEX live_entries_by_time ON live_entries (article_id, posted_at, id);
CREATE INDEX live_entries_by_media ON live_entries (media_id) WHERE media_id IS NOT NULL;
)sql";

// Step 13, bounded search: the columns a search's filters read, by id. In the table they come
// after the body, so reading them for each of the newest matches walked the body's overflow
// pages; a search ranks a window of matches and looks each up here instead.
constexpr const char* kSearchFilters = R"sql(
CREATE INDEX articles_search_filter ON articles (id, status, kind, section, publish_at);
)sql";

// Step 14, captions of clips: one WebVTT file per clip and language, with the label a player's
// menu shows; a clip's captions go with it.
constexpr const char* kClipCaptions = R"sql(
CREATE TABLE media_captions (
  media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  label TEXT NOT NULL,
  file TEXT NOT NULL,
  PRIMARY KEY (media_id, lang)
);
)sql";

// Step 15, galleries (a story of kind 'gallery'):
// - gallery_photos: a gallery's photos in reading order, each a photo of the library with the
//   gallery's own caption, credit and alt text; a photo is in a gallery once. A photo deleted
//   from the library leaves the galleries it was in.
// - gallery_people: who is in each photo, keyed by the photo (not its position, so reordering
//   keeps them), with the linker's confidence or an editor's decision. `position` and
//   `published_at` repeat the photo's and the gallery's (0 when it has no time; every save of
//   the gallery writes them again, and publishing a scheduled gallery keeps its time), so that
//   the photos of one person are one index seek in reading order (newest gallery first, then
//   by position): the "Photos of" pages.
constexpr const char* kGalleries = R"sql(
CREATE TABLE gallery_photos (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
  caption TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT '',
  alt TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (article_id, position),
  UNIQUE (article_id, media_id)
);
CREATE INDEX gallery_photos_by_media ON gallery_photos (media_id);

CREATE TABLE gallery_people (
  article_id INTEGER NOT NULL,
  media_id INTEGER NOT NULL,
  entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  published_at INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  confidence REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, media_id, entity_id),
  FOREIGN KEY (article_id, media_id) REFERENCES gallery_photos (article_id, media_id)
    ON DELETE CASCADE
);
CREATE INDEX gallery_people_by_entity ON gallery_people (entity_id, state, published_at, article_id,
                                                        position);
)sql";

// Step 16, pictures first: a photo's crop windows chosen by an editor, by aspect ratio (JSON
// text, {"16:9": [x, y, width, height]} in fractions of the photo), and the photo that stands
// for an entity on its topic page. Deleting the photo leaves the entity without one. A graph file
// names an entity's photo by its stored file name, hence the index.
constexpr const char* kPictures = R"sql(
ALTER TABLE media ADD COLUMN crops TEXT NOT NULL DEFAULT '{}';
ALTER TABLE entities ADD COLUMN image_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
CREATE INDEX entities_by_image ON entities (image_media_id) WHERE image_media_id IS NOT NULL;
CREATE INDEX media_by_file ON media (file);
)sql";

// Step 17, lists by keyset through the join tables: an author's, a tag's and a topic's stories,
// and a person's quotes, are listed newest first from an index of the join table alone, which
// repeats the story's publish time while it is listed (published, and not a page; NULL
// otherwise). Without it a topic of 100,000 stories sorted all of them by reading each story's
// row. A topic's stories of one kind (its galleries) have an index of their own, by the kind the
// link rows repeat too. Triggers keep the copy: a row takes its story's time when written, and a
// story's publishing, unpublishing, new time or kind rewrites its rows.
constexpr const char* kListedJoins = R"sql(
ALTER TABLE article_authors ADD COLUMN listed_at INTEGER;
ALTER TABLE article_tags ADD COLUMN listed_at INTEGER;
ALTER TABLE article_entities ADD COLUMN listed_at INTEGER;
ALTER TABLE article_entities ADD COLUMN listed_kind TEXT;
ALTER TABLE quotes ADD COLUMN listed_at INTEGER;
CREATE TEMP TABLE listed_stories (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL);
INSERT INTO listed_stories
  SELECT id, publish_at, kind FROM articles
  WHERE status = 'published' AND kind <> 'page' AND publish_at IS NOT NULL;
UPDATE article_authors SET listed_at = (SELECT at FROM listed_stories WHERE id = article_id);
UPDATE article_tags SET listed_at = (SELECT at FROM listed_stories WHERE id = article_id);
UPDATE article_entities SET listed_at = (SELECT at FROM listed_stories WHERE id = article_id),
  listed_kind = (SELECT kind FROM listed_stories WHERE id = article_id);
UPDATE quotes SET listed_at = (SELECT at FROM listed_stories WHERE id = article_id);
DROP TABLE listed_stories;
CREATE INDEX article_authors_listed ON article_authors (user_id, listed_at, article_id)
  WHERE listed_at IS NOT NULL;
CREATE INDEX article_tags_listed ON article_tags (tag, listed_at, article_id)
  WHERE listed_at IS NOT NULL;
CREATE INDEX article_entities_listed ON article_entities (entity_id, listed_at, article_id)
  WHERE listed_at IS NOT NULL AND state <> 'rejected';
CREATE INDEX article_entities_listed_kind
  ON article_entities (entity_id, listed_kind, listed_at, article_id)
  WHERE listed_at IS NOT NULL AND state <> 'rejected';
CREATE INDEX quotes_listed ON quotes (speaker_id, listed_at, article_id, position)
  WHERE listed_at IS NOT NULL;
CREATE TRIGGER articles_listed AFTER UPDATE OF status, publish_at, kind ON articles
WHEN old.status IS NOT new.status OR old.publish_at IS NOT new.publish_at
  OR old.kind IS NOT new.kind
BEGIN
  UPDATE article_authors SET listed_at = CASE WHEN new.status = 'published' AND
    new.kind <> 'page' THEN new.publish_at END WHERE article_id = new.id;
  UPDATE article_tags SET listed_at = CASE WHEN new.status = 'published' AND
    new.kind <> 'page' THEN new.publish_at END WHERE article_id = new.id;
  UPDATE article_entities SET listed_at = CASE WHEN new.status = 'published' AND
    new.kind <> 'page' THEN new.publish_at END, listed_kind = new.kind WHERE article_id = new.id;
  UPDATE quotes SET listed_at = CASE WHEN new.status = 'published' AND
    new.kind <> 'page' THEN new.publish_at END WHERE article_id = new.id;
END;
CREATE TRIGGER article_authors_listed AFTER INSERT ON article_authors BEGIN
  UPDATE article_authors SET listed_at = (SELECT CASE WHEN a.status = 'published' AND
    a.kind <> 'page' THEN a.publish_at END FROM articles a WHERE a.id = new.article_id)
  WHERE article_id = new.article_id AND position = new.position;
END;
CREATE TRIGGER article_tags_listed AFTER INSERT ON article_tags BEGIN
  UPDATE article_tags SET listed_at = (SELECT CASE WHEN a.status = 'published' AND
    a.kind <> 'page' THEN a.publish_at END FROM articles a WHERE a.id = new.article_id)
  WHERE article_id = new.article_id AND position = new.position;
END;
CREATE TRIGGER article_entities_listed AFTER INSERT ON article_entities BEGIN
  UPDATE article_entities SET listed_at = (SELECT CASE WHEN a.status = 'published' AND
    a.kind <> 'page' THEN a.publish_at END FROM articles a WHERE a.id = new.article_id),
    listed_kind = (SELECT a.kind FROM articles a WHERE a.id = new.article_id)
  WHERE article_id = new.article_id AND entity_id = new.entity_id;
END;
CREATE TRIGGER quotes_listed AFTER INSERT ON quotes BEGIN
  UPDATE quotes SET listed_at = (SELECT CASE WHEN a.status = 'published' AND
    a.kind <> 'page' THEN a.publish_at END FROM articles a WHERE a.id = new.article_id)
  WHERE id = new.id;
END;
)sql";

// Step 18, sitemaps: a month's file names each published story's address, lastmod and photo.
// Those columns after (publish_at, id) make the month one range of this index, in the file's
// order; from the table, each story was a row read (63 ms for a month of 10,855). Partial, for
// the published alone, so that queries binding their status keep articles_by_status_time, whose
// narrower rows a month's last change reads faster.
constexpr const char* kSitemapLocations = R"sql(
CREATE INDEX articles_published_locations
  ON articles (publish_at, id, kind, slug, section, updated_at, lead_media_id)
  WHERE status = 'published';
)sql";

// Step 19, the sitemap index: how many published stories each UTC day holds and their newest
// change, kept by triggers, so that the index reads one small table (about 5,500 rows for
// fifteen years) instead of the archive's list index month by month (234 ms at 1,000,000
// stories). Days, not months: a month is in the site's zone, which the store does not know. A
// removal lowers the count but not last_change, which may so be a little newer than the truth
// (a crawler looks again; nothing is missed).
constexpr const char* kPublishedDays = R"sql(
CREATE TABLE published_days (
  day INTEGER PRIMARY KEY,
  stories INTEGER NOT NULL,
  last_change INTEGER NOT NULL
);
INSERT INTO published_days (day, stories, last_change)
  SELECT (a.publish_at - CASE WHEN a.publish_at < 0 THEN 86399 ELSE 0 END) / 86400, count(*), max(max(a.publish_at, a.updated_at))
  FROM articles a WHERE a.status = 'published' AND a.kind <> 'page' AND a.publish_at IS NOT NULL GROUP BY 1;
CREATE TRIGGER published_days_insert AFTER INSERT ON articles
  WHEN new.status = 'published' AND new.kind <> 'page' AND new.publish_at IS NOT NULL BEGIN
  INSERT INTO published_days (day, stories, last_change)
    VALUES ((new.publish_at - CASE WHEN new.publish_at < 0 THEN 86399 ELSE 0 END) / 86400, 1, max(new.publish_at, new.updated_at))
    ON CONFLICT (day) DO UPDATE SET stories = stories + 1,
      last_change = max(last_change, excluded.last_change);
END;
CREATE TRIGGER published_days_delete AFTER DELETE ON articles
  WHEN old.status = 'published' AND old.kind <> 'page' AND old.publish_at IS NOT NULL BEGIN
  UPDATE published_days SET stories = stories - 1 WHERE day = (old.publish_at - CASE WHEN old.publish_at < 0 THEN 86399 ELSE 0 END) / 86400;
  DELETE FROM published_days WHERE day = (old.publish_at - CASE WHEN old.publish_at < 0 THEN 86399 ELSE 0 END) / 86400 AND stories <= 0;
END;
CREATE TRIGGER published_days_update AFTER UPDATE OF status, kind, publish_at, updated_at
  ON articles BEGIN
  UPDATE published_days SET stories = stories - 1
    WHERE old.status = 'published' AND old.kind <> 'page' AND old.publish_at IS NOT NULL AND day = (old.publish_at - CASE WHEN old.publish_at < 0 THEN 86399 ELSE 0 END) / 86400;
  DELETE FROM published_days WHERE day = (old.publish_at - CASE WHEN old.publish_at < 0 THEN 86399 ELSE 0 END) / 86400 AND stories <= 0;
  INSERT INTO published_days (day, stories, last_change)
    SELECT (new.publish_at - CASE WHEN new.publish_at < 0 THEN 86399 ELSE 0 END) / 86400, 1, max(new.publish_at, new.updated_at)
    WHERE new.status = 'published' AND new.kind <> 'page' AND new.publish_at IS NOT NULL
    ON CONFLICT (day) DO UPDATE SET stories = stories + 1,
      last_change = max(last_change, excluded.last_change);
END;
)sql";

// Step 20, date filters of search: each published day also bounds the ids of its stories, so
// that a search within dates walks the full-text index over those ids only, not from the newest
// story back to the range (406 ms for a common word a year back at 1,000,000 stories). The
// bounds only ever widen (a removal leaves them), so every story of the day lies within them.
constexpr const char* kPublishedDayIds = R"sql(
ALTER TABLE published_days ADD COLUMN first_id INTEGER;
ALTER TABLE published_days ADD COLUMN last_id INTEGER;
UPDATE published_days SET first_id = b.first_id, last_id = b.last_id
  FROM (SELECT (a.publish_at - CASE WHEN a.publish_at < 0 THEN 86399 ELSE 0 END) / 86400 AS day,
               min(a.id) AS first_id, max(a.id) AS last_id
        FROM articles a WHERE a.status = 'published' AND a.kind <> 'page' AND a.publish_at IS NOT NULL
        GROUP BY 1) AS b
  WHERE published_days.day = b.day;
DROP TRIGGER published_days_insert;
DROP TRIGGER published_days_update;
CREATE TRIGGER published_days_insert AFTER INSERT ON articles
  WHEN new.status = 'published' AND new.kind <> 'page' AND new.publish_at IS NOT NULL BEGIN
  INSERT INTO published_days (day, stories, last_change, first_id, last_id)
    VALUES ((new.publish_at - CASE WHEN new.publish_at < 0 THEN 86399 ELSE 0 END) / 86400, 1, max(new.publish_at, new.updated_at), new.id, new.id)
    ON CONFLICT (day) DO UPDATE SET stories = stories + 1,
      last_change = max(last_change, excluded.last_change),
      first_id = min(first_id, excluded.first_id), last_id = max(last_id, excluded.last_id);
END;
CREATE TRIGGER published_days_update AFTER UPDATE OF status, kind, publish_at, updated_at
  ON articles BEGIN
  UPDATE published_days SET stories = stories - 1
    WHERE old.status = 'published' AND old.kind <> 'page' AND old.publish_at IS NOT NULL AND day = (old.publish_at - CASE WHEN old.publish_at < 0 THEN 86399 ELSE 0 END) / 86400;
  DELETE FROM published_days WHERE day = (old.publish_at - CASE WHEN old.publish_at < 0 THEN 86399 ELSE 0 END) / 86400 AND stories <= 0;
  INSERT INTO published_days (day, stories, last_change, first_id, last_id)
    SELECT (new.publish_at - CASE WHEN new.publish_at < 0 THEN 86399 ELSE 0 END) / 86400, 1, max(new.publish_at, new.updated_at), new.id, new.id
    WHERE new.status = 'published' AND new.kind <> 'page' AND new.publish_at IS NOT NULL
    ON CONFLICT (day) DO UPDATE SET stories = stories + 1,
      last_change = max(last_change, excluded.last_change),
      first_id = min(first_id, excluded.first_id), last_id = max(last_id, excluded.last_id);
END;
)sql";

// Step 21, the headlines' own full-text index: search also ranks the newest stories that name
// the query in their headline, and finding them through the full index's column filter walked
// every match of each word in every column (37 ms for "red carpet" at 1,000,000 stories, for 18
// headlines); an index of headlines alone has short lists.
constexpr const char* kHeadlineSearch = R"sql(
CREATE VIRTUAL TABLE article_headline_search USING fts5(
  headline,
  content = 'articles', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_headline_search_insert AFTER INSERT ON articles BEGIN
  INSERT INTO article_headline_search (rowid, headline) VALUES (new.id, new.headline);
END;
CREATE TRIGGER article_headline_search_delete AFTER DELETE ON articles BEGIN
  INSERT INTO article_headline_search (article_headline_search, rowid, headline)
    VALUES ('delete', old.id, old.headline);
END;
CREATE TRIGGER article_headline_search_update AFTER UPDATE OF headline ON articles BEGIN
  INSERT INTO article_headline_search (article_headline_search, rowid, headline)
    VALUES ('delete', old.id, old.headline);
  INSERT INTO article_headline_search (rowid, headline) VALUES (new.id, new.headline);
END;
INSERT INTO article_headline_search (article_headline_search) VALUES ('rebuild');
)sql";

// Step 22, what each rendered body was rendered from (Article::body_html_key): a re-link of the
// archive renders again only the bodies whose Markdown or links changed. Empty (unknown) until
// a story is saved or re-linked. No rewrite of the table: SQLite adds the column in place.
constexpr const char* kBodyKeys = R"sql(
ALTER TABLE articles ADD COLUMN body_html_key TEXT NOT NULL DEFAULT '';
)sql";

constexpr std::array<Migration, 22> kMigrations = {{
    {1, "core tables", kCoreTables},
    {2, "list indexes", kListIndexes},
    {3, "article search", kArticleSearch},
    {4, "newsroom and media details", kNewsroom},
    {5, "change notices", kChangeNotices},
    {6, "pronouns of people", kPronouns},
    {7, "the review queue of the knowledge graph", kReviewQueue},
    {8, "sites moved in", kSiteMoves},
    {9, "autosaves of the story editor", kAutosaves},
    {10, "story lists and focal points", kStoryLists},
    {11, "story kinds", kStoryKinds},
    {12, "live coverage", kLiveCoverage},
    {13, "bounded search", kSearchFilters},
    {14, "captions of clips", kClipCaptions},
    {15, "galleries", kGalleries},
    {16, "crop windows and entity images", kPictures},
    {17, "lists through the join tables", kListedJoins},
    {18, "sitemap locations", kSitemapLocations},
    {19, "published stories by day", kPublishedDays},
    {20, "the ids of each published day", kPublishedDayIds},
    {21, "the headlines' own search index", kHeadlineSearch},
    {22, "what each body was rendered from", kBodyKeys},
}};

constexpr const char* kBookkeeping = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
);
)sql";

std::int64_t unix_now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

int current_schema_version(Database& db) {
  if (!db.exists("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND "
                 "name = 'schema_migrations'")) {
    return 0;
  }
  return static_cast<int>(*db.first_int("SELECT coalesce(max(version), 0) FROM schema_migrations"));
}

void migrate(Database& db, int target) {
  db.exec(kBookkeeping);
  for (const Migration& step : kMigrations) {
    if (step.version > target) break;
    // Checked inside the write transaction, so two processes opening the same new file do not
    // both apply a step.
    Transaction tx(db, Transaction::Kind::write);
    int current = current_schema_version(db);
    if (current > latest_schema_version()) {
      throw StoreError("store at " + db.path().string() + " has schema version " +
                       std::to_string(current) + ", newer than this build knows (" +
                       std::to_string(latest_schema_version()) + ")");
    }
    if (step.version <= current) continue;
    try {
      db.exec(step.sql);
    } catch (const StoreError& e) {
      throw StoreError("migration " + std::to_string(step.version) + " (" + std::string(step.name) +
                       ") failed on " + db.path().string() + ": " + e.what());
    }
    db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
           step.version, step.name, unix_now());
    tx.commit();
  }
}

}  // namespace marquee::sqlite
