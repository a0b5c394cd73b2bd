// The story rules: who may change which field of a story, which status moves each role may
// make, which bylines a role may set, and what a story needs before it goes out. Pure functions
// over values (no store, no HTTP), so the newsroom pages, the API and the importers ask the same
// questions and one table of cases (tests/data/rules/story_rules.json) checks them all.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/types.h"

namespace marquee::newsroom {

// Who asks for a change: a person (newsroom session or API token, with the token's role), or the
// system (imports, the demo, re-enrichment, the scheduler), which has every capability and no
// byline of its own.
struct Actor {
  Id user_id = 0;  // 0: the system
  Role role = Role::admin;

  static Actor system() { return {}; }
  static Actor of(const User& user) { return {user.id, user.role}; }
  bool is_system() const { return user_id == 0; }
};

// Why a change is refused. `kind` decides how a door answers (403, 404, 409, 422 / CLI exit 2);
// `rule` is a stable code ("set_status", "set_flag", ...) that tests and API clients can match;
// `field` names the story field at fault ("" for the story as a whole); `reason` is the
// sentence shown to a person, the same through every door.
struct Refusal {
  enum class Kind { forbidden, invalid, not_found, conflict };
  Kind kind = Kind::invalid;
  std::string rule;
  std::string field;
  std::string reason;
};
const char* to_string(Refusal::Kind kind);

// The one error a newsroom operation throws when it will not do what was asked. Holds every
// refusal found (a form shows each field's); what() is the first reason.
class Refused : public std::runtime_error {
 public:
  explicit Refused(std::vector<Refusal> refusals);
  explicit Refused(Refusal refusal) : Refused(std::vector<Refusal>{std::move(refusal)}) {}
  const std::vector<Refusal>& refusals() const { return refusals_; }
  const Refusal& first() const { return refusals_.front(); }
  Refusal::Kind kind() const { return refusals_.front().kind; }

 private:
  std::vector<Refusal> refusals_;
};

// What a rule needs to know beside the two copies of the story.
struct ChangeContext {
  Time now{};
  // The lead photo the changed story names, when it is in the library (nullopt: none chosen, or
  // not found; the service refuses an unknown photo before asking the rules).
  std::optional<Media> lead_photo;
  // An import brings an archive as it was: its stories are not held to the headline length or
  // the publishing checks (an old site's photos rarely have alt text, and a post scheduled for
  // a day now past goes out at once); who may change what still applies.
  bool imported = false;
};

// The longest headline a story may have, in bytes of UTF-8.
inline constexpr std::size_t kMaxHeadline = 300;
// The most photos a gallery holds, and the longest caption, credit or alt text of one (bytes).
inline constexpr std::size_t kMaxGalleryPhotos = 200;
inline constexpr std::size_t kMaxPhotoText = 2000;

// Every reason `who` may not turn `before` (nullopt: a new story) into `after`; empty when the
// change is allowed. Refusals of who may do what (Kind::forbidden) come first; when there is
// one, the checks of the story's fields are not reported (they would not help).
std::vector<Refusal> check_change(const Actor& who, const std::optional<Article>& before,
                                  const Article& after, const ChangeContext& context);

// The single questions the doors ask to decide what to show (buttons, checkboxes).
bool may_set_flags(Role role);         // featured, exclusive
bool may_set_publish_time(Role role);  // publish_at
bool may_sign_others(Role role);       // add a byline other than one's own
// Why `who` may not move `before` (nullopt: new) to `to`, or nullopt when allowed. Staying in
// the same state is a move too (a plain save).
std::optional<Refusal> refuse_transition(const Actor& who, const std::optional<Article>& before,
                                         ArticleStatus to);
// Why `who` may not decide (confirm or reject) the story's suggested links, or nullopt.
std::optional<Refusal> refuse_link_decision(const Actor& who, const Article& story);

}  // namespace marquee::newsroom
