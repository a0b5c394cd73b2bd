// The newsroom's list of old addresses: what a site moved in (a WordPress import) answered at
// before, and where each now leads. Read-only: imports write it, readers follow it.
#include <algorithm>

#include "admin/pages.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

constexpr int kRedirectPageSize = 100;

}  // namespace

web::Response Admin::Impl::redirect_list(const AdminRequest& request) {
  if (!has_capability(request.user.role, Capability::publish)) return forbidden(request);
  int page = 1;
  if (auto p = to_id(request.http.query("page").value_or("")))
    page = static_cast<int>(std::clamp<Id>(*p, 1, 100000));
  AddressRedirectQuery query;
  query.contains = request.http.query("q").value_or("");
  query.limit = kRedirectPageSize + 1;
  query.offset = (page - 1) * kRedirectPageSize;
  auto rows = store.redirects().addresses(query);
  bool more = rows.size() > static_cast<std::size_t>(kRedirectPageSize);
  if (more) rows.pop_back();
  json list = json::array();
  for (const auto& r : rows) {
    std::string target = r.target;
    std::string story;
    if (r.article_id != 0) {
      if (auto a = store.articles().find(r.article_id)) {
        story = a->headline;
        if (a->is_published()) {
          target = site.story_path(*a);
        } else {
          target = "(";
          target += to_string(a->status);
          target += ", not public yet)";
        }
      }
    }
    list.push_back({{"old_path", r.old_path},
                    {"target", target},
                    {"story", story},
                    {"story_url", r.article_id ? "/admin/stories/" + std::to_string(r.article_id)
                                               : std::string()},
                    {"origin", r.origin}});
  }
  query.limit = 0;
  int total = store.redirects().count_addresses(query);
  json view = {{"title", "Old addresses"}, {"nav_current", "redirects"},
               {"redirects", list},        {"q", query.contains},
               {"total", total},           {"page", page}};
  std::string base =
      "/admin/redirects?" +
      (query.contains.empty() ? std::string() : "q=" + web::percent_encode(query.contains) + "&");
  if (page > 1) view["prev_url"] = base + "page=" + std::to_string(page - 1);
  if (more) view["next_url"] = base + "page=" + std::to_string(page + 1);
  return self.page("redirects", view, request);
}

}  // namespace marquee::admin
