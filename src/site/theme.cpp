// Mustache rendering with kainjow::mustache. Its templates are not safe to render from two
// threads at once, so each thread keeps its own parsed copies, made on first use.
#include "site/theme.h"

#include <atomic>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace marquee::site {
namespace {

namespace fs = std::filesystem;
namespace mustache = kainjow::mustache;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Replaces each {{> name}} with the partial's text, recursively (a partial may use others).
std::string inline_partials(const std::string& name, const std::string& text,
                            const std::map<std::string, std::string>& raw, int depth) {
  if (depth > 10) throw std::runtime_error("template " + name + ": partials nest too deeply");
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    auto open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    auto close = text.find("}}", open);
    if (close == std::string::npos) throw std::runtime_error("template " + name + ": unclosed {{>");
    std::string partial = text.substr(open + 3, close - open - 3);
    auto first = partial.find_first_not_of(" \t");
    auto last = partial.find_last_not_of(" \t");
    partial = first == std::string::npos ? "" : partial.substr(first, last - first + 1);
    auto found = raw.find(partial);
    if (found == raw.end()) {
      throw std::runtime_error("template " + name + ": unknown partial \"" + partial + "\"");
    }
    out.append(text, pos, open - pos);
    out += inline_partials(partial, found->second, raw, depth + 1);
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

mustache::data to_data(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) object.set(key, to_data(item));
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : value) list.push_back(to_data(item));
      return list;
    }
    case nlohmann::json::value_t::string:
      return mustache::data{value.get_ref<const std::string&>()};
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? mustache::data{mustache::data::type::bool_true}
                               : mustache::data{mustache::data::type::bool_false};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return mustache::data{value.dump()};
    default:
      return mustache::data{mustache::data::type::bool_false};
  }
}

std::string content_type_for(const fs::path& file) {
  static const std::unordered_map<std::string, std::string> types = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"},
      {".xml", "application/xml"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::atomic<std::uint64_t> next_instance{1};

}  // namespace

TemplateSet::TemplateSet(const fs::path& folder, const std::vector<std::string>& required)
    : instance_id_(next_instance++) {
  std::map<std::string, std::string> raw;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".mustache") {
      raw[entry.path().stem().string()] = read_file(entry.path());
    }
  }
  if (ec) throw std::runtime_error("cannot read " + folder.string() + ": " + ec.message());
  for (const auto& name : required) {
    if (!raw.count(name)) {
      throw std::runtime_error("templates in " + folder.string() + " have no " + name +
                               ".mustache");
    }
  }
  for (const auto& [name, text] : raw) {
    std::string expanded = inline_partials(name, text, raw, 0);
    mustache::mustache check{expanded};
    if (!check.is_valid()) {
      throw std::runtime_error("template " + name + ": " + check.error_message());
    }
    sources_[name] = std::move(expanded);
  }
}

Theme::Theme(const fs::path& folder)
    : templates_(folder / "templates",
                 {"layout", "home", "story", "section", "author", "topic", "error"}) {
  std::error_code ec;
  fs::path static_root = folder / "static";
  if (fs::is_directory(static_root, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(static_root, ec)) {
      if (!entry.is_regular_file()) continue;
      auto relative = fs::relative(entry.path(), static_root).generic_string();
      static_files_[relative] = {content_type_for(entry.path()),
                                 std::make_shared<const std::string>(read_file(entry.path()))};
    }
  }
}

Theme::~Theme() = default;

namespace {

// Per-thread parsed templates, keyed by theme instance so that a reloaded theme starts afresh.
mustache::mustache& thread_template(std::uint64_t instance, const std::string& name,
                                    const std::map<std::string, std::string>& sources) {
  thread_local std::unordered_map<
      std::uint64_t, std::unordered_map<std::string, std::unique_ptr<mustache::mustache>>>
      per_thread;
  auto& compiled = per_thread[instance];
  auto it = compiled.find(name);
  if (it == compiled.end()) {
    auto source = sources.find(name);
    if (source == sources.end()) throw std::runtime_error("no template named " + name);
    it = compiled.emplace(name, std::make_unique<mustache::mustache>(source->second)).first;
  }
  return *it->second;
}

std::string render_data(mustache::mustache& tmpl, const std::string& name,
                        const mustache::data& data) {
  std::string out;
  out.reserve(16 * 1024);
  tmpl.render(data, [&out](const std::string& piece) { out += piece; });
  if (!tmpl.is_valid()) throw std::runtime_error("template " + name + ": " + tmpl.error_message());
  return out;
}

}  // namespace

std::string TemplateSet::render(const std::string& name, const nlohmann::json& view) const {
  return render_data(thread_template(instance_id_, name, sources_), name, to_data(view));
}

std::string TemplateSet::render_page(const std::string& name, const nlohmann::json& view) const {
  mustache::data data = to_data(view);
  std::string content = render_data(thread_template(instance_id_, name, sources_), name, data);
  data.set("content", mustache::data{content});
  return render_data(thread_template(instance_id_, "layout", sources_), "layout", data);
}

std::optional<Theme::StaticFile> Theme::static_file(const std::string& relative) const {
  if (relative.empty() || relative.front() == '/' || relative.find("..") != std::string::npos) {
    return std::nullopt;
  }
  auto it = static_files_.find(relative);
  if (it == static_files_.end()) return std::nullopt;
  return it->second;
}

}  // namespace marquee::site
