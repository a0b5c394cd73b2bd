// What enrichment found in stories, written once for both engines: entity links with editors'
// decisions, attributed quotes, and the topic-page questions asked of them.
#include "store/links.h"

#include <string>

#include "store/errors.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"

namespace marquee {
namespace {

using sql::Session;
using sql::Statement;

constexpr const char* kLinkColumns =
    "ae.article_id, ae.entity_id, ae.mentions, ae.salience, ae.confidence, ae.first_offset, "
    "ae.source, ae.state";

ArticleEntity read_link(const Statement& q) {
  ArticleEntity l;
  l.article_id = q.int64(0);
  l.entity_id = q.int64(1);
  l.mentions = q.int32(2);
  l.salience = q.real(3);
  l.confidence = q.real(4);
  l.first_offset = q.int32(5);
  l.source = sql::link_source_from(q.text(6));
  l.state = sql::link_state_from(q.text(7));
  return l;
}

constexpr const char* kQuoteColumns =
    "q.id, q.article_id, q.speaker_id, q.text, q.position, q.confidence";

Quote read_quote(const Statement& q) {
  Quote quote;
  quote.id = q.int64(0);
  quote.article_id = q.int64(1);
  quote.speaker_id = q.optional_int64(2);
  quote.text = q.text(3);
  quote.position = q.int32(4);
  quote.confidence = q.real(5);
  return quote;
}

}  // namespace

void LinkRepository::replace(Id article_id, const std::vector<ArticleEntity>& links,
                             const std::vector<Quote>& quotes) {
  scope_.run(Access::write, [&](Session& s) {
    if (!s.exists("SELECT 1 FROM articles WHERE id = ?" + std::string(s.dialect().lock_rows),
                  article_id)) {
      throw ConstraintError("no story " + std::to_string(article_id));
    }
    // Undecided automatic links are the linker's to replace; anything an editor touched stays.
    s.run("DELETE FROM article_entities WHERE article_id = ? AND source = ? AND state = ?",
          article_id, to_string(LinkSource::automatic), to_string(LinkState::suggested));
    for (const ArticleEntity& link : links) {
      s.run(
          "INSERT INTO article_entities (article_id, entity_id, mentions, salience, "
          "confidence, first_offset, source, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (article_id, entity_id) DO UPDATE SET mentions = excluded.mentions, "
          "salience = excluded.salience, confidence = excluded.confidence, "
          "first_offset = excluded.first_offset",
          article_id, link.entity_id, link.mentions, link.salience, link.confidence,
          link.first_offset, to_string(link.source), to_string(link.state));
    }
    s.run("DELETE FROM quotes WHERE article_id = ?", article_id);
    for (const Quote& quote : quotes) {
      s.run(
          "INSERT INTO quotes (article_id, speaker_id, text, position, confidence) "
          "VALUES (?, ?, ?, ?, ?)",
          article_id, quote.speaker_id, quote.text, quote.position, quote.confidence);
    }
  });
}

void LinkRepository::decide(Id article_id, Id entity_id, LinkState state) {
  scope_.run(Access::write, [&](Session& s) {
    // An editor adding a link the linker missed is sure of it: full confidence, no counts yet.
    s.run(
        "INSERT INTO article_entities (article_id, entity_id, mentions, salience, confidence, "
        "first_offset, source, state) VALUES (?, ?, 0, 0, 1, -1, ?, ?) "
        "ON CONFLICT (article_id, entity_id) DO UPDATE SET state = excluded.state",
        article_id, entity_id, to_string(LinkSource::editor), to_string(state));
  });
}

std::vector<ArticleEntity> LinkRepository::of_story(Id article_id) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<ArticleEntity> out;
    auto q = s.query(std::string("SELECT ") + kLinkColumns +
                         " FROM article_entities ae WHERE ae.article_id = ?"
                         " ORDER BY ae.salience DESC, ae.entity_id",
                     article_id);
    while (q.step()) out.push_back(read_link(q));
    return out;
  });
}

std::vector<ArticleEntity> LinkRepository::published() {
  std::vector<ArticleEntity> out;
  each_published([&](const ArticleEntity& link, Time) { out.push_back(link); });
  return out;
}

void LinkRepository::each_published(const std::function<void(const ArticleEntity&, Time)>& visit) {
  scope_.run(Access::read, [&](Session& s) {
    // The primary key's order (by story) with no join: a scan of the link table.
    auto q = s.query(std::string("SELECT ") + kLinkColumns +
                     ", ae.listed_at FROM article_entities ae"
                     " WHERE ae.listed_at IS NOT NULL AND ae.state <> 'rejected'"
                     " ORDER BY ae.article_id, ae.salience DESC, ae.entity_id");
    while (q.step()) visit(read_link(q), *q.optional_time(8));
  });
}

std::vector<Quote> LinkRepository::quotes_of_story(Id article_id) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<Quote> out;
    auto q = s.query(std::string("SELECT ") + kQuoteColumns +
                         " FROM quotes q WHERE q.article_id = ? ORDER BY q.position, q.id",
                     article_id);
    while (q.step()) out.push_back(read_quote(q));
    return out;
  });
}

std::vector<Quote> LinkRepository::quotes_by(Id entity_id, int limit) {
  if (limit <= 0) return {};
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<Quote> out;
    // Off the index of listed quotes (migration 17 on SQLite, 15 on PostgreSQL): newest story
    // first, in reading order within it, without reading the stories.
    auto q = s.query(std::string("SELECT ") + kQuoteColumns +
                         " FROM quotes q WHERE q.speaker_id = ? AND q.listed_at IS NOT NULL"
                         " ORDER BY q.listed_at DESC, q.article_id DESC, q.position LIMIT ?",
                     entity_id, limit);
    while (q.step()) out.push_back(read_quote(q));
    return out;
  });
}

}  // namespace marquee
