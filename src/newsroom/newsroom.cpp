// The newsroom service: see newsroom.h.
#include "newsroom/newsroom.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <set>
#include <stdexcept>

#include "core/slug.h"
#include "core/urls.h"
#include "newsroom/capabilities.h"
#include "newsroom/live_reading.h"
#include "newsroom/page_rules.h"
#include "review/review.h"
#include "store/changes.h"
#include "text/embeds.h"
#include "text/text.h"

namespace marquee::newsroom {
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

// A link decision rendered over a version of the story that a save has since replaced.
struct StaleRender {};

Time now_seconds() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

Refusal not_found_story(Id id) {
  return {Refusal::Kind::not_found, "not_found", "",
          "No story with id " + std::to_string(id) + "."};
}

// How central someone seen only in a gallery's photos (not named in its text) is to it: enough
// for its topic page to list the gallery, too little to lead its related reading.
constexpr double kPhotoPersonSalience = 0.2;

// What decides a rendered body besides its Markdown and its links. Change it when the Markdown
// renderer, the sanitiser or the markup of links changes what a body becomes, so that the next
// `marquee reindex` renders every body again instead of keeping the ones whose inputs it knows.
constexpr std::string_view kBodyRenderer = "marquee-body-1";
constexpr std::size_t kBodyKeyBytes = 16;

// Article::body_html_key: a digest of the renderer, the Markdown and the links put in it.
std::string body_key(std::string_view markdown, const std::vector<text::MentionLink>& links) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kBodyKeyBytes);
  // Each part goes in after its length, so that no two different lists of parts read alike.
  const auto add = [&state](std::string_view part) {
    const std::uint64_t size = part.size();
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&size), sizeof size);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  };
  add(kBodyRenderer);
  add(markdown);
  for (const auto& link : links) {
    add(link.href);
    add(link.title);
    add(std::to_string(link.surfaces.size()));
    for (const auto& surface : link.surfaces) add(surface);
  }
  std::array<unsigned char, kBodyKeyBytes> digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  std::array<char, kBodyKeyBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return hex.data();
}

// The links a body gets: the first body mention of each entity the linker is sure of or an
// editor confirmed, none that an editor rejected.
std::vector<text::MentionLink> body_links(const Enrichment& enrichment,
                                          const std::vector<ArticleEntity>& decided,
                                          const KnowledgeGraph& graph) {
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
  return links;
}

}  // namespace

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

Newsroom::Newsroom(Store& store, Knowledge& knowledge, PageWatcher* pages)
    : store_(store), knowledge_(knowledge), pages_(pages) {}

Newsroom::RenderedBody Newsroom::render_body(std::string_view markdown,
                                             const Enrichment& enrichment,
                                             const std::vector<ArticleEntity>& decided,
                                             const KnowledgeGraph& graph) const {
  const auto links = body_links(enrichment, decided, graph);
  return {text::markdown_to_linked_html(markdown, links), body_key(markdown, links)};
}

Article Newsroom::normalised(const Actor& who, const Article& given,
                             const std::optional<Article>& before, Time now) const {
  // Whichever door it came through (newsroom, API, import), a one-line field keeps no control
  // characters: they break feeds and page heads and are never what a writer meant.
  Article story = given;
  story.headline = text::single_line(story.headline);
  story.dek = text::single_line(story.dek);
  story.seo_title = text::single_line(story.seo_title);
  story.seo_description = text::single_line(story.seo_description);
  for (auto& tag : story.tags) tag = text::single_line(tag);
  if (story.kind == ArticleKind::page) story.section.clear();  // a page lives at its own path
  for (auto& photo : story.photos) {
    photo.caption = text::single_line(photo.caption);
    photo.credit = text::single_line(photo.credit);
    photo.alt = text::single_line(photo.alt);
  }
  // A gallery stands in lists, feeds and link previews for its first photo.
  if (story.kind == ArticleKind::gallery && !story.photos.empty()) {
    story.lead_media_id = story.photos.front().media_id;
  }
  if (story.slug.empty()) story.slug = slugify(story.headline);
  if (!before && story.author_ids.empty() && !who.is_system()) story.author_ids = {who.user_id};
  // "Publish now" with no time: the story goes out at this moment.
  if (story.status == ArticleStatus::published && !story.publish_at) story.publish_at = now;
  return story;
}

void Newsroom::check_references(const Article& story, std::vector<Refusal>& out) {
  if (!story.section.empty()) {
    auto sections = store_.sections().all();
    if (std::none_of(sections.begin(), sections.end(),
                     [&](const Section& s) { return s.slug == story.section; })) {
      out.push_back({Refusal::Kind::invalid, "section", "section", "Choose a section."});
    }
  }
  for (Id author : story.author_ids) {
    if (!store_.users().find(author)) {
      out.push_back({Refusal::Kind::invalid, "authors", "authors",
                     "Choose authors from the newsroom's people."});
      break;
    }
  }
  auto media_ok = [&](const std::optional<Id>& id, MediaKind kind) {
    if (!id) return true;
    auto media = store_.media().find(*id);
    return media && media->kind == kind;
  };
  if (!media_ok(story.lead_media_id, MediaKind::image)) {
    out.push_back(
        {Refusal::Kind::invalid, "lead_media", "lead_media", "Choose a photo from the library."});
  }
  if (!media_ok(story.clip_media_id, MediaKind::video)) {
    out.push_back(
        {Refusal::Kind::invalid, "clip_media", "clip_media", "Choose a clip from the library."});
  }
  check_gallery_references(story, out);
  if (story.kind == ArticleKind::page) {
    // Not over a section, one of the site's routes or another page (page_rules.h).
    if (auto refusal = page_path_refusal(store_, story.slug, story.id)) {
      out.push_back({Refusal::Kind::invalid, "invalid_path", "path", *refusal});
    }
  } else if (!story.slug.empty()) {
    if (auto other = store_.articles().find_by_slug(story.slug); other && other->id != story.id) {
      out.push_back(
          {Refusal::Kind::invalid, "slug_taken", "slug", "Another story already uses this slug."});
    }
  }
}

void Newsroom::check_gallery_references(const Article& story, std::vector<Refusal>& out) {
  for (std::size_t i = 0; i < story.photos.size(); ++i) {
    const GalleryPhoto& photo = story.photos[i];
    const std::string number = std::to_string(i + 1);
    auto media = store_.media().find(photo.media_id);
    if (!media || media->kind != MediaKind::image) {
      out.push_back({Refusal::Kind::invalid, "photo_media", "photos." + number + ".media_id",
                     "Photo " + number + " is not a photo of the library."});
    }
    for (const auto& person : photo.people) {
      auto entity = store_.graph().entity(person.entity_id);
      if (!entity || entity->kind != EntityKind::person) {
        out.push_back(
            {Refusal::Kind::invalid, "photo_people", "photos." + number + ".people",
             "The people in photo " + number + " must be people of the knowledge graph."});
        break;
      }
    }
  }
  // A line "gallery: <slug>" in the body must name a gallery (text/embeds.h).
  if (story.body.find("gallery:") == std::string::npos) return;
  for (const auto& slug : text::gallery_embeds(text::markdown_to_html(story.body))) {
    auto gallery = store_.articles().find_by_slug(slug);
    if (!gallery || gallery->kind != ArticleKind::gallery) {
      out.push_back({Refusal::Kind::invalid, "gallery_embed", "body",
                     "No gallery has the slug \"" + slug + "\"."});
    }
  }
}

void Newsroom::fill_photo_words(Article& story) {
  // A photo the editor gave no words of the gallery's own keeps the library's.
  for (auto& photo : story.photos) {
    if (!photo.caption.empty() && !photo.credit.empty() && !photo.alt.empty()) continue;
    auto media = store_.media().find(photo.media_id);
    if (!media) continue;
    if (photo.caption.empty()) photo.caption = text::single_line(media->caption);
    if (photo.credit.empty()) photo.credit = text::single_line(media->credit);
    if (photo.alt.empty()) photo.alt = text::single_line(media->alt);
  }
}

Article Newsroom::save(const Actor& who, const Article& given, const SaveOptions& options) {
  std::optional<Article> before;
  if (given.id != 0) {
    before = store_.articles().find(given.id);
    if (!before) throw Refused(not_found_story(given.id));
  }
  const Time now = now_seconds();
  Article story = normalised(who, given, before, now);
  fill_photo_words(story);
  ChangeContext context;
  context.now = now;
  context.imported = options.imported;
  // A gallery's lead is its first photo, whose alt text the gallery's own rules ask for.
  if (story.lead_media_id && story.kind != ArticleKind::gallery) {
    auto photo = store_.media().find(*story.lead_media_id);
    if (photo && photo->kind == MediaKind::image) context.lead_photo = std::move(photo);
  }
  auto refusals = check_change(who, before, story, context);
  if (refusals.empty() || refusals.front().kind != Refusal::Kind::forbidden) {
    check_references(story, refusals);
  }
  if (!refusals.empty()) throw Refused(std::move(refusals));
  try {
    return write_story(story, who.user_id, options.saved_at, before);
  } catch (const ConflictError&) {
    throw Refused(Refusal{Refusal::Kind::conflict, "conflict", "version",
                          "Someone else saved this story after the version you started from."});
  } catch (const ConstraintError&) {
    // A slug taken between the check and the save.
    throw Refused(Refusal{Refusal::Kind::invalid, "slug_taken", "slug",
                          "Another story already uses this slug."});
  }
}

Newsroom::Linked Newsroom::link_story(const Article& story,
                                      const std::vector<ArticleEntity>& before_links,
                                      const KnowledgeGraph& graph, BodyRender render) const {
  std::vector<ArticleEntity> decided;
  for (const auto& link : before_links) {
    if (link.source == LinkSource::editor || link.state != LinkState::suggested) {
      decided.push_back(link);
    }
  }
  Linked out{story, {}};
  // A gallery's captions are part of what it is about (its topic pages list it).
  std::string text_read = story.body;
  for (const auto& photo : story.photos) text_read += "\n\n" + photo.caption;
  out.enrichment = enrich_story(graph, {story.headline, story.dek, text_read});
  suggest_people(out.draft, graph);
  add_photo_people(out.draft, out.enrichment);

  const auto links = body_links(out.enrichment, decided, graph);
  std::string key = body_key(out.draft.body, links);
  if (render == BodyRender::always || key != story.body_html_key) {
    out.draft.body_html = text::markdown_to_linked_html(out.draft.body, links);
    out.draft.body_html_key = std::move(key);
    out.body_rendered = true;
  }
  // What the linker finds is a suggestion with a confidence; only an editor confirms or rejects.
  for (auto& link : out.enrichment.links) {
    link.source = LinkSource::automatic;
    link.state = LinkState::suggested;
  }
  for (auto& quote : out.enrichment.quotes) quote.text = tidy_quote(quote.text);
  return out;
}

Article Newsroom::write_story(const Article& story, Id editor_id, std::optional<Time> saved_at,
                              const std::optional<Article>& before) {
  std::vector<ArticleEntity> before_links;
  if (story.id != 0) before_links = store_.links().of_story(story.id);
  auto graph = knowledge_.graph();
  Linked linked = link_story(story, before_links, *graph);
  const Article& draft = linked.draft;
  Enrichment& enrichment = linked.enrichment;
  // One unit of work: the story and its revision, its links and quotes, and the notice to the
  // other nodes commit together or not at all.
  Article saved = store_.write([&](UnitOfWork& unit) {
    Article stored = unit.articles().save(draft, editor_id, saved_at);
    for (auto& link : enrichment.links) link.article_id = stored.id;
    for (auto& quote : enrichment.quotes) quote.article_id = stored.id;
    if (stored.kind == ArticleKind::live) {
      // A live story is about what its entries say too (read here, under the story's row lock,
      // so that no entry posted meanwhile is left out).
      LiveReading live = read_live_story(unit, *graph, stored);
      unit.links().replace(stored.id, live.enrichment.links, live.enrichment.quotes);
      review::refresh_story(unit, graph, live.text, &live.enrichment);
    } else {
      unit.links().replace(stored.id, enrichment.links, enrichment.quotes);
      review::refresh_story(unit, graph, stored, &enrichment);
    }
    unit.notify(ChangeNotice::of_story(stored.id).payload());
    return stored;
  });
  refresh_related(saved);

  if (pages_) {
    std::set<Id> touched;
    for (Id id : entity_ids(before_links)) touched.insert(id);
    for (Id id : entity_ids(store_.links().of_story(saved.id))) touched.insert(id);
    pages_->story_changed(before.value_or(saved), saved, {touched.begin(), touched.end()});
  }
  return saved;
}

void Newsroom::suggest_people(Article& story, const KnowledgeGraph& graph) const {
  for (auto& photo : story.photos) {
    // Editors' decisions stay; the linker's suggestions are made again from the caption, read
    // after the headline so that a surname there ("Stewart") finds the person named in full.
    std::vector<PhotoPerson> people;
    for (const auto& person : photo.people) {
      if (person.state == LinkState::suggested) continue;
      PhotoPerson decided = person;
      if (decided.state == LinkState::confirmed) decided.confidence = 1.0;
      people.push_back(decided);
    }
    Enrichment found = enrich_story(graph, {story.headline, "", photo.caption});
    for (const auto& mention : found.mentions) {
      if (mention.field != StoryField::body) continue;
      const Entity* entity = graph.entity(mention.entity_id);
      if (!entity || entity->kind != EntityKind::person) continue;
      auto known = std::find_if(people.begin(), people.end(), [&](const PhotoPerson& p) {
        return p.entity_id == mention.entity_id;
      });
      if (known == people.end()) {
        people.push_back({mention.entity_id, LinkState::suggested, mention.confidence});
      } else if (known->state == LinkState::suggested) {
        known->confidence = std::max(known->confidence, mention.confidence);
      }
    }
    photo.people = std::move(people);
  }
}

void Newsroom::add_photo_people(const Article& story, Enrichment& enrichment) const {
  // Someone an editor confirmed in a photo is in the gallery, named in its text or not.
  for (const auto& photo : story.photos) {
    for (const auto& person : photo.people) {
      if (person.state != LinkState::confirmed) continue;
      bool linked =
          std::any_of(enrichment.links.begin(), enrichment.links.end(),
                      [&](const ArticleEntity& l) { return l.entity_id == person.entity_id; });
      if (linked) continue;
      ArticleEntity link;
      link.entity_id = person.entity_id;
      link.salience = kPhotoPersonSalience;
      link.confidence = 1.0;
      enrichment.links.push_back(link);
    }
  }
}

void Newsroom::refresh_related(const Article& story) {
  if (!story.is_published() || story.kind == ArticleKind::page) {  // pages are not related reading
    knowledge_.remove_related(story.id);
    return;
  }
  std::vector<ArticleEntity> shown;
  const double threshold = EnrichOptions{}.link_threshold;
  for (const auto& link : store_.links().of_story(story.id)) {
    if (shown_to_readers(link, threshold)) shown.push_back(link);
  }
  knowledge_.put_related(story.id, *story.publish_at, shown);
}

void Newsroom::refresh_related(Id article_id) {
  if (auto story = store_.articles().find(article_id)) {
    refresh_related(*story);
  } else {
    knowledge_.remove_related(article_id);
  }
}

Article Newsroom::decide_link(const Actor& who, Id article_id, Id entity_id, LinkState state) {
  auto story = store_.articles().find(article_id);
  if (!story) throw Refused(not_found_story(article_id));
  if (auto refusal = refuse_link_decision(who, *story)) throw Refused(std::move(*refusal));
  if (state == LinkState::suggested || !store_.graph().entity(entity_id)) {
    throw Refused(Refusal{Refusal::Kind::invalid, "link_decision", "entity_id",
                          "Choose an entity and confirm or reject it."});
  }
  auto graph = knowledge_.graph();
  // The body as readers will see it with the decision applied: the same render a save makes,
  // over the stored text, with the stored decisions and this one.
  for (int attempt = 0;; ++attempt) {
    Article current = attempt == 0 ? *story : store_.articles().find(article_id).value_or(*story);
    Enrichment enrichment = enrich_story(*graph, {current.headline, current.dek, current.body});
    std::vector<ArticleEntity> decided;
    for (const auto& link : store_.links().of_story(article_id)) {
      if (link.entity_id == entity_id) continue;
      if (link.source == LinkSource::editor || link.state != LinkState::suggested) {
        decided.push_back(link);
      }
    }
    ArticleEntity decision;
    decision.article_id = article_id;
    decision.entity_id = entity_id;
    decision.state = state;
    decision.source = LinkSource::editor;
    decided.push_back(decision);
    const RenderedBody body = render_body(current.body, enrichment, decided, *graph);
    // The decision and the body it gives commit together; the story's version, revisions and
    // times stay. If a save came in between, render again over what it stored.
    bool done = true;
    try {
      store_.write([&](UnitOfWork& unit) {
        unit.links().decide(article_id, entity_id, state);
        // Rolled back whole (decision too) when the story moved on: the next try renders anew.
        if (!unit.articles().replace_body_html(article_id, current.version, body.html, body.key)) {
          throw StaleRender{};
        }
        unit.notify(ChangeNotice::of_story(article_id).payload());
      });
    } catch (const StaleRender&) {
      done = false;
    }
    if (!done) {
      if (!store_.articles().find(article_id)) throw Refused(not_found_story(article_id));
      if (attempt < 3) continue;
      throw Refused(Refusal{Refusal::Kind::conflict, "conflict", "",
                            "The story kept changing; try the decision again."});
    }
    current.body_html = body.html;
    current.body_html_key = body.key;
    refresh_related(current);
    if (pages_) pages_->story_body_changed(current, entity_id);
    return current;
  }
}

void Newsroom::remove(const Actor& who, Id article_id) {
  auto before = store_.articles().find(article_id);
  if (!before) throw Refused(not_found_story(article_id));
  if (!who.is_system()) {
    User user;
    user.id = who.user_id;
    user.role = who.role;
    if (auto why = refuse_delete(user, *before)) {
      throw Refused(Refusal{Refusal::Kind::forbidden, "delete", "", *why});
    }
  }
  auto links = store_.links().of_story(article_id);
  bool removed = store_.write([&](UnitOfWork& unit) {
    bool gone = unit.articles().remove(article_id);
    // The other nodes find no story under this id and take it out of their related index.
    if (gone) unit.notify(ChangeNotice::of_story(article_id).payload());
    return gone;
  });
  if (!removed) throw Refused(not_found_story(article_id));
  knowledge_.remove_related(article_id);
  if (pages_) pages_->story_changed(*before, *before, entity_ids(links));
}

bool Newsroom::relink(Id article_id, Id editor_id) {
  auto story = store_.articles().find(article_id);
  if (!story) return false;
  // Nothing of the story changes but what the linker finds: no rules to ask, times kept.
  write_story(*story, editor_id, story->updated_at, story);
  return true;
}

void Newsroom::graph_changed() {
  knowledge_.reload_graph();
  if (pages_) pages_->everything_changed();
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
    if (pages_) pages_->story_changed(*story, *story, entity_ids(store_.links().of_story(id)));
  }
  return static_cast<int>(ids.size());
}

}  // namespace marquee::newsroom
