// The engine-independent parts of the SQL layer: placeholder translation and small helpers.
#include "store/sql/session.h"

#include <cctype>

namespace marquee::sql {

std::string id_list(const Dialect& dialect, const std::vector<Id>& ids) {
  std::string text(1, dialect.json_id_list ? '[' : '{');
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) text += ',';
    text += std::to_string(ids[i]);
  }
  text += dialect.json_id_list ? ']' : '}';
  return text;
}

bool has_row_with_id(Session& session, std::string_view table, Id id) {
  if (id == 0) return false;
  return session.exists("SELECT 1 FROM " + std::string(table) + " WHERE id = ?", id);
}

std::string dollar_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  char quote = 0;  // inside '...' or "..."
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    out += '$';
    if (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
        out += sql[++i];
      }
    } else {
      out += std::to_string(++next);
    }
  }
  return out;
}

}  // namespace marquee::sql
