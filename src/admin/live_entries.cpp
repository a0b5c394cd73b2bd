// The newsroom's live composer: a compact form on a live story's editor that posts entries
// (with fetch, so the writer stays on the page; a plain form post without script), deletes them
// and ends the coverage. Everything goes through the newsroom service and its rules; this only
// translates forms to it and its refusals back.
#include <nlohmann/json.hpp>

#include "admin/pages.h"
#include "core/ascii.h"
#include "text/text.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

std::string editor_url(Id id) {
  return "/admin/stories/" + std::to_string(id);
}

int refusal_status(const newsroom::Refused& refused) {
  using Kind = newsroom::Refusal::Kind;
  switch (refused.kind()) {
    case Kind::not_found:
      return 404;
    case Kind::forbidden:
      return 403;
    case Kind::conflict:
      return 409;
    case Kind::invalid:
      break;
  }
  return 422;
}

// The library's newest photos and clips for an entry's picker, the chosen one selected.
json media_choices(Store& store, std::optional<Id> chosen) {
  json media = json::array();
  for (MediaKind kind : {MediaKind::image, MediaKind::video}) {
    for (const auto& m : store.media().list(kind, 50, 0)) {
      media.push_back({{"value", m.id},
                       {"selected", chosen && *chosen == m.id},
                       {"label", std::string(kind == MediaKind::video ? "Clip: " : "Photo: ") +
                                     (m.caption.empty() ? m.file : m.caption)}});
    }
  }
  return media;
}

std::string entry_url(Id story_id, Id entry_id) {
  return editor_url(story_id) + "/entries/" + std::to_string(entry_id);
}

}  // namespace

json Admin::Impl::live_editor_view(const AdminRequest& request, const Article& story) {
  const User& me = request.user;
  json entries = json::array();
  for (const auto& entry : store.live().of_story(story.id)) {
    std::string author;
    if (auto user = store.users().find(entry.author_id)) author = user->display_name;
    entries.push_back(
        {{"id", entry.id},
         {"posted", site.time().ap_time(entry.posted_at)},
         {"author", author},
         {"text", text::excerpt(text::plain_text(entry.body_html), 200)},
         {"key_moment", entry.key_moment},
         {"pinned", entry.pinned},
         {"can_delete", !newsroom::refuse_entry_change(me, entry)},
         {"can_edit", !story.live_ended_at && !newsroom::refuse_entry_change(me, entry)},
         {"edit_url", entry_url(story.id, entry.id) + "/edit"},
         {"delete_url", entry_url(story.id, entry.id) + "/delete"}});
  }
  json media = media_choices(store, std::nullopt);
  const bool going_on = !story.live_ended_at;
  return {{"going_on", going_on},
          {"ended_at", story.live_ended_at ? site.time().ap_datetime(*story.live_ended_at) : ""},
          {"can_post", going_on && !newsroom::refuse_entry_post(me)},
          {"can_end", going_on && !newsroom::refuse_end_live(me)},
          {"post_url", editor_url(story.id) + "/entries"},
          {"end_url", editor_url(story.id) + "/end-live"},
          {"entries", entries},
          {"has_entries", !entries.empty()},
          {"media", media}};
}

web::Response Admin::Impl::entry_post(const AdminRequest& request, Id story_id) {
  const bool by_script = request.http.header("x-requested-with") == "fetch";
  auto form = request.http.form();
  LiveEntry entry;
  entry.article_id = story_id;
  entry.body = field(form, "body");
  entry.key_moment = field(form, "key_moment") == "on";
  entry.pinned = field(form, "pinned") == "on";
  if (auto media = field(form, "media_id"); !media.empty()) {
    entry.media_id = to_id(media);
    if (!entry.media_id) {
      const char* why = "Choose a photo or clip from the library.";
      if (by_script) return newsroom_json(422, {{"error", why}});
      return message(request, 422, "Not posted", why);
    }
  }
  LiveEntry saved;
  try {
    saved = newsroom.post_entry(newsroom::Actor::of(request.user), entry);
  } catch (const newsroom::Refused& refused) {
    const int status = refusal_status(refused);
    if (by_script) return newsroom_json(status, {{"error", refused.first().reason}});
    if (status == 404) return not_found(request);
    if (status == 403) return forbidden(request);
    return message(request, status, "Not posted", refused.first().reason);
  }
  self.audit(request, "entry.create", "article:" + std::to_string(story_id),
             "entry:" + std::to_string(saved.id));
  if (by_script) {
    json out = site.live_entry_json(saved);
    out["posted"] = site.time().ap_time(saved.posted_at);
    out["text"] = text::excerpt(text::plain_text(saved.body_html), 200);
    out["author"] = request.user.display_name;
    out["delete_url"] = entry_url(story_id, saved.id) + "/delete";
    out["edit_url"] = entry_url(story_id, saved.id) + "/edit";
    return newsroom_json(201, {{"entry", out}, {"message", "Posted."}});
  }
  return see_other(editor_url(story_id) + "?done=posted#live-composer");
}

web::Response Admin::Impl::entry_delete(const AdminRequest& request, Id story_id, Id entry_id) {
  try {
    newsroom.remove_entry(newsroom::Actor::of(request.user), story_id, entry_id);
  } catch (const newsroom::Refused& refused) {
    const int status = refusal_status(refused);
    if (status == 404) return not_found(request);
    if (status == 403) return forbidden(request);
    return message(request, status, "Not deleted", refused.first().reason);
  }
  self.audit(request, "entry.delete", "article:" + std::to_string(story_id),
             "entry:" + std::to_string(entry_id));
  return see_other(editor_url(story_id) + "?done=entry-deleted#live-entries");
}

web::Response Admin::Impl::entry_edit(const AdminRequest& request, Id story_id, Id entry_id,
                                      const LiveEntry* typed, const std::string& problem,
                                      int status) {
  auto story = store.articles().find(story_id);
  auto entry = store.live().find(entry_id);
  if (!story || !entry || entry->article_id != story_id || entry->deleted) {
    return not_found(request);
  }
  if (newsroom::refuse_entry_change(request.user, *entry)) return forbidden(request);
  const LiveEntry& shown = typed ? *typed : *entry;
  json view = {{"title", "Edit entry"},
               {"nav_current", "stories"},
               {"story", {{"headline", story->headline}, {"url", editor_url(story_id)}}},
               {"action", entry_url(story_id, entry_id)},
               {"posted", site.time().ap_datetime(entry->posted_at)},
               {"body", shown.body},
               {"key_moment", shown.key_moment},
               {"pinned", shown.pinned},
               {"no_media", !shown.media_id},
               {"media", media_choices(store, shown.media_id)},
               {"ended", story->live_ended_at.has_value()}};
  if (!problem.empty()) view["problem"] = problem;
  return self.page("entry_edit", view, request, status);
}

web::Response Admin::Impl::entry_save(const AdminRequest& request, Id story_id, Id entry_id) {
  auto form = request.http.form();
  auto current = store.live().find(entry_id);
  if (!current || current->article_id != story_id || current->deleted) {
    return not_found(request);
  }
  LiveEntry entry = *current;
  entry.body = field(form, "body");
  entry.key_moment = field(form, "key_moment") == "on";
  entry.pinned = field(form, "pinned") == "on";
  entry.media_id.reset();
  if (auto media = field(form, "media_id"); !media.empty()) {
    entry.media_id = to_id(media);
    if (!entry.media_id) {
      return entry_edit(request, story_id, entry_id, &entry,
                        "Choose a photo or clip from the library.", 422);
    }
  }
  try {
    newsroom.edit_entry(newsroom::Actor::of(request.user), entry);
  } catch (const newsroom::Refused& refused) {
    const int status = refusal_status(refused);
    if (status == 404) return not_found(request);
    if (status == 403) return forbidden(request);
    return entry_edit(request, story_id, entry_id, &entry, refused.first().reason, status);
  }
  self.audit(request, "entry.update", "article:" + std::to_string(story_id),
             "entry:" + std::to_string(entry_id));
  return see_other(editor_url(story_id) + "?done=entry-edited#live-entries");
}

web::Response Admin::Impl::live_end(const AdminRequest& request, Id story_id) {
  auto form = request.http.form();
  auto version = to_id(field(form, "version"));
  if (!version) return message(request, 400, "Bad form", "The form did not say which version.");
  try {
    newsroom.end_live(newsroom::Actor::of(request.user), story_id, static_cast<int>(*version),
                      field(form, "summary"));
  } catch (const newsroom::Refused& refused) {
    const int status = refusal_status(refused);
    if (status == 404) return not_found(request);
    if (status == 403) return forbidden(request);
    return message(request, status, "Coverage not ended", refused.first().reason);
  }
  self.audit(request, "story.end_live", "article:" + std::to_string(story_id), "");
  return see_other(editor_url(story_id) + "?done=ended");
}

}  // namespace marquee::admin
