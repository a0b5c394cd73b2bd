// The review queue in the newsroom: the entities the archive proposes (accept, merge into an
// entity, dismiss) and the relations its stories state (confirm, dismiss), for editors. The
// decisions are review/'s; this page translates forms to them and recompiles the graph after.
#include <algorithm>
#include <cstdio>

#include "admin/pages.h"
#include "core/ascii.h"
#include "core/slug.h"
#include "review/review.h"

namespace marquee::admin {
namespace {

using nlohmann::json;

constexpr int kQueuePageSize = 50;  // rows of each list per page
constexpr std::size_t kExampleStories = 3;

std::string percent(double confidence) {
  char text[16];
  std::snprintf(text, sizeof text, "%.0f%%", confidence * 100);
  return text;
}

int refusal_status(review::Refusal::Why why) {
  switch (why) {
    case review::Refusal::Why::missing:
      return 404;
    case review::Refusal::Why::decided:
      return 409;
    case review::Refusal::Why::invalid:
      break;
  }
  return 422;
}

}  // namespace

json Admin::Impl::queue_end(const SuggestionEnd& end) {
  json view = {{"name", end.name}, {"known", false}};
  if (end.entity_id) {
    if (auto e = store.graph().entity(*end.entity_id)) {
      view["known"] = true;
      view["url"] = "/admin/entities/" + std::to_string(e->id);
      return view;
    }
  }
  view["new_kind"] = end.kind ? json(to_string(*end.kind)) : json(false);
  return view;
}

web::Response Admin::Impl::review_queue(const AdminRequest& request) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  int page = 1;
  if (auto p = to_id(request.http.query("page").value_or("")))
    page = static_cast<int>(std::clamp<Id>(*p, 1, 100000));
  const int offset = (page - 1) * kQueuePageSize;
  json proposals = json::array();
  const auto pending = store.review().proposals(ProposalStatus::pending, kQueuePageSize, offset);
  // The entities a proposed name could be merged into: those already called so, each with what
  // tells look-alikes apart.
  std::vector<Entity> graph_entities;
  if (!pending.empty()) graph_entities = store.graph().entities();
  for (const auto& p : pending) {
    auto alikes = look_alikes(graph_entities, p.name);
    std::vector<Id> alike_ids;
    for (const Entity* e : alikes) alike_ids.push_back(e->id);
    auto counts = store.links().story_counts(alike_ids);
    json candidates = json::array();
    for (std::size_t i = 0; i < alikes.size() && i < 8; ++i) {
      json brief = entity_brief(*alikes[i], counts[i].stories);
      brief["merge_url"] = "/admin/queue/proposals/" + std::to_string(p.id) + "/merge";
      brief["proposal_name"] = p.name;
      candidates.push_back(std::move(brief));
    }
    json examples = json::array();
    std::vector<Id> ids(p.stories.begin(),
                        p.stories.begin() + std::min(p.stories.size(), kExampleStories));
    for (const auto& s : store.articles().summaries(ids)) {
      examples.push_back(
          {{"headline", s.headline}, {"url", "/admin/stories/" + std::to_string(s.id)}});
    }
    // The editor may correct the kind and the slug when accepting (a film taken for a show).
    json kinds = json::array();
    for (EntityKind kind : kEntityKinds) {
      kinds.push_back({{"value", to_string(kind)}, {"selected", kind == p.kind}});
    }
    const std::string base = "/admin/queue/proposals/" + std::to_string(p.id);
    proposals.push_back({{"id", p.id},
                         {"kinds", kinds},
                         {"name", p.name},
                         {"kind", to_string(p.kind)},
                         {"slug", p.slug},
                         {"confidence", percent(p.confidence)},
                         {"stories", p.story_count},
                         {"examples", examples},
                         {"accept_url", base + "/accept"},
                         {"merge_url", base + "/merge"},
                         {"candidates", candidates},
                         {"has_candidates", !candidates.empty()},
                         {"dismiss_url", base + "/dismiss"}});
  }
  json suggestions = json::array();
  for (const auto& s :
       store.review().suggestions(SuggestionStatus::pending, kQueuePageSize, offset)) {
    std::string qualifiers;
    for (const auto& [key, value] : s.qualifiers)
      qualifiers += (qualifiers.empty() ? "" : ", ") + key + ": " + value;
    const std::string base = "/admin/queue/relations/" + std::to_string(s.id);
    suggestions.push_back({{"id", s.id},
                           {"subject", queue_end(s.subject)},
                           {"predicate", s.predicate},
                           {"object", queue_end(s.object)},
                           {"qualifiers", qualifiers.empty() ? json(false) : json(qualifiers)},
                           {"sentence", s.sentence},
                           {"confidence", percent(s.confidence)},
                           {"story_url", "/admin/stories/" + std::to_string(s.article_id)},
                           {"confirm_url", base + "/confirm"},
                           {"dismiss_url", base + "/dismiss"}});
  }
  const int proposal_total = store.review().count_proposals(ProposalStatus::pending);
  const int suggestion_total = store.review().count_suggestions(SuggestionStatus::pending);
  const int pages = std::max(
      1, (std::max(proposal_total, suggestion_total) + kQueuePageSize - 1) / kQueuePageSize);
  json view = {{"title", "Review queue"},
               {"nav_current", "queue"},
               {"proposals", proposals},
               {"has_proposals", !proposals.empty()},
               {"proposal_total", proposal_total},
               {"suggestions", suggestions},
               {"has_suggestions", !suggestions.empty()},
               {"suggestion_total", suggestion_total},
               {"page", page},
               {"pages", pages}};
  if (page > 1) view["prev_url"] = "/admin/queue?page=" + std::to_string(page - 1);
  if (page < pages) view["next_url"] = "/admin/queue?page=" + std::to_string(page + 1);
  return self.page("queue", view, request);
}

web::Response Admin::Impl::review_decide(const AdminRequest& request, std::string_view list, Id id,
                                         std::string_view action) {
  if (!has_capability(request.user.role, Capability::manage_entities)) return forbidden(request);
  const Id user = request.user.id;
  review::Decision decision;
  std::string done;
  try {
    if (list == "proposals" && action == "accept") {
      auto form = request.http.form();
      std::optional<EntityKind> kind = parse_entity_kind(field(form, "kind"));
      decision = review::accept_proposal(store, id, user, kind,
                                         std::string(ascii_trim(field(form, "slug"))));
      done = "accepted";
    } else if (list == "proposals" && action == "merge") {
      std::string wanted = std::string(ascii_trim(field(request.http.form(), "entity")));
      auto into = store.graph().entity_by_slug(wanted);
      if (!into) into = store.graph().entity_by_slug(slugify(wanted));
      if (!into) {
        return message(request, 422, "No such entity",
                       "No entity has the slug or name \"" + wanted + "\". Nothing was merged.");
      }
      decision = review::merge_proposal(store, id, into->id, user);
      done = "proposal-merged";
    } else if (list == "proposals" && action == "dismiss") {
      decision = review::dismiss_proposal(store, id, user);
      done = "dismissed";
    } else if (list == "relations" && action == "confirm") {
      decision = review::confirm_suggestion(store, id, user);
      done = "relation-confirmed";
    } else if (list == "relations" && action == "dismiss") {
      decision = review::dismiss_suggestion(store, id, user);
      done = "dismissed";
    } else {
      return not_found(request);
    }
  } catch (const review::Refusal& refusal) {
    return message(request, refusal_status(refusal.why()), "Not done", refusal.what());
  }
  if (decision.entity || decision.relation) {
    // Names and relations are the linker's input: recompile, then link the stories again.
    newsroom.graph_changed();
    if (decision.entity) {
      for (Id story_id : decision.stories) newsroom.relink(story_id, user);
    }
  }
  self.audit(request, "queue." + std::string(list) + "." + std::string(action),
             std::string(list == "proposals" ? "proposal:" : "suggestion:") + std::to_string(id),
             decision.entity     ? "entity:" + std::to_string(decision.entity->id)
             : decision.relation ? "relation:" + std::to_string(decision.relation->id)
                                 : "");
  return see_other("/admin/queue?done=" + done);
}

}  // namespace marquee::admin
