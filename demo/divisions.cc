#include "demo/divisions.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#ifndef XMATCH_SOURCE_DIR
#error "XMATCH_SOURCE_DIR must be defined by the build"
#endif

namespace xmatch::demo {

bool Township::urban() const { return name.ends_with("街道"); }

const std::string& County::id_address_code() const {
  return former_codes.empty() ? code : former_codes.front();
}

Result<std::vector<County>> LoadCounties(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::IoError(path + ": cannot read the divisions file (run ops/extract-divisions "
                           "to make it)");
  }
  try {
    nlohmann::json doc = nlohmann::json::parse(in);
    std::vector<County> counties;
    for (const auto& c : doc.at("counties")) {
      County county{.code = c.at("code"),
                    .former_codes = c.value("former_codes", std::vector<std::string>{}),
                    .name = c.at("name"),
                    .city = c.at("city"),
                    .province = c.at("province"),
                    .townships = {}};
      for (const auto& t : c.at("townships")) {
        Township township{.code = t.at("code"), .name = t.at("name"), .villages = {}};
        for (const auto& v : t.at("villages")) {
          township.villages.push_back({.code = v.at("code"), .name = v.at("name")});
        }
        if (township.villages.empty()) continue;  // nowhere to put a household
        county.townships.push_back(std::move(township));
      }
      if (county.townships.empty()) {
        return Status::InvalidArgument(path + ": county " + county.code + " has no villages");
      }
      counties.push_back(std::move(county));
    }
    return counties;
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(path + ": not a divisions file: " + e.what());
  }
}

Result<County> FindCounty(const std::vector<County>& counties, const std::string& code) {
  std::string known;
  for (const County& county : counties) {
    if (county.code == code) return county;
    for (const std::string& former : county.former_codes) {
      if (former == code) return county;
    }
    known += (known.empty() ? "" : ", ") + county.code + " " + county.name;
  }
  return Status::NotFound("county " + code + " is not in the divisions file; known: " + known);
}

std::vector<rolls::RegionName> RegionNames(const County& county) {
  std::vector<rolls::RegionName> names;
  const std::string city_code = county.code.substr(0, 4) + "00";
  if (city_code != county.code) names.push_back({city_code, county.city, ""});
  names.push_back({county.code, county.name, county.city});
  for (const Township& t : county.townships) {
    names.push_back({t.code, t.name, ""});
    for (const Village& v : t.villages) names.push_back({v.code, v.name, ""});
  }
  return names;
}

std::string DefaultCountiesPath() {
  std::filesystem::path local = std::filesystem::path("config") / "divisions" / "counties.json";
  if (std::filesystem::exists(local)) return local.string();
  return (std::filesystem::path(XMATCH_SOURCE_DIR) / local).string();
}

}  // namespace xmatch::demo
