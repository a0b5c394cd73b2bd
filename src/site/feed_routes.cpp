// Feeds (RSS, Atom, JSON Feed for the site, each section, author and topic), sitemaps and
// robots.txt. Each goes through the page cache with the tags of what it lists, so a publish
// drops exactly the feeds that show the story.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>

#include <unordered_map>
#include "core/site_time.h"
#include "core/urls.h"
#include "feeds/feeds.h"

#include "feeds/sitemaps.h"
#include "media/media.h"
#include "site/site.h"
#include "text/text.h"

namespace marquee::site {
namespace {

using nlohmann::json;

constexpr int kFeedItems = 30;
constexpr int kScanPage = 1000;
// The video sitemap reads whole stories to find their clips; it looks at this many of the newest.
constexpr int kVideoScan = 5000;
constexpr const char* kXml = "application/xml; charset=utf-8";

// Root-relative links and images in a story body made absolute, for readers off the site.
std::string absolutize(const std::string& html, const std::string& base) {
  std::string out;
  out.reserve(html.size() + 256);
  std::size_t pos = 0;
  while (pos < html.size()) {
    auto next = std::string::npos;
    std::size_t skip = 0;
    for (const char* attribute : {"href=\"/", "src=\"/"}) {
      auto found = html.find(attribute, pos);
      if (found < next) {
        next = found;
        skip = std::char_traits<char>::length(attribute) - 1;
      }
    }
    if (next == std::string::npos) break;
    out.append(html, pos, next + skip - pos);
    // "//host/path" is already absolute (protocol-relative).
    if (next + skip + 1 >= html.size() || html[next + skip + 1] != '/') out += base;
    pos = next + skip;
  }
  out.append(html, pos, std::string::npos);
  return out;
}

// "stories-2010-07.xml" -> {2010, 7}
std::optional<std::pair<int, unsigned>> story_month(const std::string& file) {
  int year = 0;
  unsigned month = 0;
  char tail[8] = {};
  if (file.size() != 19 ||
      std::sscanf(file.c_str(), "stories-%4d-%2u%7s", &year, &month, tail) != 3 ||
      std::string(tail) != ".xml" || month < 1 || month > 12) {
    return std::nullopt;
  }
  return std::make_pair(year, month);
}

unsigned days_in(int year, unsigned month) {
  using namespace std::chrono;
  return static_cast<unsigned>(
      year_month_day_last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}}
          .day());
}

// Part of a month's stories, by whole days in the site's zone: "stories-2010-07-01-09.xml".
struct MonthPart {
  int year = 0;
  unsigned month = 0, first_day = 0, last_day = 0;
};

std::string part_file(const MonthPart& part) {
  char name[40];
  std::snprintf(name, sizeof name, "stories-%04d-%02u-%02u-%02u.xml", part.year, part.month,
                part.first_day, part.last_day);
  return name;
}

std::optional<MonthPart> story_month_part(const std::string& file) {
  MonthPart part;
  char tail[8] = {};
  if (file.size() != 25 ||
      std::sscanf(file.c_str(), "stories-%4d-%2u-%2u-%2u%7s", &part.year, &part.month,
                  &part.first_day, &part.last_day, tail) != 5 ||
      std::string(tail) != ".xml" || part.month < 1 || part.month > 12 || part.first_day < 1 ||
      part.first_day > part.last_day || part.last_day > days_in(part.year, part.month) ||
      part_file(part) != file) {
    return std::nullopt;
  }
  return part;
}

}  // namespace

std::string Site::media_url(const std::string& file) const {
  return config_.base_url + "/media/" + file;
}

json Site::feed_links(const std::string& title, const std::string& base_path) {
  json links = json::array();
  const std::pair<feeds::FeedFormat, const char*> kinds[] = {
      {feeds::FeedFormat::rss, "RSS"},
      {feeds::FeedFormat::atom, "Atom"},
      {feeds::FeedFormat::json, "JSON Feed"}};
  for (const auto& [format, label] : kinds) {
    std::string type = feeds::content_type(format);
    links.push_back({{"title", title + " (" + label + ")"},
                     {"url", config_.base_url + base_path + "/" + feeds::file_name(format)},
                     {"type", type.substr(0, type.find(';'))}});
  }
  return links;
}

std::optional<web::Response> Site::reach_route(const web::Request& request,
                                               const std::vector<std::string_view>& parts,
                                               const std::string& key, int page) {
  if (parts.size() == 1 && parts[0] == "search") return search_page(request, page);
  Route route;
  route.page = page;
  auto cached = [&](Rendered (Site::*render)(const Route&)) -> std::optional<web::Response> {
    if (page > 1) return error_page(404, "Page not found", "There is no such page.");
    return render_and_cache(request, key, render, route);
  };
  if (parts.size() == 1 && parts[0] == "robots.txt") return cached(&Site::robots_page);
  if (parts.size() == 1 && parts[0] == "sitemap.xml") {
    route.file = "index";
    return cached(&Site::sitemap_page);
  }
  if (parts.size() == 2 && parts[0] == "sitemaps") {
    route.file = std::string(parts[1]);
    return cached(&Site::sitemap_page);
  }
  if (parts.empty() || !feeds::format_for_file_name(parts.back())) return std::nullopt;
  route.file = std::string(parts.back());
  if (parts.size() == 2 && parts[0] == "feeds") return cached(&Site::feed_page);
  if (parts.size() >= 3 && parts[0] == "tags") {
    // Between "/tags/" and "/rss.xml": the tag, slashes and all.
    const std::string& path = request.path;
    route.tag = path.substr(6, path.size() - 6 - route.file.size() - 1);
    return cached(&Site::feed_page);
  }
  if (parts.size() == 2 && !is_reserved_segment(parts[0])) {
    route.section = std::string(parts[0]);
    return cached(&Site::feed_page);
  }
  if (parts.size() == 3 && parts[0] == "authors") {
    route.slug = std::string(parts[1]);
    return cached(&Site::feed_page);
  }
  if (parts.size() == 6 && !is_reserved_segment(parts[0])) {  // a live story's entries
    for (std::size_t i = 0; i < 5; ++i) route.story_path += "/" + std::string(parts[i]);
    route.slug = std::string(parts[4]);
    return cached(&Site::live_feed_page);
  }
  if (parts.size() == 3) {
    if (auto kind = kind_for_topic_prefix(parts[0])) {
      route.kind = kind;
      route.slug = std::string(parts[1]);
      return cached(&Site::feed_page);
    }
  }
  return std::nullopt;
}

// A live story's entries, newest first: readers follow the night in a feed reader too.
Site::Rendered Site::live_feed_page(const Route& route) {
  const auto format = *feeds::format_for_file_name(route.file);
  auto story = store_.articles().find_by_slug(route.slug);
  if (!story || !story->is_published() || story->kind != ArticleKind::live ||
      story_path(*story) != route.story_path) {
    return direct(error_page(404, "Feed not found", "There is no feed at this address."));
  }
  const std::string page_url = config_.base_url + route.story_path;
  feeds::FeedChannel channel;
  channel.title = config_.title + ": " + story->headline;
  channel.description = story->dek.empty() ? story->headline : story->dek;
  channel.site_url = page_url;
  channel.feed_url = page_url + "/" + route.file;
  std::vector<std::string> tags = {"article:" + std::to_string(story->id)};
  std::vector<feeds::FeedItem> items;
  Time newest = std::max(story->updated_at, *story->publish_at);
  for (const auto& entry : store_.live().of_story(story->id, kFeedItems)) {
    feeds::FeedItem item;
    item.url = item.id = page_url + "#entry-" + std::to_string(entry.id);
    const std::string text = text::plain_text(entry.body_html);
    item.title = text.empty() ? story->headline : text::excerpt(text, 110);
    item.summary = text::excerpt(text, 300);
    item.content_html = absolutize(entry.body_html, config_.base_url);
    item.published = entry.posted_at;
    item.updated = std::max(entry.posted_at, entry.updated_at);
    newest = std::max(newest, item.updated);
    if (auto user = store_.users().find(entry.author_id)) {
      item.authors.push_back({user->display_name, config_.base_url + "/authors/" + user->slug});
    }
    items.push_back(std::move(item));
  }
  channel.updated = newest;
  return {feeds::render_feed(format, channel, items), tags, std::nullopt,
          feeds::content_type(format)};
}

Site::Rendered Site::feed_page(const Route& route) {
  const auto format = *feeds::format_for_file_name(route.file);
  ArticleQuery q;
  q.limit = kFeedItems;
  feeds::FeedChannel channel;
  std::vector<std::string> tags;
  std::string page_path;
  auto not_found = [&] {
    return direct(error_page(404, "Feed not found", "There is no feed at this address."));
  };
  if (!route.tag.empty()) {
    page_path = tag_path(route.tag);
    q.tag = route.tag;
    channel.title = config_.title + ": " + route.tag;
    channel.description = "Stories tagged " + route.tag;
    tags.push_back(tag_cache_tag(route.tag));
  } else if (route.kind) {
    auto graph = knowledge_.graph();
    std::optional<Entity> entity;
    if (const Entity* found = graph->entity_by_slug(route.slug)) entity = *found;
    if (!entity) entity = store_.graph().entity_by_slug(route.slug);
    if (!entity) return not_found();
    page_path = entity_path(*entity);
    if (entity->kind != *route.kind) {
      return direct(web::Response::redirect(301, page_path + "/" + route.file));
    }
    q.entity_id = entity->id;
    channel.title = config_.title + ": " + entity->name;
    channel.description = "Everything " + config_.title + " publishes about " + entity->name;
    tags.push_back("entity:" + std::to_string(entity->id));
  } else if (!route.slug.empty()) {
    auto author = store_.users().find_by_slug(route.slug);
    if (!author) return not_found();
    page_path = "/authors/" + author->slug;
    q.author_id = author->id;
    channel.title = config_.title + ": " + author->display_name;
    channel.description = "Stories by " + author->display_name;
    tags.push_back("user:" + std::to_string(author->id));
  } else if (!route.section.empty()) {
    std::optional<Section> section;
    for (const auto& s : all_sections()) {
      if (s.slug == route.section) section = s;
    }
    if (!section) return not_found();
    page_path = "/" + section->slug;
    q.section = section->slug;
    channel.title = config_.title + ": " + section->name;
    channel.description = "The latest " + section->name + " news";
    tags.push_back("section:" + section->slug);
  } else {
    page_path = "/";
    channel.title = config_.title;
    channel.description = config_.tagline;
    tags.push_back("home");
  }
  channel.site_url = config_.base_url + (page_path == "/" ? "/" : page_path);
  channel.feed_url =
      config_.base_url + (page_path == "/" ? "/feeds" : page_path) + "/" + route.file;

  std::map<std::string, std::string> section_names;
  for (const auto& s : all_sections()) section_names[s.slug] = s.name;
  std::vector<feeds::FeedItem> items;
  Time newest{};
  // The items' stories, their photos and clips and their authors, each read in one go rather
  // than one transaction apiece (a round trip each on PostgreSQL).
  std::vector<Id> ids;
  for (const auto& summary : store_.articles().list(q)) ids.push_back(summary.id);
  const std::vector<Article> stories = store_.articles().find_many(ids);
  std::vector<Id> media_ids;
  for (const auto& story : stories) {
    if (story.lead_media_id) media_ids.push_back(*story.lead_media_id);
    if (story.clip_media_id) media_ids.push_back(*story.clip_media_id);
  }
  std::map<Id, Media> media_of;
  for (auto& m : store_.media().find_many(media_ids)) media_of.emplace(m.id, std::move(m));
  const auto media_by_id = [&](Id id) -> const Media* {
    auto it = media_of.find(id);
    return it == media_of.end() ? nullptr : &it->second;
  };
  std::vector<Id> author_ids;
  for (const auto& story : stories)
    author_ids.insert(author_ids.end(), story.author_ids.begin(), story.author_ids.end());
  std::map<Id, User> users;
  for (auto& user : store_.users().find_many(author_ids)) users.emplace(user.id, std::move(user));
  for (const Article& story : stories) {
    if (!story.is_published()) continue;
    feeds::FeedItem item;
    item.url = item.id = config_.base_url + story_path(story);
    item.title = story.headline;
    item.summary = story.dek;
    item.published = *story.publish_at;
    item.updated = std::max(story.updated_at, *story.publish_at);
    newest = std::max(newest, item.updated);
    for (Id author_id : story.author_ids) {
      if (auto user = users.find(author_id); user != users.end()) {
        item.authors.push_back(
            {user->second.display_name, config_.base_url + "/authors/" + user->second.slug});
      }
    }
    auto section = section_names.find(story.section);
    item.categories.push_back(section == section_names.end() ? story.section : section->second);
    for (const auto& tag : story.tags) item.categories.push_back(tag);
    std::string lead;
    if (story.lead_media_id) {
      auto photo = media_by_id(*story.lead_media_id);
      auto shown = photo && photo->kind == MediaKind::image ? public_photo(*photo) : std::nullopt;
      if (shown) {
        feeds::FeedImage image{media_url(shown->file), shown->width, shown->height, 0, photo->alt,
                               photo->credit};
        if (media_files_) {
          std::error_code ec;
          if (auto path = media_files_->path_of(shown->file)) {
            auto bytes = std::filesystem::file_size(*path, ec);
            if (!ec) image.bytes = static_cast<std::int64_t>(bytes);
          }
        }
        item.image = image;
        lead = "<figure><img src=\"" + text::html_escape(image.url) + "\" alt=\"" +
               text::html_escape(photo->alt) + "\">";
        if (!photo->caption.empty() || !photo->credit.empty()) {
          lead += "<figcaption>" + text::html_escape(photo->caption) +
                  (photo->credit.empty() ? "" : " (" + text::html_escape(photo->credit) + ")") +
                  "</figcaption>";
        }
        lead += "</figure>\n";
      }
    }
    if (story.clip_media_id) {
      if (auto clip = media_by_id(*story.clip_media_id); clip && clip->kind == MediaKind::video) {
        item.enclosure = feeds::Enclosure{media_url(clip->file), clip->mime, clip->bytes,
                                          clip->duration_seconds};
      }
    }
    item.content_html = lead + absolutize(story.body_html, config_.base_url);
    items.push_back(std::move(item));
  }
  // A tag exists only while stories carry it.
  if (!route.tag.empty() && items.empty()) return not_found();
  channel.updated = items.empty()
                        ? std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())
                        : newest;
  return {feeds::render_feed(format, channel, items), tags, std::nullopt,
          feeds::content_type(format)};
}

Site::Rendered Site::robots_page(const Route&) {
  return {feeds::render_robots(config_.base_url + "/sitemap.xml"),
          {"robots"},
          std::nullopt,
          "text/plain; charset=utf-8"};
}

Site::Rendered Site::sitemap_page(const Route& route) {
  auto not_found = [&] {
    return direct(error_page(404, "Sitemap not found", "There is no sitemap at this address."));
  };
  // The published stories of [from, before), newest first, a keyset page at a time; stops when
  // visit returns false. Each page is one seek of the list index, however deep in the archive.
  auto each_story = [&](std::optional<Time> from, std::optional<Time> before, auto visit) {
    ArticleQuery q;
    q.limit = kScanPage;
    q.published_from = from;
    q.published_before = before;
    for (;;) {
      auto page = store_.articles().list(q);
      for (const auto& story : page) {
        if (!visit(story)) return;
      }
      if (static_cast<int>(page.size()) < q.limit) return;
      q.after_id = page.back().id;
    }
  };
  // The first instant of a day in the site's zone.
  auto day_start = [&](int year, unsigned month, unsigned day) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u 00:00", year, month, day);
    return time_.parse_local(text);
  };
  auto month_end = [&](int year, unsigned month) {
    return month == 12 ? day_start(year + 1, 1, 1) : day_start(year, month + 1, 1);
  };
  // The first instant after a part's last day.
  auto part_end = [&](const MonthPart& part) {
    return part.last_day == days_in(part.year, part.month)
               ? month_end(part.year, part.month)
               : day_start(part.year, part.month, part.last_day + 1);
  };
  // Whether [from, before) holds a published story: one seek of the list index.
  auto has_stories = [&](Time from, Time before) {
    ArticleQuery any;
    any.limit = 1;
    any.published_from = from;
    any.published_before = before;
    return !store_.articles().list(any).empty();
  };
  const std::string base = config_.base_url;

  if (route.file == "index") {
    // The months in the site's zone, from the published archive's UTC days (one small table,
    // newest first). A day that straddles two months counts for both; a month that only such
    // days name is looked up, since its stories may all be on the other side. A month of more
    // than sitemap_file_stories stories is listed as parts of whole days instead, so that no
    // file reads more than about that many.
    struct Month {
      int year = 0;
      unsigned month = 0;
      Time start{}, end{};
      Time last_change{};
      bool certain = false;  // a day wholly inside it has stories
      // By local day (1-31): stories, each UTC day's counted on the day its noon falls on, and
      // the newest change of the UTC days that touch it.
      std::array<std::int64_t, 32> stories{};
      std::array<std::optional<Time>, 32> changed{};
      std::vector<std::pair<unsigned, unsigned>> whole;  // UTC days inside it, as local days
    };
    std::vector<Month> months;  // newest first
    auto month_of = [&](const LocalDate& d) -> std::optional<std::size_t> {
      for (std::size_t k = months.size(); k > 0 && months.size() - k < 2; --k)
        if (months[k - 1].year == d.year && months[k - 1].month == d.month) return k - 1;
      const auto start = day_start(d.year, d.month, 1);
      const auto end = month_end(d.year, d.month);
      if (!start || !end) return std::nullopt;
      months.push_back({d.year, d.month, *start, *end});
      return months.size() - 1;
    };
    for (const auto& day : store_.articles().published_days()) {
      const Time first{std::chrono::seconds(day.day * 86400)};
      const auto older_date = time_.local_date(first);
      const auto newer_date = time_.local_date(first + std::chrono::seconds(86399));
      const auto noon_date = time_.local_date(first + std::chrono::seconds(43200));
      const auto newer = month_of(newer_date);
      const auto older = month_of(older_date);
      const auto noon = month_of(noon_date);
      if (!newer || !older || !noon) continue;
      for (auto [k, date] : {std::pair{*newer, newer_date}, std::pair{*older, older_date}}) {
        months[k].last_change = std::max(months[k].last_change, day.last_change);
        auto& changed = months[k].changed[date.day];
        changed = std::max(changed.value_or(day.last_change), day.last_change);
      }
      months[*noon].stories[noon_date.day] += day.stories;
      if (*newer == *older) {
        months[*newer].certain = true;
        months[*newer].whole.emplace_back(older_date.day, newer_date.day);
      }
    }
    const auto per_file = static_cast<std::int64_t>(config_.sitemap_file_stories);
    std::vector<feeds::SitemapUrl> list;
    for (const auto& m : months) {
      if (!m.certain && !has_stories(m.start, m.end)) continue;
      std::int64_t total = 0;
      for (auto n : m.stories) total += n;
      if (total <= per_file) {
        char name[32];
        std::snprintf(name, sizeof name, "stories-%04d-%02u.xml", m.year, m.month);
        list.push_back({base + "/sitemaps/" + name, m.last_change});
        continue;
      }
      // Whole days, oldest first, so that a growing month keeps its earlier parts' names.
      std::vector<MonthPart> parts;
      std::int64_t in_part = 0;
      const unsigned last = days_in(m.year, m.month);
      for (unsigned d = 1; d <= last; ++d) {
        if (parts.empty() || (in_part > 0 && in_part + m.stories[d] > per_file)) {
          parts.push_back({m.year, m.month, d, d});
          in_part = 0;
        }
        parts.back().last_day = d;
        in_part += m.stories[d];
      }
      for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
        std::optional<Time> changed;
        for (unsigned d = part->first_day; d <= part->last_day; ++d) {
          if (m.changed[d]) changed = std::max(changed.value_or(*m.changed[d]), *m.changed[d]);
        }
        if (!changed) continue;  // no UTC day with stories touches it
        const bool certain = std::any_of(m.whole.begin(), m.whole.end(), [&](const auto& w) {
          return w.first >= part->first_day && w.second <= part->last_day;
        });
        const auto from = day_start(part->year, part->month, part->first_day);
        const auto before = part_end(*part);
        if (!from || !before) continue;
        if (!certain && !has_stories(*from, *before)) continue;
        list.push_back({base + "/sitemaps/" + part_file(*part), changed});
      }
    }
    list.push_back({base + "/sitemaps/pages.xml", std::nullopt});
    list.push_back({base + "/sitemaps/news.xml", std::nullopt});
    list.push_back({base + "/sitemaps/video.xml", std::nullopt});
    return {feeds::render_sitemap_index(list), {"home"}, std::nullopt, kXml};
  }
  // A month's published stories, or a part of it: one range of the covering index, and the
  // lead photos in one query, not one per story.
  auto stories_sitemap = [&](std::optional<Time> from, std::optional<Time> before) -> Rendered {
    if (!from || !before) return not_found();
    std::vector<feeds::SitemapUrl> urls;
    std::vector<std::pair<std::size_t, Id>> photos;  // url index, lead photo
    for (const auto& story : store_.articles().published_locations(
             *from, *before, static_cast<int>(feeds::kMaxSitemapUrls))) {
      if (story.lead_media_id) photos.emplace_back(urls.size(), *story.lead_media_id);
      urls.push_back({base + story_path(story), std::max(story.updated_at, *story.publish_at)});
    }
    if (urls.empty()) return not_found();
    std::vector<Id> ids;
    for (const auto& [index, id] : photos) ids.push_back(id);
    std::unordered_map<Id, std::string> shown;
    for (const auto& photo : store_.media().find_many(ids)) {
      if (photo.kind != MediaKind::image) continue;
      if (auto rendition = public_photo(photo)) shown[photo.id] = media_url(rendition->file);
    }
    for (const auto& [index, id] : photos) {
      if (auto found = shown.find(id); found != shown.end())
        urls[index].images.push_back(found->second);
    }
    return {feeds::render_urlset(urls), {"home"}, std::nullopt, kXml};
  };
  if (auto month = story_month(route.file)) {
    return stories_sitemap(day_start(month->first, month->second, 1),
                           month_end(month->first, month->second));
  }
  if (auto part = story_month_part(route.file)) {
    return stories_sitemap(day_start(part->year, part->month, part->first_day), part_end(*part));
  }
  if (route.file == "pages.xml") {
    // Home, sections, authors and topic pages: everything a reader can land on but stories.
    std::vector<feeds::SitemapUrl> urls = {{base + "/", std::nullopt}};
    for (const auto& s : all_sections()) urls.push_back({base + "/" + s.slug, std::nullopt});
    for (const auto& u : store_.users().all()) {
      if (!u.slug.empty()) urls.push_back({base + "/authors/" + u.slug, std::nullopt});
    }
    // Plain pages (About, Contact) are listed here, never among the stories or in the feeds.
    ArticleQuery pages;
    pages.kinds = KindSet::pages;
    pages.limit = kScanPage;
    for (const auto& p : store_.articles().list(pages))
      urls.push_back({base + story_path(p), std::max(p.updated_at, *p.publish_at)});
    // The compiled graph in memory, not the store's entity table.
    auto graph = knowledge_.graph();
    for (const auto& e : graph->entities()) {
      if (urls.size() >= feeds::kMaxSitemapUrls) break;
      urls.push_back({base + entity_path(e), std::nullopt});
    }
    // Any story may bring a new author or entity; "home" drops with every story change.
    return {feeds::render_urlset(urls), {"home"}, std::nullopt, kXml};
  }
  if (route.file == "news.xml") {
    // Google News wants the stories of the last two days only.
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto since = now - std::chrono::hours(48);
    std::vector<feeds::NewsUrl> urls;
    each_story(since, now + std::chrono::seconds(1), [&](const ArticleSummary& story) {
      if (urls.size() >= 1000) return false;
      urls.push_back({base + story_path(story), story.headline, *story.publish_at});
      return true;
    });
    // Not cached: the two-day window moves with the clock, not with writes.
    web::Response response;
    response.body = feeds::render_news_sitemap(urls, config_.title, "en");
    response.set_header("Content-Type", kXml);
    response.set_header("Cache-Control", "public, max-age=300");
    return direct(std::move(response));
  }
  if (route.file == "video.xml") {
    std::vector<feeds::VideoUrl> urls;
    int scanned = 0;
    each_story(std::nullopt, std::nullopt, [&](const ArticleSummary& summary) {
      if (++scanned > kVideoScan) return false;
      auto story = store_.articles().find(summary.id);
      if (!story || !story->clip_media_id) return true;
      auto clip = store_.media().find(*story->clip_media_id);
      if (!clip || clip->kind != MediaKind::video) return true;
      feeds::VideoUrl url;
      url.page_loc = base + story_path(*story);
      auto poster = clip_poster(*clip, kPlayerPosterWidth);
      url.thumbnail_loc = poster ? media_url(poster->file) : "";
      url.title = clip->caption.empty() ? story->headline : clip->caption;
      url.description = story->dek.empty() ? story->headline : story->dek;
      url.content_loc = media_url(clip->file);
      url.duration_seconds = clip->duration_seconds;
      url.published = *story->publish_at;
      urls.push_back(std::move(url));
      return true;
    });
    return {feeds::render_video_sitemap(urls), {"home"}, std::nullopt, kXml};
  }
  return not_found();
}

}  // namespace marquee::site
