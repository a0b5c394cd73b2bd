// Who may do what in the newsroom: the roles' capabilities. Pure rules over roles and stories,
// so that every door (newsroom pages, API, command line) asks the same questions.
//   admin       everything, including users, the audit log and settings
//   editor      edit, schedule, publish and archive any story; the knowledge graph; media
//   writer      write own stories and submit them for review; never publish or schedule
//   contributor own drafts only
#pragma once

#include <optional>
#include <string>

#include "core/types.h"

namespace marquee::newsroom {

enum class Capability {
  write_stories,    // create stories and edit one's own drafts
  submit_stories,   // move one's own story to review
  edit_any_story,   // edit stories by anyone, in any state
  publish,          // schedule, publish, archive, unpublish
  manage_entities,  // create, edit and merge entities; add relations
  manage_media,     // upload and edit photos and clips
  manage_users,     // accounts, roles, passwords
  read_audit,       // the audit log
  post_entries,     // post entries to any live story while its coverage goes on
};

bool has_capability(Role role, Capability capability);
// The least role that has the capability.
Role least_role_for(Capability capability);

bool is_author(const User& user, const Article& story);
// Whether the user may see the story in the newsroom (editors: all; others: their own).
bool may_view(const User& user, const Article& story);
// Whether the user may change the story's text and fields as it stands now.
bool may_edit(const User& user, const Article& story);
// Which status moves each role may make, and every other story rule, are in story_rules.h.
// Why the user may not delete the story, or nullopt when they may: the desk deletes any story;
// others only their own, while they may still edit it (a draft, or a writer's story in review).
std::optional<std::string> refuse_delete(const User& user, const Article& story);

// Live coverage. Why the user may not post an entry to the story, or nullopt: writers and above
// post to any live story (several at once, on a big night), whoever wrote the story.
std::optional<std::string> refuse_entry_post(const User& user);
// Why the user may not edit or delete the entry: its author may, and the desk (editors) may.
std::optional<std::string> refuse_entry_change(const User& user, const LiveEntry& entry);
// Why the user may not end the coverage: the desk ends it, as it publishes.
std::optional<std::string> refuse_end_live(const User& user);

}  // namespace marquee::newsroom
