// Newsroom: see newsroom.h.
#include "site/newsroom.h"

#include <algorithm>
#include <set>

#include "review/review.h"
#include "site/site.h"
#include "site/urls.h"
#include "text/text.h"

namespace marquee::site {
namespace {

std::vector<Id> entity_ids(const std::vector<ArticleEntity>& links) {
  std::vector<Id> ids;
  for (const auto& link : links) ids.push_back(link.entity_id);
  return ids;
}

// The state a link has for readers: an editor's word wins, else the linker's confidence.
bool shown_to_readers(const ArticleEntity& link, double threshold) {
  if (link.state == LinkState::rejected) return false;
  if (link.state == LinkState::confirmed) return true;
  return link.confidence >= threshold;
}

// Quotes come from the Markdown source: join its wrapped lines and drop emphasis markers.
std::string tidy_quote(const std::string& raw) {
  std::string out;
  bool space = false;
  for (char c : raw) {
    if (c == '*' || c == '_') continue;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

Newsroom::Newsroom(Store& store, Knowledge& knowledge, Site* site)
    : store_(store), knowledge_(knowledge), site_(site) {}

std::string Newsroom::render_body(const Article& story, const Enrichment& enrichment,
                                  const std::vector<ArticleEntity>& decided,
                                  const KnowledgeGraph& graph) const {
  std::string html = text::markdown_to_html(story.body);
  const double threshold = EnrichOptions{}.link_threshold;
  std::vector<text::MentionLink> links;
  for (const auto& mention : first_body_mentions(enrichment, 0.0)) {
    auto decision = std::find_if(decided.begin(), decided.end(), [&](const ArticleEntity& d) {
      return d.entity_id == mention.entity_id;
    });
    if (decision != decided.end()) {
      if (decision->state == LinkState::rejected) continue;
      if (decision->state != LinkState::confirmed && mention.confidence < threshold) continue;
    } else if (mention.confidence < threshold) {
      continue;
    }
    const Entity* entity = graph.entity(mention.entity_id);
    if (!entity) continue;
    links.push_back({{mention.surface}, entity_path(*entity), entity->name});
  }
  if (links.empty()) return html;
  return text::link_first_mentions(html, links);
}

Article Newsroom::save(const Article& given, Id editor_id, std::optional<Time> saved_at) {
  // Whichever door it came through (newsroom, API, import), a one-line field keeps no control
  // characters: they break feeds and page heads and are never what a writer meant.
  Article story = given;
  story.headline = text::single_line(story.headline);
  story.dek = text::single_line(story.dek);
  story.seo_title = text::single_line(story.seo_title);
  story.seo_description = text::single_line(story.seo_description);
  for (auto& tag : story.tags) tag = text::single_line(tag);
  std::optional<Article> before;
  std::vector<ArticleEntity> before_links;
  if (story.id != 0) {
    before = store_.articles().find(story.id);
    before_links = store_.links().of_story(story.id);
  }
  std::vector<ArticleEntity> decided;
  for (const auto& link : before_links) {
    if (link.source == LinkSource::editor || link.state != LinkState::suggested) {
      decided.push_back(link);
    }
  }
  auto graph = knowledge_.graph();
  Enrichment enrichment = enrich_story(*graph, {story.headline, story.dek, story.body});

  Article draft = story;
  draft.body_html = render_body(draft, enrichment, decided, *graph);
  // What the linker finds is a suggestion with a confidence; only an editor confirms or rejects.
  for (auto& link : enrichment.links) {
    link.source = LinkSource::automatic;
    link.state = LinkState::suggested;
  }
  for (auto& quote : enrichment.quotes) quote.text = tidy_quote(quote.text);
  // One unit of work: the story and its revision, its links and quotes, and the notice to the
  // other nodes commit together or not at all.
  Article saved = store_.write([&](UnitOfWork& unit) {
    Article stored = unit.articles().save(draft, editor_id, saved_at);
    for (auto& link : enrichment.links) link.article_id = stored.id;
    for (auto& quote : enrichment.quotes) quote.article_id = stored.id;
    unit.links().replace(stored.id, enrichment.links, enrichment.quotes);
    review::refresh_story(unit, graph, stored, &enrichment);
    unit.notify(ChangeNotice::of_story(stored.id).payload());
    return stored;
  });
  refresh_related(saved);

  if (site_) {
    std::set<Id> touched;
    for (Id id : entity_ids(before_links)) touched.insert(id);
    for (Id id : entity_ids(store_.links().of_story(saved.id))) touched.insert(id);
    site_->invalidate_story(before.value_or(saved), saved, {touched.begin(), touched.end()});
  }
  return saved;
}

bool Newsroom::remove(Id article_id) {
  auto before = store_.articles().find(article_id);
  if (!before) return false;
  auto links = store_.links().of_story(article_id);
  bool removed = store_.write([&](UnitOfWork& unit) {
    bool gone = unit.articles().remove(article_id);
    // The other nodes find no story under this id and take it out of their related index.
    if (gone) unit.notify(ChangeNotice::of_story(article_id).payload());
    return gone;
  });
  if (!removed) return false;
  knowledge_.related()->remove(article_id);
  if (site_) site_->invalidate_story(*before, *before, entity_ids(links));
  return true;
}

void Newsroom::refresh_related(const Article& story) {
  if (!story.is_published()) {
    knowledge_.related()->remove(story.id);
    return;
  }
  std::vector<ArticleEntity> shown;
  const double threshold = EnrichOptions{}.link_threshold;
  for (const auto& link : store_.links().of_story(story.id)) {
    if (shown_to_readers(link, threshold)) shown.push_back(link);
  }
  knowledge_.related()->put(story.id, *story.publish_at, shown);
}

void Newsroom::refresh_related(Id article_id) {
  if (auto story = store_.articles().find(article_id)) {
    refresh_related(*story);
  } else {
    knowledge_.related()->remove(article_id);
  }
}

void Newsroom::decide_link(Id article_id, Id entity_id, LinkState state, Id editor_id) {
  store_.links().decide(article_id, entity_id, state);
  auto story = store_.articles().find(article_id);
  if (!story) throw ConstraintError("no story with id " + std::to_string(article_id));
  // Saving again re-renders the body with the decision applied and keeps it as a revision.
  save(*story, editor_id);
}

int Newsroom::reenrich_all() {
  ArticleQuery all;
  all.status.reset();
  all.limit = 500;
  int saved = 0;
  std::vector<Id> ids;
  for (all.offset = 0;; all.offset += all.limit) {
    auto page = store_.articles().list(all);
    for (const auto& s : page) ids.push_back(s.id);
    if (static_cast<int>(page.size()) < all.limit) break;
  }
  for (Id id : ids) {
    auto story = store_.articles().find(id);
    if (!story) continue;
    save(*story, 0, story->updated_at);
    ++saved;
  }
  return saved;
}

void Newsroom::graph_changed() {
  knowledge_.reload_graph();
  if (site_) site_->invalidate_all();
}

int Newsroom::publish_due(Time now) {
  // Going live and telling the other nodes are one unit of work.
  auto ids = store_.write([&](UnitOfWork& unit) {
    auto due = unit.articles().publish_due(now);
    for (Id id : due) unit.notify(ChangeNotice::of_story(id).payload());
    return due;
  });
  for (Id id : ids) {
    auto story = store_.articles().find(id);
    if (!story) continue;
    refresh_related(*story);
    if (site_) {
      site_->invalidate_story(*story, *story, entity_ids(store_.links().of_story(id)));
    }
  }
  return static_cast<int>(ids.size());
}

}  // namespace marquee::site
