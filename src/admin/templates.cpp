// Loading and rendering the newsroom templates with kainjow::mustache. Newsroom pages are few
// and never cached, so each render parses its template afresh: no per-thread state to keep.
#include "admin/templates.h"

#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <stdexcept>

namespace marquee::admin {
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

std::string trim(std::string s) {
  auto first = s.find_first_not_of(" \t");
  auto last = s.find_last_not_of(" \t");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

std::string inline_partials(const std::string& name, const std::string& text,
                            const std::map<std::string, std::string>& raw, int depth) {
  if (depth > 10) throw std::runtime_error("admin template " + name + ": partials nest too deeply");
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    auto open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    auto close = text.find("}}", open);
    if (close == std::string::npos) {
      throw std::runtime_error("admin template " + name + ": unclosed {{>");
    }
    std::string partial = trim(text.substr(open + 3, close - open - 3));
    auto found = raw.find(partial);
    if (found == raw.end()) {
      throw std::runtime_error("admin template " + name + ": unknown partial \"" + partial + "\"");
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

std::string render_data(const std::string& name, const std::string& source,
                        const mustache::data& data) {
  mustache::mustache tmpl{source};
  std::string out;
  tmpl.render(data, [&out](const std::string& piece) { out += piece; });
  if (!tmpl.is_valid()) {
    throw std::runtime_error("admin template " + name + ": " + tmpl.error_message());
  }
  return out;
}

}  // namespace

Templates::Templates(const fs::path& folder) {
  std::map<std::string, std::string> raw;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".mustache") {
      raw[entry.path().stem().string()] = read_file(entry.path());
    }
  }
  if (ec) throw std::runtime_error("cannot read " + folder.string() + ": " + ec.message());
  if (!raw.count("layout")) {
    throw std::runtime_error("newsroom templates in " + folder.string() +
                             " have no layout.mustache");
  }
  for (const auto& [name, text] : raw) {
    std::string expanded = inline_partials(name, text, raw, 0);
    mustache::mustache check{expanded};
    if (!check.is_valid()) {
      throw std::runtime_error("admin template " + name + ": " + check.error_message());
    }
    sources_[name] = std::move(expanded);
  }
}

std::string Templates::render(const std::string& name, const nlohmann::json& view) const {
  auto found = sources_.find(name);
  if (found == sources_.end()) throw std::runtime_error("no admin template named " + name);
  return render_data(name, found->second, to_data(view));
}

std::string Templates::render_page(const std::string& name, const nlohmann::json& view) const {
  auto found = sources_.find(name);
  if (found == sources_.end()) throw std::runtime_error("no admin template named " + name);
  mustache::data data = to_data(view);
  std::string content = render_data(name, found->second, data);
  data.set("content", mustache::data{content});
  return render_data("layout", sources_.at("layout"), data);
}

}  // namespace marquee::admin
