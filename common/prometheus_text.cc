#include "common/prometheus_text.h"

namespace xmatch {

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

std::string PrometheusLabel(std::string_view name, std::string_view value) {
  std::string out(name);
  out += "=\"";
  out += EscapeLabelValue(value);
  out += "\"";
  return out;
}

std::string PrometheusFamilyHeader(std::string_view name, std::string_view type,
                                   std::string_view help) {
  std::string out = "# HELP ";
  out.append(name).append(" ").append(help).append("\n# TYPE ");
  out.append(name).append(" ").append(type).append("\n");
  return out;
}

}  // namespace xmatch
