// Topic pages (one per entity: who or what it is, its relations, stories, quotes, who is covered
// with it) and the related-reading block at the end of a story.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/urls.h"
#include "site/site.h"

namespace marquee::site {
namespace {

using nlohmann::json;

struct RelationWording {
  const char* predicate;
  const char* outgoing_heading;  // the page's entity is the subject
  const char* incoming_heading;  // the page's entity is the object
};

constexpr RelationWording kWordings[] = {
    {"acted_in", "Roles", "Cast"},
    {"directed", "Directed", "Directed by"},
    {"member_of", "Member of", "Members"},
    {"performed", "Performed", "Performed by"},
    {"featured_in", "Featured in", "Songs featured"},
    {"portrays", "Based on", "Portrayed as"},
    {"appeared_in", "Appearances", "Featuring"},
    {"part_of", "Part of", "Includes"},
    {"released", "Released", "Released by"},
    {"on_album", "On the album", "Tracks"},
    {"played_by", "Played by", "Characters played"},
    {"character_in", "Character in", "Characters"},
    {"wrote", "Wrote", "Written by"},
    {"created", "Created", "Created by"},
    {"distributed", "Distributed", "Distributed by"},
    {"executive_produced", "Executive produced", "Executive producers"},
    {"managed", "Managed", "Managed by"},
    {"premiered_at", "Premiered at", "Premieres"},
    {"sibling_of", "Sibling of", "Sibling of"},
    {"signed_to", "Signed to", "Artists"},
    {"soundtrack_of", "Soundtrack of", "Soundtrack"},
    {"based_on_memoir_of", "Based on the memoir of", "Memoir adapted as"},
};

std::string humanize(std::string predicate) {
  std::replace(predicate.begin(), predicate.end(), '_', ' ');
  if (!predicate.empty()) predicate[0] = static_cast<char>(std::toupper(predicate[0]));
  return predicate;
}

std::string qualifier(const Relation& r, const char* key) {
  auto it = r.qualifiers.find(key);
  return it == r.qualifiers.end() ? std::string() : it->second;
}

std::string year_of(const Relation& r, const Entity& other) {
  std::string year = qualifier(r, "year");
  if (year.empty() && other.start_date.size() >= 4 &&
      (other.kind == EntityKind::film || other.kind == EntityKind::show ||
       other.kind == EntityKind::album || other.kind == EntityKind::song)) {
    year = other.start_date.substr(0, 4);
  }
  return year;
}

const char* kind_label(EntityKind kind) {
  switch (kind) {
    case EntityKind::person:
      return "Person";
    case EntityKind::film:
      return "Film";
    case EntityKind::show:
      return "TV show";
    case EntityKind::band:
      return "Band";
    case EntityKind::song:
      return "Song";
    case EntityKind::album:
      return "Album";
    case EntityKind::character:
      return "Character";
    case EntityKind::organization:
      return "Organization";
    case EntityKind::event:
      return "Event";
  }
  return "Topic";
}

std::pair<const char*, const char*> date_labels(EntityKind kind) {
  switch (kind) {
    case EntityKind::person:
      return {"Born", "Died"};
    case EntityKind::band:
      return {"Formed", "Disbanded"};
    case EntityKind::organization:
      return {"Founded", "Closed"};
    case EntityKind::film:
    case EntityKind::song:
    case EntityKind::album:
      return {"Released", ""};
    case EntityKind::show:
      return {"First aired", "Last aired"};
    case EntityKind::event:
      return {"Began", "Ended"};
    case EntityKind::character:
      return {"", ""};
  }
  return {"", ""};
}

// "1990-04-09" -> "Apr 9, 1990"; a year or anything else is shown as written.
std::string display_date(const std::string& iso) {
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (iso.size() == 10 && std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
      m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    return std::string(months[m - 1]) + " " + std::to_string(d) + ", " + std::to_string(y);
  }
  return iso;
}

// How many of an entity's newest stories its page looks through for their photos and clips, and
// how many of each it shows: the page costs the same however many stories there are.
constexpr int kTopicMediaStories = 24;
constexpr std::size_t kTopicPhotos = 8;
constexpr std::size_t kTopicClips = 4;

// The shape an entity's own photo takes: a portrait for people, works and characters, a square
// for records, a wide one for groups and events.
const char* entity_image_crop(EntityKind kind) {
  switch (kind) {
    case EntityKind::song:
    case EntityKind::album:
      return "1:1";
    case EntityKind::band:
    case EntityKind::organization:
    case EntityKind::event:
      return "16:9";
    default:
      return "4:5";
  }
}

// The entity's photo is 16rem wide beside its name (the whole width on a phone).
constexpr const char* kEntityImageSizes = "(min-width: 40rem) 16rem, 100vw";
constexpr const char* kTopicPhotoSizes = "(min-width: 50rem) 10rem, 45vw";

}  // namespace

json Site::entity_image_view(const Entity& entity, std::vector<std::string>& cache_tags) {
  if (!entity.image_media_id) return nullptr;
  cache_tags.push_back("media:" + std::to_string(*entity.image_media_id));
  auto photo = store_.media().find(*entity.image_media_id);
  if (!photo || photo->kind != MediaKind::image) return nullptr;
  return photo_view(*photo, PhotoSlot{.crop = entity_image_crop(entity.kind),
                                      .sizes = kEntityImageSizes,
                                      .fallback_width = 640});
}

json Site::topic_media_view(const Entity& entity, std::vector<std::string>& cache_tags) {
  ArticleQuery q;
  q.entity_id = entity.id;
  q.limit = kTopicMediaStories;
  json photos = json::array();
  json clips = json::array();
  std::set<Id> seen;
  if (entity.image_media_id) seen.insert(*entity.image_media_id);
  for (const auto& story : store_.articles().list(q)) {  // newest first
    if (photos.size() < kTopicPhotos && story.lead_media_id &&
        seen.insert(*story.lead_media_id).second) {
      cache_tags.push_back("media:" + std::to_string(*story.lead_media_id));
      auto photo = store_.media().find(*story.lead_media_id);
      if (photo && photo->kind == MediaKind::image) {
        json view = photo_view(
            *photo, PhotoSlot{.crop = "1:1", .sizes = kTopicPhotoSizes, .fallback_width = 320});
        if (!view.is_null()) {
          view["story_url"] = story_path(story);
          view["story_headline"] = story.headline;
          view["lazy"] = true;
          photos.push_back(std::move(view));
        }
      }
    }
    if (clips.size() < kTopicClips && story.clip_media_id &&
        seen.insert(*story.clip_media_id).second) {
      cache_tags.push_back("media:" + std::to_string(*story.clip_media_id));
      auto clip = store_.media().find(*story.clip_media_id);
      if (clip && clip->kind == MediaKind::video) {
        json view = clip_view(*clip);
        view["story_url"] = story_path(story);
        view["story_headline"] = story.headline;
        clips.push_back(std::move(view));
      }
    }
    if (photos.size() >= kTopicPhotos && clips.size() >= kTopicClips) break;
  }
  return {{"photos", photos},
          {"clips", clips},
          {"has_photos", !photos.empty()},
          {"has_clips", !clips.empty()}};
}

json Site::relations_view(const Entity& entity, const KnowledgeGraph& graph,
                          const std::vector<const Relation*>& relations) {
  // Groups keep the order of kWordings, then unknown predicates by name.
  std::map<std::pair<int, std::string>, json> groups;
  for (const Relation* relation : relations) {
    const Relation& r = *relation;
    bool outgoing = r.subject_id == entity.id;
    const Entity* other = graph.entity(outgoing ? r.object_id : r.subject_id);
    if (!other) continue;
    int order = static_cast<int>(std::size(kWordings));
    // A predicate with no wording yet still shows, under its own name.
    std::string heading =
        outgoing ? humanize(r.predicate) : "Related (" + humanize(r.predicate) + ")";
    for (std::size_t i = 0; i < std::size(kWordings); ++i) {
      if (r.predicate == kWordings[i].predicate) {
        order = static_cast<int>(i);
        heading = outgoing ? kWordings[i].outgoing_heading : kWordings[i].incoming_heading;
      }
    }
    std::string prefix, suffix;
    std::string character = qualifier(r, "character");
    std::string year = year_of(r, *other);
    if (r.predicate == "acted_in" && outgoing) {
      if (!character.empty()) prefix = character + " in ";
      if (!year.empty()) suffix = " (" + year + ")";
    } else if (r.predicate == "acted_in") {
      if (!character.empty()) suffix = " as " + character;
    } else if (r.predicate == "member_of") {
      std::string role = qualifier(r, "role"), years = qualifier(r, "years");
      std::string detail = role + (!role.empty() && !years.empty() ? ", " : "") + years;
      if (!detail.empty()) suffix = " (" + detail + ")";
    } else if (!year.empty() && other->kind != EntityKind::person &&
               other->kind != EntityKind::character) {
      // The year dates the other thing ("Dazed and Confused (1993)"), never a person.
      suffix = " (" + year + ")";
    }
    auto& group = groups[{order, heading}];
    if (group.is_null()) group = {{"heading", heading}, {"items", json::array()}, {"more", 0}};
    if (group["items"].size() >= kTopicRelationsShown) {
      group["more"] = group["more"].get<int>() + 1;
      continue;
    }
    group["items"].push_back({{"prefix", prefix},
                              {"name", other->name},
                              {"url", entity_path(*other)},
                              {"suffix", suffix}});
  }
  json list = json::array();
  for (auto& [key, group] : groups) list.push_back(std::move(group));
  return list;
}

Site::Rendered Site::topic_page(const Route& route) {
  auto graph = knowledge_.graph();
  const Entity* found = graph->entity_by_slug(route.slug);
  std::optional<Entity> entity;
  if (found) entity = *found;
  if (!entity) entity = store_.graph().entity_by_slug(route.slug);
  if (!entity) return direct(error_page(404, "Page not found", "We have no page on that topic."));
  std::string path = entity_path(*entity);
  if (route.kind != entity->kind) return direct(web::Response::redirect(301, path));

  ArticleQuery q;
  q.entity_id = entity->id;
  auto listed = story_list_page(q, route, path);
  if (auto* refused = std::get_if<web::Response>(&listed)) return direct(std::move(*refused));
  auto& latest = std::get<StoryPage>(listed);
  const bool first_page = route.after.empty();
  std::string description = entity->description.empty() ? "News about " + entity->name
                                                        : entity->name + ": " + entity->description;
  json view = layout_view(entity->name, description, latest.canonical, "");
  auto [start_label, end_label] = date_labels(entity->kind);
  json facts = json::array();
  if (!entity->start_date.empty() && *start_label) {
    facts.push_back({{"label", start_label}, {"value", display_date(entity->start_date)}});
  }
  if (!entity->end_date.empty() && *end_label) {
    facts.push_back({{"label", end_label}, {"value", display_date(entity->end_date)}});
  }
  json aliases = json::array();
  for (const auto& alias : entity->aliases) aliases.push_back(alias);
  view["topic"] = {{"name", entity->name},
                   {"kind", kind_label(entity->kind)},
                   {"kind_slug", to_string(entity->kind)},
                   {"description", entity->description},
                   {"facts", facts},
                   {"has_facts", !facts.empty()},
                   {"aliases", aliases},
                   {"has_aliases", !aliases.empty()},
                   {"url", path}};
  std::vector<std::string> tags = {"entity:" + std::to_string(entity->id)};
  if (json image = entity_image_view(*entity, tags); !image.is_null()) {
    image["priority"] = true;  // the largest image of the page's first screen
    view["topic"]["image"] = std::move(image);
  }
  // The compiled graph's relations, unless the entity is newer than the graph.
  std::vector<Relation> uncompiled;
  std::vector<const Relation*> relations;
  if (found) {
    relations = graph->relations_of(entity->id);
  } else {
    uncompiled = store_.graph().relations_of(entity->id);
    for (const auto& r : uncompiled) relations.push_back(&r);
  }
  view["relation_groups"] = relations_view(*entity, *graph, relations);
  add_topic_head(view, *entity, *graph, relations);
  view["stories"] = card_views(latest.stories, tags);
  view["pagination"] = std::move(latest.pagination);
  if (first_page) add_topic_galleries(view, *entity, tags);

  if (first_page && entity->kind == EntityKind::person) {
    auto quotes = store_.links().quotes_by(entity->id, 6);
    std::vector<Id> ids;
    for (const auto& quote : quotes) ids.push_back(quote.article_id);
    std::map<Id, ArticleSummary> stories;
    for (auto& s : store_.articles().summaries(ids)) stories.emplace(s.id, std::move(s));
    json list = json::array();
    for (const auto& quote : quotes) {
      auto it = stories.find(quote.article_id);
      if (it == stories.end()) continue;
      list.push_back({{"text", quote.text},
                      {"story_headline", it->second.headline},
                      {"story_url", story_path(it->second)}});
      tags.push_back("article:" + std::to_string(quote.article_id));
    }
    view["quotes"] = list;
    view["has_quotes"] = !list.empty();
  }
  if (first_page) {
    json with = json::array();
    const auto related = knowledge_.related();
    for (const auto& co : related->co_mentioned(entity->id, kTopicCoveredWith, kCoMentionWindow)) {
      const Entity* other = graph->entity(co.entity_id);
      if (!other) continue;
      with.push_back({{"name", other->name},
                      {"url", entity_path(*other)},
                      {"kind", kind_label(other->kind)},
                      {"stories", co.stories}});
    }
    view["covered_with"] = with;
    view["has_covered_with"] = !with.empty();
    view["media"] = topic_media_view(*entity, tags);
  }
  return {theme_.render_page("topic", view), tags, std::nullopt};
}

json Site::related_view(const Article& story, std::vector<std::string>& cache_tags) {
  auto graph = knowledge_.graph();
  RelatedOptions options;
  options.limit = 5;
  auto reading = knowledge_.related()->related(story.id, options, graph.get());
  if (reading.stories.empty()) return nullptr;
  std::vector<Id> ids;
  for (const auto& r : reading.stories) ids.push_back(r.article_id);
  std::map<Id, ArticleSummary> found;
  for (auto& s : store_.articles().summaries(ids)) found.emplace(s.id, std::move(s));
  std::vector<ArticleSummary> ordered;
  for (Id id : ids) {
    auto it = found.find(id);
    if (it != found.end() && it->second.publish_at) ordered.push_back(it->second);
  }
  if (ordered.empty()) return nullptr;
  std::string heading = related_heading(*graph, reading);
  json people = json::array();
  for (Id id : reading.shared_people) {
    if (const Entity* person = graph->entity(id)) {
      people.push_back({{"name", person->name}, {"url", entity_path(*person)}});
    }
  }
  auto cards = card_views(ordered, cache_tags, CardSlot::thumbnail);
  // Related reading ends the story: always below the first screen.
  for (auto& card : cards) {
    if (card.contains("photo")) card["photo"]["lazy"] = true;
  }
  return {{"heading", heading.empty() ? "Related stories" : heading},
          {"people", people},
          {"stories", cards}};
}

}  // namespace marquee::site
