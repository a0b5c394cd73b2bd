// A theme is a folder: templates/*.mustache (logic-less Mustache, see docs/THEMES.md) and
// static/ (CSS, images, a little JavaScript). Views are nlohmann::json objects, so the context
// a template gets is plain data, documented and easy to dump.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace marquee::site {

// A folder of Mustache templates, every one checked at load. Partials `{{> name}}` are inlined
// then, so rendering parses nothing. The public theme and the newsroom each have one.
class TemplateSet {
 public:
  // Throws std::runtime_error naming the template and the problem (a missing required one, an
  // unknown partial, a syntax error).
  TemplateSet(const std::filesystem::path& folder, const std::vector<std::string>& required);

  // Renders <name>.mustache inside layout.mustache (the page's markup becomes {{{content}}} of
  // the layout, which also sees the whole view). Thread-safe.
  std::string render_page(const std::string& name, const nlohmann::json& view) const;
  // Renders one template alone. Thread-safe.
  std::string render(const std::string& name, const nlohmann::json& view) const;
  bool has(const std::string& name) const { return sources_.count(name) > 0; }

 private:
  std::map<std::string, std::string> sources_;  // name -> template text with partials inlined
  std::uint64_t instance_id_;
};

class Theme {
 public:
  // Loads and checks every template (partials `{{> name}}` are inlined at load, so rendering
  // parses nothing). Throws std::runtime_error naming the template and the problem.
  explicit Theme(const std::filesystem::path& folder);
  ~Theme();

  // Renders templates/<name>.mustache inside layout.mustache (the page's markup becomes
  // {{{content}}} of the layout, which also sees the whole view). Thread-safe.
  std::string render_page(const std::string& name, const nlohmann::json& view) const {
    return templates_.render_page(name, view);
  }
  // Renders one template alone. Thread-safe.
  std::string render(const std::string& name, const nlohmann::json& view) const {
    return templates_.render(name, view);
  }
  bool has(const std::string& name) const { return templates_.has(name); }

  struct StaticFile {
    std::string content_type;
    std::shared_ptr<const std::string> bytes;
  };
  // A file from static/, or nullopt. Names with ".." or leading '/' are never served.
  std::optional<StaticFile> static_file(const std::string& relative) const;

 private:
  TemplateSet templates_;
  std::map<std::string, StaticFile> static_files_;
};

}  // namespace marquee::site
