// /api/v1/: routing, JSON views of the domain, pagination, ETags, token checks and writes.
// Writes go through the newsroom service (newsroom::Newsroom: stories, with the same story rules
// as the newsroom pages; graph_changed for entities), so the API checks, enriches, revises and
// invalidates exactly as the newsroom does.
#include "api/api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "core/page_paths.h"
#include "core/site_time.h"
#include "core/slug.h"
#include "core/urls.h"
#include "newsroom/capabilities.h"
#include "review/review.h"
#include "site/captions.h"

namespace marquee::api {
namespace {

using nlohmann::json;

constexpr int kDefaultPerPage = 20;
constexpr int kMaxPerPage = 100;

// A failure the client can act on, answered as {"error": {"code", "message", "field"}}.
struct ApiError {
  int status;
  std::string code;
  std::string message;
  std::string field;
  std::string rule;  // the newsroom's story rule that refused, when one did
};

web::Response json_response(int status, const json& body) {
  web::Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  response.set_header("Content-Type", "application/json; charset=utf-8");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Cache-Control", "no-store");
  return response;
}

// The newsroom's refusal as the API says it: forbidden 403, not found 404, a stale version 409,
// anything else about the story 422.
ApiError api_error(const newsroom::Refused& refused) {
  using Kind = newsroom::Refusal::Kind;
  const auto& r = refused.first();
  switch (r.kind) {
    case Kind::forbidden:
      return {403, "forbidden", r.reason, r.field, r.rule};
    case Kind::not_found:
      return {404, "not_found", r.reason, r.field, r.rule};
    case Kind::conflict:
      return {409, "conflict", r.reason, r.field, r.rule};
    case Kind::invalid:
      break;
  }
  const char* code = r.rule == "slug_taken" || r.rule == "invalid_path" ? r.rule.c_str()
                     : r.rule == "headline" || r.rule == "section"      ? "missing_field"
                                                                        : "invalid_field";
  return {422, code, r.reason, r.field, r.rule};
}

web::Response error_response(const ApiError& e) {
  json error = {{"code", e.code}, {"message", e.message}};
  if (!e.field.empty()) error["field"] = e.field;
  if (!e.rule.empty()) error["rule"] = e.rule;
  auto response = json_response(e.status, {{"error", error}});
  if (e.status == 401) response.set_header("WWW-Authenticate", "Bearer realm=\"marquee\"");
  return response;
}

std::optional<long long> to_number(std::string_view text) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A story's entries are listed this many at a time (GET .../entries).
constexpr int kEntriesPerList = 1000;

struct Paging {
  int page = 1;
  int per_page = kDefaultPerPage;
  int offset() const { return (page - 1) * per_page; }
};

// /api/v1/media/<id>/captions/<lang>: the one write whose body is not JSON.
bool is_captions_path(std::string_view path) {
  const auto parts = web::path_segments(path);
  return parts.size() == 6 && parts[0] == "api" && parts[1] == "v1" && parts[2] == "media" &&
         parts[4] == "captions";
}

Paging paging(const web::Request& request) {
  Paging p;
  if (auto text = request.query("page")) {
    auto n = to_number(*text);
    if (!n || *n < 1 || *n > 100000)
      throw ApiError{400, "bad_parameter", "page must be a whole number from 1", "page"};
    p.page = static_cast<int>(*n);
  }
  if (auto text = request.query("per_page")) {
    auto n = to_number(*text);
    if (!n || *n < 1 || *n > kMaxPerPage) {
      throw ApiError{400, "bad_parameter", "per_page must be a whole number from 1 to 100",
                     "per_page"};
    }
    p.per_page = static_cast<int>(*n);
  }
  return p;
}

json pagination_json(const Paging& p, int total) {
  int pages = std::max(1, (total + p.per_page - 1) / p.per_page);
  return {{"page", p.page}, {"per_page", p.per_page}, {"total", total}, {"pages", pages}};
}

std::string optional_time(const std::optional<Time>& t) {
  return t ? iso_utc(*t) : "";
}

// A typed field of a JSON write body, or a 422 naming it.
template <typename T>
std::optional<T> field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    throw ApiError{422, "invalid_field", std::string(name) + " has the wrong type", name};
  }
}

}  // namespace

struct Api::Impl {
  Api& api;
  const web::Request& request;

  // --- authentication
  struct Caller {
    User user;
    Role role;  // the token's, never above the user's
  };

  std::optional<Caller> caller() {
    auto header = request.header("authorization");
    if (header.empty()) return std::nullopt;
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) {
      throw ApiError{401, "unauthorized", "use Authorization: Bearer <token>", ""};
    }
    auto token = api.store_.tokens().find(hash_api_token(header.substr(kBearer.size())));
    if (!token || token->revoked)
      throw ApiError{401, "unauthorized", "the token is unknown or revoked", ""};
    auto user = api.store_.users().find(token->user_id);
    if (!user) throw ApiError{401, "unauthorized", "the token's user no longer exists", ""};
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    // Recording use costs a write; once a minute is enough to tell which tokens live.
    if (!token->last_used_at || now - *token->last_used_at > std::chrono::minutes(1)) {
      token->last_used_at = now;
      try {
        api.store_.tokens().save(*token);
      } catch (const StoreError& e) {
        spdlog::warn("api token use not recorded: {}", e.what());
      }
    }
    return Caller{*user, std::min(token->role, user->role)};
  }

  Caller require(Role at_least) {
    auto who = caller();
    if (!who) throw ApiError{401, "unauthorized", "this endpoint needs an API token", ""};
    if (who->role < at_least) {
      throw ApiError{403, "forbidden",
                     std::string("this needs the ") + to_string(at_least) + " role", ""};
    }
    return *who;
  }

  // --- views
  json author_json(Id id) {
    auto user = api.store_.users().find(id);
    if (!user) return {{"id", id}};
    return {{"id", user->id},
            {"name", user->display_name},
            {"slug", user->slug},
            {"url", api.site_.config().base_url + "/authors/" + user->slug}};
  }

  std::string story_url(const ArticleSummary& s) {
    return s.publish_at ? api.site_.config().base_url + api.site_.story_path(s) : "";
  }

  json summary_json(const ArticleSummary& s) {
    json authors = json::array();
    for (Id id : s.author_ids) authors.push_back(author_json(id));
    json out = {{"id", s.id},
                {"kind", to_string(s.kind)},
                {"slug", s.slug},
                {"headline", s.headline},
                {"dek", s.dek},
                {"section", s.section},
                {"url", story_url(s)},
                {"published_at", optional_time(s.publish_at)},
                {"updated_at", iso_utc(s.updated_at)},
                {"authors", authors},
                {"exclusive", s.exclusive},
                {"featured", s.featured}};
    if (s.kind == ArticleKind::page) {
      // A page's slug is its whole path; its own part and its parent are given apart.
      const std::string parent = page_parent_path(s.slug);
      out["slug"] = page_leaf(s.slug);
      out["path"] = page_url_path(s.slug);
      out["parent"] = parent.empty() ? json(nullptr) : json(page_url_path(parent));
    }
    return out;
  }

  json captions_json(const Media& clip) {
    json tracks = json::array();
    for (const auto& track : clip.captions) {
      tracks.push_back({{"lang", track.lang},
                        {"label", track.label},
                        {"url", api.site_.config().base_url + "/media/" + track.file}});
    }
    return tracks;
  }

  json media_json(std::optional<Id> id) {
    if (!id) return nullptr;
    auto m = api.store_.media().find(*id);
    if (!m) return nullptr;
    const std::string base = api.site_.config().base_url + "/media/";
    // A photo is served as its renditions, never as the original (which keeps camera metadata).
    std::string url = base + m->file;
    if (m->kind == MediaKind::image) {
      auto shown = public_photo(*m);
      url = shown ? base + shown->file : "";
    }
    json out = {{"id", m->id},
                {"kind", m->kind == MediaKind::video ? "video" : "image"},
                {"url", url},
                {"mime", m->mime},
                {"width", m->width},
                {"height", m->height},
                {"caption", m->caption},
                {"credit", m->credit},
                {"alt", m->alt}};
    if (m->kind == MediaKind::image) {
      out["focus"] = {{"x", m->focus_x}, {"y", m->focus_y}};
      // The widest JPEG of each crop made so far, by ratio ("16:9").
      json crops = json::object();
      for (const auto& r : m->renditions) {
        if (r.crop.empty() || crops.contains(r.crop)) continue;
        if (auto shown = public_photo(*m, r.crop)) crops[r.crop] = base + shown->file;
      }
      out["crops"] = std::move(crops);
    }
    if (m->kind == MediaKind::video) {
      out["duration_seconds"] = m->duration_seconds;
      auto poster = clip_poster(*m, site::Site::kPlayerPosterWidth);
      out["poster_url"] = poster ? base + poster->file : "";
      out["captions"] = captions_json(*m);
    }
    return out;
  }

  static ArticleSummary summary_of(const Article& a) {
    ArticleSummary s;
    s.id = a.id;
    s.kind = a.kind;
    s.slug = a.slug;
    s.headline = a.headline;
    s.dek = a.dek;
    s.section = a.section;
    s.publish_at = a.publish_at;
    s.updated_at = a.updated_at;
    s.author_ids = a.author_ids;
    s.exclusive = a.exclusive;
    s.featured = a.featured;
    return s;
  }

  json story_json(const Article& a) {
    json out = summary_json(summary_of(a));
    if (!a.is_published()) out["url"] = "";
    out["status"] = to_string(a.status);
    out["version"] = a.version;
    out["body"] = a.body;
    out["body_html"] = a.body_html;
    out["tags"] = a.tags;
    out["created_at"] = iso_utc(a.created_at);
    out["lead_media"] = media_json(a.lead_media_id);
    out["clip"] = media_json(a.clip_media_id);
    out["seo_title"] = a.seo_title;
    out["seo_description"] = a.seo_description;
    json entities = json::array();
    auto graph = api.knowledge_.graph();
    for (const auto& link : api.store_.links().of_story(a.id)) {
      if (link.state == LinkState::rejected) continue;
      const Entity* e = graph->entity(link.entity_id);
      if (!e) continue;
      entities.push_back({{"slug", e->slug},
                          {"name", e->name},
                          {"kind", to_string(e->kind)},
                          {"salience", link.salience},
                          {"state", to_string(link.state)}});
    }
    out["entities"] = entities;
    if (a.kind == ArticleKind::live) {
      const std::string base = "/api/v1/stories/" + std::to_string(a.id);
      out["live"] = {{"is_live", is_live_now(a.kind, a.live_ended_at)},
                     {"ended_at", optional_time(a.live_ended_at)},
                     {"entries_url", base + "/entries"},
                     {"events_url", base + "/events"}};
    }
    if (a.kind == ArticleKind::gallery) out["photos"] = photos_json(a, *graph);
    return out;
  }

  // A gallery's photos: the gallery's words, the library item (with its public URL) and who is
  // in each (suggestions with the linker's confidence, editors' decisions).
  json photos_json(const Article& a, const KnowledgeGraph& graph) {
    json photos = json::array();
    const std::string gallery_url = a.is_published() ? story_url(summary_of(a)) : "";
    for (std::size_t i = 0; i < a.photos.size(); ++i) {
      const GalleryPhoto& p = a.photos[i];
      json people = json::array();
      for (const auto& person : p.people) {
        json item = {{"entity_id", person.entity_id},
                     {"state", to_string(person.state)},
                     {"confidence", person.confidence}};
        if (const Entity* e = graph.entity(person.entity_id)) {
          item["slug"] = e->slug;
          item["name"] = e->name;
        }
        people.push_back(std::move(item));
      }
      photos.push_back(
          {{"number", i + 1},
           {"media_id", p.media_id},
           {"caption", p.caption},
           {"credit", p.credit},
           {"alt", p.alt},
           {"url", gallery_url.empty() ? "" : gallery_url + "/photos/" + std::to_string(i + 1)},
           {"media", media_json(p.media_id)},
           {"people", people}});
    }
    return photos;
  }

  json entity_json(const Entity& e) {
    return {{"id", e.id},
            {"slug", e.slug},
            {"kind", to_string(e.kind)},
            {"name", e.name},
            {"aliases", e.aliases},
            {"description", e.description},
            {"start_date", e.start_date},
            {"end_date", e.end_date},
            {"image", media_json(e.image_media_id)},
            {"url", api.site_.config().base_url + entity_path(e)}};
  }

  // --- reads
  web::Response read(json body) {
    auto response = json_response(200, body);
    auto etag = site::PageCache::etag_of(response.body);
    if (web::if_none_match(request.header("if-none-match"), etag)) {
      response.status = 304;
      response.body.clear();
    }
    response.set_header("ETag", etag);
    response.set_header("Cache-Control", "public, max-age=30");
    return response;
  }

  // A story a caller may read: published for everyone; drafts for its authors and editors.
  Article readable_story(std::string_view id_text) {
    auto id = to_number(id_text);
    std::optional<Article> story;
    if (id) story = api.store_.articles().find(*id);
    if (!story) throw ApiError{404, "not_found", "no such story", ""};
    if (!story->is_published()) {
      auto who = caller();
      bool own = who && std::find(story->author_ids.begin(), story->author_ids.end(),
                                  who->user.id) != story->author_ids.end();
      if (!who || (!own && who->role < Role::editor))
        throw ApiError{404, "not_found", "no such story", ""};
    }
    return *story;
  }

  Entity entity_or_404(std::string_view slug) {
    auto e = api.store_.graph().entity_by_slug(slug);
    if (!e) throw ApiError{404, "not_found", "no such entity", ""};
    return *e;
  }

  web::Response list_stories() {
    auto p = paging(request);
    ArticleQuery q;
    q.limit = p.per_page;
    q.offset = p.offset();
    if (auto text = request.query("kind")) {
      auto kind = parse_article_kind(*text);
      if (!kind)
        throw ApiError{400, "bad_parameter", "kind is article, live, page or gallery", "kind"};
      if (*kind == ArticleKind::page) {
        q.kinds = KindSet::pages;  // the literal shape, which the index of pages serves
      } else {
        q.kind = kind;
      }
    }
    if (auto section = request.query("section")) q.section = *section;
    if (auto tag = request.query("tag")) q.tag = *tag;
    if (auto author = request.query("author")) {
      auto user = api.store_.users().find_by_slug(*author);
      if (!user) throw ApiError{400, "bad_parameter", "no author with that slug", "author"};
      q.author_id = user->id;
    }
    if (auto entity = request.query("entity")) q.entity_id = entity_or_404(*entity).id;
    json data = json::array();
    for (const auto& s : api.store_.articles().list(q)) data.push_back(summary_json(s));
    return read(
        {{"data", data}, {"pagination", pagination_json(p, api.store_.articles().count(q))}});
  }

  web::Response related(const Article& story) {
    auto graph = api.knowledge_.graph();
    auto reading = api.knowledge_.related()->related(story.id, RelatedOptions{}, graph.get());
    std::vector<Id> ids;
    for (const auto& r : reading.stories) ids.push_back(r.article_id);
    std::map<Id, ArticleSummary> found;
    for (auto& s : api.store_.articles().summaries(ids)) found.emplace(s.id, std::move(s));
    json data = json::array();
    for (const auto& r : reading.stories) {
      auto it = found.find(r.article_id);
      if (it == found.end() || !it->second.publish_at) continue;
      json item = summary_json(it->second);
      item["score"] = r.score;
      data.push_back(std::move(item));
    }
    return read({{"heading", related_heading(*graph, reading)}, {"data", data}});
  }

  json quote_json(const Quote& q, const KnowledgeGraph& graph) {
    json out = {{"id", q.id}, {"text", q.text}, {"story_id", q.article_id}, {"speaker", nullptr}};
    if (q.speaker_id) {
      if (const Entity* e = graph.entity(*q.speaker_id))
        out["speaker"] = {{"slug", e->slug}, {"name", e->name}};
    }
    return out;
  }

  web::Response list_entities() {
    auto p = paging(request);
    std::optional<EntityKind> kind;
    if (auto text = request.query("kind")) {
      kind = parse_entity_kind(*text);
      if (!kind) throw ApiError{400, "bad_parameter", "unknown entity kind", "kind"};
    }
    std::vector<Entity> all = api.store_.graph().entities();
    if (kind) std::erase_if(all, [&](const Entity& e) { return e.kind != *kind; });
    json data = json::array();
    for (std::size_t i = p.offset();
         i < all.size() && data.size() < static_cast<std::size_t>(p.per_page); ++i) {
      data.push_back(entity_json(all[i]));
    }
    return read({{"data", data}, {"pagination", pagination_json(p, static_cast<int>(all.size()))}});
  }

  web::Response one_entity(const Entity& e) {
    json out = entity_json(e);
    json relations = json::array();
    auto graph = api.knowledge_.graph();
    for (const auto& r : api.store_.graph().relations_of(e.id)) {
      bool outgoing = r.subject_id == e.id;
      const Entity* other = graph->entity(outgoing ? r.object_id : r.subject_id);
      if (!other) continue;
      relations.push_back(
          {{"predicate", r.predicate},
           {"direction", outgoing ? "outgoing" : "incoming"},
           {"entity",
            {{"slug", other->slug}, {"name", other->name}, {"kind", to_string(other->kind)}}},
           {"qualifiers", r.qualifiers}});
    }
    out["relations"] = relations;
    ArticleQuery q;
    q.entity_id = e.id;
    out["stories_count"] = api.store_.articles().count(q);
    return read({{"data", out}});
  }

  web::Response search() {
    auto p = paging(request);
    SearchQuery q;
    q.text = request.query("q").value_or("");
    if (q.text.size() > 200)
      throw ApiError{400, "bad_parameter", "q is longer than 200 bytes", "q"};
    q.limit = p.per_page;
    q.offset = p.offset();
    if (auto section = request.query("section")) q.section = *section;
    if (auto entity = request.query("entity")) q.entity_id = entity_or_404(*entity).id;
    for (const char* name : {"from", "to"}) {
      if (auto text = request.query(name)) {
        auto t = parse_iso(*text);
        if (!t)
          throw ApiError{400, "bad_parameter", std::string(name) + " must be an ISO 8601 date",
                         name};
        (std::string_view(name) == "from" ? q.from : q.to) = t;
      }
    }
    auto results = api.store_.search().find(q);
    json data = json::array();
    for (const auto& hit : results.hits) {
      json item = summary_json(hit.story);
      item["score"] = hit.score;
      item["snippet_html"] = hit.snippet_html;
      data.push_back(std::move(item));
    }
    return read({{"data", data}, {"pagination", pagination_json(p, results.total)}});
  }

  // --- writes
  json body_json() {
    if (request.body.size() > kMaxBodyBytes)
      throw ApiError{413, "too_large", "the body is over 1 MB", ""};
    auto type = request.header("content-type");
    if (type.substr(0, 16) != "application/json") {
      throw ApiError{415, "unsupported_media_type", "send application/json", ""};
    }
    json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded()) throw ApiError{400, "bad_json", "the body is not valid JSON", ""};
    if (!body.is_object()) throw ApiError{400, "bad_json", "the body must be a JSON object", ""};
    return body;
  }

  // Applies the fields a write body carries to a story, checking each.
  void apply_story_fields(const json& body, Article& a) {
    if (auto v = field<std::string>(body, "headline")) a.headline = *v;
    if (auto v = field<std::string>(body, "dek")) a.dek = *v;
    if (auto v = field<std::string>(body, "body")) a.body = *v;
    if (auto v = field<std::string>(body, "seo_title")) a.seo_title = *v;
    if (auto v = field<std::string>(body, "seo_description")) a.seo_description = *v;
    if (auto v = field<bool>(body, "exclusive")) a.exclusive = *v;
    if (auto v = field<bool>(body, "featured")) a.featured = *v;
    if (auto v = field<std::vector<std::string>>(body, "tags")) a.tags = *v;
    if (auto v = field<std::string>(body, "section")) {
      auto sections = api.store_.sections().all();
      if (std::none_of(sections.begin(), sections.end(),
                       [&](const Section& s) { return s.slug == *v; })) {
        throw ApiError{422, "invalid_field", "no section with that slug", "section"};
      }
      a.section = *v;
    }
    // Whether the slug is a good one is a story rule: the newsroom checks it.
    if (auto v = field<std::string>(body, "slug")) a.slug = *v;
    if (auto v = field<std::vector<std::string>>(body, "authors")) {
      a.author_ids.clear();
      for (const auto& slug : *v) {
        auto user = api.store_.users().find_by_slug(slug);
        if (!user)
          throw ApiError{422, "invalid_field", "no author with slug \"" + slug + "\"", "authors"};
        a.author_ids.push_back(user->id);
      }
    }
    for (const char* name : {"lead_media_id", "clip_media_id"}) {
      auto it = body.find(name);
      if (it == body.end()) continue;
      auto& target = std::string_view(name) == "lead_media_id" ? a.lead_media_id : a.clip_media_id;
      if (it->is_null()) {
        target.reset();
        continue;
      }
      auto id = field<Id>(body, name);
      auto m = api.store_.media().find(*id);
      MediaKind want =
          std::string_view(name) == "lead_media_id" ? MediaKind::image : MediaKind::video;
      if (!m || m->kind != want)
        throw ApiError{422, "invalid_field", "no such media of the right kind", name};
      target = *id;
    }
    if (body.contains("photos")) a.photos = photos_field(body, a.photos);
    if (auto v = field<std::string>(body, "status")) {
      auto status = parse_article_status(*v);
      if (!status) throw ApiError{422, "invalid_field", "unknown status", "status"};
      a.status = *status;
    }
    if (body.contains("publish_at")) {
      if (auto v = field<std::string>(body, "publish_at")) {
        auto t = parse_iso(*v);
        if (!t)
          throw ApiError{422, "invalid_field", "publish_at must be an ISO 8601 time", "publish_at"};
        a.publish_at = *t;
      } else {
        a.publish_at.reset();
      }
    }
  }

  // "photos": the whole list, in order; each {"media_id", "caption", "credit", "alt", "people"}.
  // A photo sent without "people" keeps the decisions stored for it; "people" lists editors'
  // decisions ({"entity": slug or "entity_id": id, "state": "confirmed" or "rejected"}), and the
  // linker's suggestions are made again on every save. Whether the photos are good ones (in the
  // library, once each, alt text to publish) is the newsroom's to say.
  std::vector<GalleryPhoto> photos_field(const json& body,
                                         const std::vector<GalleryPhoto>& stored) {
    const json& list = body.at("photos");
    if (!list.is_array())
      throw ApiError{422, "invalid_field", "photos must be an array of objects", "photos"};
    std::vector<GalleryPhoto> photos;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json& item = list[i];
      const std::string where = "photos." + std::to_string(i + 1);
      if (!item.is_object())
        throw ApiError{422, "invalid_field", "each photo must be an object", where};
      GalleryPhoto photo;
      auto id = item.find("media_id");
      if (id == item.end() || !id->is_number_integer())
        throw ApiError{422, "missing_field", "each photo needs a media_id", where + ".media_id"};
      photo.media_id = id->get<Id>();
      for (auto [name, target] : {std::pair<const char*, std::string*>{"caption", &photo.caption},
                                  {"credit", &photo.credit},
                                  {"alt", &photo.alt}}) {
        auto v = item.find(name);
        if (v == item.end() || v->is_null()) continue;
        if (!v->is_string())
          throw ApiError{422, "invalid_field", std::string(name) + " must be a string",
                         where + "." + name};
        *target = v->get<std::string>();
      }
      auto people = item.find("people");
      if (people == item.end()) {
        for (const auto& before : stored) {
          if (before.media_id == photo.media_id) photo.people = before.people;
        }
      } else {
        photo.people = people_field(*people, where + ".people");
      }
      photos.push_back(std::move(photo));
    }
    return photos;
  }

  std::vector<PhotoPerson> people_field(const json& list, const std::string& where) {
    if (!list.is_array())
      throw ApiError{422, "invalid_field", "people must be an array of objects", where};
    std::vector<PhotoPerson> people;
    for (const auto& item : list) {
      if (!item.is_object())
        throw ApiError{422, "invalid_field", "each person must be an object", where};
      PhotoPerson person;
      auto slug = item.find("entity");
      auto id = item.find("entity_id");
      if (slug != item.end() && slug->is_string()) {
        auto e = api.store_.graph().entity_by_slug(slug->get<std::string>());
        if (!e)
          throw ApiError{422, "invalid_field",
                         "no entity with slug \"" + slug->get<std::string>() + "\"", where};
        person.entity_id = e->id;
      } else if (id != item.end() && id->is_number_integer()) {
        person.entity_id = id->get<Id>();
      } else {
        throw ApiError{422, "missing_field", "each person needs an entity (slug) or entity_id",
                       where};
      }
      auto state = item.find("state");
      auto parsed = state != item.end() && state->is_string()
                        ? parse_link_state(state->get<std::string>())
                        : std::optional<LinkState>(LinkState::confirmed);
      if (!parsed)
        throw ApiError{422, "invalid_field", "state is confirmed, rejected or suggested", where};
      person.state = *parsed;
      people.push_back(person);
    }
    return people;
  }

  // kind, path and parent: what makes a page a page (after apply_story_fields, which has set a
  // page's own slug when one was sent). stored_path is the page's path before this write.
  void apply_kind_fields(const json& body, Article& a, bool is_new,
                         const std::string& stored_path) {
    if (auto v = field<std::string>(body, "kind")) {
      auto kind = parse_article_kind(*v);
      if (!kind)
        throw ApiError{422, "invalid_field", "kind is article, live, page or gallery", "kind"};
      if (!is_new && *kind != a.kind)
        throw ApiError{422, "invalid_field", "a story's kind cannot change; make a new one",
                       "kind"};
      a.kind = *kind;
    }
    auto path = field<std::string>(body, "path");
    const bool has_parent = body.contains("parent");
    if (a.kind != ArticleKind::page) {
      if (path || has_parent)
        throw ApiError{422, "invalid_field", "only pages have a path or a parent",
                       path ? "path" : "parent"};
      return;
    }
    if (!a.section.empty())
      throw ApiError{422, "invalid_field", "a page has no section", "section"};
    if (path && has_parent)
      throw ApiError{422, "invalid_field", "send a page's path or its parent, not both", "path"};
    if (path) {
      a.slug = normalize_page_path(*path);
      return;
    }
    std::string parent = page_parent_path(stored_path);
    if (has_parent) parent = normalize_page_path(field<std::string>(body, "parent").value_or(""));
    std::string leaf = body.contains("slug") ? a.slug : page_leaf(stored_path);
    if (leaf.empty()) leaf = slugify(a.headline);
    if (leaf.empty())
      throw ApiError{422, "invalid_field", "the headline gives no slug; send one", "slug"};
    a.slug = join_page_path(parent, leaf);
  }

  void audit(const Caller& who, const std::string& action, const std::string& subject) {
    try {
      api.store_.audit().append(
          {0, Time{}, who.user.id, action, subject, "api", request.remote_address});
    } catch (const StoreError& e) {
      spdlog::warn("audit entry not written: {}", e.what());
    }
  }

  // The newsroom applies the story rules (the same as the newsroom pages'); a refusal comes
  // back as the JSON error of its kind, with the rule's code.
  web::Response save_story(const Caller& who, const Article& story, int status,
                           const char* action) {
    Article saved = api.newsroom_.save(newsroom::Actor{who.user.id, who.role}, story);
    audit(who, action, "article:" + std::to_string(saved.id));
    auto response = json_response(status, {{"data", story_json(saved)}});
    if (status == 201)
      response.set_header("Location", "/api/v1/stories/" + std::to_string(saved.id));
    return response;
  }

  web::Response create_story() {
    auto who = require(Role::contributor);
    json body = body_json();
    Article story;
    apply_story_fields(body, story);
    apply_kind_fields(body, story, true, "");
    if (!body.contains("authors")) story.author_ids = {who.user.id};
    return save_story(who, story, 201, "story.create");
  }

  Article stored_story(std::string_view id_text) {
    auto id = to_number(id_text);
    std::optional<Article> story;
    if (id) story = api.store_.articles().find(*id);
    if (!story) throw ApiError{404, "not_found", "no such story", ""};
    return *story;
  }

  int required_version(const json& body) {
    auto version = field<int>(body, "version");
    if (!version) throw ApiError{422, "missing_field", "send the version you edited", "version"};
    return *version;
  }

  web::Response update_story(std::string_view id_text) {
    auto who = require(Role::contributor);
    json body = body_json();
    Article before = stored_story(id_text);
    Article story = before;
    story.version = required_version(body);
    apply_story_fields(body, story);
    apply_kind_fields(body, story, false, before.kind == ArticleKind::page ? before.slug : "");
    return save_story(who, story, 200, "story.update");
  }

  web::Response publish_story(std::string_view id_text) {
    auto who = require(Role::editor);
    json body = body_json();
    Article story = stored_story(id_text);
    story.version = required_version(body);
    story.publish_at.reset();
    if (auto v = field<std::string>(body, "publish_at")) {
      auto t = parse_iso(*v);
      if (!t)
        throw ApiError{422, "invalid_field", "publish_at must be an ISO 8601 time", "publish_at"};
      story.publish_at = *t;
    }
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (!story.publish_at) story.publish_at = now;
    story.status = *story.publish_at > now ? ArticleStatus::scheduled : ArticleStatus::published;
    return save_story(who, story, 200, "story.publish");
  }

  void apply_entity_fields(const json& body, Entity& e) {
    if (auto v = field<std::string>(body, "name")) e.name = *v;
    if (auto v = field<std::string>(body, "description")) e.description = *v;
    if (auto v = field<std::string>(body, "start_date")) e.start_date = *v;
    if (auto v = field<std::string>(body, "end_date")) e.end_date = *v;
    if (auto v = field<std::vector<std::string>>(body, "aliases")) e.aliases = *v;
    if (auto it = body.find("image_media_id"); it != body.end()) {
      if (it->is_null()) {
        e.image_media_id.reset();
      } else {
        auto photo =
            it->is_number_integer() ? api.store_.media().find(it->get<Id>()) : std::nullopt;
        if (!photo || photo->kind != MediaKind::image) {
          throw ApiError{422, "invalid_field", "not a photo in the media library",
                         "image_media_id"};
        }
        e.image_media_id = photo->id;
      }
    }
    if (auto v = field<std::string>(body, "kind")) {
      auto kind = parse_entity_kind(*v);
      if (!kind) throw ApiError{422, "invalid_field", "unknown entity kind", "kind"};
      e.kind = *kind;
    }
    if (auto v = field<std::string>(body, "slug")) {
      if (!is_valid_slug(*v))
        throw ApiError{422, "invalid_field", "a slug is lower-case words joined by hyphens",
                       "slug"};
      e.slug = *v;
    }
    if (e.name.empty()) throw ApiError{422, "missing_field", "an entity needs a name", "name"};
    if (e.slug.empty()) e.slug = slugify(e.name);
    if (e.slug.empty())
      throw ApiError{422, "invalid_field", "the name gives no slug; send one", "slug"};
  }

  web::Response save_entity(const Caller& who, const Entity& e, int status, const char* action) {
    if (auto other = api.store_.graph().entity_by_slug(e.slug); other && other->id != e.id) {
      throw ApiError{422, "slug_taken", "another entity has that slug", "slug"};
    }
    Entity saved = api.store_.graph().save_entity(e);
    api.newsroom_.graph_changed();
    audit(who, action, "entity:" + std::to_string(saved.id));
    auto response = json_response(status, {{"data", entity_json(saved)}});
    if (status == 201) response.set_header("Location", "/api/v1/entities/" + saved.slug);
    return response;
  }

  web::Response create_entity() {
    auto who = require(Role::editor);
    json body = body_json();
    if (!body.contains("kind"))
      throw ApiError{422, "missing_field", "an entity needs a kind", "kind"};
    Entity e;
    apply_entity_fields(body, e);
    return save_entity(who, e, 201, "entity.create");
  }

  web::Response update_entity(std::string_view slug) {
    auto who = require(Role::editor);
    json body = body_json();
    Entity e = entity_or_404(slug);
    apply_entity_fields(body, e);
    return save_entity(who, e, 200, "entity.update");
  }

  // --- live coverage: entries through the newsroom (its rules for every door), events
  LiveEntry entry_of(const Article& story, std::string_view id_text) {
    auto id = to_number(id_text);
    std::optional<LiveEntry> entry;
    if (id) entry = api.store_.live().find(*id);
    if (!entry || entry->article_id != story.id || entry->deleted)
      throw ApiError{404, "not_found", "no such entry in this story", ""};
    return *entry;
  }

  void apply_entry_fields(const json& body, LiveEntry& e, bool is_new) {
    if (auto v = field<std::string>(body, "body")) e.body = *v;
    if (auto v = field<bool>(body, "key_moment")) e.key_moment = *v;
    if (auto v = field<bool>(body, "pinned")) e.pinned = *v;
    if (auto it = body.find("media_id"); it != body.end()) {
      if (it->is_null()) {
        e.media_id.reset();
      } else {
        e.media_id = field<Id>(body, "media_id");
      }
    }
    if (auto v = field<std::string>(body, "posted_at")) {
      if (!is_new)
        throw ApiError{422, "invalid_field", "an entry's time is set when it is posted",
                       "posted_at"};
      auto t = parse_iso(*v);
      if (!t)
        throw ApiError{422, "invalid_field", "posted_at must be an ISO 8601 time", "posted_at"};
      e.posted_at = *t;
    }
    for (const auto& [name, value] : body.items()) {
      static const std::set<std::string> kKnown = {"body", "key_moment", "pinned", "media_id",
                                                   "posted_at"};
      if (!kKnown.contains(name))
        throw ApiError{422, "invalid_field", "an entry has no field " + name, name};
    }
  }

  web::Response entry_response(int status, const LiveEntry& e) {
    json data = api.site_.live_entry_json(e);
    auto response = json_response(status, {{"data", data}});
    if (status == 201) {
      response.set_header("Location", "/api/v1/stories/" + std::to_string(e.article_id) +
                                          "/entries/" + std::to_string(e.id));
    }
    return response;
  }

  // Newest first, kEntriesPerList at a time; ?before=<entry id> continues after that entry.
  web::Response list_entries(const Article& story) {
    Id before = 0;
    if (auto text = request.query("before")) {
      auto n = to_number(*text);
      if (!n || *n < 1) {
        throw ApiError{400, "bad_parameter", "before must be the id of an entry", "before"};
      }
      before = *n;
    }
    auto entries =
        api.store_.live().of_story(story.id, kEntriesPerList + 1, EntryFilter::all, before);
    const bool more = entries.size() > static_cast<std::size_t>(kEntriesPerList);
    if (more) entries.pop_back();
    json data = json::array();
    for (const auto& e : entries) data.push_back(api.site_.live_entry_json(e));
    // Event numbers let a client that polls ask for what changed (the stream is cheaper).
    json out = {{"data", data}, {"last_seq", api.store_.live().last_seq(story.id)}};
    if (more) {
      out["next"] = "/api/v1/stories/" + std::to_string(story.id) +
                    "/entries?before=" + std::to_string(entries.back().id);
    }
    return read(out);
  }

  web::Response post_entry(std::string_view id_text) {
    auto who = require(Role::contributor);  // the newsroom says which roles post
    json body = body_json();
    Article story = stored_story(id_text);
    LiveEntry e;
    e.article_id = story.id;
    apply_entry_fields(body, e, true);
    LiveEntry saved = api.newsroom_.post_entry(newsroom::Actor{who.user.id, who.role}, e);
    audit(who, "entry.create", "entry:" + std::to_string(saved.id));
    return entry_response(201, saved);
  }

  web::Response update_entry(std::string_view id_text, std::string_view entry_text) {
    auto who = require(Role::contributor);
    json body = body_json();
    Article story = stored_story(id_text);
    LiveEntry e = entry_of(story, entry_text);
    apply_entry_fields(body, e, false);
    LiveEntry saved = api.newsroom_.edit_entry(newsroom::Actor{who.user.id, who.role}, e);
    audit(who, "entry.update", "entry:" + std::to_string(saved.id));
    return entry_response(200, saved);
  }

  web::Response delete_entry(std::string_view id_text, std::string_view entry_text) {
    auto who = require(Role::contributor);
    Article story = stored_story(id_text);
    LiveEntry e = entry_of(story, entry_text);
    api.newsroom_.remove_entry(newsroom::Actor{who.user.id, who.role}, story.id, e.id);
    audit(who, "entry.delete", "entry:" + std::to_string(e.id));
    web::Response response;
    response.status = 204;
    response.set_header("Cache-Control", "no-store");
    return response;
  }

  web::Response end_live(std::string_view id_text) {
    auto who = require(Role::contributor);
    json body = body_json();
    Article story = stored_story(id_text);
    const int version = required_version(body);
    auto summary = field<std::string>(body, "summary");
    if (!summary)
      throw ApiError{422, "missing_field", "send the summary readers find at the top", "summary"};
    Article saved =
        api.newsroom_.end_live(newsroom::Actor{who.user.id, who.role}, story.id, version, *summary);
    audit(who, "story.end_live", "article:" + std::to_string(saved.id));
    return json_response(200, {{"data", story_json(saved)}});
  }

  // A reader's stream of a live story's entries: from Last-Event-ID when the browser
  // reconnects, else from ?after= (the event number the page was rendered at), else from now.
  web::Response events(std::string_view id_text) {
    Article story = readable_story(id_text);
    if (story.kind != ArticleKind::live)
      throw ApiError{404, "not_found", "this story is not live coverage", ""};
    std::optional<std::string> from;
    if (auto header = request.header("last-event-id"); !header.empty()) {
      from = std::string(header);
    } else {
      from = request.query("after");
    }
    std::int64_t after = 0;
    if (from) {
      auto n = to_number(*from);
      if (!n || *n < 0)
        throw ApiError{400, "bad_parameter", "Last-Event-ID and after are event numbers", "after"};
      after = *n;
    } else {
      after = api.store_.live().last_seq(story.id);
    }
    if (!api.live_)
      throw ApiError{503, "unavailable", "this server does not serve event streams", ""};
    if (request.method == "HEAD") {
      web::Response head;
      head.set_header("Content-Type", "text/event-stream; charset=utf-8");
      head.set_header("Cache-Control", "no-store");
      return head;
    }
    return api.live_->open(story, after);
  }

  // --- the review queue (editors)
  static json end_json(const SuggestionEnd& end, const KnowledgeGraph& graph) {
    json out = {{"name", end.name}, {"entity", nullptr}, {"kind", nullptr}};
    const Entity* e = end.entity_id ? graph.entity(*end.entity_id) : nullptr;
    if (e) {
      out["entity"] = e->slug;
      out["kind"] = to_string(e->kind);
    } else if (end.kind) {
      out["kind"] = to_string(*end.kind);
    }
    return out;
  }

  json suggestion_json(const StoredSuggestion& s, const KnowledgeGraph& graph) {
    json out = {{"id", s.id},
                {"status", to_string(s.status)},
                {"subject", end_json(s.subject, graph)},
                {"predicate", s.predicate},
                {"object", end_json(s.object, graph)},
                {"qualifiers", s.qualifiers},
                {"sentence", s.sentence},
                {"story_id", s.article_id},
                {"confidence", s.confidence},
                {"relation_id", nullptr}};
    if (s.relation_id) out["relation_id"] = *s.relation_id;
    return out;
  }

  template <typename Status, typename Parse>
  Status status_parameter(Status fallback, Parse parse) {
    auto text = request.query("status");
    if (!text) return fallback;
    auto status = parse(*text);
    if (!status) throw ApiError{400, "bad_parameter", "unknown status", "status"};
    return *status;
  }

  web::Response list_suggestions() {
    require(Role::editor);
    auto p = paging(request);
    auto status = status_parameter(SuggestionStatus::pending, parse_suggestion_status);
    auto graph = api.knowledge_.graph();
    json data = json::array();
    for (const auto& s : api.store_.review().suggestions(status, p.per_page, p.offset()))
      data.push_back(suggestion_json(s, *graph));
    return json_response(
        200, {{"data", data},
              {"pagination", pagination_json(p, api.store_.review().count_suggestions(status))}});
  }

  web::Response list_proposals() {
    require(Role::editor);
    auto p = paging(request);
    auto status = status_parameter(ProposalStatus::pending, parse_proposal_status);
    json data = json::array();
    for (const auto& e : api.store_.review().proposals(status, p.per_page, p.offset())) {
      data.push_back({{"id", e.id},
                      {"status", to_string(e.status)},
                      {"name", e.name},
                      {"kind", to_string(e.kind)},
                      {"slug", e.slug},
                      {"confidence", e.confidence},
                      {"stories_count", e.story_count},
                      {"story_ids", e.stories}});
    }
    return json_response(
        200, {{"data", data},
              {"pagination", pagination_json(p, api.store_.review().count_proposals(status))}});
  }

  web::Response decide_suggestion(std::string_view id_text, bool confirm) {
    auto who = require(Role::editor);
    auto id = to_number(id_text);
    if (!id || *id < 1) throw ApiError{404, "not_found", "no such suggestion", ""};
    review::Decision decision;
    try {
      decision = confirm ? review::confirm_suggestion(api.store_, *id, who.user.id)
                         : review::dismiss_suggestion(api.store_, *id, who.user.id);
    } catch (const review::Refusal& refusal) {
      switch (refusal.why()) {
        case review::Refusal::Why::missing:
          throw ApiError{404, "not_found", refusal.what(), ""};
        case review::Refusal::Why::decided:
          throw ApiError{409, "decided", refusal.what(), ""};
        case review::Refusal::Why::invalid:
          break;
      }
      throw ApiError{422, "cannot_confirm", refusal.what(), ""};
    }
    // A confirmed relation is on topic pages and helps the linker: recompile the graph.
    if (decision.relation) api.newsroom_.graph_changed();
    audit(who, confirm ? "suggestion.confirm" : "suggestion.dismiss",
          "suggestion:" + std::to_string(*id));
    auto stored = api.store_.review().suggestion(*id);
    return json_response(200, {{"data", suggestion_json(*stored, *api.knowledge_.graph())}});
  }

  // PUT /media/<id>/captions/<lang> (a text/vtt body, ?label=) and DELETE of the same.
  web::Response captions(std::string_view id_text, std::string_view lang, bool put) {
    auto who = require(newsroom::least_role_for(newsroom::Capability::manage_media));
    auto id = to_number(id_text);
    if (!id || *id < 1) throw ApiError{404, "not_found", "no such clip", ""};
    if (!api.media_files_)
      throw ApiError{503, "unavailable", "media files are not served here", ""};
    std::variant<Media, site::CaptionProblem> outcome =
        put ? site::attach_captions(api.store_, *api.media_files_, *id, lang,
                                    request.query("label").value_or(""), request.body_view())
            : site::detach_captions(api.store_, *api.media_files_, *id, lang);
    if (auto* problem = std::get_if<site::CaptionProblem>(&outcome)) {
      const char* code = problem->status == 404     ? "not_found"
                         : problem->status == 413   ? "too_large"
                         : problem->field == "file" ? "invalid_captions"
                                                    : "invalid_field";
      throw ApiError{problem->status, code, problem->message, problem->field};
    }
    const std::string subject = "media:" + std::to_string(*id);
    api.site_.invalidate({subject});  // the story and clip pages that play it
    audit(who, put ? "media.captions" : "media.captions_delete", subject);
    return json_response(200, {{"data", media_json(*id)}});
  }

  // --- routing
  web::Response route() {
    auto parts = web::path_segments(request.path);
    if (parts.size() < 2 || parts[0] != "api" || parts[1] != "v1") {
      throw ApiError{404, "not_found", "the API lives under /api/v1/", ""};
    }
    parts.erase(parts.begin(), parts.begin() + 2);
    const std::string& method = request.method;
    const bool get = method == "GET" || method == "HEAD";
    auto allow = [&](const char* methods) -> web::Response {
      auto response =
          error_response({405, "method_not_allowed", std::string("use ") + methods, ""});
      response.set_header("Allow", methods);
      return response;
    };
    const auto n = parts.size();
    if (n == 1 && parts[0] == "openapi.json") {
      if (!get) return allow("GET, HEAD");
      return read(json::parse(openapi_document(api.site_.config().base_url)));
    }
    if (n == 1 && parts[0] == "search") return get ? search() : allow("GET, HEAD");
    if (n >= 1 && parts[0] == "stories") {
      if (n == 1) {
        if (get) return list_stories();
        return method == "POST" ? create_story() : allow("GET, HEAD, POST");
      }
      if (n == 2) {
        if (get) return read({{"data", story_json(readable_story(parts[1]))}});
        return method == "PATCH" ? update_story(parts[1]) : allow("GET, HEAD, PATCH");
      }
      if (n == 3 && parts[2] == "publish")
        return method == "POST" ? publish_story(parts[1]) : allow("POST");
      if (n == 3 && parts[2] == "related")
        return get ? related(readable_story(parts[1])) : allow("GET, HEAD");
      if (n == 3 && parts[2] == "entries") {
        if (get) return list_entries(readable_story(parts[1]));
        return method == "POST" ? post_entry(parts[1]) : allow("GET, HEAD, POST");
      }
      if (n == 4 && parts[2] == "entries") {
        if (get) {
          Article story = readable_story(parts[1]);
          return read({{"data", api.site_.live_entry_json(entry_of(story, parts[3]))}});
        }
        if (method == "PATCH") return update_entry(parts[1], parts[3]);
        if (method == "DELETE") return delete_entry(parts[1], parts[3]);
        return allow("GET, HEAD, PATCH, DELETE");
      }
      if (n == 3 && parts[2] == "events") return get ? events(parts[1]) : allow("GET, HEAD");
      if (n == 3 && parts[2] == "end") return method == "POST" ? end_live(parts[1]) : allow("POST");
      if (n == 3 && parts[2] == "quotes") {
        if (!get) return allow("GET, HEAD");
        auto story = readable_story(parts[1]);
        auto graph = api.knowledge_.graph();
        json data = json::array();
        for (const auto& q : api.store_.links().quotes_of_story(story.id))
          data.push_back(quote_json(q, *graph));
        return read({{"data", data}});
      }
    }
    if (n == 4 && parts[0] == "media" && parts[2] == "captions") {
      if (method == "PUT" || method == "DELETE") {
        return captions(parts[1], parts[3], method == "PUT");
      }
      return allow("PUT, DELETE");
    }
    if (n == 1 && parts[0] == "relation-suggestions")
      return get ? list_suggestions() : allow("GET, HEAD");
    if (n == 3 && parts[0] == "relation-suggestions" &&
        (parts[2] == "confirm" || parts[2] == "dismiss")) {
      return method == "POST" ? decide_suggestion(parts[1], parts[2] == "confirm") : allow("POST");
    }
    if (n == 1 && parts[0] == "entity-proposals")
      return get ? list_proposals() : allow("GET, HEAD");
    if (n >= 1 && parts[0] == "entities") {
      if (n == 1) {
        if (get) return list_entities();
        return method == "POST" ? create_entity() : allow("GET, HEAD, POST");
      }
      if (n == 2) {
        if (get) return one_entity(entity_or_404(parts[1]));
        return method == "PATCH" ? update_entity(parts[1]) : allow("GET, HEAD, PATCH");
      }
      if (n == 3 && parts[2] == "stories") {
        if (!get) return allow("GET, HEAD");
        auto p = paging(request);
        ArticleQuery q;
        q.entity_id = entity_or_404(parts[1]).id;
        q.limit = p.per_page;
        q.offset = p.offset();
        json data = json::array();
        for (const auto& s : api.store_.articles().list(q)) data.push_back(summary_json(s));
        return read(
            {{"data", data}, {"pagination", pagination_json(p, api.store_.articles().count(q))}});
      }
      if (n == 3 && parts[2] == "quotes") {
        if (!get) return allow("GET, HEAD");
        auto e = entity_or_404(parts[1]);
        auto graph = api.knowledge_.graph();
        json data = json::array();
        for (const auto& q : api.store_.links().quotes_by(e.id, 50))
          data.push_back(quote_json(q, *graph));
        return read({{"data", data}});
      }
    }
    throw ApiError{404, "not_found", "no such endpoint", ""};
  }
};

Api::Api(Store& store, site::Site& site, newsroom::Newsroom& newsroom,
         newsroom::Knowledge& knowledge)
    : store_(store), site_(site), newsroom_(newsroom), knowledge_(knowledge) {}

std::optional<web::Response> Api::admit(const web::Request& request) {
  try {
    Impl impl{*this, request};
    if (!impl.caller()) throw ApiError{401, "unauthorized", "this endpoint needs an API token", ""};
    const auto type = request.header("content-type");
    if (is_captions_path(request.path)) {
      if (type.substr(0, 8) != "text/vtt") {
        throw ApiError{415, "unsupported_media_type", "send the captions as text/vtt", ""};
      }
      return std::nullopt;
    }
    if (type.substr(0, 16) != "application/json") {
      throw ApiError{415, "unsupported_media_type", "send application/json", ""};
    }
    return std::nullopt;
  } catch (const ApiError& e) {
    return error_response(e);
  } catch (const std::exception& e) {
    spdlog::error("api {} {}: {}", request.method, request.target, e.what());
  }
  return error_response({500, "internal", "something went wrong; try again", ""});
}

web::Response Api::handle(const web::Request& request) {
  try {
    Impl impl{*this, request};
    auto response = impl.route();
    if (request.method == "HEAD") response.body.clear();
    return response;
  } catch (const ApiError& e) {
    return error_response(e);
  } catch (const newsroom::Refused& refused) {
    return error_response(api_error(refused));
  } catch (const ConflictError& e) {
    return error_response(
        {409, "conflict", "someone saved this story after the version you sent", "version"});
  } catch (const ConstraintError& e) {
    return error_response({422, "constraint", e.what(), ""});
  } catch (const std::exception& e) {
    spdlog::error("api {} {}: {}", request.method, request.target, e.what());
  }
  return error_response({500, "internal", "something went wrong; try again", ""});
}

}  // namespace marquee::api
