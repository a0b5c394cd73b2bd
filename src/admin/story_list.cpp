// The newsroom's story list and its bulk actions. The list combines filters (status, section,
// author, entity, a date range, words anywhere in the story through the store's full-text index)
// with one sort column and keyset pages, so it answers as fast at page 30,000 as at page 1 and
// never counts the archive. Bulk actions go through the newsroom service, each story asked the
// same rules as the editor and the API (newsroom/story_rules.h); what is refused is listed with
// its reason.
#include <algorithm>

#include "admin/pages.h"
#include "core/ascii.h"
#include "core/slug.h"
#include "core/urls.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

constexpr int kListPageSize = 30;
// At most this many stories in one bulk action: each is a full save.
constexpr std::size_t kMaxBulkStories = 200;

// The list's address with its parameters; empty values are left out.
std::string list_url(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string url = "/admin/stories";
  char sep = '?';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    url += sep + name + "=" + web::percent_encode(value);
    sep = '&';
  }
  return url;
}

struct ListParams {
  std::string status, section, author, entity, q, date, from, to, sort, dir, kind;
  std::vector<std::pair<std::string, std::string>> filters() const {
    return {{"kind", kind},     {"status", status}, {"section", section},
            {"author", author}, {"entity", entity}, {"q", q},
            {"date", date},     {"from", from},     {"to", to}};
  }
  std::vector<std::pair<std::string, std::string>> with_order() const {
    auto all = filters();
    all.emplace_back("sort", sort);
    all.emplace_back("dir", dir);
    return all;
  }
};

struct BulkOutcome {
  Id id = 0;
  std::string headline;
  std::string reason;  // empty when done
};

}  // namespace

web::Response Admin::Impl::story_list(const AdminRequest& request) {
  const auto& http = request.http;
  const bool sees_all = has_capability(request.user.role, Capability::edit_any_story);
  auto param = [&](const char* name) {
    return std::string(ascii_trim(http.query(name).value_or("")));
  };
  ListParams p{param("status"), param("section"), param("author"), param("entity"),
               param("q"),      param("date"),    param("from"),   param("to"),
               param("sort"),   param("dir"),     param("kind")};

  StoryListQuery q;
  q.limit = kListPageSize;
  std::vector<std::string> problems;
  // Stories and pages alike; ?kind=page lists the pages alone.
  if (!p.kind.empty()) {
    q.kind = parse_article_kind(p.kind);
    if (!q.kind) problems.push_back("Unknown kind \"" + p.kind + "\" (article, page or gallery).");
  }
  if (!p.status.empty()) {
    q.status = parse_article_status(p.status);
    if (!q.status) problems.push_back("Unknown status \"" + p.status + "\".");
  }
  if (!p.section.empty()) q.section = p.section;
  if (!p.author.empty()) {
    q.author_id = to_id(p.author);
    if (!q.author_id) problems.push_back("Pick an author from the list.");
  }
  if (!sees_all) q.author_id = request.user.id;  // writers and contributors see their own
  if (!p.entity.empty()) {
    auto found = store.graph().entity_by_slug(p.entity);
    if (!found) found = store.graph().entity_by_slug(slugify(p.entity));
    q.entity_id = found ? found->id : -1;  // an unknown entity matches nothing
  }
  q.text = p.q;
  q.date = p.date == "published" ? StoryDate::published : StoryDate::updated;
  // Days in the site's zone; "to" includes its whole day.
  auto day = [&](const std::string& text, const char* label) -> std::optional<Time> {
    if (text.empty()) return std::nullopt;
    auto t = site.time().parse_local(text + " 00:00");
    if (!t) problems.push_back(std::string("Give the ") + label + " date like 2010-07-21.");
    return t;
  };
  q.from = day(p.from, "first");
  if (!p.to.empty()) {
    // The last minute of the day always exists on the wall clock (zones change at night).
    auto last = site.time().parse_local(p.to + " 23:59");
    if (last)
      q.to = *last + std::chrono::minutes(1);
    else
      problems.push_back("Give the last date like 2010-07-21.");
  }
  if (!p.sort.empty()) {
    auto order = parse_story_order(p.sort);
    if (!order)
      problems.push_back("Stories can be sorted by headline, section, updated or published.");
    if (order) q.order = *order;
  }
  if (p.dir == "asc")
    q.descending = false;
  else if (!p.dir.empty() && p.dir != "desc")
    problems.push_back("Sort up (asc) or down (desc).");
  // Text columns read naturally A to Z; dates newest first.
  if (p.dir.empty())
    q.descending = q.order == StoryOrder::updated || q.order == StoryOrder::published;
  q.after = http.query("after").value_or("");
  q.before = http.query("before").value_or("");
  if (!problems.empty()) {
    std::string text;
    for (const auto& problem : problems) text += (text.empty() ? "" : " ") + problem;
    return message(request, 400, "Cannot list these stories", text);
  }

  StoryListPage page;
  try {
    page = store.articles().list_page(q);
  } catch (const ConstraintError&) {
    return message(request, 400, "Page link out of date",
                   "That page link no longer fits this list. Start again from the first page.");
  }

  auto sections = store.sections().all();
  auto users = store.users().all();
  auto user_name = [&](Id id) {
    for (const auto& u : users) {
      if (u.id == id) return u.display_name;
    }
    return id_label(id);
  };
  json rows = json::array();
  for (const auto& row : page.rows) {
    const auto& story = row.story;
    std::string names;
    for (Id a : story.author_ids) names += (names.empty() ? "" : ", ") + user_name(a);
    std::string section_name = story.section;
    for (const auto& s : sections) {
      if (s.slug == story.section) section_name = s.name;
    }
    json item = {{"id", story.id},
                 {"headline", story.headline.empty() ? "(no headline)" : story.headline},
                 {"url", "/admin/stories/" + std::to_string(story.id)},
                 {"status", to_string(row.status)},
                 {"status_label", status_label(row.status)},
                 {"section", story.kind == ArticleKind::page ? "Page" : section_name},
                 {"is_page", story.kind == ArticleKind::page},
                 {"authors", names},
                 {"updated", site.time().ap_datetime(story.updated_at)},
                 {"updated_iso", site.time().iso_local(story.updated_at)}};
    if (story.publish_at) {
      item["published"] = site.time().ap_datetime(*story.publish_at);
      item["published_iso"] = site.time().iso_local(*story.publish_at);
    }
    if (row.status == ArticleStatus::published && story.publish_at) {
      Article shown;
      shown.kind = story.kind;
      shown.slug = story.slug;
      shown.section = story.section;
      shown.publish_at = story.publish_at;
      shown.status = row.status;
      item["public_url"] = site.story_path(shown);
    }
    rows.push_back(item);
  }

  json statuses = json::array();
  for (auto s : {ArticleStatus::draft, ArticleStatus::review, ArticleStatus::scheduled,
                 ArticleStatus::published, ArticleStatus::archived}) {
    statuses.push_back({{"value", to_string(s)},
                        {"label", status_label(s)},
                        {"selected", p.status == to_string(s)}});
  }
  json section_options = json::array();
  json target_sections = json::array();
  for (const auto& s : sections) {
    section_options.push_back(
        {{"value", s.slug}, {"label", s.name}, {"selected", s.slug == p.section}});
    target_sections.push_back({{"value", s.slug}, {"label", s.name}});
  }
  json author_options = json::array();
  if (sees_all) {
    for (const auto& u : users) {
      author_options.push_back({{"value", u.id},
                                {"label", u.display_name},
                                {"selected", std::to_string(u.id) == p.author}});
    }
  }
  // Column heads: a link sorting by the column, the second click turning the order round.
  json columns = json::array();
  for (auto [order, label] :
       {std::pair{StoryOrder::headline, "Headline"}, std::pair{StoryOrder::section, "Section"},
        std::pair{StoryOrder::updated, "Updated"}, std::pair{StoryOrder::published, "Published"}}) {
    const bool current = q.order == order;
    const bool natural_desc = order == StoryOrder::updated || order == StoryOrder::published;
    const bool next_desc = current ? !q.descending : natural_desc;
    ListParams next = p;
    next.sort = to_string(order);
    next.dir = next_desc ? "desc" : "asc";
    json column = {{"key", to_string(order)},
                   {"label", label},
                   {"url", list_url(next.with_order())},
                   {"current", current},
                   {"aria_sort", current ? (q.descending ? "descending" : "ascending") : "none"},
                   {"arrow", current ? (q.descending ? "↓" : "↑") : ""}};
    columns.push_back(column);
  }
  auto column = [&](std::size_t i) { return columns[i]; };

  const std::string here = list_url(p.with_order());
  json view = {
      {"title", "Stories"},
      {"nav_current", "stories"},
      {"stories", rows},
      {"has_stories", !rows.empty()},
      {"shown", rows.size()},
      {"statuses", statuses},
      {"kind_article", q.kind == ArticleKind::article},
      {"kind_page", q.kind == ArticleKind::page},
      {"sections", section_options},
      {"target_sections", target_sections},
      {"authors", author_options},
      {"sees_all", sees_all},
      {"entity", p.entity},
      {"q", p.q},
      {"from", p.from},
      {"to", p.to},
      {"date_published", q.date == StoryDate::published},
      {"sort", to_string(q.order)},
      {"dir", q.descending ? "desc" : "asc"},
      {"col_headline", column(0)},
      {"col_section", column(1)},
      {"col_updated", column(2)},
      {"col_published", column(3)},
      {"return_url", request.http.target},
      {"can_publish", has_capability(request.user.role, Capability::publish)},
      {"filtered", !p.status.empty() || !p.section.empty() || !p.author.empty() ||
                       !p.entity.empty() || !p.q.empty() || !p.from.empty() || !p.to.empty()}};
  if (!page.previous.empty()) {
    auto params = p.with_order();
    params.emplace_back("before", page.previous);
    view["prev_url"] = list_url(params);
    view["first_url"] = here;
  }
  if (!page.next.empty()) {
    auto params = p.with_order();
    params.emplace_back("after", page.next);
    view["next_url"] = list_url(params);
  }
  return self.page("stories", view, request);
}

web::Response Admin::Impl::story_bulk(const AdminRequest& request) {
  const User& me = request.user;
  auto form = request.http.form();
  const std::string action = field(form, "action");
  std::string back = field(form, "return");
  if (back.rfind("/admin/stories", 0) != 0) back = "/admin/stories";

  std::vector<Id> ids;
  for (const auto& value : fields(form, "ids")) {
    auto id = to_id(value);
    if (!id) return message(request, 400, "Bad form", "Stories are chosen by their ids.");
    if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  }
  if (ids.empty()) {
    return message(request, 400, "No stories chosen",
                   "Tick the stories to change, then choose what to do with them.");
  }
  if (ids.size() > kMaxBulkStories) {
    return message(request, 400, "Too many stories",
                   "Change at most " + std::to_string(kMaxBulkStories) + " stories at once.");
  }
  const std::string to_section = field(form, "to_section");
  if (action == "section") {
    auto sections = store.sections().all();
    if (std::none_of(sections.begin(), sections.end(),
                     [&](const Section& s) { return s.slug == to_section; })) {
      return message(request, 400, "Choose a section", "Pick the section to move the stories to.");
    }
  } else if (action != "publish" && action != "unpublish" && action != "delete") {
    return message(request, 400, "Choose an action",
                   "Choose publish, unpublish, change section or delete.");
  }

  std::vector<Article> stories;
  std::vector<BulkOutcome> outcomes;
  for (Id id : ids) {
    auto story = store.articles().find(id);
    if (!story || !may_view(me, *story)) {
      outcomes.push_back({id, id_label(id), "There is no such story in your list."});
      continue;
    }
    stories.push_back(std::move(*story));
  }

  // Deleting cannot be undone: the first post shows what would go, the second (confirm=yes)
  // deletes what the person may delete.
  if (action == "delete" && field(form, "confirm") != "yes") {
    json items = json::array();
    for (const auto& story : stories) {
      auto refusal = refuse_delete(me, story);
      items.push_back({{"id", story.id},
                       {"headline", story.headline},
                       {"status_label", status_label(story.status)},
                       {"refused", refusal.value_or("")}});
    }
    json view = {{"title", "Delete stories?"},
                 {"nav_current", "stories"},
                 {"stories", items},
                 {"count", stories.size()},
                 {"return_url", back}};
    return self.page("stories_delete", view, request);
  }

  const Time now_time = now();
  int done = 0;
  for (auto& story : stories) {
    BulkOutcome outcome{story.id, story.headline, ""};
    std::optional<std::string> refusal;
    if (action == "delete") {
      try {
        newsroom.remove(newsroom::Actor::of(me), story.id);
        self.audit(request, "story.delete", "article:" + std::to_string(story.id), story.headline);
      } catch (const newsroom::Refused& refused) {
        refusal = refused.first().reason;
      }
    } else {
      // What only a bulk action asks; who may make the change, and what a story needs before it
      // goes out, the newsroom decides as for any save.
      Article changed = story;
      if (action == "publish") {
        if (story.status == ArticleStatus::published) refusal = "Already published.";
        changed.status = ArticleStatus::published;
        // A scheduled story goes out now; one published before keeps its time.
        if (!changed.publish_at || *changed.publish_at > now_time) changed.publish_at = now_time;
      } else if (action == "unpublish") {
        if (story.status != ArticleStatus::published && story.status != ArticleStatus::scheduled) {
          refusal = "Not published or scheduled.";
        }
        changed.status = ArticleStatus::draft;
      } else {
        if (story.section == to_section) refusal = "Already in that section.";
        changed.section = to_section;
      }
      if (!refusal) {
        try {
          newsroom.save(newsroom::Actor::of(me), changed);
          self.audit(request, "story.bulk-" + action, "article:" + std::to_string(story.id),
                     action == "section" ? "to " + to_section : story.headline);
        } catch (const newsroom::Refused& refused) {
          refusal = refused.kind() == newsroom::Refusal::Kind::conflict
                        ? "Someone else saved it meanwhile; reload the list and try again."
                        : refused.first().reason;
        }
      }
    }
    if (refusal) {
      outcome.reason = *refusal;
    } else {
      ++done;
    }
    outcomes.push_back(std::move(outcome));
  }

  const char* verb = action == "publish"     ? "Published"
                     : action == "unpublish" ? "Unpublished"
                     : action == "section"   ? "Moved"
                                             : "Deleted";
  json refused = json::array();
  json changed = json::array();
  for (const auto& o : outcomes) {
    json item = {{"id", o.id}, {"headline", o.headline}, {"reason", o.reason}};
    if (action != "delete" || !o.reason.empty()) {
      item["url"] = "/admin/stories/" + std::to_string(o.id);
    }
    (o.reason.empty() ? changed : refused).push_back(item);
  }
  const int refused_count = static_cast<int>(refused.size());
  std::string summary =
      std::string(verb) + " " + std::to_string(done) + (done == 1 ? " story" : " stories");
  if (refused_count > 0) summary += "; " + std::to_string(refused_count) + " refused";
  json view = {{"title", summary},
               {"nav_current", "stories"},
               {"summary", summary + "."},
               {"changed", changed},
               {"has_changed", !changed.empty()},
               {"refused", refused},
               {"has_refused", refused_count > 0},
               {"return_url", back}};
  // Nothing done and something refused: the whole request was not allowed.
  return self.page("stories_bulk", view, request, done == 0 && refused_count > 0 ? 403 : 200);
}

}  // namespace marquee::admin
