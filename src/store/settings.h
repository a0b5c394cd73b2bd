// The site's own structure and switches: its sections (in navigation order) and small key/value
// settings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "store/scope.h"

namespace marquee {

class SectionRepository {
 public:
  explicit SectionRepository(Scope& scope) : scope_(scope) {}

  std::vector<Section> all();  // by position
  Section save(const Section& section);

 private:
  Scope& scope_;
};

class SettingRepository {
 public:
  explicit SettingRepository(Scope& scope) : scope_(scope) {}

  std::optional<std::string> get(std::string_view key);
  void set(std::string_view key, std::string_view value);

 private:
  Scope& scope_;
};

}  // namespace marquee
