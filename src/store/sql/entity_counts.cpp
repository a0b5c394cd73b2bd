// How many stories each of a few entities is linked in, for the newsroom's entity pickers and
// lists (two songs named "Cherry Bomb" told apart by kind, dates and how much they are covered).
// One grouped query over the join table's entity index, whatever the number of entities asked.
#include <unordered_map>

#include "store/links.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"

namespace marquee {

std::vector<EntityCount> LinkRepository::story_counts(const std::vector<Id>& entity_ids) {
  if (entity_ids.empty()) return {};
  return scope_.run(Access::read, [&](sql::Session& s) {
    std::unordered_map<Id, int> counts;
    auto q = s.query("SELECT entity_id, count(*) FROM article_entities WHERE entity_id " +
                         std::string(s.dialect().in_id_list) + " AND state <> ? GROUP BY entity_id",
                     sql::id_list(s.dialect(), entity_ids), to_string(LinkState::rejected));
    while (q.step()) counts[q.int64(0)] = q.int32(1);
    std::vector<EntityCount> out;
    out.reserve(entity_ids.size());
    for (Id id : entity_ids) out.push_back({id, counts.count(id) ? counts[id] : 0});
    return out;
  });
}

}  // namespace marquee
