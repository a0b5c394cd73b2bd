// The newsroom's own Mustache templates (themes/<theme>/admin/*.mustache), kept apart from the
// public theme so that a site can restyle its pages without touching the newsroom. Partials
// `{{> name}}` are inlined at load; every template is checked then.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace marquee::admin {

class Templates {
 public:
  // Throws std::runtime_error naming the template and the problem (a missing layout, an unknown
  // partial, a syntax error).
  explicit Templates(const std::filesystem::path& folder);

  // Renders <name>.mustache, then layout.mustache with the result as {{{content}}}. Thread-safe.
  std::string render_page(const std::string& name, const nlohmann::json& view) const;
  // Renders one template alone. Thread-safe.
  std::string render(const std::string& name, const nlohmann::json& view) const;
  bool has(const std::string& name) const { return sources_.count(name) > 0; }

 private:
  std::map<std::string, std::string> sources_;  // name -> text with partials inlined
};

}  // namespace marquee::admin
