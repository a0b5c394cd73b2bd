// What items of another system (a WordPress export) became here: one key per item, kept so that
// importing the same export again changes nothing and a newer export updates only what changed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

// source: "wordpress"; kind: "post", "author", "attachment"; external_id: the item's id there.
struct ImportKey {
  std::string source;
  std::string kind;
  Id external_id = 0;
  Id local_id = 0;          // the story, user or media row it became
  std::string fingerprint;  // of what was imported, to tell a changed item from the same one
};

class ImportKeyRepository {
 public:
  explicit ImportKeyRepository(Scope& scope) : scope_(scope) {}

  std::optional<ImportKey> find(std::string_view source, std::string_view kind, Id external_id);
  // The key that points at local_id, if any (a story imported once, whatever its id there).
  std::optional<ImportKey> find_local(std::string_view source, std::string_view kind, Id local_id);
  // Adds or replaces the key of (source, kind, external_id).
  void put(const ImportKey& key);
  int count(std::string_view source, std::string_view kind);

 private:
  Scope& scope_;
};

}  // namespace marquee
