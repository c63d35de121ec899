#include "matcher/run/copy_text.h"

namespace xmatch::matcher {
namespace {

char Unescaped(char c) {
  switch (c) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return c;  // "\\" and any other escaped character stand for themselves
  }
}

std::string Decode(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    const char c = field[++i];
    if (c >= '0' && c <= '7') {  // \ooo: up to three octal digits
      int value = c - '0';
      for (int k = 0; k < 2 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7'; ++k) {
        value = value * 8 + (field[++i] - '0');
      }
      out += static_cast<char>(value);
    } else {
      out += Unescaped(c);
    }
  }
  return out;
}

}  // namespace

void SplitCopyLine(std::string_view line, std::vector<std::optional<std::string_view>>* fields,
                   std::deque<std::string>* scratch) {
  fields->clear();
  scratch->clear();
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    const std::string_view field =
        line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
    if (field == "\\N") {
      fields->push_back(std::nullopt);
    } else if (field.find('\\') == std::string_view::npos) {
      fields->push_back(field);
    } else {
      scratch->push_back(Decode(field));
      fields->push_back(std::string_view(scratch->back()));
    }
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
}

}  // namespace xmatch::matcher
