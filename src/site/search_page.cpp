// Reader search at /search: ranked stories with marked snippets, filters by section, entity and
// date, pagination, and a topic card first when the query names a known person or work.
// Results change with every publish and every query differs, so pages are rendered, not cached.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "core/ascii.h"
#include "core/site_time.h"
#include "core/slug.h"
#include "core/urls.h"
#include "site/site.h"

namespace marquee::site {
namespace {

using nlohmann::json;

// Longer queries are cut (at a character boundary): no reader types more, and it bounds work.
constexpr std::size_t kMaxQueryBytes = 200;

std::string cut_query(std::string text) {
  if (text.size() <= kMaxQueryBytes) return text;
  std::size_t end = kMaxQueryBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

// "YYYY-MM-DD" as the start of that day (or of the day after) in the site's zone. Days are
// counted on the calendar, not as 24 hours, so the days clocks change have their own length.
std::optional<Time> local_day(const SiteTime& time, std::string_view text, int days_after = 0) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 ||
      std::sscanf(std::string(text).c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    return std::nullopt;
  }
  std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!day.ok()) return std::nullopt;
  day = std::chrono::sys_days(day) + std::chrono::days(days_after);
  char wall[32];
  std::snprintf(wall, sizeof wall, "%04d-%02u-%02u 00:00", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return time.parse_local(wall);
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (value.empty()) continue;
    out += (out.empty() ? "?" : "&") + name + "=" + web::percent_encode(value);
  }
  return out;
}

// The entity a whole query names: by slug ("kristen stewart" -> kristen-stewart), else by the
// linker reading the query as a headline, when one mention covers all of it (aliases too).
const Entity* named_entity(const KnowledgeGraph& graph, const std::string& query) {
  auto slug = slugify(query);
  if (!slug.empty()) {
    if (const Entity* e = graph.entity_by_slug(slug)) return e;
  }
  auto found = enrich_story(graph, {query, "", ""});
  for (const auto& mention : found.mentions) {
    if (mention.field != StoryField::headline) continue;
    auto rest = std::string(ascii_trim(query.substr(0, mention.offset))) +
                std::string(ascii_trim(query.substr(std::min(
                    query.size(), static_cast<std::size_t>(mention.offset + mention.length)))));
    // A possessive ("Stewart's") is left out of the mention's length.
    if (rest.empty() || rest == "'s" || rest == "\xe2\x80\x99s")
      return graph.entity(mention.entity_id);
  }
  return nullptr;
}

// 12400 -> "12,400", as the count of results reads.
std::string thousands(int n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const std::size_t left = digits.size() - i;  // digits from here to the end
    if (i > 0 && left % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out;
}

// "Person", "Film", "Band": the entity kind as a card's kicker.
std::string kind_name(EntityKind kind) {
  std::string name = to_string(kind);
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

}  // namespace

web::Response Site::search_page(const web::Request& request, int page) {
  std::string query = cut_query(std::string(ascii_trim(request.query("q").value_or(""))));
  std::string section_filter = request.query("section").value_or("");
  std::string entity_filter = request.query("entity").value_or("");
  std::string from_text = request.query("from").value_or("");
  std::string to_text = request.query("to").value_or("");

  json view = layout_view(query.empty() ? "Search" : "Search: " + query, "Search " + config_.title,
                          "/search", "");
  view["page"]["noindex"] = true;
  std::vector<std::string> notices;

  SearchQuery search;
  search.text = query;
  search.limit = config_.page_size;
  search.offset = (page - 1) * config_.page_size;
  json sections = json::array();
  for (const auto& s : all_sections()) {
    bool selected = s.slug == section_filter;
    if (selected) search.section = s.slug;
    sections.push_back({{"slug", s.slug}, {"name", s.name}, {"selected", selected}});
  }
  if (!section_filter.empty() && !search.section)
    notices.push_back("There is no section \"" + section_filter + "\".");
  auto graph = knowledge_.graph();
  if (!entity_filter.empty()) {
    if (const Entity* e = graph->entity_by_slug(entity_filter)) {
      search.entity_id = e->id;
      view["entity_filter"] = {{"name", e->name}, {"slug", e->slug}, {"url", entity_path(*e)}};
    } else {
      notices.push_back("There is no topic \"" + entity_filter + "\".");
    }
  }
  if (!from_text.empty()) {
    search.from = local_day(time_, from_text);
    if (!search.from)
      notices.push_back("Dates look like 2010-07-21; \"" + from_text + "\" was left out.");
  }
  if (!to_text.empty()) {
    // "to" includes the whole day.
    if (auto day = local_day(time_, to_text, 1)) {
      search.to = *day;
    } else {
      notices.push_back("Dates look like 2010-07-21; \"" + to_text + "\" was left out.");
    }
  }
  json notice_list = json::array();
  for (const auto& n : notices) notice_list.push_back(n);

  json results = json::array();
  int total = 0;
  int ranked = 0;
  bool estimated = false;
  if (!query.empty()) {
    auto found = store_.search().find(search);
    total = found.total;
    ranked = found.ranked;
    estimated = found.total_is_estimate;
    std::vector<ArticleSummary> stories;
    for (const auto& hit : found.hits) stories.push_back(hit.story);
    std::vector<std::string> shown;  // search pages are not cached
    auto cards = card_views(stories, shown);
    for (std::size_t i = 0; i < cards.size(); ++i) {
      cards[i]["snippet_html"] = found.hits[i].snippet_html;
      results.push_back(std::move(cards[i]));
    }
    if (page == 1 && !search.section && !search.entity_id && !search.from && !search.to) {
      // Pages are findable (a reader typing "contact" wants the Contact page) but are not news:
      // a few of them in a list of their own, never in the stories' ranking or count.
      SearchQuery pages = search;
      pages.kinds = KindSet::pages;
      pages.limit = 3;
      json page_list = json::array();
      for (const auto& hit : store_.search().find(pages).hits)
        page_list.push_back({{"headline", hit.story.headline}, {"url", story_path(hit.story)}});
      if (!page_list.empty()) view["found_pages"] = {{"pages", page_list}};
    }
    if (page == 1) {
      if (const Entity* e = named_entity(*graph, query)) {
        // The related-reading index holds every published story's links: its count is the
        // topic's, without counting an entity's stories in the store on each search.
        view["entity_card"] = {{"name", e->name},
                               {"kind", kind_name(e->kind)},
                               {"description", e->description},
                               {"url", entity_path(*e)},
                               {"stories", knowledge_.related()->story_count(e->id)}};
      }
    }
  }
  std::vector<std::pair<std::string, std::string>> fields = {
      {"q", query},
      {"section", search.section.value_or("")},
      {"entity", search.entity_id ? entity_filter : ""},
      {"from", search.from ? from_text : ""},
      {"to", search.to ? to_text : ""}};
  // Pages reach as far as the ranked matches, which past an estimated total are fewer.
  int pages = std::max(1, (ranked + config_.page_size - 1) / config_.page_size);
  json pagination = {{"page", page}, {"pages", pages}, {"show", pages > 1}};
  auto page_url = [&](int n) {
    auto with_page = fields;
    if (n > 1) with_page.emplace_back("page", std::to_string(n));
    return "/search" + query_string(with_page);
  };
  if (page > 1) pagination["prev_url"] = page_url(page - 1);
  if (page < pages) pagination["next_url"] = page_url(page + 1);

  view["search"] = {{"query", query},
                    {"has_query", !query.empty()},
                    {"total", total},
                    {"total_text", thousands(total)},
                    {"estimated", estimated},
                    {"one_result", total == 1},
                    {"sections", sections},
                    {"from", from_text},
                    {"to", to_text},
                    {"notices", notice_list},
                    {"has_notices", !notice_list.empty()}};
  view["results"] = results;
  view["pagination"] = pagination;

  web::Response response;
  response.status = !query.empty() && page > 1 && results.empty() ? 404 : 200;
  response.body = theme_.render_page("search", view);
  response.set_header("Content-Type", "text/html; charset=utf-8");
  response.set_header("Cache-Control", "public, max-age=60");
  return response;
}

}  // namespace marquee::site
