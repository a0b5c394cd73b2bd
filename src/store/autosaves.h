// Drafts the story editor keeps while someone types: one per story and person, replaced every
// few seconds, never a revision and never a change to the story itself. A real save clears it.
#pragma once

#include <optional>
#include <string>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

struct Autosave {
  Id article_id = 0;
  Id user_id = 0;
  int base_version = 0;  // the story's version the form was loaded at
  Time saved_at{};
  std::string fields;  // the form's fields as the editor sent them: a JSON object of arrays
};

class AutosaveRepository {
 public:
  explicit AutosaveRepository(Scope& scope) : scope_(scope) {}

  // Keeps draft as the person's one draft of the story, unless the story has moved past the
  // version the draft was made from (or is gone): then nothing is written and false returned,
  // so a form left open on an old version can never stand in for a newer save.
  bool put(const Autosave& draft);
  std::optional<Autosave> find(Id article_id, Id user_id);
  void remove(Id article_id, Id user_id);

 private:
  Scope& scope_;
};

}  // namespace marquee
