// Live coverage on the public site: the story page's entries and key moments, an entry's JSON and
// markup (the same for the page, the API and the readers' events), and every node's stream
// publisher (live.h).
#include "site/live.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "core/site_time.h"
#include "text/text.h"

namespace marquee::site {

using nlohmann::json;

json Site::live_entry_view(const LiveEntry& entry, std::vector<std::string>& cache_tags) {
  json view = {{"id", entry.id},
               {"anchor", "entry-" + std::to_string(entry.id)},
               {"posted", time_.ap_time(entry.posted_at)},
               {"posted_iso", time_.iso_local(entry.posted_at)},
               {"body_html", entry.body_html},
               {"key_moment", entry.key_moment},
               {"pinned", entry.pinned},
               {"posted_epoch", entry.posted_at.time_since_epoch().count()},
               // Set even when absent, so that the story's own photo, clip or byline around
               // the entry in the page's template are never taken for the entry's.
               {"author", false},
               {"clip", false},
               {"lead_photo", false}};
  if (entry.author_id) {
    if (auto author = store_.users().find(entry.author_id)) {
      view["author"] = {{"name", author->display_name},
                        {"url", author->slug.empty() ? "" : "/authors/" + author->slug}};
      cache_tags.push_back("user:" + std::to_string(author->id));
    }
  }
  if (entry.media_id) {
    cache_tags.push_back("media:" + std::to_string(*entry.media_id));
    if (auto media = store_.media().find(*entry.media_id)) {
      if (media->kind == MediaKind::video) {
        view["clip"] = clip_view(*media);
      } else if (json photo = photo_view(*media); !photo.is_null()) {
        view["lead_photo"] = std::move(photo);
      }
    }
  }
  return view;
}

json Site::live_view(const Article& story, std::vector<std::string>& cache_tags, Id older_than) {
  const bool first_page = older_than == 0;
  // The first page: pinned entries, then the newest others; a later page: the others older than
  // the entry the page before ended with.
  std::vector<LiveEntry> entries;
  if (first_page) {
    entries = store_.live().of_story(story.id, kLivePinnedShown, EntryFilter::pinned);
  }
  auto others =
      store_.live().of_story(story.id, kLiveEntriesPerPage + 1, EntryFilter::unpinned, older_than);
  const bool more = others.size() > static_cast<std::size_t>(kLiveEntriesPerPage);
  if (more) others.pop_back();
  std::set<Id> shown;
  for (const auto& e : entries) shown.insert(e.id);
  for (const auto& e : others) shown.insert(e.id);
  entries.insert(entries.end(), others.begin(), others.end());
  json list = json::array();
  for (const auto& entry : entries) list.push_back(live_entry_view(entry, cache_tags));

  // The summary reads in the order things happened, wherever the entries are pinned; a moment
  // on another page links there.
  const std::string path = story_path(story);
  json moments = json::array();
  for (const auto& [entry, page_after] :
       store_.live().key_moments(story.id, kLiveKeyMomentsShown)) {
    const std::string anchor = "entry-" + std::to_string(entry.id);
    std::string href = "#" + anchor;
    if (!shown.contains(entry.id)) {
      href = (page_after ? path + "?after=" + std::to_string(page_after) : path) + href;
    }
    moments.push_back({{"anchor", anchor},
                       {"href", href},
                       {"posted", time_.ap_time(entry.posted_at)},
                       {"posted_iso", time_.iso_local(entry.posted_at)},
                       {"text", text::excerpt(text::plain_text(entry.body_html), 160)}});
  }
  const bool live = is_live_now(story.kind, story.live_ended_at);
  json view = {{"is_live", live},        {"ended", !live},
               {"story_id", story.id},   {"seq", store_.live().last_seq(story.id)},
               {"entries", list},        {"has_entries", !list.empty()},
               {"key_moments", moments}, {"has_key_moments", !moments.empty()},
               {"count", list.size()},   {"first_page", first_page}};
  // Only the first page takes new entries as they come; a later one is a page of the archive.
  if (first_page) view["events_url"] = "/api/v1/stories/" + std::to_string(story.id) + "/events";
  if (!first_page) view["newest_url"] = path + "#live";
  if (more) view["older_url"] = path + "?after=" + std::to_string(others.back().id) + "#live";
  if (story.live_ended_at) {
    view["ended_at"] = time_.ap_datetime(*story.live_ended_at);
    view["ended_iso"] = time_.iso_local(*story.live_ended_at);
  }
  return view;
}

json Site::live_entry_json(const LiveEntry& entry) {
  json out = {{"id", entry.id},
              {"story_id", entry.article_id},
              {"seq", entry.seq},
              {"deleted", entry.deleted}};
  if (entry.deleted) return out;
  json author = nullptr;
  if (entry.author_id) {
    if (auto user = store_.users().find(entry.author_id)) {
      author = {{"id", user->id}, {"name", user->display_name}, {"slug", user->slug}};
    }
  }
  json media = nullptr;
  if (entry.media_id) {
    if (auto m = store_.media().find(*entry.media_id)) {
      media = {{"id", m->id}, {"kind", m->kind == MediaKind::video ? "video" : "image"}};
    }
  }
  out["posted_at"] = iso_utc(entry.posted_at);
  out["updated_at"] = iso_utc(entry.updated_at);
  out["author"] = author;
  out["body"] = entry.body;
  out["body_html"] = entry.body_html;
  out["media"] = media;
  out["key_moment"] = entry.key_moment;
  out["pinned"] = entry.pinned;
  return out;
}

std::string Site::live_entry_html(const LiveEntry& entry) {
  std::vector<std::string> ignored;
  return theme_.render("live_entry", live_entry_view(entry, ignored));
}

void Site::live_entries_changed(const Article& story, const std::vector<Id>& entity_ids) {
  // The story's page and its feed of entries carry article:<id>; the topic pages of the entities
  // whose links or quotes changed list the story or its quotes.
  std::vector<std::string> tags = {"article:" + std::to_string(story.id)};
  for (Id entity : entity_ids) tags.push_back("entity:" + std::to_string(entity));
  invalidate(tags);
}

// ---- The readers' streams

LiveStreams::LiveStreams(Site& site, Store& store, web::EventHub& hub)
    : site_(site), store_(store), hub_(hub) {}

std::string LiveStreams::event_of(const LiveEntry& entry) {
  const auto seq = static_cast<std::uint64_t>(entry.seq);
  if (entry.deleted) {
    return web::format_event("delete", seq, json({{"entry", site_.live_entry_json(entry)}}).dump());
  }
  json data = {{"entry", site_.live_entry_json(entry)}, {"html", site_.live_entry_html(entry)}};
  return web::format_event("entry", seq, data.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string LiveStreams::end_event(const Article& story) {
  json data = {{"story_id", story.id},
               {"ended_at", story.live_ended_at ? iso_utc(*story.live_ended_at) : ""}};
  // No id: a reconnect after the end starts from the last entry, and is told the end again.
  return "event: end\ndata: " + data.dump() + "\n\n";
}

void LiveStreams::on_notice(Id story_id, std::int64_t seq) {
  {
    std::lock_guard lock(mutex_);
    // A story first heard of here: what came before this notice was read by each reader's
    // opening, from the store.
    published_.try_emplace(story_id, seq - 1);
  }
  catch_up(story_id);
}

void LiveStreams::on_everything() {
  std::vector<Id> ids;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, seq] : published_) ids.push_back(id);
  }
  for (Id id : ids) catch_up(id);
}

void LiveStreams::catch_up(Id story_id) {
  auto story = store_.articles().find(story_id);
  std::int64_t after = 0;
  {
    std::lock_guard lock(mutex_);
    if (!story) {
      published_.erase(story_id);
      return;
    }
    after = published_[story_id];
  }
  for (;;) {
    auto changed = store_.live().changed_since(story_id, after, 200);
    for (const auto& entry : changed) {
      hub_.publish(channel(story_id), static_cast<std::uint64_t>(entry.seq), event_of(entry));
      after = entry.seq;
    }
    if (changed.size() < 200) break;
  }
  {
    std::lock_guard lock(mutex_);
    published_[story_id] = after;
  }
  know(*story, after);
  if (story->live_ended_at) hub_.close_channel(channel(story_id), end_event(*story));
}

void LiveStreams::know(const Article& story, std::int64_t seq) {
  std::unique_lock lock(known_mutex_);
  if (!story.is_published() || !is_live_now(story.kind, story.live_ended_at)) {
    open_.erase(story.id);
    return;
  }
  auto& known = open_[story.id];
  known = std::max(known, seq);
}

void LiveStreams::on_story(Id story_id) {
  std::unique_lock lock(known_mutex_);
  open_.erase(story_id);
}

web::Response LiveStreams::stream_response(Id story_id, std::string opening, std::int64_t after) {
  web::Response response;
  response.status = 200;
  response.set_header("Content-Type", "text/event-stream; charset=utf-8");
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Accel-Buffering", "no");  // proxies must pass events on at once
  response.set_header("X-Content-Type-Options", "nosniff");
  response.event_stream = web::Response::EventStream{channel(story_id), std::move(opening),
                                                     static_cast<std::uint64_t>(after)};
  return response;
}

std::optional<web::Response> LiveStreams::handle_fast(const web::Request& request) {
  if (request.method != "GET") return std::nullopt;
  constexpr std::string_view kPrefix = "/api/v1/stories/", kSuffix = "/events";
  std::string_view path = request.path;
  if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) return std::nullopt;
  path = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  const auto number = [](std::string_view text) -> std::optional<std::int64_t> {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 0) return std::nullopt;
    return n;
  };
  auto id = number(path);
  if (!id) return std::nullopt;
  std::optional<std::int64_t> after;
  if (auto header = request.header("last-event-id"); !header.empty()) {
    after = number(header);
    if (!after) return std::nullopt;  // the pool's answer says what is wrong
  } else if (auto query = request.query("after")) {
    after = number(*query);
    if (!after) return std::nullopt;
  }
  std::int64_t known = 0;
  {
    std::shared_lock lock(known_mutex_);
    auto found = open_.find(*id);
    if (found == open_.end()) return std::nullopt;
    known = found->second;
  }
  if (after && *after < known) return std::nullopt;  // there is something to catch up on
  return stream_response(*id, "retry: 3000\n\n", after.value_or(known));
}

web::Response LiveStreams::open(const Article& story, std::int64_t after) {
  std::string opening = "retry: 3000\n\n";
  std::int64_t last = after;
  // At most a night's worth at once; a reader further behind gets the rest on reconnecting.
  for (const auto& entry : store_.live().changed_since(story.id, after, 500)) {
    opening += event_of(entry);
    last = entry.seq;
  }
  web::Response response = stream_response(story.id, std::move(opening), last);
  if (story.live_ended_at) {
    // Sent whole: the hub's channel may not know this story on this node.
    response.body = response.event_stream->opening + end_event(story);
    response.event_stream.reset();
    return response;
  }
  know(story, store_.live().last_seq(story.id));
  return response;
}

}  // namespace marquee::site
