// Stories: whole stories with their authors, tags, revisions and old slugs, the list queries
// behind home, section, author, tag and topic pages, and scheduled publishing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

struct ArticleQuery {
  // The news by default: pages (About, Contact) are never listed with stories.
  KindSet kinds = KindSet::news;
  std::optional<ArticleKind> kind;  // and of those, only this kind
  std::optional<std::string> section;
  std::optional<Id> author_id;
  std::optional<Id> entity_id;  // linked and not rejected
  std::optional<std::string> tag;
  std::optional<Id> clip_media_id;                                 // stories that show this clip
  std::optional<ArticleStatus> status = ArticleStatus::published;  // nullopt: any status
  std::optional<std::string> headline_contains;                    // case-insensitive
  std::optional<Time> published_from, published_before;            // publish_at in [from, before)
  // A keyset page: only the stories after this one in the list's order (it is where the page
  // before ended), so that a deep page costs what the first does. For lists of published stories,
  // which all have a publish time; a story that is gone gives an empty page.
  std::optional<Id> after_id;
  int limit = 20;
  int offset = 0;
};
// Lists come newest first: by publish_at, then updated_at, then id; a published list of an
// author, a tag or an entity alone, read off its join table's index, by publish_at then id.

// The newsroom's story list: every status, the filters an editor combines, one sort column, and
// keyset pages (a page starts after or before the sort key of a row, never at an offset), so
// that page 1 and page 30,000 cost the same. Each order has an index behind it (migration 10 on
// SQLite, 9 on PostgreSQL); ties are broken by id.
enum class StoryOrder { updated, published, headline, section };
const char* to_string(StoryOrder order);
std::optional<StoryOrder> parse_story_order(std::string_view text);
enum class StoryDate { updated, published };  // what a date range is a range of

// How a list's words are matched (store/sql/story_list.cpp): by how many stories match, a page
// is read from the matches alone, or the list's order is walked and each row tested against the
// text index, or against every match read into memory. The defaults are measured at 1,000,000
// stories (docs/PERFORMANCE.md); tests set them small to take each way.
struct TextMatchLimits {
  // At most this many stories match: the page is read from them alone (at least 1).
  std::size_t id_window = 500;
  // Beyond the window, the share of matching ids among the newest and among the oldest stories
  // at and above which each row of the order is tested in the text index.
  double probe_density = 0.2;
  // Rows of the order read at a time when they are tested against the matches in memory.
  int walk_chunk = 2000;
};

struct StoryListQuery {
  std::optional<ArticleKind> kind;      // nullopt: stories and pages
  std::optional<ArticleStatus> status;  // nullopt: any status
  std::optional<std::string> section;
  std::optional<Id> author_id;
  std::optional<Id> entity_id;  // linked and not rejected
  // Full text of headline, dek and body, with the engine's own index (the words of the reader
  // search: every word, the last one a prefix). Empty: no text condition.
  std::string text;
  TextMatchLimits text_limits;
  StoryDate date = StoryDate::updated;
  std::optional<Time> from;  // date >= from
  std::optional<Time> to;    // date < to
  StoryOrder order = StoryOrder::updated;
  bool descending = true;
  // At most one of them: the cursor of the row the page follows (after) or precedes (before),
  // as a StoryListPage gave it. Empty: the first page.
  std::string after;
  std::string before;
  int limit = 30;
};

struct StoryListRow {
  ArticleSummary story;
  ArticleStatus status = ArticleStatus::draft;
};

struct StoryListPage {
  std::vector<StoryListRow> rows;
  std::string next;      // cursor for the page after, empty when this one is the last
  std::string previous;  // cursor for the page before, empty when this one is the first
};

struct Revision {
  Id id = 0;
  Id article_id = 0;
  int version = 0;
  Id editor_id = 0;  // 0 when saved by the system (import, demo)
  Time saved_at{};
  Article article;  // the whole story as saved
};

// One UTC day of the published archive (ArticleRepository::published_days).
struct PublishedDay {
  std::int64_t day = 0;  // days since 1970-01-01 UTC
  std::int64_t stories = 0;
  Time last_change{};
};

// The text of one story, for passes over the whole archive (discovery, suggestions).
struct StoryTextRow {
  Id id = 0;
  std::string headline;
  std::string dek;
  std::string body;
};

class ArticleRepository {
 public:
  explicit ArticleRepository(Scope& scope) : scope_(scope) {}

  std::optional<Article> find(Id id);
  std::optional<Article> find_by_slug(std::string_view slug);
  // The stories of ids that exist, in the order of ids (each once), read in one transaction of
  // three statements (and one more per gallery) instead of three per story: a feed's items.
  std::vector<Article> find_many(const std::vector<Id>& ids);
  // Inserts (id 0) or updates. On update article.version must equal the stored version, else
  // ConflictError. Stores a revision, keeps a changed slug as a redirect, sets created_at and
  // updated_at to saved_at (now when not given: imports and re-enrichment keep a story's own
  // times), and returns the stored story with its new id and version.
  Article save(const Article& article, Id editor_id, std::optional<Time> saved_at = std::nullopt);
  // Replaces the rendered body alone, after an editor's link decision: no new version, no
  // revision, created_at and updated_at kept (a decision is not an edit of the story). False when
  // the story is gone or no longer at `version` (a save in between renders its own body).
  // body_html_key is the digest of what it was rendered from (Article::body_html_key).
  bool replace_body_html(Id id, int version, const std::string& body_html,
                         const std::string& body_html_key);
  // True when the story is stored at `version`, its row held until the unit of work ends: a
  // pass that read it and leaves its body as it was can tell that no save came in between.
  bool at_version(Id id, int version);
  std::vector<ArticleSummary> list(const ArticleQuery& query);
  int count(const ArticleQuery& query);
  // Every UTC day with published news (every kind but pages), newest first: how many stories and
  // their newest change. A small table kept by triggers (SQLite step 19, PostgreSQL 17), so the
  // sitemap index reads it whole whatever the archive's size. After a removal last_change may
  // be newer than the newest change left.
  std::vector<PublishedDay> published_days();
  // The news (every kind but pages) published in [from, before), newest first, at most limit:
  // only what an address, a sitemap's lastmod and its photo need (kind, slug, section,
  // publish_at, updated_at, lead_media_id and the id). Read off one covering index (SQLite
  // step 18, PostgreSQL 16), so a month of archive costs no row of the table.
  std::vector<ArticleSummary> published_locations(Time from, Time before, int limit);
  // One page of the newsroom's list. A cursor that is not one this gave is a ConstraintError.
  StoryListPage list_page(const StoryListQuery& query);
  // Deletes the story with its revisions, links, quotes and old slugs; false when there was none.
  bool remove(Id id);
  std::vector<ArticleSummary> summaries(const std::vector<Id>& ids);  // in the order of ids
  // Published stories with ids above after_id, by id, at most limit: a keyset page, so that a
  // pass over the archive holds one page at a time and never skips or repeats a story.
  std::vector<StoryTextRow> published_texts(Id after_id, int limit);
  // Every story's id above after_id (any kind or status), by id, at most limit: a keyset page
  // for passes that rewrite the whole archive (reindex).
  std::vector<Id> ids_after(Id after_id, int limit);
  std::vector<Revision> revisions(Id article_id);  // newest first
  // Scheduled stories whose publish_at <= now become published; returns their ids.
  std::vector<Id> publish_due(Time now);

 private:
  Scope& scope_;
};

}  // namespace marquee
