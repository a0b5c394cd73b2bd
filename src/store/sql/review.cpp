// The review queue, written once for both engines: entity proposals with their example stories,
// relation suggestions with their cited sentence, and editors' decisions on both.
#include "store/review.h"

#include <array>
#include <unordered_set>

#include "store/errors.h"
#include "store/sql/codec.h"
#include "store/sql/session.h"

namespace marquee {
namespace {

using sql::Session;
using sql::Statement;

constexpr std::array<const char*, 5> kProposalStatuses = {"candidate", "pending", "accepted",
                                                          "merged", "dismissed"};
constexpr std::array<const char*, 3> kSuggestionStatuses = {"pending", "confirmed", "dismissed"};

constexpr const char* kProposalColumns =
    "id, name, name_key, kind, slug, confidence, story_count, quoted, with_role, short_refs, "
    "cued, marked, status, entity_id, decided_by, decided_at";
constexpr const char* kSuggestionColumns =
    "id, article_id, subject_name, subject_id, subject_kind, predicate, object_name, object_id, "
    "object_kind, qualifiers, sentence, confidence, status, relation_id, decided_by, decided_at";

ProposalStatus proposal_status_from(std::string_view text) {
  auto status = parse_proposal_status(text);
  if (!status) throw StoreError("unknown proposal status '" + std::string(text) + "'");
  return *status;
}

SuggestionStatus suggestion_status_from(std::string_view text) {
  auto status = parse_suggestion_status(text);
  if (!status) throw StoreError("unknown suggestion status '" + std::string(text) + "'");
  return *status;
}

std::optional<EntityKind> optional_kind(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return sql::entity_kind_from(text);
}

std::string kind_text(const std::optional<EntityKind>& kind) {
  return kind ? to_string(*kind) : "";
}

EntityProposal read_proposal(const Statement& q) {
  EntityProposal p;
  p.id = q.int64(0);
  p.name = q.text(1);
  p.key = q.text(2);
  p.kind = sql::entity_kind_from(q.text(3));
  p.slug = q.text(4);
  p.confidence = q.real(5);
  p.story_count = q.int32(6);
  p.evidence = {q.int32(7), q.int32(8), q.int32(9), q.int32(10), q.int32(11)};
  p.status = proposal_status_from(q.text(12));
  p.entity_id = q.optional_int64(13);
  p.decided_by = q.optional_int64(14);
  p.decided_at = q.optional_time(15);
  return p;
}

std::vector<Id> stories_of(Session& s, Id proposal_id) {
  std::vector<Id> ids;
  auto q = s.query(
      "SELECT article_id FROM entity_proposal_stories WHERE proposal_id = ? ORDER BY position",
      proposal_id);
  while (q.step()) ids.push_back(q.int64(0));
  return ids;
}

template <typename Key>
std::optional<EntityProposal> load_proposal(Session& s, const char* where, const Key& key) {
  EntityProposal p;
  {
    auto q = s.query(
        std::string("SELECT ") + kProposalColumns + " FROM entity_proposals WHERE " + where, key);
    if (!q.step()) return std::nullopt;
    p = read_proposal(q);
  }
  p.stories = stories_of(s, p.id);
  return p;
}

// Stories that are gone (deleted since they were read) are left out rather than refused.
void write_stories(Session& s, Id proposal_id, const std::vector<Id>& stories) {
  s.run("DELETE FROM entity_proposal_stories WHERE proposal_id = ?", proposal_id);
  std::unordered_set<Id> seen;
  int position = 0;
  for (Id story : stories) {
    if (!seen.insert(story).second) continue;
    s.run(
        "INSERT INTO entity_proposal_stories (proposal_id, position, article_id) "
        "SELECT ?1, ?2, id FROM articles WHERE id = ?3",
        proposal_id, position++, story);
  }
}

EntityProposal upsert_proposal(Session& s, const EntityProposal& proposal) {
  if (proposal.name.empty() || proposal.key.empty()) {
    throw ConstraintError("a proposal needs a name and a key");
  }
  if (auto other = s.first_int("SELECT id FROM entity_proposals WHERE name_key = ? AND id <> ?",
                               proposal.key, proposal.id)) {
    throw ConstraintError("proposal key '" + proposal.key + "' is already used by proposal " +
                          std::to_string(*other));
  }
  EntityProposal saved = proposal;
  const auto& e = proposal.evidence;
  const std::optional<std::int64_t> decided_at =
      proposal.decided_at ? std::optional(sql::to_unix(*proposal.decided_at)) : std::nullopt;
  if (sql::has_row_with_id(s, "entity_proposals", proposal.id)) {
    s.run(
        "UPDATE entity_proposals SET name = ?2, name_key = ?3, kind = ?4, slug = ?5, "
        "confidence = ?6, story_count = ?7, quoted = ?8, with_role = ?9, short_refs = ?10, "
        "cued = ?11, marked = ?12, status = ?13, entity_id = ?14, decided_by = ?15, "
        "decided_at = ?16 WHERE id = ?1",
        proposal.id, proposal.name, proposal.key, to_string(proposal.kind), proposal.slug,
        proposal.confidence, proposal.story_count, e.quoted, e.with_role, e.short_refs, e.cued,
        e.marked, to_string(proposal.status), proposal.entity_id, proposal.decided_by, decided_at);
  } else {
    saved.id = s.insert("entity_proposals", kProposalColumns,
                        "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16",
                        proposal.id, proposal.name, proposal.key, to_string(proposal.kind),
                        proposal.slug, proposal.confidence, proposal.story_count, e.quoted,
                        e.with_role, e.short_refs, e.cued, e.marked, to_string(proposal.status),
                        proposal.entity_id, proposal.decided_by, decided_at);
  }
  write_stories(s, saved.id, proposal.stories);
  saved.stories = stories_of(s, saved.id);
  return saved;
}

StoredSuggestion read_suggestion(const Statement& q) {
  StoredSuggestion r;
  r.id = q.int64(0);
  r.article_id = q.int64(1);
  r.subject = {q.text(2), q.optional_int64(3), optional_kind(q.text(4))};
  r.predicate = q.text(5);
  r.object = {q.text(6), q.optional_int64(7), optional_kind(q.text(8))};
  r.qualifiers = sql::qualifiers_from_json(q.text(9));
  r.sentence = q.text(10);
  r.confidence = q.real(11);
  r.status = suggestion_status_from(q.text(12));
  r.relation_id = q.optional_int64(13);
  r.decided_by = q.optional_int64(14);
  r.decided_at = q.optional_time(15);
  return r;
}

// A decision applies only to what is still pending, so two editors deciding at once cannot
// both win; the loser sees false.
template <typename Status>
bool decide(Session& s, const char* table, Id id, Status decision, std::optional<Id> target,
            const char* target_column, Id user_id, Time at) {
  return s.run(std::string("UPDATE ") + table + " SET status = ?, " + target_column +
                   " = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = ?",
               to_string(decision), target, sql::id_or_null(user_id), sql::to_unix(at), id,
               "pending") == 1;
}

}  // namespace

const char* to_string(ProposalStatus status) {
  return kProposalStatuses[static_cast<std::size_t>(status)];
}

std::optional<ProposalStatus> parse_proposal_status(std::string_view text) {
  for (std::size_t i = 0; i < kProposalStatuses.size(); ++i) {
    if (text == kProposalStatuses[i]) return static_cast<ProposalStatus>(i);
  }
  return std::nullopt;
}

const char* to_string(SuggestionStatus status) {
  return kSuggestionStatuses[static_cast<std::size_t>(status)];
}

std::optional<SuggestionStatus> parse_suggestion_status(std::string_view text) {
  for (std::size_t i = 0; i < kSuggestionStatuses.size(); ++i) {
    if (text == kSuggestionStatuses[i]) return static_cast<SuggestionStatus>(i);
  }
  return std::nullopt;
}

ProposalRunCounts ReviewRepository::replace_proposals(const std::vector<EntityProposal>& found) {
  return scope_.run(Access::write, [&](Session& s) {
    ProposalRunCounts counts;
    std::unordered_set<Id> kept;
    for (const EntityProposal& proposal : found) {
      EntityProposal row = proposal;
      row.id = 0;
      {
        auto q =
            s.query("SELECT id, status FROM entity_proposals WHERE name_key = ?", proposal.key);
        if (q.step()) {
          row.id = q.int64(0);
          const ProposalStatus status = proposal_status_from(q.text(1));
          if (status != ProposalStatus::pending && status != ProposalStatus::candidate) {
            ++counts.decided;
            kept.insert(row.id);
            continue;
          }
        }
      }
      ++(row.id ? counts.updated : counts.added);
      row.status = ProposalStatus::pending;
      row.entity_id.reset();
      row.decided_by.reset();
      row.decided_at.reset();
      kept.insert(upsert_proposal(s, row).id);
    }
    std::vector<Id> stale;
    {
      auto q = s.query("SELECT id FROM entity_proposals WHERE status IN (?, ?)",
                       to_string(ProposalStatus::pending), to_string(ProposalStatus::candidate));
      while (q.step()) {
        if (!kept.contains(q.int64(0))) stale.push_back(q.int64(0));
      }
    }
    for (Id id : stale) s.run("DELETE FROM entity_proposals WHERE id = ?", id);
    counts.removed = static_cast<int>(stale.size());
    return counts;
  });
}

EntityProposal ReviewRepository::save_proposal(const EntityProposal& proposal) {
  return scope_.run(Access::write, [&](Session& s) { return upsert_proposal(s, proposal); });
}

std::optional<EntityProposal> ReviewRepository::proposal(Id id) {
  return scope_.run(Access::read, [&](Session& s) { return load_proposal(s, "id = ?", id); });
}

std::optional<EntityProposal> ReviewRepository::proposal_by_key(std::string_view key) {
  return scope_.run(Access::read,
                    [&](Session& s) { return load_proposal(s, "name_key = ?", key); });
}

std::optional<ProposalTally> ReviewRepository::tally(std::string_view key, Id story_id) {
  return scope_.run(Access::read, [&](Session& s) -> std::optional<ProposalTally> {
    auto q = s.query(
        "SELECT p.id, p.status, p.kind, p.story_count, p.quoted, p.with_role, p.short_refs, "
        "p.cued, p.marked, "
        "(SELECT count(*) FROM entity_proposal_stories k WHERE k.proposal_id = p.id), "
        "(SELECT count(*) FROM entity_proposal_stories k WHERE k.proposal_id = p.id AND "
        "k.article_id = ?) FROM entity_proposals p WHERE p.name_key = ?",
        story_id, key);
    if (!q.step()) return std::nullopt;
    ProposalTally t;
    t.id = q.int64(0);
    t.status = proposal_status_from(q.text(1));
    t.kind = sql::entity_kind_from(q.text(2));
    t.story_count = q.int32(3);
    t.evidence = {q.int32(4), q.int32(5), q.int32(6), q.int32(7), q.int32(8)};
    t.stories_kept = q.int32(9);
    t.has_story = q.int64(10) > 0;
    return t;
  });
}

void ReviewRepository::count_story(const ProposalTally& counted, double confidence,
                                   ProposalStatus status, Id story_id) {
  scope_.run(Access::write, [&](Session& s) {
    const auto& e = counted.evidence;
    s.run(
        "UPDATE entity_proposals SET story_count = ?, quoted = ?, with_role = ?, "
        "short_refs = ?, cued = ?, marked = ?, confidence = ?, status = ? WHERE id = ?",
        counted.story_count, e.quoted, e.with_role, e.short_refs, e.cued, e.marked, confidence,
        to_string(status), counted.id);
    s.run(
        "INSERT INTO entity_proposal_stories (proposal_id, position, article_id) "
        "SELECT ?1, coalesce((SELECT max(position) + 1 FROM entity_proposal_stories "
        "WHERE proposal_id = ?1), 0), id FROM articles WHERE id = ?2",
        counted.id, story_id);
  });
}

std::vector<EntityProposal> ReviewRepository::proposals(ProposalStatus status, int limit,
                                                        int offset) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<EntityProposal> out;
    {
      auto q = s.query(std::string("SELECT ") + kProposalColumns +
                           " FROM entity_proposals WHERE status = ? "
                           "ORDER BY confidence DESC, story_count DESC, id LIMIT ? OFFSET ?",
                       to_string(status), limit, offset);
      while (q.step()) out.push_back(read_proposal(q));
    }
    for (auto& p : out) p.stories = stories_of(s, p.id);
    return out;
  });
}

int ReviewRepository::count_proposals(ProposalStatus status) {
  return scope_.run(Access::read, [&](Session& s) {
    return static_cast<int>(
        *s.first_int("SELECT count(*) FROM entity_proposals WHERE status = ?", to_string(status)));
  });
}

bool ReviewRepository::decide_proposal(Id id, ProposalStatus decision, std::optional<Id> entity_id,
                                       Id user_id, Time at) {
  if (decision == ProposalStatus::pending || decision == ProposalStatus::candidate) {
    throw ConstraintError("a decision on a proposal is accepted, merged or dismissed");
  }
  return scope_.run(Access::write, [&](Session& s) {
    return decide(s, "entity_proposals", id, decision, entity_id, "entity_id", user_id, at);
  });
}

std::pair<Id, bool> ReviewRepository::add_suggestion(const StoredSuggestion& r) {
  if (r.subject.name.empty() || r.object.name.empty() || r.predicate.empty()) {
    throw ConstraintError("a suggestion needs a subject, a predicate and an object");
  }
  return scope_.run(Access::write, [&](Session& s) -> std::pair<Id, bool> {
    const std::string qualifiers = sql::qualifiers_to_json(r.qualifiers);
    if (auto same = s.first_int(
            "SELECT id FROM relation_suggestions WHERE subject_name = ? AND predicate = ? AND "
            "object_name = ? AND qualifiers = ?",
            r.subject.name, r.predicate, r.object.name, qualifiers)) {
      return {*same, false};
    }
    const std::optional<std::int64_t> decided_at =
        r.decided_at ? std::optional(sql::to_unix(*r.decided_at)) : std::nullopt;
    Id id = s.insert("relation_suggestions", kSuggestionColumns,
                     "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16", r.id,
                     r.article_id, r.subject.name, r.subject.entity_id, kind_text(r.subject.kind),
                     r.predicate, r.object.name, r.object.entity_id, kind_text(r.object.kind),
                     qualifiers, r.sentence, r.confidence, to_string(r.status), r.relation_id,
                     r.decided_by, decided_at);
    return {id, true};
  });
}

int ReviewRepository::forget_pending_suggestions(Id article_id) {
  return scope_.run(Access::write, [&](Session& s) {
    return s.run("DELETE FROM relation_suggestions WHERE article_id = ? AND status = ?", article_id,
                 to_string(SuggestionStatus::pending));
  });
}

std::optional<StoredSuggestion> ReviewRepository::suggestion(Id id) {
  return scope_.run(Access::read, [&](Session& s) -> std::optional<StoredSuggestion> {
    auto q = s.query(
        std::string("SELECT ") + kSuggestionColumns + " FROM relation_suggestions WHERE id = ?",
        id);
    if (!q.step()) return std::nullopt;
    return read_suggestion(q);
  });
}

std::vector<StoredSuggestion> ReviewRepository::suggestions(SuggestionStatus status, int limit,
                                                            int offset) {
  return scope_.run(Access::read, [&](Session& s) {
    std::vector<StoredSuggestion> out;
    auto q = s.query(std::string("SELECT ") + kSuggestionColumns +
                         " FROM relation_suggestions WHERE status = ? "
                         "ORDER BY confidence DESC, id LIMIT ? OFFSET ?",
                     to_string(status), limit, offset);
    while (q.step()) out.push_back(read_suggestion(q));
    return out;
  });
}

int ReviewRepository::count_suggestions(SuggestionStatus status) {
  return scope_.run(Access::read, [&](Session& s) {
    return static_cast<int>(*s.first_int(
        "SELECT count(*) FROM relation_suggestions WHERE status = ?", to_string(status)));
  });
}

bool ReviewRepository::decide_suggestion(Id id, SuggestionStatus decision,
                                         std::optional<Id> relation_id, Id user_id, Time at) {
  if (decision == SuggestionStatus::pending) {
    throw ConstraintError("a decision on a suggestion is confirmed or dismissed");
  }
  return scope_.run(Access::write, [&](Session& s) {
    return decide(s, "relation_suggestions", id, decision, relation_id, "relation_id", user_id, at);
  });
}

}  // namespace marquee
