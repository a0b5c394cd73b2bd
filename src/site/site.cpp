// Public pages: routing, views and the cached fast path. See site.h and docs/THEMES.md for the
// view each template receives.
#include "site/site.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "core/page_paths.h"
#include "core/slug.h"
#include "core/urls.h"
#include "text/embeds.h"

namespace marquee::site {
namespace {

// How many cards of a list load their photo at once (the first screen); the rest are lazy.
constexpr std::size_t kEagerCards = 2;

using nlohmann::json;

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Whether an If-None-Match header names the page, in any of its coded variants.
bool etag_matches(std::string_view header, const std::string& etag) {
  if (header.empty()) return false;  // most requests: nothing to compare
  std::string_view bare = std::string_view(etag).substr(0, etag.size() - 1);  // up to the quote
  for (const char* suffix : {"", "-gz", "-br"}) {
    if (web::if_none_match(header, std::string(bare) + suffix + '"')) return true;
  }
  return false;
}

// WordPress answers its home address with a query for a post, page, attachment or feed; such
// requests are looked up in the old addresses instead of getting the home page.
bool is_wordpress_query(const web::Request& request) {
  if (request.path != "/" || request.query_string.empty()) return false;
  for (const char* key : {"p", "page_id", "attachment_id", "feed", "cat", "tag", "author"}) {
    if (request.query(key)) return true;
  }
  return false;
}

// The old address a request names, as imports store them: without trailing slashes, and for the
// home address with the one WordPress query it carries.
std::string old_address_key(const web::Request& request, std::string_view path) {
  std::string key(path);
  while (key.size() > 1 && key.back() == '/') key.pop_back();
  if (key == "/") {
    for (const char* name : {"p", "page_id", "attachment_id", "feed", "cat", "tag", "author"}) {
      if (auto value = request.query(name)) return "/?" + std::string(name) + "=" + *value;
    }
  }
  return key;
}

// The cached page of a path: its page number, or the keyset cursor of a "Photos of" page.
std::string page_key(std::string_view path, int page, std::string_view after = {}) {
  std::string key(path);
  if (page > 1) key += "?page=" + std::to_string(page);
  if (!after.empty()) key += (page > 1 ? "&after=" : "?after=") + std::string(after);
  return key;
}

constexpr std::string_view kTagsPrefix = "/tags/";

// A keyset cursor as the pages hand them out: a story id on tag pages, "1268400600.12.3" on
// "Photos of" pages; digits and dots, short.
bool is_cursor_shaped(std::string_view after) {
  return !after.empty() && after.size() <= 40 &&
         std::all_of(after.begin(), after.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

Site::Site(SiteConfig config, Store& store, newsroom::Knowledge& knowledge)
    : config_(std::move(config)),
      store_(store),
      knowledge_(knowledge),
      time_([&] {
        auto t = SiteTime::load(config_.timezone, config_.timezone_label);
        if (!t) throw ConfigError("unknown time zone \"" + config_.timezone + "\"");
        return *t;
      }()),
      theme_(config_.theme_dir),
      cache_(config_.cache_bytes) {
  load_static_files();
}

void Site::load_static_files() {
  // Theme assets go through the page cache too, so they get compressed variants and ETags.
  std::error_code ec;
  auto root = config_.theme_dir / "static";
  if (!std::filesystem::is_directory(root, ec)) return;
  std::string all_tags;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) continue;
    auto relative = std::filesystem::relative(entry.path(), root).generic_string();
    auto file = theme_.static_file(relative);
    if (!file) continue;
    CachedPage page;
    page.content_type = file->content_type;
    // Pages link assets with ?v=<asset_version>, so a changed file gets a new URL.
    page.cache_control = "public, max-age=31536000, immutable";
    page.identity = file->bytes;
    page.tags = {"static"};
    all_tags += cache_.put("/static/" + relative, std::move(page), cache_.generation())->etag;
  }
  // Set once, before any request: the theme's files do not change while the server runs, and
  // request threads read this without a lock.
  if (asset_version_.empty()) asset_version_ = PageCache::etag_of(all_tags).substr(1, 12);
}

std::string Site::story_path(const ArticleSummary& story) const {
  if (story.kind == ArticleKind::page) return page_url_path(story.slug);
  Time when = story.publish_at.value_or(story.updated_at);
  auto d = time_.local_date(when);
  char date[16];
  std::snprintf(date, sizeof date, "%04d/%02u/%02u", d.year, d.month, d.day);
  return "/" + story.section + "/" + date + "/" + story.slug;
}

std::string Site::story_path(const Article& story) const {
  ArticleSummary summary;
  summary.kind = story.kind;
  summary.slug = story.slug;
  summary.section = story.section;
  summary.publish_at = story.publish_at;
  summary.updated_at = story.updated_at;
  return story_path(summary);
}

web::Response Site::handle(const web::Request& request) {
  try {
    return dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", request.method, request.target, e.what());
  } catch (...) {
    spdlog::error("{} {}: unknown failure", request.method, request.target);
  }
  try {
    return error_page(500, "Something went wrong",
                      "We could not show this page just now. Please try again in a moment.");
  } catch (const std::exception& e) {
    spdlog::error("error page failed too: {}", e.what());
    auto response = web::Response::text(500, "Internal Server Error\n");
    web::add_security_headers(response);
    return response;
  }
}

std::optional<web::Response> Site::handle_fast(const web::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  const std::string& path = request.path;
  try {
    // The same steps as dispatch() up to its cache lookup, so both answer alike.
    if (path.starts_with("/media/")) return media_file(request, std::string_view(path).substr(7));
    int page = 1;
    if (auto p = request.query("page")) {
      auto n = to_int(*p);
      if (!n || *n < 1 || *n > 100000) return std::nullopt;  // dispatch() renders the error
      page = *n;
    }
    if (is_wordpress_query(request)) return std::nullopt;
    std::string after(request.query("after").value_or(""));
    if (!after.empty() && !is_cursor_shaped(after)) return std::nullopt;
    if (auto cached = cache_.get(page_key(path, page, after)))
      return serve_cached(request, *cached);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", request.method, request.target, e.what());
  }
  return std::nullopt;
}

web::Response Site::serve_cached(const web::Request& request, const CachedPage& page) const {
  web::Response response;
  if (etag_matches(request.header("if-none-match"), page.etag)) {
    response.status = 304;
  } else {
    response.status = page.status;
    switch (web::negotiate_coding(request.header("accept-encoding"))) {
      case web::Coding::brotli:
        if (page.brotli) {
          response.shared_body = page.brotli;
          response.set_header("Content-Encoding", "br");
          break;
        }
        [[fallthrough]];
      case web::Coding::gzip:
        if (page.gzip) {
          response.shared_body = page.gzip;
          response.set_header("Content-Encoding", "gzip");
          break;
        }
        [[fallthrough]];
      case web::Coding::identity:
        response.shared_body = page.identity;
    }
    response.set_header("Content-Type", page.content_type);
  }
  std::string etag = page.etag;
  auto encoding = response.header("content-encoding");
  if (encoding == "br") etag.insert(etag.size() - 1, "-br");
  if (encoding == "gzip") etag.insert(etag.size() - 1, "-gz");
  response.set_header("ETag", etag);
  response.set_header("Vary", "Accept-Encoding");
  response.set_header("Cache-Control", page.cache_control);
  // A story may carry embeds: their players are the only other sites a page may frame.
  web::SecurityPolicy policy;
  policy.frame_src = text::embed_frame_sources();
  web::add_security_headers(response, policy);
  return response;
}

web::Response Site::render_and_cache(const web::Request& request, const std::string& key,
                                     Rendered (Site::*render)(const Route&), const Route& route) {
  std::uint64_t generation = cache_.generation();
  Rendered rendered = (this->*render)(route);
  if (rendered.direct) return std::move(*rendered.direct);
  CachedPage page;
  page.identity = std::make_shared<const std::string>(std::move(rendered.html));
  page.tags = std::move(rendered.tags);
  page.tags.push_back("nav");
  page.content_type = std::move(rendered.content_type);
  auto stored = cache_.put(key, std::move(page), generation);
  return serve_cached(request, *stored);
}

web::Response Site::dispatch(const web::Request& request) {
  web::Response response = route_request(request);
  if (response.status != 404) return response;
  if (auto moved = moved_address(request, request.path)) {
    auto redirect = web::Response::redirect(301, *moved);
    web::add_security_headers(redirect);
    return redirect;
  }
  return response;
}

std::optional<std::string> Site::moved_address(const web::Request& request, std::string_view path) {
  auto redirect = store_.redirects().address(old_address_key(request, path));
  if (!redirect) return std::nullopt;
  if (redirect->article_id == 0) {
    // Only ever a path on this site.
    if (!redirect->target.starts_with('/') || redirect->target.starts_with("//"))
      return std::nullopt;
    return redirect->target;
  }
  auto story = store_.articles().find(redirect->article_id);
  if (!story || !story->is_published()) return std::nullopt;
  return story_path(*story);
}

std::vector<Section> Site::navigation_sections() {
  auto sections = all_sections();
  auto chosen = store_.settings().get("navigation.sections");
  if (!chosen) return sections;
  std::vector<Section> shown;
  std::string_view list = *chosen;
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view slug = list.substr(0, comma);
    for (const auto& s : sections) {
      if (s.slug == slug) shown.push_back(s);
    }
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return shown;
}

web::Response Site::route_request(const web::Request& request) {
  const std::string& path = request.path;
  if (path == "/healthz") {
    store_.schema_version();  // proves the store answers
    auto response = web::Response::text(200, "{\"status\":\"ok\"}\n", "application/json");
    response.set_header("Cache-Control", "no-store");
    return response;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    auto response = error_page(405, "Method not allowed", "This page can only be read.");
    response.set_header("Allow", "GET, HEAD");
    return response;
  }
  if (path.starts_with("/media/")) return media_file(request, std::string_view(path).substr(7));

  int page = 1;
  if (auto p = request.query("page")) {
    auto n = to_int(*p);
    if (!n || *n < 1 || *n > 100000) {
      return error_page(400, "Bad page number", "The page number must be a positive number.");
    }
    page = *n;
  }
  if (is_wordpress_query(request)) {
    if (auto moved = moved_address(request, path)) return web::Response::redirect(301, *moved);
  }
  std::string after(request.query("after").value_or(""));
  if (request.query("after") && !is_cursor_shaped(after)) {
    return error_page(400, "Bad page address", "That is not a page of this list.");
  }
  std::string key = page_key(path, page, after);
  if (auto cached = cache_.get(key)) return serve_cached(request, *cached);

  if (path.size() > 1 && path.back() == '/') {
    // Marquee never links an address with a trailing slash; WordPress always did. An old one
    // goes straight to its new address, in one redirect.
    if (auto moved = moved_address(request, path)) return web::Response::redirect(301, *moved);
    std::string trimmed = path;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    return web::Response::redirect(
        301, web::local_redirect_path(trimmed) +
                 (request.query_string.empty() ? "" : "?" + request.query_string));
  }

  auto parts = web::path_segments(path);
  Route route;
  route.page = page;
  route.after = after;
  if (auto reached = reach_route(request, parts, key, page)) {
    web::add_security_headers(*reached);
    return std::move(*reached);
  }
  if (parts.empty()) return render_and_cache(request, key, &Site::home_page, route);
  if (parts[0] == "static") return error_page(404, "Not found", "There is no such file.");
  if (parts.size() == 2 && parts[0] == "clips") {
    route.slug = std::string(parts[1]);
    return render_and_cache(request, key, &Site::clip_page, route);
  }
  if (parts.size() == 2 && parts[0] == "authors") {
    route.slug = std::string(parts[1]);
    return render_and_cache(request, key, &Site::author_page, route);
  }
  if (parts.size() >= 2 && parts[0] == "tags") {
    // The rest of the path is the tag, slashes and all ("AC/DC").
    if (page > 1) return error_page(404, "Page not found", "There is no such page.");
    route.tag = path.substr(kTagsPrefix.size());
    route.after = after;
    return render_and_cache(request, key, &Site::tag_page, route);
  }
  if (parts.size() == 2) {
    if (auto kind = kind_for_topic_prefix(parts[0])) {
      route.kind = kind;
      route.slug = std::string(parts[1]);
      return render_and_cache(request, key, &Site::topic_page, route);
    }
  }
  if (parts.size() == 3 && parts[2] == "photos" &&
      kind_for_topic_prefix(parts[0]) == EntityKind::person) {
    route.kind = EntityKind::person;
    route.slug = std::string(parts[1]);
    return render_and_cache(request, key, &Site::photos_of_page, route);
  }
  if (parts.size() == 1 && !is_reserved_segment(parts[0])) {
    route.section = std::string(parts[0]);
    route.slug = route.section;
    return render_and_cache(request, key, &Site::section_or_page, route);
  }
  // A story, or one photo of a gallery: /<story>/photos/<n>.
  const bool photo_page = parts.size() == 7 && parts[5] == "photos";
  if (parts.size() == 5 || photo_page) {
    auto y = to_int(parts[1]), m = to_int(parts[2]), d = to_int(parts[3]);
    auto n = photo_page ? to_int(parts[6]) : std::optional<int>(0);
    if (y && m && d && n && *n >= 0 && (!photo_page || *n >= 1)) {
      route.photo = *n;
      route.section = std::string(parts[0]);
      route.year = *y;
      route.month = *m;
      route.day = *d;
      route.slug = std::string(parts[4]);
      return render_and_cache(request, key, &Site::story_page, route);
    }
  }
  // Anything else of page depth may be a nested page (/about/team); the rules keep pages off the
  // site's own first segments, so nothing above is ever shadowed.
  if (parts.size() >= 2 && parts.size() <= kMaxPageDepth && !is_reserved_segment(parts[0])) {
    if (page > 1) return error_page(404, "Page not found", "There is no such page.");
    route.slug = path.substr(1);
    return render_and_cache(request, key, &Site::page_page, route);
  }
  return error_page(404, "Page not found", "We could not find the page you were looking for.");
}

// --- views

json Site::layout_view(const std::string& title, const std::string& description,
                       const std::string& canonical_path, const std::string& current_section) {
  json nav = json::array();
  for (const auto& section : navigation_sections()) {
    nav.push_back({{"name", section.name},
                   {"url", "/" + section.slug},
                   {"current", section.slug == current_section}});
  }
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return {{"site",
           {{"title", config_.title},
            {"tagline", config_.tagline},
            {"base_url", config_.base_url},
            {"asset_version", asset_version_},
            {"year", std::to_string(time_.local_date(now).year)}}},
          {"nav", nav},
          {"page",
           {{"title", title.empty() ? config_.title : title + " | " + config_.title},
            {"description", description.empty() ? config_.tagline : description},
            {"canonical", config_.base_url + canonical_path},
            {"share_title", title.empty() ? config_.title : title},
            {"og_type", "website"},
            {"twitter_card", "summary"},
            {"feeds", feed_links(config_.title, "/feeds")}}}};
}

json Site::byline_view(const std::vector<Id>& author_ids) {
  json authors = json::array();
  for (std::size_t i = 0; i < author_ids.size(); ++i) {
    auto user = store_.users().find(author_ids[i]);
    if (!user) continue;
    authors.push_back({{"name", user->display_name}, {"url", "/authors/" + user->slug}});
  }
  // "By A, B and C": separators precomputed, since templates have no logic.
  for (std::size_t i = 0; i < authors.size(); ++i) {
    std::string sep = i + 1 == authors.size() ? "" : i + 2 == authors.size() ? " and " : ", ";
    authors[i]["separator"] = sep;
  }
  return authors;
}

json Site::card_view(const ArticleSummary& story) {
  json card = {{"headline", story.headline},
               {"dek", story.dek},
               {"url", story_path(story)},
               {"section", story.section},
               {"exclusive", story.exclusive},
               {"featured", story.featured},
               {"live", is_live_now(story.kind, story.live_ended_at)},
               {"is_gallery", story.kind == ArticleKind::gallery}};
  if (story.publish_at) {
    card["published"] = time_.ap_datetime(*story.publish_at);
    card["published_date"] = time_.ap_date(*story.publish_at);
    card["published_iso"] = time_.iso_local(*story.publish_at);
  }
  return card;
}

std::vector<json> Site::card_views(const std::vector<ArticleSummary>& stories,
                                   std::vector<std::string>& cache_tags, CardSlot slot) {
  std::vector<json> cards;
  cards.reserve(stories.size());
  auto sections = all_sections();
  // The cards' photos in one query, not one per card.
  std::unordered_map<Id, Media> photos;
  if (slot != CardSlot::none) {
    std::vector<Id> ids;
    for (const auto& story : stories) {
      if (story.lead_media_id) ids.push_back(*story.lead_media_id);
    }
    for (auto& photo : store_.media().find_many(ids)) photos.emplace(photo.id, std::move(photo));
  }
  for (const auto& story : stories) {
    auto card = card_view(story);
    for (const auto& s : sections) {
      if (s.slug == story.section) {
        card["section_name"] = s.name;
        card["section_url"] = "/" + s.slug;
      }
    }
    if (story.lead_media_id && slot != CardSlot::none) {
      // The page shows the photo, so an edit of its alt text or its removal drops the page.
      cache_tags.push_back("media:" + std::to_string(*story.lead_media_id));
      const auto found = photos.find(*story.lead_media_id);
      const Media* photo = found == photos.end() ? nullptr : &found->second;
      if (photo && photo->kind == MediaKind::image) {
        json view = card_photo_view(*photo, slot);
        if (!view.is_null()) {
          // The first cards are in the first screen; the browser fetches the rest as they near.
          view["lazy"] = cards.size() >= kEagerCards;
          card["photo"] = std::move(view);
        }
      }
    }
    cards.push_back(std::move(card));
  }
  return cards;
}

json Site::pagination_view(const std::string& base_path, int page, int total) {
  int pages = std::max(1, (total + config_.page_size - 1) / config_.page_size);
  json view = {{"page", page}, {"pages", pages}, {"show", pages > 1}};
  if (page > 1)
    view["prev_url"] = page == 2 ? base_path : base_path + "?page=" + std::to_string(page - 1);
  if (page < pages) view["next_url"] = base_path + "?page=" + std::to_string(page + 1);
  return view;
}

Site::Rendered Site::home_page(const Route& route) {
  if (route.page > 1) return direct(error_page(404, "Page not found", "There is no such page."));
  ArticleQuery latest;
  latest.limit = config_.page_size + 1;
  auto stories = store_.articles().list(latest);
  json view = layout_view("", config_.tagline, "/", "");
  view["page"]["title"] = config_.title + ": " + config_.tagline;
  view["page"]["is_home"] = true;
  // The lead is the newest featured story, else the newest story.
  std::size_t lead = 0;
  for (std::size_t i = 0; i < stories.size(); ++i) {
    if (stories[i].featured) {
      lead = i;
      break;
    }
  }
  std::vector<std::string> tags = {"home"};
  add_home_head(view, stories.empty() ? nullptr : &stories[lead]);
  if (!stories.empty() && stories[lead].lead_media_id) {
    tags.push_back("media:" + std::to_string(*stories[lead].lead_media_id));
  }
  auto cards = card_views(stories, tags);
  if (!cards.empty()) {
    view["lead"] = cards[lead];
    // The lead's photo is the page's largest image: full column, fetched first.
    if (auto id = stories[lead].lead_media_id) {
      if (auto photo = store_.media().find(*id); photo && photo->kind == MediaKind::image) {
        json big = card_photo_view(*photo, CardSlot::lead);
        if (!big.is_null()) {
          big["priority"] = true;
          view["lead"]["photo"] = std::move(big);
        }
      }
    }
    cards.erase(cards.begin() + static_cast<std::ptrdiff_t>(lead));
  }
  if (cards.size() > static_cast<std::size_t>(config_.page_size)) cards.resize(config_.page_size);
  // Below the lead, every card is below the first screen.
  for (auto& card : cards) {
    if (card.contains("photo")) card["photo"]["lazy"] = true;
  }
  view["latest"] = cards;
  json sections = json::array();
  for (const auto& section : navigation_sections()) {
    ArticleQuery q;
    q.section = section.slug;
    q.limit = 4;
    auto in_section = store_.articles().list(q);
    if (in_section.empty()) continue;
    sections.push_back({{"name", section.name},
                        {"url", "/" + section.slug},
                        {"stories", card_views(in_section, tags, CardSlot::none)}});
  }
  view["sections"] = sections;
  return {theme_.render_page("home", view), tags, std::nullopt};
}

Site::Rendered Site::section_page(const Route& route) {
  std::optional<Section> section;
  for (const auto& s : all_sections()) {
    if (s.slug == route.section) section = s;
  }
  if (!section) {
    return direct(
        error_page(404, "Page not found", "We could not find the page you were looking for."));
  }
  ArticleQuery q;
  q.section = section->slug;
  const std::string path = "/" + section->slug;
  auto listed = story_list_page(q, route, path);
  if (auto* refused = std::get_if<web::Response>(&listed)) return direct(std::move(*refused));
  auto& list = std::get<StoryPage>(listed);
  json view = layout_view(section->name, "The latest " + section->name + " news", list.canonical,
                          section->slug);
  view["section"] = {{"name", section->name}, {"slug", section->slug}};
  view["page"]["feeds"] = feed_links(config_.title + ": " + section->name, path);
  std::vector<std::string> tags = {"section:" + section->slug};
  view["stories"] = card_views(list.stories, tags);
  view["pagination"] = std::move(list.pagination);
  return {theme_.render_page("section", view), tags, std::nullopt};
}

Site::Rendered Site::section_or_page(const Route& route) {
  // A section wins: a page is refused a section's slug, and a section made later takes its place.
  auto sections = all_sections();
  bool is_section = std::any_of(sections.begin(), sections.end(),
                                [&](const Section& s) { return s.slug == route.section; });
  if (is_section || route.page > 1 || !route.after.empty()) return section_page(route);
  return page_page(route);
}

Site::Rendered Site::author_page(const Route& route) {
  auto author = store_.users().find_by_slug(route.slug);
  if (!author) {
    return direct(error_page(404, "Page not found", "We could not find that author."));
  }
  ArticleQuery q;
  q.author_id = author->id;
  const std::string path = "/authors/" + author->slug;
  auto listed = story_list_page(q, route, path);
  if (auto* refused = std::get_if<web::Response>(&listed)) return direct(std::move(*refused));
  auto& list = std::get<StoryPage>(listed);
  json view =
      layout_view(author->display_name, "Stories by " + author->display_name, list.canonical, "");
  view["author"] = {{"name", author->display_name}, {"bio", author->bio}};
  std::vector<std::string> tags = {"user:" + std::to_string(author->id)};
  view["stories"] = card_views(list.stories, tags);
  view["pagination"] = std::move(list.pagination);
  return {theme_.render_page("author", view), tags, std::nullopt};
}

std::string Site::tag_path(const std::string& tag) {
  return std::string(kTagsPrefix) + web::percent_encode(tag);
}

std::string Site::tag_cache_tag(const std::string& tag) {
  // Encoded, so that no tag can hold the comma that separates tags in a change notice.
  return "tag:" + web::percent_encode(tag);
}

std::variant<Site::StoryPage, web::Response> Site::story_list_page(ArticleQuery query,
                                                                   const Route& route,
                                                                   const std::string& path) {
  // Numbered pages are gone (a page number needs an OFFSET scan, and what a number shows moves
  // with every new story): an old ?page= link starts the list again.
  if (route.page > 1) return web::Response::redirect(301, path);
  if (!route.after.empty()) {
    Id after = 0;
    const char* end = route.after.data() + route.after.size();
    auto [stop, error] = std::from_chars(route.after.data(), end, after);
    if (error != std::errc() || stop != end || after < 1) {
      return error_page(400, "Bad page address", "The page address names no story to list after.");
    }
    query.after_id = after;
  }
  query.limit = config_.page_size + 1;  // one more tells whether there is a next page
  StoryPage page;
  page.stories = store_.articles().list(query);
  if (page.stories.empty() && !route.after.empty()) {
    return error_page(404, "Page not found", "There are no more stories here.");
  }
  const bool more = page.stories.size() > static_cast<std::size_t>(config_.page_size);
  if (more) page.stories.pop_back();
  page.canonical = route.after.empty() ? path : path + "?after=" + route.after;
  page.pagination = {{"show", more || !route.after.empty()}};
  if (!route.after.empty()) page.pagination["first_url"] = path;
  if (more) page.pagination["next_url"] = path + "?after=" + std::to_string(page.stories.back().id);
  return page;
}

Site::Rendered Site::tag_page(const Route& route) {
  ArticleQuery q;
  q.tag = route.tag;
  const std::string path = tag_path(route.tag);
  auto listed = story_list_page(q, route, path);
  if (auto* refused = std::get_if<web::Response>(&listed)) return direct(std::move(*refused));
  auto& list = std::get<StoryPage>(listed);
  if (list.stories.empty()) {
    return direct(error_page(404, "Page not found", "No published story carries this tag."));
  }
  json view = layout_view(route.tag, "Stories tagged " + route.tag, list.canonical, "");
  view["tag"] = {{"name", route.tag}, {"url", path}};
  view["page"]["feeds"] = feed_links(config_.title + ": " + route.tag, path);
  std::vector<std::string> tags = {tag_cache_tag(route.tag)};
  view["stories"] = card_views(list.stories, tags);
  view["pagination"] = std::move(list.pagination);
  return {theme_.render_page("tag", view), tags, std::nullopt};
}

Site::Rendered Site::story_page(const Route& route) {
  auto story = store_.articles().find_by_slug(route.slug);
  if (!story) {
    if (auto renamed = store_.redirects().current_slug(route.slug))
      story = store_.articles().find_by_slug(*renamed);
  }
  if (!story || !story->is_published()) {
    return direct(
        error_page(404, "Story not found", "This story does not exist or is no longer available."));
  }
  std::string canonical = story_path(*story);
  char requested[16];
  std::snprintf(requested, sizeof requested, "%04d/%02d/%02d", route.year, route.month, route.day);
  const std::string photo_suffix =
      route.photo > 0 ? "/photos/" + std::to_string(route.photo) : std::string();
  if (canonical != "/" + route.section + "/" + requested + "/" + route.slug) {
    // Old slug, moved section or wrong date: one permanent redirect to the story's address.
    return direct(web::Response::redirect(301, canonical + photo_suffix));
  }
  if (story->kind == ArticleKind::gallery) return gallery_page(*story, route.photo);
  if (route.photo > 0) {
    return direct(error_page(404, "Photo not found", "This story has no photo pages."));
  }
  // ?after=<entry>: a live story's older updates. Any other story has one page.
  Id older_than = 0;
  if (!route.after.empty()) {
    auto entry = to_int(route.after);
    if (story->kind != ArticleKind::live || !entry || *entry <= 0) {
      return direct(web::Response::redirect(301, canonical));
    }
    older_than = *entry;
  }
  std::vector<std::string> tags_for_cache;
  json view = story_view(*story, tags_for_cache, older_than);
  if (older_than && view["story"]["live"]["entries"].empty()) {
    return direct(error_page(404, "Page not found", "There are no updates after that one."));
  }
  return {theme_.render_page("story", view), tags_for_cache, std::nullopt};
}

json Site::story_view(const Article& shown, std::vector<std::string>& tags_for_cache,
                      Id older_than) {
  const Article* story = &shown;
  const std::string canonical = story_path(shown);
  json view = layout_view(story->seo_title.empty() ? story->headline : story->seo_title,
                          story->seo_description.empty() ? story->dek : story->seo_description,
                          canonical, story->section);
  std::string section_name = story->section;
  for (const auto& s : all_sections()) {
    if (s.slug == story->section) section_name = s.name;
  }
  json tags = json::array();
  for (const auto& tag : story->tags) tags.push_back({{"name", tag}, {"url", tag_path(tag)}});
  json authors = byline_view(story->author_ids);
  json article = {{"headline", story->headline},
                  {"dek", story->dek},
                  {"url", canonical},
                  {"section", {{"name", section_name}, {"url", "/" + story->section}}},
                  {"authors", authors},
                  {"has_authors", !authors.empty()},
                  {"published", time_.ap_datetime(*story->publish_at)},
                  {"published_iso", time_.iso_local(*story->publish_at)},
                  {"was_updated", story->was_updated()},
                  {"updated", time_.ap_datetime(story->updated_at)},
                  {"updated_iso", time_.iso_local(story->updated_at)},
                  {"body_html", fill_gallery_embeds(story->body_html, tags_for_cache)},
                  {"tags", tags},
                  {"has_tags", !tags.empty()},
                  {"exclusive", story->exclusive},
                  {"featured", story->featured}};
  std::vector<std::string> media_tags;
  add_story_media(article, *story, media_tags);
  if (story->kind == ArticleKind::live) {
    article["live"] = live_view(*story, media_tags, older_than);
    article["is_live"] = article["live"]["is_live"];
    view["page"]["feeds"] = feed_links(story->headline, canonical);
  }
  view["story"] = article;
  add_story_head(view, *story);
  view["related"] = related_view(*story, media_tags);
  if (view["related"].is_null()) view.erase("related");
  if (auto archive = archive_view(story->id); !archive.is_null()) view["archive"] = archive;
  tags_for_cache.push_back("article:" + std::to_string(story->id));
  tags_for_cache.insert(tags_for_cache.end(), media_tags.begin(), media_tags.end());
  for (Id author : story->author_ids) tags_for_cache.push_back("user:" + std::to_string(author));
  for (const auto& link : store_.links().of_story(story->id)) {
    if (link.state != LinkState::rejected)
      tags_for_cache.push_back("entity:" + std::to_string(link.entity_id));
  }
  return view;
}

json Site::archive_view(Id article_id) {
  if (store_.settings().get("comments.archive") == "hidden") return nullptr;
  auto comments = store_.comments().of_story(article_id);
  if (comments.empty()) return nullptr;
  // Threads as they were: each reply after the comment it answers, indented up to three levels.
  std::map<long long, std::vector<const ArchiveComment*>> replies;
  std::set<long long> known;
  for (const auto& c : comments) known.insert(c.external_id);
  for (const auto& c : comments) {
    replies[known.contains(c.parent_external) ? c.parent_external : 0].push_back(&c);
  }
  json list = json::array();
  std::set<long long> shown;
  std::function<void(long long, int)> add = [&](long long parent, int depth) {
    for (const ArchiveComment* c : replies[parent]) {
      if (!shown.insert(c->external_id).second) continue;
      json paragraphs = json::array();
      std::string_view rest = c->text;
      while (!rest.empty()) {
        auto gap = rest.find("\n\n");
        paragraphs.push_back(std::string(rest.substr(0, gap)));
        if (gap == std::string_view::npos) break;
        rest.remove_prefix(gap + 2);
      }
      json item = {
          {"author", c->author}, {"depth", std::min(depth, 3)}, {"paragraphs", paragraphs}};
      if (c->posted_at != Time{}) {
        item["posted"] = time_.ap_datetime(c->posted_at);
        item["posted_iso"] = time_.iso_local(c->posted_at);
      }
      list.push_back(std::move(item));
      add(c->external_id, depth + 1);
    }
  };
  add(0, 0);
  return {{"comments", list}, {"count", list.size()}};
}

web::Response Site::error_page(int status, const std::string& title, const std::string& message) {
  json view;
  try {
    view = layout_view(title, message, "/", "");
  } catch (const std::exception& e) {
    // The store may be what failed; the error page must not depend on it.
    spdlog::warn("error page without navigation: {}", e.what());
    view = {{"site", {{"title", config_.title}, {"tagline", config_.tagline}}},
            {"nav", json::array()},
            {"page", {{"title", title + " | " + config_.title}, {"description", message}}}};
  }
  view["error"] = {
      {"status", status}, {"title", title}, {"message", message}, {"not_found", status == 404}};
  web::Response response;
  response.status = status;
  response.body = theme_.render_page("error", view);
  response.set_header("Content-Type", "text/html; charset=utf-8");
  response.set_header("Cache-Control", "no-store");
  web::add_security_headers(response);
  return response;
}

void Site::invalidate(const std::vector<std::string>& tags) {
  cache_.invalidate(tags);
  if (!feed_ || tags.empty()) return;
  announce(ChangeNotice::of_tags(tags).payload());
}

void Site::invalidate_all() {
  apply_remote_everything();
  announce(ChangeFeed::kEverything);
}

void Site::apply_remote_everything() {
  {
    std::lock_guard lock(sections_lock_);
    sections_.reset();
  }
  cache_.clear();
  load_static_files();
}

std::vector<Section> Site::all_sections() {
  std::lock_guard lock(sections_lock_);
  if (!sections_) sections_ = store_.sections().all();
  return *sections_;
}

void Site::announce(std::string_view payload) {
  if (!feed_) return;
  try {
    feed_->announce(payload);
  } catch (const std::exception& e) {
    // This node's cache is right; the others drop theirs when their feed reconnects.
    spdlog::warn("could not tell other nodes about a change: {}", e.what());
  }
}

void Site::invalidate_story(const Article& before, const Article& after,
                            const std::vector<Id>& entity_ids) {
  std::vector<std::string> tags = {"home", "article:" + std::to_string(after.id)};
  for (const auto* story : {&before, &after}) {
    if (!story->section.empty()) tags.push_back("section:" + story->section);
    for (Id author : story->author_ids) tags.push_back("user:" + std::to_string(author));
    for (const auto& tag : story->tags) tags.push_back(tag_cache_tag(tag));
    // The clip's page lists the stories that show it.
    if (story->clip_media_id) tags.push_back("media:" + std::to_string(*story->clip_media_id));
  }
  for (Id entity : entity_ids) tags.push_back("entity:" + std::to_string(entity));
  invalidate(tags);
}

void Site::story_body_changed(const Article& story, Id entity_id) {
  // The story's own page and the topic page of the entity decided (its story list and the
  // related blocks that count the link). A published story's body is also in the feeds, which
  // carry home, section and author tags; its times did not move, so the sitemaps stay.
  std::vector<std::string> tags = {"article:" + std::to_string(story.id),
                                   "entity:" + std::to_string(entity_id)};
  if (story.is_published()) {
    tags.push_back("home");
    if (!story.section.empty()) tags.push_back("section:" + story.section);
    for (Id author : story.author_ids) tags.push_back("user:" + std::to_string(author));
  }
  invalidate(tags);
}

}  // namespace marquee::site
